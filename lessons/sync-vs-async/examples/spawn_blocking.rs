//! Lesson: a blocking library inside async code, called directly and through `spawn_blocking`.
//!
//! The notes' advice (session 10 of the Persian notes): use asyncio when the job has an async
//! library, and threads when it has none. 8 tasks on a one-thread runtime each fetch a page with
//! ureq, a blocking client, while a heartbeat task beats every 5 ms. Called directly, the calls
//! hold the runtime's thread one after another and the heartbeat stops. Moved into
//! `tokio::task::spawn_blocking`, each call gets a thread of tokio's blocking pool: they overlap,
//! and the heartbeat keeps beating. Scale: a page takes 40 ms (a real site in the notes, 90 ms).
//!
//! Run: `cargo run --example spawn_blocking` (try `-- --pages 20`, or `-- --svg spawn_blocking.svg`).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Chart, Timeline};
use local_server::{LocalServer, page_body};
use sync_vs_async::blocking::{Call, Outcome, one_thread_with_named_pool, print_figures};
use sync_vs_async::downloads::{FetchError, blocking_client, fetch_blocking};

const USAGE: &str = "\
A blocking HTTP client inside async tasks: called directly, then through spawn_blocking.

usage: cargo run --example spawn_blocking -- [--pages N] [--latency-ms MS] [--svg PATH]

  --pages N        how many tasks, each fetching one page (default 8, from 1 to 64)
  --latency-ms MS  how long the server takes to answer a page (default 40, from 10 to 500)
  --svg PATH       also draw the timeline as an SVG file
  -h, --help       show this text
";

/// The heartbeat's period.
const BEAT: Duration = Duration::from_millis(5);

/// Only a stuck request takes this long.
const TIMEOUT: Duration = Duration::from_secs(10);

