//! Lesson: the notes' uptime checker ("UptimeSquirrel") in every style they time: one site after
//! another, 4 worker threads on a queue, a pool of futures, one child process per core, and async
//! tasks with a bound of 4 (the notes' gevent pool). Each run must find exactly the sites the
//! server itself says are down.
//!
//! The notes check 33 real sites and measure 15.9 s serially. Here the local server plays the 33
//! sites (`src/sites.rs`): most answer in 5 to 25 ms, six are down (404, 500, a refused `HEAD`, one
//! too slow, two that never answer). The checker waits 150 ms for an answer and "notifies the
//! owner" of a site that is down with a 25 ms sleep (the notes' 0.5 s, scaled 1/20).
//!
//! Run: `cargo run --example uptime_checker` (try `-- --workers 8`, `-- --sites my-sites.txt`,
//! or `-- --svg uptime_checker.svg`).

use std::path::PathBuf;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Program};
use lesson_kit::{Chart, Figure, cores};
use local_server::LocalServer;
use thread_pools::child::ROLES;
use thread_pools::sites::{TIMEOUT, ideal, sites_to_check};
use thread_pools::uptime::measure::measure;
use thread_pools::uptime::processes::{CHECK_ROLE, processes};
use thread_pools::uptime::{async_tasks, down, pool_of_futures, serial, threads_and_queue};

const USAGE: &str = "\
The notes' uptime checker, five ways, against sites played by a local server.

usage: cargo run --example uptime_checker -- [--workers N] [--sites FILE] [--svg PATH]

  --workers N   workers of the threads, pool and async runs (default 4, like the notes; 1 to 64)
  --sites FILE  check these sites instead: one a line, http://host/path or a path of the local
                server (/page/3, /status/500, /hang, /get-only); # starts a comment
  --svg PATH    also draw the timeline as an SVG file
  -h, --help    show this text
";

/// The child processes' run is killed if it is not over after this long, and the lesson fails.
const LIMIT: Duration = Duration::from_secs(60);

