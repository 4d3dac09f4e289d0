//! Lesson: the notes' square roots, cut into one range per core and summed serially, on threads
//! and in child processes. In Rust, threads use every core just as processes do.
//!
//! The notes take the square roots of 1 to 50 000 000 in `cpu_count()` ranges: 8 s on threads,
//! 1.5 s in a process `Pool`. Python's GIL lets one thread at a time run Python code, so only
//! processes used the other cores. Rust threads are the system's threads with no such lock: both
//! ways take about 1/cores of the serial time. Rust is also much faster per root, so the default
//! here is 1 to 30 000 000 (printed), which still lasts long enough to see.
//!
//! Run: `cargo run --example square_roots` (try `-- --count 100000000`, `-- --parts 8`, or
//! `-- --svg square_roots.svg`).

use std::path::PathBuf;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::meeting::Meeting;
use lesson_kit::process::{self, Program};
use lesson_kit::{Chart, Figure, cores, seconds};
use processes::child::ROLES;
use processes::cpu::{
    ROOTS_ROLE, close, measure, roots_label, roots_launches, roots_on_threads, run_children,
    sum_of_roots, work_only,
};
use processes::split::split;

const USAGE: &str = "\
The notes' sum of square roots: serially, on threads and in processes, one range per core.

usage: cargo run --example square_roots -- [--count N] [--parts N] [--svg PATH]

  --count N   sum the roots of 1 to N (default 30000000, from 1000 to 10000000000)
  --parts N   how many ranges, threads and processes (default: the cores, at least 2; 1 to 64)
  --svg PATH  also draw the timeline as an SVG file
  -h, --help  show this text
";

/// Only a stuck child could take this long; it is killed, and the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(600);

fn main() {
    process::play_if_child(ROLES);
    let mut count: u64 = 30_000_000;
    let mut parts = cores().max(2);
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("count") => count = cli::number(parser, "--count", 1_000..=10_000_000_000)?,
            Arg::Long("parts") => parts = cli::number(parser, "--parts", 1..=64)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let cores = cores();
    // ANCHOR: ranges
    // Whole-number bounds, each computed from the total: every number in exactly one range.
    let ranges = split(1..count + 1, parts);
    // ANCHOR_END: ranges
    println!("The square roots of 1 to {count} (the notes: 1 to 50000000), in {parts} ranges:");
    println!("{ranges:?}; {cores} cores seen.\n");

    // ANCHOR: three_ways
    let serial = measure("serial", |timeline| {
        let _span = timeline.begin("main", roots_label(&(1..count + 1)));
        sum_of_roots(1..count + 1)
    });
    let meeting = Meeting::new(parts, Duration::from_secs(5));
    let threads = measure("threads", |timeline| {
        roots_on_threads(&ranges, &meeting, timeline)
    });
    let job = Program::this().role(ROOTS_ROLE);
    let processes = measure("processes", |timeline| {
        run_children::<f64>(roots_launches(&job, &ranges), LIMIT, timeline)
            .unwrap_or_else(|error| panic!("the child processes failed: {error}"))
    });
    // ANCHOR_END: three_ways
    let sum = |parts: &[f64]| parts.iter().sum::<f64>();
    println!("serial:    {} in {}", serial.value, seconds(serial.wall));
    println!(
        "threads:   {} in {}",
        sum(&threads.value),
        seconds(threads.wall)
    );
    println!(
        "processes: {} in {}\n",
        sum(&processes.value),
        seconds(processes.wall)
    );

    Chart::new(format!("square roots of 1 to {count}, {parts} ranges"))
        .run(serial.run.clone())
        .run(threads.run.clone())
        .run(processes.run.clone())
        .show("square_roots", svg.as_deref());

    let share = |wall: Duration| wall.as_secs_f64() / serial.wall.as_secs_f64();
    let ideal = 1.0 / parts.min(cores) as f64;
    Figure::new("time on threads / in processes, as a share of the serial time")
        .notes("1.00 / 0.19 (8 s on threads, 1.5 s in a Pool; Python's GIL)")
        .this_run(format!(
            "{:.2} / {:.2}",
            share(threads.wall),
            share(processes.wall)
        ))
        .ideal(format!(
            "{ideal:.2} / {ideal:.2} (1/min({parts} ranges, {cores} cores))"
        ))
        .print();

    // ANCHOR: asserts
    // The same numbers added in another order: equal up to the last bits, never exactly.
    for (how, parts) in [("threads", &threads.value), ("processes", &processes.value)] {
        assert!(
            close(sum(parts), serial.value),
            "expected the {how} to sum to {} (within 1e-9), got {}",
            serial.value,
            sum(parts)
        );
    }
    // Never a speed-up: proof that the ranges really ran at the same time.
    assert!(
        meeting.outcome().met,
        "expected the {parts} threads to meet"
    );
    for run in [&threads.run, &processes.run] {
        let at_once = work_only(run).peak_overlap();
        assert!(
            parts == 1 || at_once >= 2,
            "expected the {} ranges to overlap, got at most {at_once} at once",
            run.title
        );
    }
    // ANCHOR_END: asserts
    println!("\nAs expected: three sums equal within 1e-9, and the threads' ranges and the");
    println!("processes' ranges ran at the same time. No GIL: threads did what processes did.");
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHILD: &str = env!("CARGO_BIN_EXE_processes-child");

    #[test]
    fn threads_and_processes_sum_the_same_roots_as_one_loop_and_overlap() {
        // About 40 ms per range in a debug build: long enough that two ranges surely overlap.
        let (count, parts) = (6_000_000, 2);
        let ranges = split(1..count + 1, parts);
        let serial = sum_of_roots(1..count + 1);
        let meeting = Meeting::new(parts, Duration::from_secs(5));
        let threads = measure("threads", |t| roots_on_threads(&ranges, &meeting, t));
        let job = Program::at(CHILD).role(ROOTS_ROLE);
        let launches = roots_launches(&job, &ranges);
        let processes = measure("processes", |t| {
            run_children::<f64>(launches, LIMIT, t).unwrap()
        });
        for parts in [&threads.value, &processes.value] {
            assert_eq!(parts.len(), 2);
            let sum: f64 = parts.iter().sum();
            assert!(close(sum, serial), "{sum} vs {serial}");
        }
        assert!(meeting.outcome().met);
        assert!(
            work_only(&threads.run).peak_overlap() >= 2,
            "{:?}",
            threads.run
        );
        let processes_work = work_only(&processes.run);
        assert!(processes_work.peak_overlap() >= 2, "{processes_work:?}");
        assert_eq!(processes.run.lanes(), ["process-0", "process-1"]);
    }
}