fn main() {
    let (mut pages, mut latency_ms, mut svg) = (8, 40, None::<PathBuf>);
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("pages") => pages = cli::number(parser, "--pages", 1..=64)?,
            Arg::Long("latency-ms") => latency_ms = cli::number(parser, "--latency-ms", 10..=500)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let latency = Duration::from_millis(latency_ms);
    let server = Arc::new(LocalServer::start(latency).expect("could not start the local server"));
    println!(
        "{pages} tasks on a one-thread runtime, each fetching a page with ureq (blocking); pages \
         take {latency:?}; a heartbeat task beats every {BEAT:?}.\n"
    );

    println!("1. The blocking call made directly inside each task:");
    let direct = download(&server, pages, Call::Directly);
    println!("   {}", direct.report());
    println!("2. The blocking call moved into spawn_blocking:");
    let moved = download(&server, pages, Call::SpawnBlocking);
    println!("   {}", moved.report());

    let title = format!("{pages} blocking requests of {latency:?} in async tasks");
    let chart = Chart::new(title).run(direct.run.clone());
    chart
        .run(moved.run.clone())
        .show("spawn_blocking", svg.as_deref());
    print_figures(pages, latency, BEAT, [&direct, &moved]);

    // ANCHOR: asserts
    // Counts, not speed. Called directly, the calls shared the runtime's one thread: the server
    // never held two requests at once, and the heartbeat never ran while it held one. Moved to
    // spawn_blocking, the calls overlapped, and the heartbeat beat while they waited.
    let expected: Vec<_> = (0..pages).map(|n| Ok(page_body(n))).collect();
    assert_eq!(direct.pages, expected, "expected every page, in order");
    assert_eq!(moved.pages, expected, "expected every page, in order");
    assert_eq!(
        (direct.stats.peak_in_flight, direct.beats_during_requests),
        (1, 0),
        "expected direct blocking calls one at a time, with the heartbeat stopped meanwhile"
    );
    assert!(
        direct.longest_sleep >= latency,
        "expected the heartbeat to miss its beat for a whole request ({latency:?}), its longest \
         sleep was {:?}",
        direct.longest_sleep
    );
    assert!(
        pages < 2 || moved.stats.peak_in_flight >= 2,
        "expected the calls in spawn_blocking to overlap, the server saw {}",
        moved.stats.peak_in_flight
    );
    assert!(
        moved.beats_during_requests >= 1,
        "expected the heartbeat to beat while the blocking pool waited for the server"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: direct blocking calls ran one at a time and silenced the heartbeat;");
    println!("in spawn_blocking they overlapped and the heartbeat kept beating.");
}

/// Runs `pages` download tasks and the heartbeat on a one-thread runtime.
fn download(server: &Arc<LocalServer>, pages: usize, call: Call) -> Outcome {
    let runtime = one_thread_with_named_pool();
    server.reset_stats();
    let timeline = Arc::new(Timeline::new());
    let client = blocking_client(TIMEOUT);
    let started = Instant::now();
    let (pages, beats) = runtime.block_on(async {
        let stop = Arc::new(AtomicBool::new(false));
        let beating = heartbeat(Arc::clone(server), Arc::clone(&timeline), Arc::clone(&stop));
        let heart = tokio::spawn(beating);
        // Let the heartbeat take its first beat before the downloads start.
        tokio::task::yield_now().await;
        let mut tasks = Vec::new();
        for n in 0..pages {
            let (client, timeline, url) =
                (client.clone(), Arc::clone(&timeline), server.page_url(n));
            tasks.push(tokio::spawn(fetch_in_task(client, url, n, timeline, call)));
        }
        let mut fetched = Vec::with_capacity(pages);
        for task in tasks {
            fetched.push(task.await.expect("a download task panicked"));
        }
        stop.store(true, Ordering::SeqCst);
        let beats = tokio::time::timeout(TIMEOUT, heart).await;
        let beats = beats.expect("the heartbeat stops within one beat");
        (fetched, beats.expect("the heartbeat panicked"))
    });
    let (wall, run) = (started.elapsed(), timeline.finish(call.title()));
    Outcome::new(pages, wall, server.stats(), beats, run)
}

// ANCHOR: fetch_in_task
async fn fetch_in_task(
    client: ureq::Agent,
    url: String,
    n: usize,
    timeline: Arc<Timeline>,
    call: Call,
) -> Result<String, FetchError> {
    match call {
        // Blocks the runtime's only thread until the page is in: no other task runs meanwhile.
        Call::Directly => {
            let _span = timeline.begin("runtime", format!("page {n}"));
            fetch_blocking(&client, &url)
        }
        // Runs on a thread of tokio's blocking pool; this task waits for it without blocking.
        Call::SpawnBlocking => tokio::task::spawn_blocking(move || {
            timeline.record(format!("page {n}"), || fetch_blocking(&client, &url))
        })
        .await
        .expect("the blocking call panicked"),
    }
}
// ANCHOR_END: fetch_in_task

// ANCHOR: heartbeat
/// Beats every [`BEAT`] until `stop`, recording each sleep; returns how many beats it took and
/// at how many of them the server was holding a request (so a blocking call was under way).
async fn heartbeat(
    server: Arc<LocalServer>,
    timeline: Arc<Timeline>,
    stop: Arc<AtomicBool>,
) -> (usize, usize) {
    let (mut beats, mut during_requests) = (0, 0);
    while !stop.load(Ordering::SeqCst) {
        let sleep = timeline.begin("heartbeat", "sleep");
        tokio::time::sleep(BEAT).await;
        sleep.end();
        beats += 1;
        if server.stats().in_flight > 0 {
            during_requests += 1;
        }
    }
    (beats, during_requests)
}
// ANCHOR_END: heartbeat

#[cfg(test)]
mod tests {
    use super::*;

    /// A long latency: the heartbeat has 100 ms to beat while the blocking pool waits, which a
    /// loaded machine still gives it.
    const LATENCY: Duration = Duration::from_millis(100);

    #[test]
    fn a_direct_blocking_call_holds_the_runtime_and_spawn_blocking_frees_it() {
        let server = Arc::new(LocalServer::start(LATENCY).unwrap());
        let expected: Vec<_> = (0..6).map(|n| Ok(page_body(n))).collect();
        let direct = download(&server, 6, Call::Directly);
        assert_eq!(direct.pages, expected);
        assert_eq!(direct.stats.peak_in_flight, 1, "{direct:?}");
        assert_eq!(direct.beats_during_requests, 0, "{direct:?}");
        assert!(direct.longest_sleep >= LATENCY, "{direct:?}");
        assert!(direct.wall >= LATENCY * 6);
        let mut calls = direct.run.clone();
        calls.spans.retain(|s| s.lane == "runtime");
        assert_eq!((calls.spans.len(), calls.peak_overlap()), (6, 1));
        let moved = download(&server, 6, Call::SpawnBlocking);
        assert_eq!(moved.pages, expected);
        assert!((2..=6).contains(&moved.stats.peak_in_flight), "{moved:?}");
        assert!(moved.beats_during_requests >= 1, "{moved:?}");
        let pool = moved.run.lanes().iter().any(|l| l.starts_with("blocking-"));
        assert!(pool, "{moved:?}");
    }
}
