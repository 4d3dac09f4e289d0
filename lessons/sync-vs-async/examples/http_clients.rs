//! Lesson: a blocking HTTP client and an async one, against the same local server.
//!
//! The notes swap `requests` for `aiohttp` (sessions 9 and 10 of the Persian notes, and the
//! Russian lecture's download of 160 pages). In Rust, `ureq` blocks its thread for every request, like
//! `requests`; `reqwest` lets a task wait without its thread, like `aiohttp`. This lesson fetches
//! the same 10 pages with both and lets the server count what it saw: requests in flight at once,
//! and connections opened (each client keeps a pool of them, the notes' "session"). What the
//! clients do when a page fails is the lesson `http_failures`.
//!
//! Scale: each page takes 50 ms to answer (a real site in the notes took about 90 ms).
//!
//! Run: `cargo run --example http_clients` (try `-- --pages 50`, or `-- --svg http_clients.svg`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Chart, Timeline};
use local_server::{LocalServer, Stats, page_body};
use sync_vs_async::clients::{Fetched, print_figures};
use sync_vs_async::downloads::{
    async_client, blocking_client, fetch_async, fetch_blocking, one_thread_runtime,
};

const USAGE: &str = "\
The same pages with a blocking client (ureq) and an async one (reqwest).

usage: cargo run --example http_clients -- [--pages N] [--latency-ms MS] [--svg PATH]

  --pages N        how many pages each client fetches (default 10, from 1 to 200)
  --latency-ms MS  how long the server takes to answer a page (default 50, from 1 to 500)
  --svg PATH       also draw the timeline as an SVG file
  -h, --help       show this text
";

/// How long each client waits for an answer: far above the latency, so that no page hits it.
const TIMEOUT: Duration = Duration::from_millis(200);

// ANCHOR: blocking
fn blocking_pages(client: &ureq::Agent, urls: &[String], timeline: &Timeline) -> Vec<String> {
    let pages = urls.iter().enumerate().map(|(n, url)| {
        // This thread does nothing else until the answer is in.
        let _span = timeline.begin("main", format!("page {n}"));
        fetch_blocking(client, url).expect("a page of the local server")
    });
    pages.collect()
}
// ANCHOR_END: blocking

// ANCHOR: new_client_each_time
fn new_client_each_time(server: &LocalServer, urls: &[String], timeout: Duration) -> Stats {
    server.reset_stats();
    for url in urls {
        // Like `requests.get(url)` without a session: a fresh pool, so a fresh connection.
        fetch_blocking(&blocking_client(timeout), url).expect("a page of the local server");
    }
    server.stats()
}
// ANCHOR_END: new_client_each_time

// ANCHOR: tasks
async fn async_pages(client: &reqwest::Client, urls: &[String], t: &Arc<Timeline>) -> Vec<String> {
    let mut tasks = Vec::new();
    for (n, url) in urls.iter().enumerate() {
        let (client, url, timeline) = (client.clone(), url.clone(), Arc::clone(t));
        // `spawn` only starts the task; all of them wait for their pages together.
        tasks.push(tokio::spawn(async move {
            let _span = timeline.begin(format!("task-{n}"), format!("page {n}"));
            fetch_async(&client, &url).await
        }));
    }
    let mut bodies = Vec::new();
    for task in tasks {
        let page = task.await.expect("a download task panicked");
        bodies.push(page.expect("a page of the local server"));
    }
    bodies
}
// ANCHOR_END: tasks

