//! Lesson: the Russian lecture's sum of squares, for 20 numbers, four ways: serially, on
//! threads, on a rayon pool and in child processes. All four give exactly the same 20 sums.
//!
//! The lecture sums `i * i` for every `i` below `n`, for `n` = 5 000 000 to 5 000 019: 7.83 s
//! serially, 10.4 s on threads (slower: the GIL, and the threads fighting over it) and 2.52 s in
//! a `multiprocessing.Pool`. In Rust, threads, a rayon pool and processes all spread the numbers
//! over the cores. Integers are exact, so the four ways must agree to the last digit, as `u128`:
//! the sums pass `u64::MAX` (18 446 744 073 709 551 615) once `n` is above about 3 800 000.
//!
//! Run: `cargo run --example sum_of_squares` (try `-- --base 1000000`, `-- --workers 4`, or
//! `-- --svg sum_of_squares.svg`).

use std::path::PathBuf;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Program};
use lesson_kit::work::sum_of_squares;
use lesson_kit::{Chart, Figure, cores, seconds};
use processes::child::ROLES;
use processes::cpu::{Measured, squares_on_threads, work_only};
use processes::cpu::{SQUARES_ROLE, measure, run_children, squares_label, squares_launches};
use rayon::prelude::*;

const USAGE: &str = "\
The lecture's sum of squares below 20 numbers: serially, on threads, on rayon, in processes.

usage: cargo run --example sum_of_squares -- [--base N] [--workers N] [--svg PATH]

  --base N     the numbers are N to N+19 (default 5000000, like the lecture; 1 to 100000000)
  --workers N  threads, rayon threads and processes (default: the cores, at least 2; 1 to 64)
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
";

/// How many numbers, as in the lecture.
const NUMBERS: u64 = 20;

/// Only a stuck child could take this long; it is killed, and the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(600);

fn main() {
    process::play_if_child(ROLES);
    let mut base: u64 = 5_000_000;
    let mut workers = cores().max(2);
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("base") => base = cli::number(parser, "--base", 1..=100_000_000)?,
            Arg::Long("workers") => workers = cli::number(parser, "--workers", 1..=64)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let numbers: Vec<u64> = (base..base + NUMBERS).collect();
    let cores = cores();
    println!(
        "The sum of i*i below each of {base} to {} ({workers} workers, {cores} cores).",
        base + NUMBERS - 1
    );
    println!(
        "The lecture's numbers are 5000000 to 5000019: this run's scale is {:.3}.\n",
        base as f64 / 5e6
    );

    // ANCHOR: four_ways
    let serial = measure("serial", |timeline| {
        let each = |&n: &u64| timeline.record(squares_label(n), || sum_of_squares(0..n));
        numbers.iter().map(each).collect::<Vec<u128>>()
    });
    let threads = measure("threads", |timeline| {
        squares_on_threads(&numbers, workers, timeline)
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .thread_name(|i| format!("rayon-{i}"))
        .build()
        .expect("the OS refused to start rayon's threads");
    let rayon = measure("rayon", |timeline| {
        let each = |&n: &u64| timeline.record(squares_label(n), || sum_of_squares(0..n));
        pool.install(|| numbers.par_iter().map(each).collect::<Vec<u128>>())
    });
    let job = Program::this().role(SQUARES_ROLE);
    let processes = measure("processes", |timeline| {
        run_children::<u128>(squares_launches(&job, &numbers, workers), LIMIT, timeline)
            .unwrap_or_else(|error| panic!("the child processes failed: {error}"))
    });
    // ANCHOR_END: four_ways
    let runs = [
        ("serial", &serial),
        ("threads", &threads),
        ("rayon", &rayon),
        ("processes", &processes),
    ];
    println!("sum of squares below {base}: {}", serial.value[0]);
    println!("u64::MAX:                    {}\n", u64::MAX);

    let chart = Chart::new(format!("sums of squares, {workers} workers"));
    let chart = runs
        .iter()
        .fold(chart, |chart, (_, run)| chart.run(run.run.clone()));
    chart.show("sum_of_squares", svg.as_deref());

    let times: Vec<String> = runs.iter().map(|(_, run)| seconds(run.wall)).collect();
    let ideal = seconds(serial.wall / workers.min(cores) as u32);
    Figure::new("wall time of the 20 sums: serial / threads / rayon / processes")
        .notes("7.83 s / 10.4 s / - / 2.52 s (Pool; numbers 5000000 to 5000019)")
        .this_run(times.join(" / "))
        .ideal(format!(
            "{} / {ideal} / {ideal} / {ideal} (serial / min({workers}, {cores} cores))",
            seconds(serial.wall)
        ))
        .print();
    let share = |run: &Measured<Vec<u128>>| run.wall.as_secs_f64() / serial.wall.as_secs_f64();
    let parallel = 1.0 / workers.min(cores) as f64;
    Figure::new("time of threads / rayon / processes, as a share of serial")
        .notes("1.33 / - / 0.32 (the GIL: threads were slower than serial)")
        .this_run(format!(
            "{:.2} / {:.2} / {:.2}",
            share(&threads),
            share(&rayon),
            share(&processes)
        ))
        .ideal(format!(
            "{parallel:.2} / {parallel:.2} / {parallel:.2} (no GIL: every core works)"
        ))
        .print();

    // ANCHOR: asserts
    // Integers: every way gives the very same 20 sums, to the last digit.
    let closed = |n: u64| u128::from(n) * u128::from(n - 1) * u128::from(2 * n - 1) / 6;
    let expected: Vec<u128> = numbers.iter().map(|&n| closed(n)).collect();
    for (how, run) in runs {
        assert_eq!(
            run.value, expected,
            "expected the {how} sums to be n(n-1)(2n-1)/6"
        );
        let spans = work_only(&run.run).spans.len();
        assert_eq!(
            spans,
            numbers.len(),
            "expected one span per number in the {how} run"
        );
    }
    // Never a speed-up: proof that the threads' and the processes' sums ran at the same time.
    for run in [&threads.run, &processes.run] {
        let at_once = work_only(run).peak_overlap();
        assert!(
            workers == 1 || at_once >= 2,
            "expected {} to overlap: {at_once}",
            run.title
        );
    }
    // ANCHOR_END: asserts
    println!("\nAs expected: the four ways gave the same 20 sums, equal to n(n-1)(2n-1)/6,");
    println!("and the threads' and the processes' sums ran at the same time.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_rayon_and_processes_give_exactly_the_serial_sums() {
        // The lecture's numbers scaled by 1/25: about 5 ms a sum in a debug build.
        let numbers: Vec<u64> = (200_000..200_000 + NUMBERS).collect();
        let serial: Vec<u128> = numbers.iter().map(|&n| sum_of_squares(0..n)).collect();
        let threads = measure("threads", |t| squares_on_threads(&numbers, 2, t));
        let rayon: Vec<u128> = numbers.par_iter().map(|&n| sum_of_squares(0..n)).collect();
        let job = Program::at(env!("CARGO_BIN_EXE_processes-child")).role(SQUARES_ROLE);
        let launches = squares_launches(&job, &numbers, 2);
        let processes = measure("processes", |t| {
            run_children::<u128>(launches, LIMIT, t).unwrap()
        });
        assert_eq!(threads.value, serial);
        assert_eq!(rayon, serial);
        assert_eq!(processes.value, serial);
        assert_eq!(threads.run.lanes(), ["thread-0", "thread-1"]);
        assert_eq!(work_only(&processes.run).spans.len(), 20);
        assert_eq!(processes.run.lanes(), ["process-0", "process-1"]);
    }
}
