//! Small wrong pools and checkers, to show what the checks catch. Not exercises. Each one's
//! documentation says its mistake.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

use crossbeam_channel::unbounded;
use thread_pools_exercises::bounded_checker::UptimeChecker;
use thread_pools_exercises::ordered_pool::{Job, OrderedPool};

type Outcome = Result<u64, String>;

/// Serial: catches panics and keeps the order, but runs every job on the calling thread.
pub struct Serial;

impl OrderedPool for Serial {
    fn run_all(jobs: Vec<Job>, _workers: usize) -> Vec<Outcome> {
        jobs.iter().map(caught).collect()
    }
}

/// Unbounded: a thread per job, however many workers it is asked for.
pub struct ThreadPerJob;

impl OrderedPool for ThreadPerJob {
    fn run_all(jobs: Vec<Job>, _workers: usize) -> Vec<Outcome> {
        thread::scope(|scope| {
            let running: Vec<_> = (jobs.iter())
                .map(|job| scope.spawn(move || caught(job)))
                .collect();
            running.into_iter().map(|job| job.join().unwrap()).collect()
        })
    }
}

/// Hard-coded: 4 workers, whatever it is asked for.
pub struct FourWorkers;

impl OrderedPool for FourWorkers {
    fn run_all(jobs: Vec<Job>, _workers: usize) -> Vec<Outcome> {
        in_order(pool(&jobs, 4, caught))
    }
}

/// The right workers, but the results in the order the jobs finished.
pub struct CompletionOrder;

impl OrderedPool for CompletionOrder {
    fn run_all(jobs: Vec<Job>, workers: usize) -> Vec<Outcome> {
        let finished = Mutex::new(Vec::new());
        pool(&jobs, workers, |job| {
            let result = caught(job);
            finished.lock().unwrap().push(result.clone());
            result
        });
        finished.into_inner().unwrap()
    }
}

/// No `catch_unwind`: a job's panic kills its worker, and the scope passes it on.
pub struct PanicPropagates;

impl OrderedPool for PanicPropagates {
    fn run_all(jobs: Vec<Job>, workers: usize) -> Vec<Outcome> {
        in_order(pool(&jobs, workers, |job| Ok(job.run())))
    }
}

/// Goes through the motions: runs the jobs on the workers as asked, then runs each again, in
/// order, on the calling thread, and returns those results.
pub struct RunsTwice;

impl OrderedPool for RunsTwice {
    fn run_all(jobs: Vec<Job>, workers: usize) -> Vec<Outcome> {
        pool(&jobs, workers, caught);
        jobs.iter().map(caught).collect()
    }
}

/// Deadlocks: its workers loop over a job channel whose sender it never drops.
pub struct NeverCloses;

impl OrderedPool for NeverCloses {
    fn run_all(jobs: Vec<Job>, workers: usize) -> Vec<Outcome> {
        let (sender, receiver) = unbounded();
        let results = Mutex::new(Vec::new());
        thread::scope(|scope| {
            for numbered in jobs.iter().enumerate() {
                sender.send(numbered).unwrap();
            }
            for _ in 0..workers {
                let (receiver, results) = (receiver.clone(), &results);
                scope.spawn(move || {
                    for (index, job) in receiver {
                        results.lock().unwrap().push((index, caught(job)));
                    }
                });
            }
            // `sender` is still alive here, while the scope waits for the workers.
        });
        drop(sender);
        in_order(results.into_inner().unwrap())
    }
}

/// `workers` threads over one queue of numbered jobs; each result with its job's index, in the
/// order they finished.
fn pool<'a>(
    jobs: &'a [Job],
    workers: usize,
    run: impl Fn(&'a Job) -> Outcome + Sync,
) -> Vec<(usize, Outcome)> {
    let (sender, receiver) = unbounded();
    for numbered in jobs.iter().enumerate() {
        sender.send(numbered).unwrap();
    }
    drop(sender);
    let finished = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..workers {
            let (receiver, finished, run) = (receiver.clone(), &finished, &run);
            scope.spawn(move || {
                for (index, job) in receiver {
                    let result = run(job);
                    finished.lock().unwrap().push((index, result));
                }
            });
        }
    });
    finished.into_inner().unwrap()
}

fn in_order(mut numbered: Vec<(usize, Outcome)>) -> Vec<Outcome> {
    numbered.sort_by_key(|&(index, _)| index);
    numbered.into_iter().map(|(_, result)| result).collect()
}

fn caught(job: &Job) -> Outcome {
    catch_unwind(AssertUnwindSafe(|| job.run())).map_err(|panic| message(panic.as_ref()))
}

fn message(panic: &(dyn Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic".to_owned()
    }
}

