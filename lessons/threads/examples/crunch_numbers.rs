//! Lesson: the notes' `crunch_numbers` ×4, serially, on 4 threads and in 4 processes. In Rust,
//! threads speed up CPU work just as processes do.
//!
//! The notes count to 10 000 000 four times and measure 2.71 s serially, 2.70 s on 4 threads
//! and 0.80 s in 4 processes: Python's GIL lets one thread at a time run Python code, so threads
//! gain nothing on CPU work. Rust has no GIL. Its threads are the operating system's threads,
//! and each can run on its own core, so 4 threads take 1/min(4, cores) of the serial time, like
//! 4 processes. A debug build of Rust counts far faster than CPython, so this lesson counts to
//! 60 000 000 (6 times the notes' count) to make the work last long enough to see.
//!
//! Run: `cargo run --example crunch_numbers` (try `-- --workers 8`, or `-- --svg crunch.svg`).

use std::path::PathBuf;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Program};
use lesson_kit::work::crunch_numbers;
use lesson_kit::{Chart, Figure, cores, seconds};
use threads::child::ROLES;
use threads::compare::{self, measure, only};
use threads::processes::{print_children, run_processes};

const USAGE: &str = "\
The notes' crunch_numbers, 4 times: serially, on threads, and in child processes.

usage: cargo run --example crunch_numbers -- [--workers N] [--count N] [--svg PATH]

  --workers N  how many jobs, threads and processes (default 4, from 1 to 32)
  --count N    how far each job counts (default 60000000, from 1000 to 10000000000)
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
";

/// The label of every job on the timeline, and the role of a child process that counts.
const LABEL: &str = threads::child::CRUNCH;

/// Only a stuck child could take this long; it is killed, and the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(600);

fn main() {
    process::play_if_child(ROLES);
    let mut workers: usize = 4;
    let mut count: u64 = 60_000_000;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("workers") => workers = cli::number(parser, "--workers", 1..=32)?,
            Arg::Long("count") => count = cli::number(parser, "--count", 1_000..=10_000_000_000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let cores = cores();
    println!(
        "{workers} jobs, each counting to {count} (the notes count to 10000000); {cores} cores seen.\n"
    );

    // ANCHOR: three_ways
    println!("1. Serially, on the main thread:");
    let serial = measure("serial", |timeline| {
        compare::serial(workers, LABEL, timeline, || crunch_numbers(count))
    });
    check_results("serial", &serial.value, workers, count);
    println!("   serial time: {}\n", seconds(serial.wall));

    println!("2. On {workers} threads:");
    let threads = measure("threads", |timeline| {
        compare::threads(workers, LABEL, timeline, || crunch_numbers(count))
    });
    check_results("threads", &threads.value, workers, count);
    println!("   threads time: {}\n", seconds(threads.wall));

    println!("3. In {workers} child processes (copies of this program):");
    let cruncher = Program::this().role(LABEL).arg("--count", count);
    let processes = measure("processes", |timeline| {
        run_processes(workers, &cruncher, LIMIT, timeline)
            .unwrap_or_else(|error| panic!("the child processes failed: {error}"))
    });
    print_children(&processes.value);
    let results: Vec<u64> = processes.value.iter().map(|child| child.result).collect();
    check_results("processes", &results, workers, count);
    println!("   processes time: {}\n", seconds(processes.wall));
    // ANCHOR_END: three_ways

    Chart::new(format!("{workers} x crunch_numbers({count})"))
        .run(serial.run.clone())
        .run(threads.run.clone())
        .run(processes.run.clone())
        .show("crunch_numbers", svg.as_deref());

    // The ideal: the jobs spread over min(workers, cores) cores.
    let parallel = workers.min(cores);
    let ideal = serial.wall / parallel as u32;
    let ratio = |wall: Duration| wall.as_secs_f64() / serial.wall.as_secs_f64();
    Figure::new(format!(
        "wall time of {workers} jobs: serial / threads / processes"
    ))
    .notes("2.71 s / 2.70 s / 0.80 s (4 jobs counting to 10000000)")
    .this_run(format!(
        "{} / {} / {} ({workers} jobs counting to {count})",
        seconds(serial.wall),
        seconds(threads.wall),
        seconds(processes.wall)
    ))
    .ideal(format!(
        "{} / {} / {} (serial / min({workers} jobs, {cores} cores))",
        seconds(serial.wall),
        seconds(ideal),
        seconds(ideal)
    ))
    .print();
    Figure::new("time of threads / processes, as a share of serial")
        .notes("1.00 / 0.30 (the GIL: threads run Python one at a time)")
        .this_run(format!(
            "{:.2} / {:.2}",
            ratio(threads.wall),
            ratio(processes.wall)
        ))
        .ideal(format!(
            "{:.2} / {:.2} (1/{parallel}: Rust threads run on every core)",
            1.0 / parallel as f64,
            1.0 / parallel as f64
        ))
        .print();

    // ANCHOR: asserts
    // A speed-up is printed, never asserted: another program can take the cores at any moment.
    // What cannot be faked: every job counted all the way, and the threads' jobs and the
    // processes' jobs were under way at the same time.
    let overlap = |run: &lesson_kit::timeline::Run| only(run, LABEL).peak_overlap();
    assert_eq!(
        overlap(&serial.run),
        1,
        "expected the serial jobs one after another"
    );
    assert!(
        workers == 1 || overlap(&threads.run) >= 2,
        "expected the threads' jobs to overlap: {:?}",
        threads.run
    );
    assert!(
        workers == 1 || overlap(&processes.run) >= 2,
        "expected the processes' jobs to overlap: {:?}",
        processes.run
    );
    // ANCHOR_END: asserts
    println!(
        "\nAs expected: all {} jobs counted to {count}; the threads' jobs overlapped ({} at once at most),",
        3 * workers,
        overlap(&threads.run)
    );
    println!(
        "and so did the processes' ({} at once). On {cores} cores, threads took {:.2} of the serial time.",
        overlap(&processes.run),
        ratio(threads.wall)
    );
}

/// Every job must have counted to `count`: the same result however the jobs were run.
fn check_results(how: &str, results: &[u64], workers: usize, count: u64) {
    assert!(
        results.len() == workers && results.iter().all(|&result| result == count),
        "expected {workers} jobs {how} each to count to {count}, got {results:?}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    // The processes' run needs a child program, which the test harness is not: it is tested in
    // tests/lessons/processes.rs with the crate's `threads-child` program.

    #[test]
    fn threads_and_serial_get_the_same_results_and_only_threads_overlap() {
        // Long enough (about 80 ms each in a debug build) that the threads surely overlap.
        let count = 30_000_000;
        let serial = measure("serial", |timeline| {
            compare::serial(4, LABEL, timeline, || crunch_numbers(count))
        });
        let threads = measure("threads", |timeline| {
            compare::threads(4, LABEL, timeline, || crunch_numbers(count))
        });
        assert_eq!(serial.value, [count; 4]);
        assert_eq!(threads.value, [count; 4]);
        assert_eq!(serial.run.peak_overlap(), 1);
        assert!(threads.run.peak_overlap() >= 2, "{:?}", threads.run);
        assert_eq!(
            threads.run.lanes(),
            ["thread-0", "thread-1", "thread-2", "thread-3"]
        );
    }
}
