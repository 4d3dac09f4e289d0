//! Lesson: which tokio runtime is faster depends on the work. The notes say that uvloop, an event
//! loop written in C, makes asyncio 2–4 times faster. Rust's nearest choice is the runtime:
//! tokio's current-thread runtime runs every task on one thread; its multi-thread runtime runs
//! them on one worker thread per core. This lesson runs three workloads on both:
//!
//! 1. ping-pong between two tasks: only one can run at a time, so one thread wins;
//! 2. tasks doing CPU work between awaits: the multi-thread runtime uses every core;
//! 3. tasks that only sleep: waiting needs no core, so it is a tie.
//!
//! It asserts what no busy machine can fake: the same results on both runtimes, every task on one
//! thread on the current-thread runtime, several threads on the multi-thread runtime, and two tasks
//! that meet (`lesson_kit::meeting`) only on the multi-thread runtime. Speed-ups are printed.
//! The notes' seconds are milliseconds here.
//!
//! Run: `cargo run --example runtime_flavors` (try `-- --tasks 16`, or `-- --svg flavors.svg`).

use std::path::PathBuf;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Chart, cores};
use sync_vs_async::basics::ms;
use sync_vs_async::runtimes::flavors::{
    Flavor, PIECES, STEPS, cpu_run, measure, meet, ping_pong, report_cpu, report_ping_pong,
    report_sleeps, sleeps,
};

const USAGE: &str = "\
The same three workloads on tokio's current-thread and multi-thread runtimes.

usage: cargo run --example runtime_flavors -- [--rounds N] [--tasks N] [--svg PATH]

  --rounds N   ping-pong rounds between two tasks (default 20000, from 1 to 10000000)
  --tasks N    CPU tasks, 10 pieces of work each (default 8, from 1 to 256)
  --svg PATH   also draw the CPU tasks' timeline as an SVG file
  -h, --help   show this text
";

const SLEEPERS: usize = 1_000;
const PAUSE: Duration = Duration::from_millis(50);
/// How long a task at the meeting waits for the other; on one thread it waits all of it.
const PATIENCE: Duration = Duration::from_millis(500);