/// Serial: the starter's checker, one site after another.
pub struct SerialChecker;

impl UptimeChecker for SerialChecker {
    fn check_all(sites: &[String], _limit: usize, timeout: Duration) -> Vec<bool> {
        let agent = agent(Some(timeout));
        sites
            .iter()
            .map(|site| head_is_down(&agent, site))
            .collect()
    }
}

/// Unbounded: a thread per site.
pub struct ThreadPerSite;

impl UptimeChecker for ThreadPerSite {
    fn check_all(sites: &[String], _limit: usize, timeout: Duration) -> Vec<bool> {
        let agent = agent(Some(timeout));
        thread::scope(|scope| {
            let running: Vec<_> = (sites.iter())
                .map(|site| scope.spawn(|| head_is_down(&agent, site)))
                .collect();
            running
                .into_iter()
                .map(|site| site.join().unwrap())
                .collect()
        })
    }
}

/// Hard-coded: 4 requests at a time, the limit of the first case it was tried on.
pub struct FourAtATime;

impl UptimeChecker for FourAtATime {
    fn check_all(sites: &[String], _limit: usize, timeout: Duration) -> Vec<bool> {
        let agent = agent(Some(timeout));
        bounded(sites, 4, |site| head_is_down(&agent, site))
    }
}

/// Asks with `GET` instead of `HEAD`: it downloads every page to learn its status.
pub struct Gets;

impl UptimeChecker for Gets {
    fn check_all(sites: &[String], limit: usize, timeout: Duration) -> Vec<bool> {
        let agent = agent(Some(timeout));
        bounded(sites, limit, |site| match agent.get(site).call() {
            Ok(answer) => answer.status().as_u16() >= 400,
            Err(_) => true,
        })
    }
}

/// Hangs: an agent without a timeout waits for a hanging site forever.
pub struct NoTimeout;

impl UptimeChecker for NoTimeout {
    fn check_all(sites: &[String], limit: usize, _timeout: Duration) -> Vec<bool> {
        let agent = agent(None);
        bounded(sites, limit, |site| head_is_down(&agent, site))
    }
}

/// Counts only server errors as down: a 404 or a 405 passes for up.
pub struct OnlyServerErrors;

impl UptimeChecker for OnlyServerErrors {
    fn check_all(sites: &[String], limit: usize, timeout: Duration) -> Vec<bool> {
        let agent = agent(Some(timeout));
        bounded(sites, limit, |site| match agent.head(site).call() {
            Ok(answer) => answer.status().as_u16() >= 500,
            Err(_) => true,
        })
    }
}

/// Hard-coded: calls a site that says "hang" or "status/4" or "status/5" in its address down
/// without asking it, and asks only the others.
pub struct ByAddress;

impl UptimeChecker for ByAddress {
    fn check_all(sites: &[String], limit: usize, timeout: Duration) -> Vec<bool> {
        let agent = agent(Some(timeout));
        bounded(sites, limit, |site| {
            looks_down(site) || head_is_down(&agent, site)
        })
    }
}

/// Goes through the motions: sends every site its `HEAD`, as asked, but ignores the answer and
/// guesses the verdict from the address.
pub struct IgnoresTheAnswer;

impl UptimeChecker for IgnoresTheAnswer {
    fn check_all(sites: &[String], limit: usize, timeout: Duration) -> Vec<bool> {
        let agent = agent(Some(timeout));
        bounded(sites, limit, |site| {
            let _ = agent.head(site).call();
            looks_down(site) || site.contains("get-only")
        })
    }
}

fn looks_down(site: &str) -> bool {
    ["hang", "status/4", "status/5"]
        .iter()
        .any(|word| site.contains(word))
}

/// `limit` threads over one queue of numbered sites.
fn bounded(sites: &[String], limit: usize, down: impl Fn(&str) -> bool + Sync) -> Vec<bool> {
    let (sender, receiver) = unbounded();
    for numbered in sites.iter().enumerate() {
        sender.send(numbered).unwrap();
    }
    drop(sender);
    let verdicts = Mutex::new(vec![false; sites.len()]);
    thread::scope(|scope| {
        for _ in 0..limit {
            let (receiver, verdicts, down) = (receiver.clone(), &verdicts, &down);
            scope.spawn(move || {
                for (index, site) in receiver {
                    let verdict = down(site);
                    verdicts.lock().unwrap()[index] = verdict;
                }
            });
        }
    });
    verdicts.into_inner().unwrap()
}

fn agent(timeout: Option<Duration>) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(timeout)
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into()
}

fn head_is_down(agent: &ureq::Agent, site: &str) -> bool {
    match agent.head(site).call() {
        Ok(answer) => answer.status().as_u16() >= 400,
        Err(_) => true,
    }
}
