//! The processes' run of `download_pages`, with the crate's `sync-vs-async-child` program as the
//! child (inside a test, the running program is the test harness, which cannot be one).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lesson_kit::Timeline;
use lesson_kit::process::ROLE_VARIABLE;
use local_server::LocalServer;
use sync_vs_async::downloads::processes::download_in_processes;
use sync_vs_async::downloads::{DOWNLOAD_ROLE, check_pages};

fn child() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sync-vs-async-child"));
    command.env(ROLE_VARIABLE, DOWNLOAD_ROLE);
    command
}

const TIMEOUT: Duration = Duration::from_secs(10);
const LIMIT: Duration = Duration::from_secs(60);

#[test]
fn two_processes_download_their_shares_at_once_and_the_parent_gets_every_page_in_order() {
    // 30 ms a page: both children are surely waiting for a page at the same moment.
    let latency = Duration::from_millis(30);
    let server = LocalServer::start(latency).unwrap();
    let pages = 21;
    let timeline = Timeline::new();
    let fetched =
        download_in_processes(child, &server.url(""), pages, 2, TIMEOUT, LIMIT, &timeline)
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
    let outcome = download_in_processes(
        child,
        &server.url(""),
        50,
        2,
        TIMEOUT,
        Duration::from_millis(500),
        &timeline,
    );
    assert_eq!(outcome, Err("the child processes took too long".to_owned()));
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
    let broken = || {
        let mut command = child();
        // It says which roles exist, on its stderr; not worth showing here.
        command
            .env(ROLE_VARIABLE, "no-such-role")
            .stderr(Stdio::null());
        command
    };
    let outcome = download_in_processes(broken, &server.url(""), 4, 2, TIMEOUT, LIMIT, &timeline);
    assert_eq!(outcome, Err("a child process ended early".to_owned()));
}