fn main() {
    let (mut rounds, mut tasks, mut svg) = (20_000, 8, None::<PathBuf>);
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("rounds") => rounds = cli::number(parser, "--rounds", 1..=10_000_000)?,
            Arg::Long("tasks") => tasks = cli::number(parser, "--tasks", 1..=256)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let cores = cores();
    let current = Flavor::CurrentThread.runtime(cores);
    let multi = Flavor::MultiThread.runtime(cores);
    println!(
        "Two runtimes: current-thread (1 thread) and multi-thread ({cores} workers, one per core).\n"
    );

    // ANCHOR: ping_pong_both
    println!("1. Ping-pong: two tasks pass a number back and forth {rounds} times.");
    let pp_current = measure(&current, ping_pong(rounds));
    let pp_multi = measure(&multi, ping_pong(rounds));
    // ANCHOR_END: ping_pong_both
    report_ping_pong(&pp_current, &pp_multi);

    // ANCHOR: cpu_both
    println!(
        "\n2. CPU work: {tasks} tasks, each {PIECES} pieces of counting to {STEPS}, awaiting between pieces."
    );
    let (cpu_current, run_current) = cpu_run(&current, Flavor::CurrentThread, tasks);
    let (cpu_multi, run_multi) = cpu_run(&multi, Flavor::MultiThread, tasks);
    // ANCHOR_END: cpu_both
    let both = [(&cpu_current, &run_current), (&cpu_multi, &run_multi)];
    report_cpu(tasks, cores, both);
    Chart::new(format!("{tasks} CPU tasks on the two runtimes"))
        .run(run_current.clone())
        .run(run_multi.clone())
        .show("runtime_flavors", svg.as_deref());

    let pause = ms(PAUSE);
    println!("\n3. Waiting: {SLEEPERS} tasks each sleep {pause} once.");
    let sleep_current = measure(&current, sleeps(SLEEPERS, PAUSE));
    let sleep_multi = measure(&multi, sleeps(SLEEPERS, PAUSE));
    report_sleeps(PAUSE, &sleep_current, &sleep_multi);

    // ANCHOR: meeting
    println!(
        "\n4. Can two tasks run at the same moment? Each waits for the other, up to {}.",
        ms(PATIENCE)
    );
    let met_current = meet(&current, PATIENCE);
    let met_multi = meet(&multi, PATIENCE);
    // ANCHOR_END: meeting
    println!("   current-thread: {met_current:?}\n   multi-thread:   {met_multi:?}");

    // ANCHOR: asserts
    // Speed-ups are printed, never asserted: two busy programs on this machine can erase the
    // multi-thread runtime's lead on CPU work. What holds on any machine:
    assert_eq!(
        (pp_current.result, pp_multi.result),
        (rounds, rounds),
        "expected the ball to be passed {rounds} times on both runtimes"
    );
    assert_eq!(
        cpu_current.result, cpu_multi.result,
        "expected the same sums from the CPU tasks on both runtimes"
    );
    assert_eq!(
        run_current.lanes().len(),
        1,
        "expected every CPU task on the current-thread runtime to run on one thread, got {:?}",
        run_current.lanes()
    );
    assert!(
        cores < 2 || run_multi.lanes().len() >= 2,
        "expected the CPU tasks to spread over several worker threads, got {:?}",
        run_multi.lanes()
    );
    assert!(
        sleep_current.result == SLEEPERS && sleep_multi.result == SLEEPERS,
        "expected all {SLEEPERS} tasks asleep at once on both runtimes, got {} and {}",
        sleep_current.result,
        sleep_multi.result
    );
    assert!(
        sleep_current.took >= PAUSE && sleep_multi.took >= PAUSE,
        "a sleep never ends early, yet the sleepers took {:?} and {:?}",
        sleep_current.took,
        sleep_multi.took
    );
    assert!(
        !met_current.met,
        "two tasks met on one thread: {met_current:?}"
    );
    assert!(
        cores < 2 || (met_multi.met && met_multi.threads == 2),
        "expected two tasks to meet on two worker threads, got {met_multi:?}"
    );
    // ANCHOR_END: asserts
    println!(
        "\nAs expected: the same results on both runtimes; the current-thread runtime ran every task on one\n\
         thread, the multi-thread runtime on {} threads, and only there could two tasks meet.",
        run_multi.lanes().len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ping_pong_passes_the_ball_every_round_on_both_runtimes() {
        for flavor in Flavor::BOTH {
            let rounds = measure(&flavor.runtime(2), ping_pong(5_000)).result;
            assert_eq!(rounds, 5_000, "{flavor:?}");
        }
    }

    #[test]
    fn cpu_tasks_stay_on_one_thread_or_spread_over_the_workers() {
        let (one, two) = (Flavor::CurrentThread, Flavor::MultiThread);
        let (current, run_current) = cpu_run(&one.runtime(2), one, 4);
        let (multi, run_multi) = cpu_run(&two.runtime(2), two, 4);
        assert_eq!(current.result, multi.result);
        assert_eq!(current.result, vec![piece_sum() * u64::from(PIECES); 4]);
        assert_eq!(run_current.lanes().len(), 1, "{:?}", run_current.lanes());
        assert_eq!(run_multi.lanes(), ["worker-0", "worker-1"]);
        assert_eq!(run_multi.spans.len(), 4 * PIECES as usize);
    }

    /// What one piece of work computes: the sum of i * i for i < STEPS, in closed form, kept
    /// to its low 64 bits like the tasks' sums.
    fn piece_sum() -> u64 {
        let n = u128::from(STEPS);
        (n * n.saturating_sub(1) * (2 * n).saturating_sub(1) / 6) as u64
    }

    #[test]
    fn only_the_multi_thread_runtime_lets_two_tasks_meet() {
        // On one thread the first task waits out its patience alone, whatever the patience:
        // a short one keeps the test short. On two workers they meet in microseconds, so a
        // long patience only matters on a machine stalled for seconds.
        let one_thread = Flavor::CurrentThread.runtime(2);
        let alone = meet(&one_thread, Duration::from_millis(100));
        assert!(!alone.met, "{alone:?}");
        assert_eq!((alone.arrivals, alone.threads), (2, 1));
        for _ in 0..5 {
            let together = meet(&Flavor::MultiThread.runtime(2), Duration::from_secs(30));
            assert!(together.met, "{together:?}");
            assert_eq!(together.threads, 2);
        }
    }

    #[test]
    fn sleeping_tasks_all_sleep_at_once_on_both_runtimes() {
        for flavor in Flavor::BOTH {
            let measured = measure(&flavor.runtime(2), sleeps(500, Duration::from_millis(20)));
            assert_eq!(measured.result, 500, "{flavor:?}");
            let at_least = Duration::from_millis(20);
            assert!(measured.took >= at_least, "{flavor:?}: {measured:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn on_the_paused_clock_a_thousand_sleeps_take_exactly_one_sleep() {
        let started = tokio::time::Instant::now();
        assert_eq!(sleeps(1_000, PAUSE).await, 1_000);
        assert_eq!(started.elapsed(), PAUSE);
    }
}