fn main() {
    let (mut pages, mut latency_ms, mut svg) = (10, 50, None::<PathBuf>);
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("pages") => pages = cli::number(parser, "--pages", 1..=200)?,
            Arg::Long("latency-ms") => latency_ms = cli::number(parser, "--latency-ms", 1..=500)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let latency = Duration::from_millis(latency_ms);
    // The timeout must stay above the latency, or every page would fail.
    let timeout = TIMEOUT.max(latency * 4);
    let server = LocalServer::start(latency).expect("could not start the local server");
    let urls: Vec<String> = (0..pages).map(|n| server.page_url(n)).collect();
    println!(
        "{pages} pages, each answered after {latency:?}; every request times out after {timeout:?}.\n"
    );

    println!("1. The blocking client (ureq), one request after another:");
    let agent = blocking_client(timeout);
    let blocking = Fetched::measure(&server, "blocking client", |timeline| {
        blocking_pages(&agent, &urls, timeline)
    });
    println!("   {}", blocking.report());

    println!("2. The blocking client, but a new client for every request:");
    let fresh = new_client_each_time(&server, &urls, timeout);
    let (connections, requests) = (fresh.connections, fresh.requests);
    println!("   the server saw {connections} connections for {requests} requests\n");

    println!("3. The async client (reqwest), one task per page, all on one thread:");
    let (client, runtime) = (async_client(timeout), one_thread_runtime());
    let fetch_all = |t: &Arc<Timeline>| runtime.block_on(async_pages(&client, &urls, t));
    let tasks = Fetched::measure(&server, "async client", fetch_all);
    println!("   {}", tasks.report());
    // The same client again: its pool still holds the connections of the first round.
    let again = Fetched::measure(&server, "again", fetch_all).stats;
    println!(
        "   the same {pages} requests again, with the same client: {} new connection(s)\n",
        again.connections
    );

    Chart::new(format!("{pages} pages, each answered after {latency:?}"))
        .run(blocking.run.clone())
        .run(tasks.run.clone())
        .show("http_clients", svg.as_deref());
    print_figures(pages, latency, [&blocking, &tasks]);
    let (one, all) = (blocking.stats, tasks.stats);

    // ANCHOR: asserts
    // The bodies are the server's pages, in order; a request never ends before its latency; the
    // server counted one request at a time from the blocking client and several at once from the
    // tasks; one client reuses its connections, a new client per request cannot.
    let expected: Vec<String> = (0..pages).map(page_body).collect();
    assert_eq!(
        (&blocking.bodies, &tasks.bodies),
        (&expected, &expected),
        "expected the blocking client's pages and the async client's pages, in order"
    );
    assert!(
        blocking.wall >= latency * pages as u32,
        "expected {pages} blocking requests to take at least {pages} x {latency:?}, not {:?}",
        blocking.wall
    );
    assert_eq!(
        (one.peak_in_flight, one.connections),
        (1, 1),
        "expected one request at a time on one connection from the blocking client"
    );
    assert_eq!(
        fresh.connections, pages,
        "expected a new connection for every new client"
    );
    let peak = all.peak_in_flight;
    assert!(
        peak >= 2.min(pages) && peak <= pages,
        "expected several of the {pages} tasks' requests in flight at once, the server saw {peak}"
    );
    assert!(
        again.connections < pages,
        "expected the async client to reuse its connections, it opened {} for {pages} requests",
        again.connections
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: the same pages from both clients; one request at a time from the");
    println!("blocking one, {peak} at once from the async one.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blocking_client_waits_for_each_page_and_the_async_one_overlaps_them() {
        let latency = Duration::from_millis(50);
        let server = LocalServer::start(latency).unwrap();
        let urls: Vec<String> = (0..10).map(|n| server.page_url(n)).collect();
        let expected: Vec<String> = (0..10).map(page_body).collect();
        let timeout = Duration::from_secs(5);
        let agent = blocking_client(timeout);
        let blocking = Fetched::measure(&server, "blocking", |t| blocking_pages(&agent, &urls, t));
        assert_eq!(blocking.bodies, expected);
        let one = &blocking.stats;
        assert_eq!((one.peak_in_flight, one.connections), (1, 1));
        assert!(blocking.wall >= latency * 10);
        assert_eq!(blocking.run.peak_overlap(), 1);
        let (client, runtime) = (async_client(timeout), one_thread_runtime());
        let fetch_all = |t: &Arc<Timeline>| runtime.block_on(async_pages(&client, &urls, t));
        let tasks = Fetched::measure(&server, "async", fetch_all);
        assert_eq!(tasks.bodies, expected);
        assert!((5..=10).contains(&tasks.stats.peak_in_flight), "{tasks:?}");
        assert!(tasks.run.peak_overlap() >= 5, "{:?}", tasks.run);
        let again = Fetched::measure(&server, "again", fetch_all).stats;
        assert!(again.connections < 10, "{again:?}");
        assert_eq!(again.requests, 10);
        assert_eq!(
            new_client_each_time(&server, &urls, timeout).connections,
            10
        );
    }
}
