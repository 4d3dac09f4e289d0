//! Lesson: one busy thread keeps one core busy; N busy threads keep N cores busy.
//!
//! The notes run an endless counting loop in Python and watch the system monitor: 1 of the
//! machine's 14 cores is busy, the other 13 idle. A thread runs on one core at a time, so one
//! thread can never use more. This lesson measures it instead of watching: each spinning thread
//! reads its own CPU clock (the time it really ran on a core), and the sum of the threads' CPU
//! time divided by the wall time is the number of cores that were busy on average. One spinning
//! thread, then one per core.
//!
//! Scale: the notes' loop ran until stopped; here each run spins for 300 ms.
//!
//! Run: `cargo run --example busy_cores` (try `-- --threads 4 --millis 1000`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use foundations::busy::Busy;
use foundations::workers::on_threads;
use foundations::{spin_for, thread_cpu_time};
use lesson_kit::cli::{self, Arg};
use lesson_kit::{Chart, Figure, Timeline, cores};

const USAGE: &str = "\
One busy thread keeps one core busy; N busy threads keep N cores busy.

usage: cargo run --example busy_cores -- [--threads N] [--millis M] [--svg PATH]

  --threads N  how many threads spin in the second run (default: one per core, from 1 to 64)
  --millis M   how long each run spins, in milliseconds (default 300, from 10 to 10000)
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
";

// ANCHOR: spin
/// Starts `threads` threads that each spin for `wall`, and measures the CPU time each one got.
fn spin_on(threads: usize, wall: Duration, title: &str) -> Busy {
    let timeline = Timeline::new();
    let started = Instant::now();
    // Threads named spinner-0, spinner-1, ...: see src/workers.rs.
    let cpu = on_threads("spinner", threads, |_number| {
        let before = thread_cpu_time();
        timeline.record("spin", || spin_for(wall));
        // Only the time this thread ran on a core; waiting for one is not counted.
        thread_cpu_time() - before
    });
    Busy {
        wall: started.elapsed(),
        cpu,
        run: timeline.finish(title),
    }
}
// ANCHOR_END: spin

fn main() {
    let cores = cores();
    let mut threads = cores;
    let mut millis: u64 = 300;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("threads") => threads = cli::number(parser, "--threads", 1..=64)?,
            Arg::Long("millis") => millis = cli::number(parser, "--millis", 10..=10_000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let wall = Duration::from_millis(millis);

    println!("This machine has {cores} cores. Each run spins for {millis} ms.\n");
    println!("1. One thread spins, like the notes' endless loop.");
    let one = spin_on(1, wall, "1 thread");
    println!(
        "   CPU time {:.0} ms in {:.0} ms of wall time: {:.2} cores busy",
        one.cpu[0].as_secs_f64() * 1000.0,
        one.wall.as_secs_f64() * 1000.0,
        one.cores_busy()
    );

    println!("\n2. {threads} threads spin at the same time.");
    let many = spin_on(threads, wall, &format!("{threads} threads"));
    for (number, cpu) in many.cpu.iter().enumerate() {
        println!(
            "   spinner-{number}: CPU time {:.0} ms",
            cpu.as_secs_f64() * 1000.0
        );
    }
    println!(
        "   in {:.0} ms of wall time: {:.2} cores busy",
        many.wall.as_secs_f64() * 1000.0,
        many.cores_busy()
    );

    Figure::new("cores kept busy (CPU time / wall time)")
        .notes("1 of 14 (one Python loop)")
        .this_run(format!(
            "1 thread: {:.2} of {cores}; {threads} threads: {:.2} of {cores}",
            one.cores_busy(),
            many.cores_busy()
        ))
        .ideal(format!(
            "1 thread: 1 of {cores}; {threads} threads: {} of {cores}",
            threads.min(cores)
        ))
        .print();

    let chart = Chart::new("spinning threads")
        .run(one.run.clone())
        .run(many.run.clone());
    println!();
    chart.show("busy_cores", svg.as_deref());

    for busy in [&one, &many] {
        if let Err(broken) = busy.within_limits(cores) {
            panic!("expected each thread to use at most one core, but {broken}");
        }
    }
    // Wall time is honest only on an idle machine: when other programs hold the cores, the
    // spinners wait for them, and fewer cores look busy. So this is reported, not asserted.
    if threads > 1 && cores > 1 && many.cores_busy() < 1.2 {
        println!(
            "\nOther programs held the cores during this run; try again on a quieter machine."
        );
    }
    println!(
        "\nAs expected: one thread kept at most one core busy; {threads} threads kept up to {} busy.",
        threads.min(cores)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_spinning_thread_never_keeps_more_than_one_core_busy() {
        for _ in 0..3 {
            let one = spin_on(1, Duration::from_millis(50), "1 thread");
            assert!(one.cores_busy() <= 1.05, "{one:?}");
            assert_eq!(one.within_limits(cores()), Ok(()));
            assert_eq!(one.run.lanes(), ["spinner-0"]);
        }
    }

    #[test]
    fn many_spinning_threads_stay_within_their_number_and_the_cores() {
        let many = spin_on(4, Duration::from_millis(50), "4 threads");
        assert_eq!(many.within_limits(cores()), Ok(()));
        assert_eq!(many.cpu.len(), 4);
        assert_eq!(
            many.run.lanes(),
            ["spinner-0", "spinner-1", "spinner-2", "spinner-3"]
        );
        // Every spinner spun for its whole time: the spans last at least 50 ms each.
        assert!(
            many.run
                .spans
                .iter()
                .all(|span| span.length() >= Duration::from_millis(50))
        );
    }
}
