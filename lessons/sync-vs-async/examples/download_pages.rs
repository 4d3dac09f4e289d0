//! Lesson: the notes' download of 160 pages, four ways: serially with one blocking client, on 5
//! threads with a blocking client each, in async tasks on one thread (all at once, then at most
//! 20 at a time), and in one child process per core.
//!
//! The notes fetched two real web sites 80 times each and measured 14.3 s serially, 3.7 s with
//! `ThreadPoolExecutor(max_workers=5)`, 2.57 s with asyncio and 5.7 s with `multiprocessing.Pool`.
//! Here a local server answers each page after 10 ms, so the same 160 pages take about 1.6 s
//! serially (the notes' ~90 ms a page is 10 ms here). The server counts how many requests it was
//! answering at once, which shows what each way really does without timing anything.
//!
//! Run: `cargo run --example download_pages` (try `-- --limit 5`, `-- --threads 20`, or
//! `-- --svg download_pages.svg`).

use std::path::PathBuf;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::process;
use lesson_kit::{Chart, Figure, cores};
use local_server::LocalServer;
use sync_vs_async::downloads::processes::download_in_processes;
use sync_vs_async::downloads::ways::{self, Measured, measure, page_urls};
use sync_vs_async::downloads::{DOWNLOAD_ROLE, check_pages, one_thread_runtime, stack_lanes};

const USAGE: &str = "\
The notes' 160 pages: serially, on threads, in async tasks and in child processes.

usage: cargo run --example download_pages -- [--pages N] [--latency-ms MS] [--threads N]
                                             [--limit N] [--processes N] [--svg PATH]

  --pages N        how many pages (default 160, from 1 to 1000)
  --latency-ms MS  how long the server takes to answer a page (default 10, from 1 to 200)
  --threads N      threads of the threads run (default 5, like the notes, from 1 to 64)
  --limit N        requests in flight at most, in the bounded async run (default 20, 1 to 1000)
  --processes N    child processes (default: one per core, like Pool(), from 1 to 16)
  --svg PATH       also draw the timeline as an SVG file
  -h, --help       show this text
";

/// Each request gives up after this long: far beyond the latency, so it only ends a stuck run.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The processes' run is killed if it is not over after this long.
const LIMIT: Duration = Duration::from_secs(120);

/// How many lanes the async runs' tasks are stacked into on the timeline.
const TASK_LANES: usize = 4;

