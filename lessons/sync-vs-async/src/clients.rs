//! Scaffolding of the lessons `http_clients` and `http_failures`: what a run of one client
//! fetched, how long it took and what the server counted meanwhile; what each client made of the
//! failing pages; and what the crate's fetch functions ([`crate::downloads`]) say about them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use lesson_kit::Timeline;
use lesson_kit::timeline::Run;
use lesson_kit::{Figure, seconds};
use local_server::{LocalServer, Stats};

use crate::downloads::{
    FetchError, async_client, blocking_client, fetch_async, fetch_blocking, one_thread_runtime,
};

/// What one client fetched, how long it took, and what the server saw.
#[derive(Debug)]
pub struct Fetched {
    pub bodies: Vec<String>,
    pub wall: Duration,
    pub stats: Stats,
    pub run: Run,
}

impl Fetched {
    /// Runs `fetch` on a new timeline, which it should record its requests on, with the server's
    /// counts reset first; the timeline becomes a run called `title`.
    pub fn measure(
        server: &LocalServer,
        title: &str,
        fetch: impl FnOnce(&Arc<Timeline>) -> Vec<String>,
    ) -> Fetched {
        server.reset_stats();
        let timeline = Arc::new(Timeline::new());
        let started = Instant::now();
        let bodies = fetch(&timeline);
        let wall = started.elapsed();
        Fetched {
            bodies,
            wall,
            stats: server.stats(),
            run: timeline.finish(title),
        }
    }

    /// The line a lesson prints about this run.
    pub fn report(&self) -> String {
        format!(
            "{} pages in {}; the server's counts: at most {} in flight at once, {} connection(s)\n",
            self.stats.answered,
            seconds(self.wall),
            self.stats.peak_in_flight,
            self.stats.connections
        )
    }
}

/// Prints the lesson `http_clients`' figures: wall times, requests in flight and connections of
/// `pages` pages of `latency` each, fetched by `[the blocking client, the async client]`.
pub fn print_figures(pages: usize, latency: Duration, [blocking, tasks]: [&Fetched; 2]) {
    let (slow, fast) = (seconds(blocking.wall), seconds(tasks.wall));
    let ideal = [seconds(latency * pages as u32), seconds(latency)].join(" / ");
    let what = format!("wall time of {pages} pages: blocking client / async client");
    Figure::new(what)
        .notes("requests 14.3 s / aiohttp 2.57 s (160 pages of real sites)")
        .this_run(format!("{slow} / {fast}"))
        .ideal(ideal)
        .print();
    let (one, all) = (&blocking.stats, &tasks.stats);
    Figure::new("requests in flight at once, and connections opened: blocking / async")
        .notes("(not measured; one session per program, reused)")
        .this_run(format!(
            "{} and {} / {} and {}",
            one.peak_in_flight, one.connections, all.peak_in_flight, all.connections
        ))
        .ideal(format!("1 and 1 / {pages} and {pages}"))
        .print();
}

/// What each client itself made of a 404, a 500 and a page that never answers.
#[derive(Debug)]
pub struct Failures {
    /// How many of the 404 and 500 ureq's own `call` returned as errors.
    pub ureq_status_errors: usize,
    /// The statuses of the 404 and 500 that reqwest's own `send` returned as answers.
    pub reqwest_statuses: Vec<u16>,
    /// How long each client took to give up on the page that never answers.
    pub blocking_hang: Duration,
    pub async_hang: Duration,
}

/// What the crate's `fetch_blocking` and `fetch_async` say about each of `urls`, every one of
/// which should fail: the errors, as text, of each.
pub fn fetch_errors(urls: &[String], timeout: Duration) -> (Vec<String>, Vec<String>) {
    let agent = blocking_client(timeout);
    let error = |page: Result<String, FetchError>| page.unwrap_err().to_string();
    let blocking = urls
        .iter()
        .map(|url| error(fetch_blocking(&agent, url)))
        .collect();
    let tasks = one_thread_runtime().block_on(async {
        let client = async_client(timeout);
        let mut said = Vec::new();
        for url in urls {
            said.push(error(fetch_async(&client, url).await));
        }
        said
    });
    (blocking, tasks)
}

/// What both fetch functions say about a 404, a 500 and a page that never answers.
pub fn expected_errors() -> Vec<String> {
    [
        FetchError::Status(404),
        FetchError::Status(500),
        FetchError::Timeout,
    ]
    .iter()
    .map(ToString::to_string)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_resets_the_counts_and_times_the_fetch() {
        let server = LocalServer::start(Duration::from_millis(20)).unwrap();
        let agent = blocking_client(Duration::from_secs(5));
        fetch_blocking(&agent, &server.page_url(0)).unwrap();
        let fetched = Fetched::measure(&server, "one page", |timeline| {
            let _span = timeline.begin("main", "page 1");
            vec![fetch_blocking(&agent, &server.page_url(1)).unwrap()]
        });
        assert_eq!(fetched.bodies, [local_server::page_body(1)]);
        assert_eq!((fetched.stats.requests, fetched.stats.answered), (1, 1));
        assert!(fetched.wall >= Duration::from_millis(20), "{fetched:?}");
        assert_eq!(
            (fetched.run.title.as_str(), fetched.run.spans.len()),
            ("one page", 1)
        );
        assert!(
            fetched.report().starts_with("1 pages in "),
            "{}",
            fetched.report()
        );
    }
}
