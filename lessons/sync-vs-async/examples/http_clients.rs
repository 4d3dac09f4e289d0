//! Lesson: a blocking HTTP client and an async one, against the same local server.
//!
//! The notes swap `requests` for `aiohttp` (sessions 9 and 10 of the Persian notes, and the
//! Russian lecture's download of 160 pages). In Rust, `ureq` blocks its thread for every request, like
//! `requests`; `reqwest` lets a task wait without its thread, like `aiohttp`. This lesson fetches
//! the same 10 pages with both and lets the server count what it saw: requests in flight at once,
//! and connections opened (each client keeps a pool of them, the notes' "session"). Then both
//! clients meet a 404, a 500 and a page that never answers, with a timeout of 200 ms.
//!
//! Scale: each page takes 50 ms to answer (a real site in the notes took about 90 ms).
//!
//! Run: `cargo run --example http_clients` (try `-- --pages 50`, or `-- --svg http_clients.svg`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lesson_kit::cli::{self, Arg};
use lesson_kit::timeline::Run;
use lesson_kit::{Chart, Figure, Timeline};
use local_server::{LocalServer, Stats, page_body};
use sync_vs_async::downloads::{
    FetchError, async_client, blocking_client, fetch_async, fetch_blocking, one_thread_runtime,
};

const USAGE: &str = "\
The same pages with a blocking client (ureq) and an async one (reqwest).

usage: cargo run --example http_clients -- [--pages N] [--latency-ms MS] [--svg PATH]

  --pages N        how many pages each client fetches (default 10, from 1 to 200)
  --latency-ms MS  how long the server takes to answer a page (default 50, from 1 to 500)
  --svg PATH       also draw the timeline as an SVG file
  -h, --help       show this text
";

/// How long each client waits for an answer before it gives up: short, so that the page that
/// never answers costs the lesson little; far above the latency, so that no page hits it.
const TIMEOUT: Duration = Duration::from_millis(200);

