//! Lesson: the notes' `only_sleep` ×4, serially, on 4 threads and in 4 processes.
//!
//! A sleeping thread needs no core: it only waits for a timer. So 4 sleeps on 4 threads end
//! together, after one sleep, on any number of cores, and 4 processes do the same, plus the time
//! it takes to start them. The notes measured 4.02 s, 1.00 s and 1.01 s for sleeps of 1 s; this
//! lesson sleeps 100 ms (1 s in the notes is 100 ms here). Like the notes, each job prints its
//! process id, its process and its thread.
//!
//! Run: `cargo run --example only_sleep` (try `-- --workers 8`, or `-- --svg only_sleep.svg`).

use std::path::PathBuf;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Program};
use lesson_kit::{Chart, Figure, cores, seconds};
use threads::child::ROLES;
use threads::compare::{self, measure, only};
use threads::processes::{print_children, run_processes};
use threads::work::only_sleep;

const USAGE: &str = "\
The notes' only_sleep, 4 times: serially, on threads, and in child processes.

usage: cargo run --example only_sleep -- [--workers N] [--unit-ms MS] [--svg PATH]

  --workers N   how many sleeps, threads and processes (default 4, from 1 to 32)
  --unit-ms MS  how long one sleep lasts, in ms (default 100, from 10 to 2000)
  --svg PATH    also draw the timeline as an SVG file
  -h, --help    show this text
";

/// The label of every sleep on the timeline, and the role of a child process that sleeps.
const LABEL: &str = threads::child::SLEEP;

/// Only a stuck child could take this long; it is killed, and the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(60);

fn main() {
    process::play_if_child(ROLES);
    let mut workers: usize = 4;
    let mut unit_ms: u64 = 100;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("workers") => workers = cli::number(parser, "--workers", 1..=32)?,
            Arg::Long("unit-ms") => unit_ms = cli::number(parser, "--unit-ms", 10..=2000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let unit = Duration::from_millis(unit_ms);
    let cores = cores();
    println!(
        "{workers} sleeps of {unit:?} each (the notes' 1 s is {unit:?} here); {cores} cores seen.\n"
    );

    // ANCHOR: three_ways
    println!("1. Serially, on the main thread:");
    let serial = measure("serial", |timeline| {
        compare::serial(workers, LABEL, timeline, || only_sleep(unit));
    });
    println!("   serial time: {}\n", seconds(serial.wall));

    println!("2. On {workers} threads:");
    let threads = measure("threads", |timeline| {
        compare::threads(workers, LABEL, timeline, || only_sleep(unit));
    });
    println!("   threads time: {}\n", seconds(threads.wall));

    println!("3. In {workers} child processes (copies of this program):");
    let sleeper = Program::this().role(LABEL).arg("--unit-ms", unit_ms);
    let processes = measure("processes", |timeline| {
        run_processes(workers, &sleeper, LIMIT, timeline)
            .unwrap_or_else(|error| panic!("the child processes failed: {error}"))
    });
    print_children(&processes.value);
    println!("   processes time: {}\n", seconds(processes.wall));
    // ANCHOR_END: three_ways

    Chart::new(format!("{workers} x only_sleep({unit:?})"))
        .run(serial.run.clone())
        .run(threads.run.clone())
        .run(processes.run.clone())
        .show("only_sleep", svg.as_deref());

    let ratio = |wall: Duration| wall.as_secs_f64() / serial.wall.as_secs_f64();
    Figure::new(format!(
        "wall time of {workers} sleeps: serial / threads / processes"
    ))
    .notes("4.02 s / 1.00 s / 1.01 s (4 sleeps of 1 s)")
    .this_run(format!(
        "{} / {} / {} ({workers} sleeps of {unit:?})",
        seconds(serial.wall),
        seconds(threads.wall),
        seconds(processes.wall)
    ))
    .ideal(format!(
        "{} / {} / {} (sleeps need no core, so {cores} cores are enough)",
        seconds(unit * workers as u32),
        seconds(unit),
        seconds(unit)
    ))
    .print();
    Figure::new("time of threads / processes, as a share of serial")
        .notes("0.25 / 0.25")
        .this_run(format!(
            "{:.2} / {:.2}",
            ratio(threads.wall),
            ratio(processes.wall)
        ))
        .ideal(format!(
            "{:.2} / {:.2}",
            1.0 / workers as f64,
            1.0 / workers as f64
        ))
        .print();

    // ANCHOR: asserts
    // What no load on the machine can fake: a sleep never ends early, one thread sleeps one
    // sleep at a time, and the threads' and the processes' sleeps were all under way at once.
    let sleeps = [&serial.run, &threads.run, &only(&processes.run, LABEL)]
        .into_iter()
        .flat_map(|run| only(run, LABEL).spans)
        .collect::<Vec<_>>();
    assert!(
        sleeps.len() == 3 * workers && sleeps.iter().all(|span| span.length() >= unit),
        "expected {} sleeps of at least {unit:?}, got {sleeps:?}",
        3 * workers
    );
    assert!(
        serial.wall >= unit * workers as u32,
        "expected the serial run to take at least {workers} x {unit:?}, it took {:?}",
        serial.wall
    );
    assert_eq!(
        serial.run.peak_overlap(),
        1,
        "expected the serial sleeps one after another"
    );
    assert_eq!(
        threads.run.peak_overlap(),
        workers,
        "expected all {workers} threads asleep at once: {:?}",
        threads.run
    );
    assert_eq!(
        only(&processes.run, LABEL).peak_overlap(),
        workers,
        "expected all {workers} processes asleep at once: {:?}",
        processes.run
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: every sleep lasted at least {unit:?}; the serial ones came one after");
    println!(
        "another, and all {workers} threads and all {workers} processes slept at the same time."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    // The processes' run needs a child program, which the test harness is not: it is tested in
    // tests/lessons/processes.rs with the crate's `threads-child` program.

    #[test]
    fn threads_sleep_together_and_serial_sleeps_one_after_another() {
        let unit = Duration::from_millis(100);
        for workers in [1, 4, 8] {
            let serial = measure("serial", |timeline| {
                compare::serial(workers, LABEL, timeline, || only_sleep(unit));
            });
            // The threads meet before they sleep, so that a thread the system starts late
            // (it happens on a loaded machine) still sleeps while the others do: the test
            // asserts that threads sleep together, not how fast the system starts them.
            let together = std::sync::Barrier::new(workers);
            let threads = measure("threads", |timeline| {
                compare::threads(workers, LABEL, timeline, || {
                    together.wait();
                    only_sleep(unit)
                });
            });
            assert_eq!(serial.run.peak_overlap(), 1);
            assert_eq!(serial.run.lanes(), ["main"]);
            assert_eq!(threads.run.peak_overlap(), workers, "{:?}", threads.run);
            assert_eq!(threads.run.lanes().len(), workers);
            assert!(serial.wall >= unit * workers as u32, "{:?}", serial.wall);
            assert!(threads.wall >= unit, "{:?}", threads.wall);
            for span in serial.run.spans.iter().chain(&threads.run.spans) {
                assert!(span.length() >= unit, "{span:?}");
            }
        }
    }
}
