//! The notes' uptime checker ("UptimeSquirrel"), one check and every style that runs many: one
//! after another, 4 workers on a queue, a pool of futures, one process per core, and async tasks
//! with a bound. Each style records every check on a [`Timeline`] and returns the verdicts in
//! the order of the sites, so that the lessons can hold every style to the same answer.

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use lesson_kit::Timeline;
use local_server::Served;

use crate::pool::Pool;
use crate::sites::{NOTIFY, Site};

pub mod measure;
pub mod processes;

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Up,
    Down(Why),
}

/// Why a site is down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// It answered with a status of 400 or more.
    Status(u16),
    /// It did not answer within the timeout.
    NoAnswer,
    /// The request failed another way (refused, broken), as the client said it.
    Failed(String),
}

impl Verdict {
    pub fn is_down(&self) -> bool {
        matches!(self, Verdict::Down(_))
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Up => f.write_str("up"),
            Verdict::Down(Why::Status(status)) => write!(f, "down: status {status}"),
            Verdict::Down(Why::NoAnswer) => f.write_str("down: no answer in time"),
            Verdict::Down(Why::Failed(message)) => write!(f, "down: {message}"),
        }
    }
}

/// A blocking client, like the notes' `requests`: `timeout` bounds each request from start to
/// end, and every status is an answer for the checker to judge.
pub fn blocking_client(timeout: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        // Never route 127.0.0.1 through a proxy named in the environment.
        .proxy(None)
        .build();
    ureq::Agent::new_with_config(config)
}

// ANCHOR: check
/// Asks for the site's headers only (`HEAD`, no page): down if the status is 400 or more, or if
/// no answer comes within the client's timeout.
pub fn ping(agent: &ureq::Agent, url: &str) -> Verdict {
    match agent.head(url).call() {
        Ok(answer) if answer.status().as_u16() >= 400 => {
            Verdict::Down(Why::Status(answer.status().as_u16()))
        }
        Ok(_) => Verdict::Up,
        Err(ureq::Error::Timeout(_)) => Verdict::Down(Why::NoAnswer),
        Err(other) => Verdict::Down(Why::Failed(other.to_string())),
    }
}

/// Where a real checker would send an e-mail; the notes sleep half a second, this sleeps
/// [`NOTIFY`].
pub fn notify_owner(_site: &Site) {
    thread::sleep(NOTIFY);
}

/// One check: ping the site and, if it is down, tell its owner.
pub fn check_website(agent: &ureq::Agent, site: &Site) -> Verdict {
    let verdict = ping(agent, &site.url);
    if verdict.is_down() {
        notify_owner(site);
    }
    verdict
}
// ANCHOR_END: check

/// [`check_website`], recorded on `timeline` in the calling thread's lane.
fn recorded_check(agent: &ureq::Agent, site: &Site, timeline: &Timeline) -> Verdict {
    timeline.record(site.name.clone(), || check_website(agent, site))
}

// ANCHOR: serial
/// The notes' `serial_squirrel`: one site after another.
pub fn serial(sites: &[Site], timeout: Duration, timeline: &Timeline) -> Vec<Verdict> {
    let agent = blocking_client(timeout);
    sites
        .iter()
        .map(|site| recorded_check(&agent, site, timeline))
        .collect()
}
// ANCHOR_END: serial

// ANCHOR: queue
/// The notes' `threaded_squirrel`: `workers` threads take sites from one queue until it is
/// empty and closed. Nothing needs `task_done()` or a sleep: a worker's loop ends when the queue
/// is closed and drained, and joining the workers (the end of the scope) is `queue.join()`.
pub fn threads_and_queue(
    sites: &[Site],
    workers: usize,
    timeout: Duration,
    timeline: &Timeline,
) -> Vec<Verdict> {
    let (queue, tasks) = crossbeam_channel::unbounded();
    for place in 0..sites.len() {
        queue.send(place).expect("the receiver is right here");
    }
    // Closed before any worker starts: each one stops once the queue is empty.
    drop(queue);
    let (results, verdicts) = crossbeam_channel::unbounded();
    thread::scope(|scope| {
        for worker in 0..workers {
            let (tasks, results) = (tasks.clone(), results.clone());
            thread::Builder::new()
                .name(format!("worker-{worker}"))
                .spawn_scoped(scope, move || {
                    // One client per worker: its connections are this thread's alone.
                    let agent = blocking_client(timeout);
                    for place in tasks {
                        let verdict = recorded_check(&agent, &sites[place], timeline);
                        results.send((place, verdict)).expect("the parent listens");
                    }
                })
                .expect("the OS refused to start a thread");
        }
    });
    drop(results);
    in_place(sites.len(), verdicts)
}
// ANCHOR_END: queue

// ANCHOR: futures
/// The notes' `future_squirrel`: submit every check to a pool of `workers`, keep the handles,
/// then wait for each (the pool is the chapter's own, in `src/pool.rs`). The client is shared:
/// a `ureq::Agent` is a handle to one pool of connections that any thread may use.
pub fn pool_of_futures(
    sites: &[Site],
    workers: usize,
    timeout: Duration,
    timeline: &Arc<Timeline>,
) -> Vec<Verdict> {
    let pool = Pool::new(workers, "pool");
    let agent = blocking_client(timeout);
    let handles: Vec<_> = sites
        .iter()
        .map(|site| {
            let (site, agent, timeline) = (site.clone(), agent.clone(), Arc::clone(timeline));
            pool.submit(move || recorded_check(&agent, &site, &timeline))
        })
        .collect();
    handles
        .into_iter()
        .map(|handle| {
            handle
                .wait()
                .unwrap_or_else(|panicked| Verdict::Down(Why::Failed(panicked.to_string())))
        })
        .collect()
}
// ANCHOR_END: futures

