//! The lesson `download_pages`, way by way: serially, on threads and in async tasks in this
//! process, and in child processes, started as the crate's `sync-vs-async-child` program (inside a
//! test, the running program is the test harness, which cannot be one).

use std::time::{Duration, Instant};

use lesson_kit::Timeline;
use lesson_kit::process::Program;
use local_server::LocalServer;
use sync_vs_async::downloads::processes::download_in_processes;
use sync_vs_async::downloads::ways::{self, measure, page_urls};
use sync_vs_async::downloads::{DOWNLOAD_ROLE, check_pages, one_thread_runtime};

const CHILD: &str = env!("CARGO_BIN_EXE_sync-vs-async-child");

/// Each request gives up after this long: far beyond the latency, so it only ends a stuck run.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The processes' run is killed if it is not over after this long.
const LIMIT: Duration = Duration::from_secs(60);

/// Few pages and a large latency: a request is in flight long enough that starting all the
/// others cannot take longer, even on a loaded machine.
const LATENCY: Duration = Duration::from_millis(50);
const PAGES: usize = 30;

#[test]
fn serial_fetches_one_page_at_a_time_in_order_on_one_connection() {
    let server = LocalServer::start(LATENCY).unwrap();
    let urls = page_urls(&server, PAGES);
    let serial = measure("serial", &server, |t| ways::serial(&urls, TIMEOUT, t));
    check_pages("serial", PAGES, &serial.pages).unwrap();
    assert!(serial.wall >= LATENCY * PAGES as u32, "{:?}", serial.wall);
    assert_eq!(serial.stats.peak_in_flight, 1, "{:?}", serial.stats);
    assert_eq!(
        serial.stats.connections, 1,
        "one client reuses its connection"
    );
    assert_eq!(serial.run.peak_overlap(), 1);
    assert_eq!(serial.run.lanes(), ["main"]);
    assert!(serial.run.spans.iter().all(|span| span.length() >= LATENCY));
}

#[test]
fn five_threads_keep_five_requests_in_flight_at_most_and_the_order() {
    let server = LocalServer::start(LATENCY).unwrap();
    let urls = page_urls(&server, PAGES);
    let threads = measure("threads", &server, |t| ways::threads(&urls, 5, TIMEOUT, t));
    check_pages("threads", PAGES, &threads.pages).unwrap();
    let peak = threads.stats.peak_in_flight;
    assert!((2..=5).contains(&peak), "{:?}", threads.stats);
    assert_eq!(
        threads.stats.connections, 5,
        "a client per thread, each reused"
    );
    assert_eq!(threads.run.lanes().len(), 5);
    assert!(threads.run.peak_overlap() <= 5);
}

#[test]
fn tasks_all_at_once_have_every_request_in_flight_and_bounded_ones_their_limit() {
    let server = LocalServer::start(LATENCY).unwrap();
    let urls = page_urls(&server, PAGES);
    let all = measure("all", &server, |t| {
        one_thread_runtime().block_on(ways::all_at_once(&urls, TIMEOUT, t))
    });
    check_pages("all at once", PAGES, &all.pages).unwrap();
    // 30 tasks start their requests in a few milliseconds, while each takes 50 ms to answer.
    assert!(all.stats.peak_in_flight > 10, "{:?}", all.stats);
    assert_eq!(all.stats.requests, PAGES);
    let bounded = measure("bounded", &server, |t| {
        one_thread_runtime().block_on(ways::bounded(&urls, 4, TIMEOUT, t))
    });
    check_pages("bounded", PAGES, &bounded.pages).unwrap();
    assert!(
        (2..=4).contains(&bounded.stats.peak_in_flight),
        "{:?}",
        bounded.stats
    );
    assert!(bounded.run.peak_overlap() <= 4, "{:?}", bounded.run);
    assert!(bounded.wall >= LATENCY * (PAGES as u32).div_ceil(4));
}

#[test]
fn five_async_permits_are_no_faster_than_five_threads() {
    // asyncio beat the notes' 5 threads because it had all 160 requests in flight, not
    // because a task waits faster than a thread: limited to 5, it needs as many rounds.
    let server = LocalServer::start(LATENCY).unwrap();
    let urls = page_urls(&server, 20);
    let threads = measure("threads", &server, |t| ways::threads(&urls, 5, TIMEOUT, t));
    let tasks = measure("bounded", &server, |t| {
        one_thread_runtime().block_on(ways::bounded(&urls, 5, TIMEOUT, t))
    });
    for run in [&threads, &tasks] {
        check_pages(&run.run.title, 20, &run.pages).unwrap();
        assert!(run.stats.peak_in_flight <= 5, "{:?}", run.stats);
        assert!(run.wall >= LATENCY * 4, "{}: {:?}", run.run.title, run.wall);
    }
}