fn seconds(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

fn main() {
    let mut pages: usize = 10;
    let mut latency_ms: u64 = 50;
    let mut svg: Option<PathBuf> = None;
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
    let blocking = blocking_pages(&server, &urls, timeout);
    println!("   {}", seen(&blocking.stats, blocking.wall));

    println!("2. The blocking client, but a new client for every request:");
    let fresh = new_client_each_time(&server, &urls, timeout);
    println!(
        "   the server saw {} connections for {} requests\n",
        fresh.connections, fresh.requests
    );

    println!("3. The async client (reqwest), one task per page, all on one thread:");
    let tasks = async_pages(&server, &urls, timeout);
    println!("   {}", seen(&tasks.stats, tasks.wall));
    println!(
        "   the same {pages} requests again, with the same client: {} new connection(s)\n",
        tasks.second_round.connections
    );

    println!("4. A 404, a 500, and a page that never answers:");
    let statuses = [server.status_url(404), server.status_url(500)];
    let hang = server.hang_url();
    let failures = failures(&statuses, &hang, timeout);
    println!();

    let chart = Chart::new(format!("{pages} pages, each answered after {latency:?}"))
        .run(blocking.run.clone())
        .run(tasks.run.clone());
    chart.print();
    if let Some(path) = &svg {
        chart
            .generated_by("cargo run --example http_clients -- --svg book/figures/http_clients.svg")
            .write_svg(path)
            .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
        println!("(timeline written to {})", path.display());
    }

    Figure::new(format!(
        "wall time of {pages} pages: blocking client / async client"
    ))
    .notes("requests 14.3 s / aiohttp 2.57 s (160 pages of real sites)")
    .this_run(format!(
        "{} / {}",
        seconds(blocking.wall),
        seconds(tasks.wall)
    ))
    .ideal(format!(
        "{} / {}",
        seconds(latency * pages as u32),
        seconds(latency)
    ))
    .print();
    Figure::new("requests in flight at once, and connections opened: blocking / async")
        .notes("(not measured; one session per program, reused)")
        .this_run(format!(
            "{} and {} / {} and {}",
            blocking.stats.peak_in_flight,
            blocking.stats.connections,
            tasks.stats.peak_in_flight,
            tasks.stats.connections
        ))
        .ideal(format!("1 and 1 / {pages} and {pages}"))
        .print();
    Figure::new("how long the page that never answers took to fail: blocking / async")
        .notes("requests waits forever unless given a timeout; aiohttp gives up after 5 minutes")
        .this_run(format!(
            "{} / {}",
            seconds(failures.blocking_hang),
            seconds(failures.async_hang)
        ))
        .ideal(format!(
            "{} / {} (the timeout set)",
            seconds(timeout),
            seconds(timeout)
        ))
        .print();

    // ANCHOR: asserts
    // The bodies are the server's pages, in order; a request never ends before its latency; the
    // server counted one request at a time from the blocking client and several at once from the
    // tasks; one client reuses its connections, a new client per request cannot.
    let expected: Vec<String> = (0..pages).map(page_body).collect();
    assert_eq!(
        blocking.bodies, expected,
        "expected the blocking client's pages in order"
    );
    assert_eq!(
        tasks.bodies, expected,
        "expected the async client's pages in order"
    );
    assert!(
        blocking.wall >= latency * pages as u32,
        "expected {pages} blocking requests to take at least {pages} x {latency:?}, not {:?}",
        blocking.wall
    );
    assert_eq!(
        (blocking.stats.peak_in_flight, blocking.stats.connections),
        (1, 1),
        "expected one request at a time on one connection from the blocking client"
    );
    assert_eq!(
        fresh.connections, pages,
        "expected a new connection for every new client"
    );
    let peak = tasks.stats.peak_in_flight;
    assert!(
        peak >= 2.min(pages) && peak <= pages,
        "expected several of the {pages} tasks' requests in flight at once, the server saw {peak}"
    );
    assert!(
        tasks.second_round.connections < pages,
        "expected the async client to reuse its connections, it opened {} for {pages} requests",
        tasks.second_round.connections
    );
    assert_eq!(
        (failures.ureq_status_errors, &failures.reqwest_statuses[..]),
        (2, &[404, 500][..]),
        "expected ureq to make the 404 and the 500 errors, and reqwest to hand them back"
    );
    assert_eq!(
        failures.blocking,
        failures.expected(),
        "expected ureq's errors"
    );
    assert_eq!(
        failures.tasks,
        failures.expected(),
        "expected reqwest's answers"
    );
    assert!(
        failures.blocking_hang >= timeout && failures.async_hang >= timeout,
        "expected each client to wait its {timeout:?} for the page that never answers"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: the same pages from both clients; one request at a time from the");
    println!("blocking one, {peak} at once from the async one; every failure reported, none hung.");
}

/// What one client fetched, how long it took, and what the server saw.
struct Fetched {
    bodies: Vec<String>,
    wall: Duration,
    stats: Stats,
    run: Run,
    /// For the async client: the server's counts for the same requests, made a second time.
    second_round: Stats,
}

fn seen(stats: &Stats, wall: Duration) -> String {
    format!(
        "{} pages in {}; the server's counts: at most {} in flight at once, {} connection(s)\n",
        stats.answered,
        seconds(wall),
        stats.peak_in_flight,
        stats.connections
    )
}

// ANCHOR: blocking
fn blocking_pages(server: &LocalServer, urls: &[String], timeout: Duration) -> Fetched {
    server.reset_stats();
    let timeline = Timeline::new();
    let started = Instant::now();
    let client = blocking_client(timeout);
    let bodies: Vec<String> = urls
        .iter()
        .enumerate()
        .map(|(n, url)| {
            // This thread does nothing else until the answer is in.
            let _span = timeline.begin("main", format!("page {n}"));
            fetch_blocking(&client, url).expect("a page of the local server")
        })
        .collect();
    let wall = started.elapsed();
    Fetched {
        bodies,
        wall,
        stats: server.stats(),
        run: timeline.finish("blocking client"),
        second_round: Stats::default(),
    }
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
fn async_pages(server: &LocalServer, urls: &[String], timeout: Duration) -> Fetched {
    server.reset_stats();
    let timeline = Arc::new(Timeline::new());
    let started = Instant::now();
    let client = async_client(timeout);
    let runtime = one_thread_runtime();
    let fetch_all = || {
        let tasks: Vec<_> = urls
            .iter()
            .enumerate()
            .map(|(n, url)| {
                let (client, url, timeline) = (client.clone(), url.clone(), Arc::clone(&timeline));
                // `spawn` only starts the task; all of them wait for their pages together.
                tokio::spawn(async move {
                    let _span = timeline.begin(format!("task-{n}"), format!("page {n}"));
                    fetch_async(&client, &url).await
                })
            })
            .collect();
        async move {
            let mut bodies = Vec::new();
            for task in tasks {
                let page = task.await.expect("a download task panicked");
                bodies.push(page.expect("a page of the local server"));
            }
            bodies
        }
    };
    let bodies = runtime.block_on(async { fetch_all().await });
    let wall = started.elapsed();
    let stats = server.stats();
    let run = timeline.finish("async client");
    // The same client again: its pool still holds the connections of the first round.
    server.reset_stats();
    runtime.block_on(async { fetch_all().await });
    Fetched {
        bodies,
        wall,
        stats,
        run,
        second_round: server.stats(),
    }
}
// ANCHOR_END: tasks

/// What each client made of the failing pages, and how long the hanging one took to fail.
struct Failures {
    /// How many of the 404 and 500 ureq's own `call` returned as errors.
    ureq_status_errors: usize,
    /// The statuses of the 404 and 500 that reqwest's own `send` returned as answers.
    reqwest_statuses: Vec<u16>,
    blocking: Vec<String>,
    tasks: Vec<String>,
    blocking_hang: Duration,
    async_hang: Duration,
}

impl Failures {
    /// Both clients, once `fetch_*` has turned their answers into `FetchError`s, say the same.
    fn expected(&self) -> Vec<String> {
        [
            FetchError::Status(404),
            FetchError::Status(500),
            FetchError::Timeout,
        ]
        .iter()
        .map(ToString::to_string)
        .collect()
    }
}

fn failures(statuses: &[String], hang: &str, timeout: Duration) -> Failures {
    // ANCHOR: failures
    let client = blocking_client(timeout);
    let mut ureq_status_errors = 0;
    for url in statuses {
        // ureq turns a status other than 2xx into an error (`http_status_as_error`).
        match client.get(url).call() {
            Ok(response) => println!("   ureq:    {url} -> Ok, status {}", response.status()),
            Err(error) => {
                println!("   ureq:    {url} -> Err: {error}");
                ureq_status_errors += 1;
            }
        }
    }
    let started = Instant::now();
    let hung = client.get(hang).call();
    let blocking_hang = started.elapsed();
    println!(
        "   ureq:    {hang} -> Err: {} after {blocking_hang:.0?}",
        hung.unwrap_err()
    );

    let mut reqwest_statuses = Vec::new();
    let async_hang = one_thread_runtime().block_on(async {
        let client = async_client(timeout);
        for url in statuses {
            // reqwest, like aiohttp, hands back a 404 as an answer: check the status yourself.
            match client.get(url).send().await {
                Ok(response) => {
                    println!("   reqwest: {url} -> Ok, status {}", response.status());
                    reqwest_statuses.push(response.status().as_u16());
                }
                Err(error) => println!("   reqwest: {url} -> Err: {error}"),
            }
        }
        let started = Instant::now();
        let hung = client.get(hang).send().await;
        let took = started.elapsed();
        let error = hung.expect_err("a page that never answers cannot succeed");
        println!(
            "   reqwest: {hang} -> Err: {error} (is_timeout: {}) after {took:.0?}",
            error.is_timeout()
        );
        took
    });
    // ANCHOR_END: failures

    // The same, through the crate's fetch functions, which treat every status but 200 as an error.
    let mut all = statuses.to_vec();
    all.push(hang.to_owned());
    let blocking = all
        .iter()
        .map(|url| fetch_blocking(&client, url).unwrap_err().to_string())
        .collect();
    let tasks = one_thread_runtime().block_on(async {
        let client = async_client(timeout);
        let mut said = Vec::new();
        for url in &all {
            said.push(fetch_async(&client, url).await.unwrap_err().to_string());
        }
        said
    });
    Failures {
        ureq_status_errors,
        reqwest_statuses,
        blocking,
        tasks,
        blocking_hang,
        async_hang,
    }
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
        let blocking = blocking_pages(&server, &urls, timeout);
        assert_eq!(blocking.bodies, expected);
        assert_eq!(
            (blocking.stats.peak_in_flight, blocking.stats.connections),
            (1, 1)
        );
        assert!(blocking.wall >= latency * 10);
        assert_eq!(blocking.run.peak_overlap(), 1);
        let tasks = async_pages(&server, &urls, timeout);
        assert_eq!(tasks.bodies, expected);
        assert!(tasks.stats.peak_in_flight >= 5, "{:?}", tasks.stats);
        assert!(tasks.stats.peak_in_flight <= 10, "{:?}", tasks.stats);
        assert!(tasks.run.peak_overlap() >= 5, "{:?}", tasks.run);
        assert!(
            tasks.second_round.connections < 10,
            "{:?}",
            tasks.second_round
        );
        assert_eq!(tasks.second_round.requests, 10);
        assert_eq!(
            new_client_each_time(&server, &urls, timeout).connections,
            10
        );
    }

    #[test]
    fn both_clients_report_each_failure_and_give_up_on_the_page_that_never_answers() {
        let server = LocalServer::start(Duration::from_millis(5)).unwrap();
        let statuses = [server.status_url(404), server.status_url(500)];
        let timeout = Duration::from_millis(300);
        let failures = failures(&statuses, &server.hang_url(), timeout);
        // ureq's `call` makes a 404 an error; reqwest's `send`, like aiohttp, an answer.
        assert_eq!(failures.ureq_status_errors, 2);
        assert_eq!(failures.reqwest_statuses, [404, 500]);
        assert_eq!(failures.blocking, ["status 404", "status 500", "timed out"]);
        assert_eq!(failures.tasks, failures.blocking);
        assert!(
            failures.blocking_hang >= timeout,
            "{:?}",
            failures.blocking_hang
        );
        assert!(failures.async_hang >= timeout, "{:?}", failures.async_hang);
        // Generous: a timeout that works ends the wait in about its own length.
        assert!(failures.blocking_hang < Duration::from_secs(20));
        assert!(failures.async_hang < Duration::from_secs(20));
    }
}