fn main() {
    process::play_if_child(ROLES);
    let mut workers: usize = 4;
    let mut list: Option<PathBuf> = None;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("workers") => workers = cli::number(parser, "--workers", 1..=64)?,
            Arg::Long("sites") => list = Some(cli::value(parser, "--sites")?),
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let server = LocalServer::start(Duration::ZERO).expect("loopback is always there");
    let sites = sites_to_check(list.as_deref(), &server, TIMEOUT).unwrap_or_else(|error| {
        eprintln!("error: {error}");
        std::process::exit(2);
    });
    let children = cores();
    println!(
        "Checking {} sites with HEAD requests, a {TIMEOUT:?} timeout; {workers} workers.\n",
        sites.len()
    );

    // ANCHOR: five_runs
    let serial = measure("serial", &server, &sites, TIMEOUT, |t| {
        serial(&sites, TIMEOUT, t)
    });
    let queue = measure("threads+queue", &server, &sites, TIMEOUT, |t| {
        threads_and_queue(&sites, workers, TIMEOUT, t)
    });
    let pool = measure("pool", &server, &sites, TIMEOUT, |t| {
        pool_of_futures(&sites, workers, TIMEOUT, t)
    });
    let child = Program::this().role(CHECK_ROLE);
    let procs = measure("processes", &server, &sites, TIMEOUT, |t| {
        processes(&child, &sites, children, TIMEOUT, LIMIT, t)
            .unwrap_or_else(|error| panic!("the processes' run failed: {error}"))
    });
    let tasks = measure("async tasks", &server, &sites, TIMEOUT, |t| {
        async_tasks(&sites, workers, TIMEOUT, t)
    });
    // ANCHOR_END: five_runs

    Chart::new(format!("{} sites, {workers} workers", sites.len()))
        .run(serial.run.clone())
        .run(queue.run.clone())
        .run(pool.run.clone())
        .run(procs.run.clone())
        .run(tasks.run.stacked("task", workers))
        .show("uptime_checker", svg.as_deref());

    let runs = [
        ("serial", "15.9 s", &serial, 1),
        ("4 threads + Queue", "3.1 s", &queue, workers),
        ("ThreadPoolExecutor(4)", "1.8 s", &pool, workers),
        (
            "processes, one per core",
            "2.8 s (Pool(4))",
            &procs,
            children,
        ),
        ("gevent Pool(4)", "3.8 s", &tasks, workers),
    ];
    println!("\nThe down sites: {:?}", down(&sites, &serial.verdicts));
    for (what, notes, run, at_once) in runs {
        let ideal = list.is_none().then(|| ideal(at_once, TIMEOUT));
        run.figure(what, notes, ideal, at_once.min(sites.len()));
    }
    Figure::new("celery, 4 workers (chapter \"Beyond one machine\")")
        .notes("2.5 s")
        .this_run("-")
        .ideal("-")
        .print();

    // ANCHOR: asserts
    // Every style found the same sites down, and they are the ones the server itself failed: a
    // status of 400 or more, or no answer within the timeout.
    for (what, _, run, at_once) in runs {
        assert_eq!(
            down(&sites, &run.verdicts),
            down(&sites, &serial.verdicts),
            "expected the {what} run to find the same sites down as the serial run"
        );
        let disagreements = run.disagreements(&sites);
        assert!(disagreements.is_empty(), "{what}: {disagreements:?}");
        assert!(
            run.stats.peak_in_flight <= at_once,
            "expected at most {at_once} checks at once in the {what} run, the server saw {}",
            run.stats.peak_in_flight
        );
        if list.is_none() {
            assert!(
                run.wall >= ideal(at_once, TIMEOUT),
                "expected the {what} run to take at least {:?}, it took {:?}",
                ideal(at_once, TIMEOUT),
                run.wall
            );
        }
    }
    assert_eq!(
        serial.stats.heads, serial.stats.requests,
        "HEAD requests only"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: every style found the same sites down, the ones the server failed,");
    println!("never had more checks in flight than it allows, and took no less than the ideal.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use thread_pools::sites::ROOMY_TIMEOUT;
    use thread_pools::uptime::measure::on_notes_sites;

    #[test]
    fn a_queue_and_a_pool_of_futures_with_4_workers_do_the_same_work_the_same_way() {
        // The notes time these two at 3.1 s and 1.8 s; both are 4 threads taking one site at a
        // time, so the difference was the network's, not the API's.
        let (queue, pool) = std::thread::scope(|scope| {
            let queue = scope.spawn(|| on_notes_sites(|s, to, t| threads_and_queue(s, 4, to, t)));
            let pool = on_notes_sites(|s, to, t| pool_of_futures(s, 4, to, t));
            (queue.join().expect("the queue's run panicked"), pool)
        });
        for run in [&queue, &pool] {
            assert_eq!(run.run.lanes().len(), 4, "{:?}", run.run.lanes());
            assert_eq!(run.run.spans.len(), 33);
            assert!(run.stats.peak_in_flight <= 4 && run.wall >= ideal(4, ROOMY_TIMEOUT));
        }
        assert_eq!(queue.verdicts, pool.verdicts);
    }

    #[test]
    fn child_processes_share_out_the_sites_and_agree_with_the_server() {
        let child = Program::at(env!("CARGO_BIN_EXE_thread-pools-child")).role(CHECK_ROLE);
        let run = on_notes_sites(|sites, timeout, t| {
            processes(&child, sites, 4, timeout, LIMIT, t).unwrap()
        });
        assert!(run.stats.peak_in_flight <= 4, "{:?}", run.stats);
        let lanes = ["process-0", "process-1", "process-2", "process-3"];
        assert_eq!(run.run.lanes(), lanes);
    }
}