// ANCHOR: tasks
/// The notes' `green_squirrel` (gevent, a pool of 4 greenlets): one async task per site on one
/// thread, at most `bound` of them checking at once. Each holds a permit of a semaphore while it
/// checks; the others wait for one without holding a thread.
pub fn async_tasks(
    sites: &[Site],
    bound: usize,
    timeout: Duration,
    timeline: &Arc<Timeline>,
) -> Vec<Verdict> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime needs only this thread and a timer");
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .no_proxy()
            .build()
            .expect("a client for plain HTTP needs nothing the system could lack");
        let permits = Arc::new(tokio::sync::Semaphore::new(bound));
        let mut tasks = tokio::task::JoinSet::new();
        for (place, site) in sites.iter().cloned().enumerate() {
            let (client, permits, timeline) =
                (client.clone(), Arc::clone(&permits), Arc::clone(timeline));
            tasks.spawn(async move {
                let _permit = permits.acquire().await.expect("never closed");
                let _span = timeline.begin("task", site.name.clone());
                let verdict = ping_async(&client, &site.url).await;
                if verdict.is_down() {
                    // The notes' notify_owner, as a task does it: a sleep that frees the thread.
                    tokio::time::sleep(NOTIFY).await;
                }
                (place, verdict)
            });
        }
        let mut verdicts: Vec<Option<Verdict>> = vec![None; sites.len()];
        while let Some(done) = tasks.join_next().await {
            let (place, verdict) = done.expect("a check task never panics");
            verdicts[place] = Some(verdict);
        }
        verdicts
            .into_iter()
            .map(|verdict| verdict.expect("every task reported"))
            .collect()
    })
}

/// [`ping`] for an async client.
pub async fn ping_async(client: &reqwest::Client, url: &str) -> Verdict {
    match client.head(url).send().await {
        Ok(answer) if answer.status().as_u16() >= 400 => {
            Verdict::Down(Why::Status(answer.status().as_u16()))
        }
        Ok(_) => Verdict::Up,
        Err(error) if error.is_timeout() => Verdict::Down(Why::NoAnswer),
        Err(error) => Verdict::Down(Why::Failed(error.to_string())),
    }
}
// ANCHOR_END: tasks

/// The verdicts sent as `(place, verdict)`, put back in the order of the sites.
fn in_place(count: usize, verdicts: crossbeam_channel::Receiver<(usize, Verdict)>) -> Vec<Verdict> {
    let mut places: Vec<Option<Verdict>> = vec![None; count];
    for (place, verdict) in verdicts {
        places[place] = Some(verdict);
    }
    places
        .into_iter()
        .enumerate()
        .map(|(place, verdict)| verdict.unwrap_or_else(|| panic!("site {place} was never checked")))
        .collect()
}

/// The server's own verdict on each site, from its log: down if a request for it was answered
/// with 400 or more, or not within `timeout`. `None` for a site the server was never asked for.
pub fn server_verdicts(sites: &[Site], log: &[Served], timeout: Duration) -> Vec<Option<bool>> {
    sites
        .iter()
        .map(|site| {
            let asked: Vec<&Served> = log
                .iter()
                .filter(|served| path_of(&site.url) == served.path)
                .collect();
            (!asked.is_empty()).then(|| asked.iter().any(|served| served.failed_for(timeout)))
        })
        .collect()
}

/// `/page/3?x=1` of `http://127.0.0.1:8080/page/3?x=1`.
fn path_of(url: &str) -> &str {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    rest.find('/').map_or("/", |slash| &rest[slash..])
}

/// The names of the sites found down, in the order of the sites.
pub fn down<'a>(sites: &'a [Site], verdicts: &[Verdict]) -> Vec<&'a str> {
    sites
        .iter()
        .zip(verdicts)
        .filter(|(_, verdict)| verdict.is_down())
        .map(|(site, _)| site.name.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use local_server::LocalServer;

    #[test]
    fn a_site_that_refuses_head_is_reported_down_though_it_answers_get() {
        let server = LocalServer::start(Duration::ZERO).unwrap();
        let agent = blocking_client(Duration::from_secs(5));
        let url = server.get_only_url();
        assert_eq!(ping(&agent, &url), Verdict::Down(Why::Status(405)));
        let page = agent.get(&url).call().unwrap();
        assert_eq!(page.status().as_u16(), 200);
    }

    #[test]
    fn no_answer_and_a_refused_connection_are_different_failures() {
        let server = LocalServer::start(Duration::ZERO).unwrap();
        let agent = blocking_client(Duration::from_millis(100));
        assert_eq!(
            ping(&agent, &server.hang_url()),
            Verdict::Down(Why::NoAnswer)
        );
        let gone = server.page_url(1);
        server.stop();
        let refused = ping(&agent, &gone);
        assert!(
            matches!(&refused, Verdict::Down(Why::Failed(message)) if !message.is_empty()),
            "{refused:?}"
        );
    }

    #[test]
    fn the_server_judges_each_site_by_its_own_log() {
        let server = LocalServer::start(Duration::ZERO).unwrap();
        let sites: Vec<Site> = ["/page/1", "/status/404", "/page/2?latency_ms=300"]
            .iter()
            .map(|path| Site {
                name: path.to_string(),
                url: server.url(path),
            })
            .collect();
        let agent = blocking_client(Duration::from_secs(5));
        ping(&agent, &sites[0].url);
        ping(&agent, &sites[2].url);
        let says = server_verdicts(&sites, &server.log(), Duration::from_millis(150));
        assert_eq!(says, [Some(false), None, Some(true)]);
    }
}