fn seconds(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

fn main() {
    if let Some(role) = process::role() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        sync_vs_async::child::run(&role, &args);
        return;
    }
    let mut pages: usize = 160;
    let mut latency_ms: u64 = 10;
    let mut workers: usize = 5;
    let mut limit: usize = 20;
    let mut children: usize = cores();
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("pages") => pages = cli::number(parser, "--pages", 1..=1000)?,
            Arg::Long("latency-ms") => latency_ms = cli::number(parser, "--latency-ms", 1..=200)?,
            Arg::Long("threads") => workers = cli::number(parser, "--threads", 1..=64)?,
            Arg::Long("limit") => limit = cli::number(parser, "--limit", 1..=1000)?,
            Arg::Long("processes") => children = cli::number(parser, "--processes", 1..=16)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let latency = Duration::from_millis(latency_ms);
    let server = LocalServer::start(latency).expect("could not start the local server");
    let urls = page_urls(&server, pages);
    println!(
        "{pages} pages from a local server that answers each after {latency:?} (the notes' real \
         sites took about 90 ms a page); {} cores seen.\n",
        cores()
    );

    // ANCHOR: five_runs
    println!("1. Serially, with one blocking client:");
    let serial = measure("serial", &server, |timeline| {
        ways::serial(&urls, TIMEOUT, timeline)
    });
    report(&serial);

    println!("2. On {workers} threads, each with its own blocking client:");
    let threads = measure("threads", &server, |timeline| {
        ways::threads(&urls, workers, TIMEOUT, timeline)
    });
    report(&threads);

    println!("3. In {pages} async tasks on one thread, all at once, with one async client:");
    let all = measure("async, all at once", &server, |timeline| {
        one_thread_runtime().block_on(ways::all_at_once(&urls, TIMEOUT, timeline))
    });
    report(&all);

    println!("4. In {pages} async tasks on one thread, at most {limit} requests at a time:");
    let bounded = measure("async, bounded", &server, |timeline| {
        one_thread_runtime().block_on(ways::bounded(&urls, limit, TIMEOUT, timeline))
    });
    report(&bounded);

    println!(
        "5. In {children} child processes (copies of this program), each with its own client:"
    );
    let base = server.url("");
    let processes = measure("processes", &server, |timeline| {
        let child = || process::child(DOWNLOAD_ROLE);
        download_in_processes(child, &base, pages, children, TIMEOUT, LIMIT, timeline)
            .unwrap_or_else(|error| panic!("the processes' run failed: {error}"))
    });
    report(&processes);
    // ANCHOR_END: five_runs

    let chart = Chart::new(format!("{pages} pages, each answered after {latency:?}"))
        .run(serial.run.clone())
        .run(threads.run.clone())
        .run(stack_lanes(&all.run, "tasks", TASK_LANES))
        .run(stack_lanes(&bounded.run, "tasks", TASK_LANES))
        .run(processes.run.clone());
    chart.print();
    if let Some(path) = &svg {
        chart
            .generated_by(
                "cargo run --example download_pages -- --svg book/figures/download_pages.svg",
            )
            .write_svg(path)
            .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
        println!("(timeline written to {})", path.display());
    }

    let one = latency.as_secs_f64();
    let ideal = |requests_at_once: usize| {
        let rounds = pages.div_ceil(requests_at_once.min(pages));
        seconds(Duration::from_secs_f64(one * rounds as f64))
    };
    let figures = [
        ("serially, one client", "14.3 s", &serial, 1),
        ("5 threads", "3.7 s", &threads, workers),
        ("async, all at once", "2.57 s", &all, pages),
        ("async, bounded", "(not in the notes)", &bounded, limit),
        (
            "processes",
            "5.7 s (Pool(), one per core)",
            &processes,
            children,
        ),
    ];
    for (what, notes, run, at_once) in figures {
        Figure::new(format!(
            "{pages} pages, {what}: wall time; requests in flight at once"
        ))
        .notes(notes)
        .this_run(format!(
            "{}; peak {} in flight",
            seconds(run.wall),
            run.stats.peak_in_flight
        ))
        .ideal(format!(
            "{} ({} x {latency:?}); peak {}",
            ideal(at_once),
            pages.div_ceil(at_once.min(pages)),
            at_once.min(pages)
        ))
        .print();
    }
    let share = |run: &Measured| run.wall.as_secs_f64() / serial.wall.as_secs_f64();
    let ideal_share = |at_once: usize| 1.0 / at_once.min(pages) as f64;
    Figure::new("time of threads / async, all / async, bounded / processes, as a share of serial")
        .notes("0.26 / 0.18 / - / 0.40")
        .this_run(format!(
            "{:.3} / {:.3} / {:.3} / {:.3}",
            share(&threads),
            share(&all),
            share(&bounded),
            share(&processes)
        ))
        .ideal(format!(
            "{:.3} / {:.3} / {:.3} / {:.3}",
            ideal_share(workers),
            ideal_share(pages),
            ideal_share(limit),
            ideal_share(children)
        ))
        .print();

    // ANCHOR: asserts
    // What no load on the machine can fake: every page arrived whole and in its place, a page
    // never comes before its latency, and the server counted how many requests each way really
    // had in flight at once.
    for run in [&serial, &threads, &all, &bounded, &processes] {
        if let Err(wrong) = check_pages(&run.run.title, pages, &run.pages) {
            panic!("expected every page, in order: {wrong}");
        }
    }
    assert!(
        serial.wall >= latency * pages as u32,
        "expected the serial run to take at least {pages} x {latency:?}, it took {:?}",
        serial.wall
    );
    assert_eq!(
        serial.stats.peak_in_flight, 1,
        "expected one request at a time from one blocking client"
    );
    let peaks = [
        ("threads", &threads, workers),
        ("bounded tasks", &bounded, limit),
        ("processes", &processes, children),
    ];
    for (what, run, most) in peaks {
        let peak = run.stats.peak_in_flight;
        assert!(
            peak <= most,
            "expected at most {most} requests at once from the {what}, the server saw {peak}"
        );
        assert!(
            peak >= 2 || most.min(pages) == 1,
            "expected the {what} to have several requests in flight, the server saw {peak}"
        );
    }
    assert!(
        all.stats.peak_in_flight > workers.min(limit).min(pages - 1),
        "expected far more requests at once from {pages} tasks started together than from \
         {workers} threads or {limit} permits; the server saw {}",
        all.stats.peak_in_flight
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: every page arrived, in order, in all five runs; the serial run took");
    println!(
        "at least {pages} x {latency:?}, and each run had as many requests in flight as it allows."
    );
}

/// One line about a run: its time, and what the server saw.
fn report(run: &Measured) {
    let ok = run.pages.iter().filter(|page| page.is_ok()).count();
    println!(
        "   {ok} of {} pages in {}; the server saw {} requests on {} connection(s), at most {} at once\n",
        run.pages.len(),
        seconds(run.wall),
        run.stats.requests,
        run.stats.connections,
        run.stats.peak_in_flight
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    // The processes' run needs a child program, which the test harness is not: it is tested in
    // tests/download_pages.rs with the crate's `sync-vs-async-child` program.

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
}