#[test]
fn one_client_may_be_shared_by_every_thread() {
    // The notes give each thread its own session because a requests.Session is not
    // thread-safe. Both Rust clients are Sync: threads may share one, and its pool.
    fn shared_by_threads<T: Send + Sync + Clone>() {}
    shared_by_threads::<ureq::Agent>();
    shared_by_threads::<reqwest::Client>();
    let server = LocalServer::start(Duration::from_millis(10)).unwrap();
    let urls = page_urls(&server, 20);
    let client = sync_vs_async::downloads::blocking_client(TIMEOUT);
    let pages: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = urls
            .chunks(4)
            .map(|chunk| {
                let client = &client;
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|url| sync_vs_async::downloads::fetch_blocking(client, url))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    check_pages("one shared client", 20, &pages).unwrap();
    // The threads took turns with the pool's connections (it keeps 3 idle ones per server).
    let stats = server.stats();
    assert!((2..=5).contains(&stats.peak_in_flight), "{stats:?}");
    assert!(
        stats.connections < 20,
        "no connection was reused: {stats:?}"
    );
}

#[test]
fn a_failing_page_is_reported_in_its_place_by_every_way() {
    let server = LocalServer::start(Duration::from_millis(5)).unwrap();
    let mut urls = page_urls(&server, 4);
    urls[1] = server.status_url(404);
    urls[2] = server.status_url(500);
    let short = Duration::from_secs(5);
    let runs = [
        measure("serial", &server, |t| ways::serial(&urls, short, t)),
        measure("threads", &server, |t| ways::threads(&urls, 2, short, t)),
        measure("all", &server, |t| {
            one_thread_runtime().block_on(ways::all_at_once(&urls, short, t))
        }),
        measure("bounded", &server, |t| {
            one_thread_runtime().block_on(ways::bounded(&urls, 2, short, t))
        }),
    ];
    for run in runs {
        let statuses: Vec<_> = run.pages.iter().map(|page| page.as_ref().err()).collect();
        use sync_vs_async::downloads::FetchError::Status;
        assert_eq!(
            statuses,
            [None, Some(&Status(404)), Some(&Status(500)), None],
            "{}",
            run.run.title
        );
    }
}

#[test]
fn two_processes_download_their_shares_at_once_and_the_parent_gets_every_page_in_order() {
    // 30 ms a page: both children are surely waiting for a page at the same moment.
    let latency = Duration::from_millis(30);
    let server = LocalServer::start(latency).unwrap();
    let pages = 21;
    let timeline = Timeline::new();
    let child = Program::at(CHILD).role(DOWNLOAD_ROLE);
    let fetched =
        download_in_processes(&child, &server.url(""), pages, 2, TIMEOUT, LIMIT, &timeline)
            .expect("the processes' run");
    check_pages("processes", pages, &fetched).unwrap();
    let stats = server.stats();
    assert_eq!(stats.peak_in_flight, 2, "{stats:?}");
    assert_eq!(
        stats.connections, 2,
        "one client per process, reused: {stats:?}"
    );
    assert_eq!(stats.requests, pages);
    let run = timeline.finish("processes");
    assert_eq!(run.lanes(), ["process-0", "process-1"]);
    let page_spans: Vec<_> = run
        .spans
        .iter()
        .filter(|span| span.label != "start")
        .collect();
    assert_eq!(page_spans.len(), pages);
    // Pool.map hands out blocks: the first child takes pages 0..11, the second 11..21.
    for span in &page_spans {
        let n: usize = span.label.trim_start_matches("page ").parse().unwrap();
        let expected = if n < 11 { "process-0" } else { "process-1" };
        assert_eq!(span.lane, expected, "{span:?}");
        assert!(span.length() >= latency, "{span:?}");
    }
}

#[test]
fn a_run_past_its_limit_fails_and_kills_its_children_instead_of_hanging() {
    let server = LocalServer::start(Duration::from_millis(200)).unwrap();
    let timeline = Timeline::new();
    let started = Instant::now();
    let limit = Duration::from_millis(500);
    let child = Program::at(CHILD).role(DOWNLOAD_ROLE);
    let outcome = download_in_processes(&child, &server.url(""), 50, 2, TIMEOUT, limit, &timeline);
    let error = outcome.unwrap_err();
    assert!(
        error.contains("the deadline, 500ms after the start, passed: it was killed"),
        "{error}"
    );
    // Killed at once: had they been waited for, 25 pages of 200 ms each would take 5 s.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    std::thread::sleep(Duration::from_millis(400));
    let settled = server.stats();
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        server.stats().requests,
        settled.requests,
        "a child kept downloading"
    );
}

#[test]
fn a_child_with_a_wrong_role_argument_is_an_error_not_a_hang() {
    let server = LocalServer::start(Duration::from_millis(1)).unwrap();
    let timeline = Timeline::new();
    let broken = Program::at(CHILD).role("no-such-role");
    let outcome = download_in_processes(&broken, &server.url(""), 4, 2, TIMEOUT, LIMIT, &timeline);
    let error = outcome.unwrap_err();
    // It said which roles exist, on its stderr, and exited with code 2 before it was ready.
    assert!(
        error.contains("waiting for its `ready` line: it ended first, with exit code 2")
            && error.contains("unknown role \"no-such-role\""),
        "{error}"
    );
}
