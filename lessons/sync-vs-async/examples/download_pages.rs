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
use lesson_kit::process::{self, Program};
use lesson_kit::{Chart, Figure, cores, seconds};
use local_server::LocalServer;
use sync_vs_async::child::ROLES;
use sync_vs_async::downloads::processes::download_in_processes;
use sync_vs_async::downloads::ways::{self, Measured, measure, page_urls};
use sync_vs_async::downloads::{DOWNLOAD_ROLE, check_pages, one_thread_runtime};

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

/// The processes' run is killed if it is not over after this long, and the lesson fails.
const LIMIT: Duration = Duration::from_secs(120);

/// How many lanes the async runs' tasks are stacked into on the timeline.
const TASK_LANES: usize = 4;

fn main() {
    process::play_if_child(ROLES);
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
    serial.report();

    println!("2. On {workers} threads, each with its own blocking client:");
    let threads = measure("threads", &server, |timeline| {
        ways::threads(&urls, workers, TIMEOUT, timeline)
    });
    threads.report();

    println!("3. In {pages} async tasks on one thread, all at once, with one async client:");
    let all = measure("async, all at once", &server, |timeline| {
        one_thread_runtime().block_on(ways::all_at_once(&urls, TIMEOUT, timeline))
    });
    all.report();

    println!("4. In {pages} async tasks on one thread, at most {limit} requests at a time:");
    let bounded = measure("async, bounded", &server, |timeline| {
        one_thread_runtime().block_on(ways::bounded(&urls, limit, TIMEOUT, timeline))
    });
    bounded.report();

    println!(
        "5. In {children} child processes (copies of this program), each with its own client:"
    );
    let (base, child) = (server.url(""), Program::this().role(DOWNLOAD_ROLE));
    let processes = measure("processes", &server, |timeline| {
        download_in_processes(&child, &base, pages, children, TIMEOUT, LIMIT, timeline)
            .unwrap_or_else(|error| panic!("the processes' run failed: {error}"))
    });
    processes.report();
    // ANCHOR_END: five_runs

    Chart::new(format!("{pages} pages, each answered after {latency:?}"))
        .run(serial.run.clone())
        .run(threads.run.clone())
        .run(all.run.stacked("tasks", TASK_LANES))
        .run(bounded.run.stacked("tasks", TASK_LANES))
        .run(processes.run.clone())
        .show("download_pages", svg.as_deref());

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
