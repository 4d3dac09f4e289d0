//! Small wrong pools, to show what the checks catch. Not exercises. Each one's documentation
//! says its mistake.

use std::collections::HashMap;

use processes_exercises::ordered_results::OrderedResults;
use processes_exercises::survive_a_crash::SurviveACrash;
use processes_exercises::workers::{Task, Workers};

/// Serial: right results in the right order, but on worker 0 alone.
pub struct Serial;

impl OrderedResults for Serial {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<u64> {
        (tasks.iter())
            .map(|task| {
                workers.send(0, task);
                workers.next_result().unwrap().value
            })
            .collect()
    }
}

/// In batches: a task per worker, then waits for the whole batch before the next one.
pub struct Batches;

impl OrderedResults for Batches {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<u64> {
        let mut values = HashMap::new();
        for batch in tasks.chunks(workers.count()) {
            for (worker, task) in batch.iter().enumerate() {
                workers.send(worker, task);
            }
            for _ in batch {
                let done = workers.next_result().unwrap();
                values.insert(done.task, done.value);
            }
        }
        tasks.iter().map(|task| values[&task.id()]).collect()
    }
}

/// Every task sent at once, round the workers: several in flight on each.
pub struct EverythingAtOnce;

impl OrderedResults for EverythingAtOnce {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<u64> {
        for (n, task) in tasks.iter().enumerate() {
            workers.send(n % workers.count(), task);
        }
        let mut values = HashMap::new();
        for _ in tasks {
            let done = workers.next_result().unwrap();
            values.insert(done.task, done.value);
        }
        tasks.iter().map(|task| values[&task.id()]).collect()
    }
}

/// The right pool, but the results in the order the tasks finished.
pub struct FinishingOrder;

impl OrderedResults for FinishingOrder {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<u64> {
        let mut finished = Vec::new();
        pool(workers, tasks, |done| finished.push(done.value));
        finished
    }
}

/// Hard-coded: 4 workers, however many there are.
pub struct FourWorkers;

impl OrderedResults for FourWorkers {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<u64> {
        let mut values = HashMap::new();
        let mut left = tasks.iter();
        let mut in_flight = 0;
        for (worker, task) in (0..4).zip(&mut left) {
            workers.send(worker, task);
            in_flight += 1;
        }
        while in_flight > 0 {
            let done = workers.next_result().unwrap();
            in_flight -= 1;
            values.insert(done.task, done.value);
            if let Some(task) = left.next() {
                workers.send(done.worker, task);
                in_flight += 1;
            }
        }
        tasks.iter().map(|task| values[&task.id()]).collect()
    }
}

/// Hard-coded: results made up without any worker.
pub struct HardCoded;

impl OrderedResults for HardCoded {
    fn run_all(_workers: &mut Workers, tasks: &[Task]) -> Vec<u64> {
        tasks.iter().map(|task| task.id() * 7919).collect()
    }
}

/// Goes through the motions: sends every task and takes every result as asked, then returns the
/// tasks' ids in their order instead of what the workers computed.
pub struct Motions;

impl OrderedResults for Motions {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<u64> {
        pool(workers, tasks, |_| {});
        tasks.iter().map(Task::id).collect()
    }
}

/// A right pool: every worker busy, one task each; `each` sees every result as it comes.
fn pool(
    workers: &mut Workers,
    tasks: &[Task],
    mut each: impl FnMut(&processes_exercises::workers::Done),
) {
    let mut left = tasks.iter();
    let mut in_flight = 0;
    for (worker, task) in (0..workers.count()).zip(&mut left) {
        workers.send(worker, task);
        in_flight += 1;
    }
    while in_flight > 0 {
        let done = workers.next_result().unwrap();
        in_flight -= 1;
        each(&done);
        if let Some(task) = left.next() {
            workers.send(done.worker, task);
            in_flight += 1;
        }
    }
}

/// What a crash-surviving fixture does when a worker ends with a task.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OnCrash {
    /// Replaces the worker, and sends the task again however often it was lost before.
    ResendForEver,
    /// Replaces the worker, and gives the task `Err` with how it ended.
    NeverResend,
    /// Sends the task again once to a worker still there, and never replaces the one that ended.
    NoReplace,
    /// Replaces and resends once, but says only "it crashed".
    Vague,
}

/// A pool like the reference one, with the mistake `on_crash` says.
fn crash_pool(
    workers: &mut Workers,
    tasks: &[Task],
    on_crash: OnCrash,
) -> Vec<Result<u64, String>> {
    let place_of: HashMap<u64, usize> = (tasks.iter().enumerate())
        .map(|(place, task)| (task.id(), place))
        .collect();
    let mut results: Vec<Option<Result<u64, String>>> = vec![None; tasks.len()];
    let mut lost = vec![0; tasks.len()];
    let mut left: Vec<usize> = (0..tasks.len()).rev().collect();
    let mut running: Vec<Option<usize>> = vec![None; workers.count()];
    let mut gone = vec![false; workers.count()];
    loop {
        for worker in 0..running.len() {
            if running[worker].is_none()
                && !gone[worker]
                && let Some(place) = left.pop()
            {
                workers.send(worker, &tasks[place]);
                running[worker] = Some(place);
            }
        }
        if running.iter().all(Option::is_none) {
            break;
        }
        match workers.next_result() {
            Ok(done) => {
                running[done.worker] = None;
                results[place_of[&done.task]] = Some(Ok(done.value));
            }
            Err(ended) => {
                let place = running[ended.worker].take().unwrap();
                lost[place] += 1;
                if on_crash == OnCrash::NoReplace {
                    gone[ended.worker] = true;
                } else {
                    workers.replace(ended.worker);
                }
                let again = match on_crash {
                    OnCrash::ResendForEver => true,
                    OnCrash::NeverResend => false,
                    OnCrash::NoReplace | OnCrash::Vague => lost[place] < 2,
                };
                if again {
                    left.push(place);
                } else if on_crash == OnCrash::Vague {
                    results[place] = Some(Err("it crashed".to_owned()));
                } else {
                    results[place] = Some(Err(ended.how));
                }
            }
        }
    }
    // Without a worker left, a task gets no result.
    (results.into_iter())
        .map(|result| result.unwrap_or_else(|| Err("no worker left".to_owned())))
        .collect()
}

/// Takes every result to be `Ok`: the first worker that ends makes it panic.
pub struct StopsAtACrash;

impl SurviveACrash for StopsAtACrash {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<Result<u64, String>> {
        let mut values = HashMap::new();
        pool(workers, tasks, |done| {
            values.insert(done.task, done.value);
        });
        tasks.iter().map(|task| Ok(values[&task.id()])).collect()
    }
}

/// Ignores a worker's end: drops the news and waits for the next result.
pub struct IgnoresCrashes;

impl SurviveACrash for IgnoresCrashes {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<Result<u64, String>> {
        let mut values = HashMap::new();
        let mut left = tasks.iter();
        for (worker, task) in (0..workers.count()).zip(&mut left) {
            workers.send(worker, task);
        }
        while values.len() < tasks.len() {
            if let Ok(done) = workers.next_result() {
                values.insert(done.task, done.value);
                if let Some(task) = left.next() {
                    workers.send(done.worker, task);
                }
            }
        }
        tasks.iter().map(|task| Ok(values[&task.id()])).collect()
    }
}

/// Replaces a worker that ended, but never sends its task again.
pub struct NeverResends;

impl SurviveACrash for NeverResends {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<Result<u64, String>> {
        crash_pool(workers, tasks, OnCrash::NeverResend)
    }
}

/// Sends a lost task again however many workers it ended.
pub struct ResendsForEver;

impl SurviveACrash for ResendsForEver {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<Result<u64, String>> {
        crash_pool(workers, tasks, OnCrash::ResendForEver)
    }
}

/// Sends a lost task again, once, but to the workers still there: the pool shrinks.
pub struct NeverReplaces;

impl SurviveACrash for NeverReplaces {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<Result<u64, String>> {
        crash_pool(workers, tasks, OnCrash::NoReplace)
    }
}

/// Right, but a task that ends two workers gives an error that does not say how.
pub struct VagueError;

impl SurviveACrash for VagueError {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<Result<u64, String>> {
        crash_pool(workers, tasks, OnCrash::Vague)
    }
}
