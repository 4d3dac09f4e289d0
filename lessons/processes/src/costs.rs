//! The worker of the lesson `process_costs`, how the lesson times a worker's start, and the
//! statistics it prints.

use std::io::BufRead;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::process::{self, Args, Finished, Program};
use lesson_kit::{Figure, Timeline};

/// Only a stuck worker could take this long; it is killed, and the lesson fails instead of hanging.
pub const LIMIT: Duration = Duration::from_secs(60);

/// The role of a worker that squares every number it reads, one a line, until its input closes.
pub const SQUARER_ROLE: &str = "squarer";

/// The task a worker gets: a number to square. Small on purpose, so that a round trip costs
/// what the trip costs, not the work.
pub fn task(n: u64) -> u64 {
    n * n
}

// ANCHOR: squarer
/// The role [`SQUARER_ROLE`]: says ready, then answers each number on its input with its square
/// on its output, one line each, until the parent closes the pipe.
pub fn squarer(_: &Args) -> Result<(), String> {
    if !process::ready_for_go() {
        return Ok(());
    }
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|error| format!("could not read a task: {error}"))?;
        let n: u64 = line
            .parse()
            .map_err(|_| format!("not a number: {line:?}"))?;
        // `say` flushes at once: a line left in a buffer would never make the trip.
        process::say(task(n));
    }
    Ok(())
}
// ANCHOR_END: squarer

// ANCHOR: starts
/// Starts a worker process and waits for its `ready`: the time from just before the spawn to
/// the moment the worker said it (by the wall clock, the one clock two processes share).
pub fn start_process(program: &Program, timeline: &Timeline) -> Duration {
    let worker = program.role(SQUARER_ROLE).named("processes").start(LIMIT);
    let mut worker = worker.unwrap_or_else(|error| panic!("{error}"));
    worker.ready_go().unwrap_or_else(|error| panic!("{error}"));
    // `finish` closes the worker's input: it has no task to wait for, and exits.
    let finished = worker.finish().and_then(Finished::ok);
    let finished = finished.unwrap_or_else(|error| panic!("the worker failed: {error}"));
    finished.record_on(timeline);
    finished.start_cost().expect("a worker that said ready")
}

/// Starts a thread, and waits for the first line of its closure to send the time it began.
pub fn start_thread(timeline: &Timeline) -> Duration {
    let (began, first_line) = mpsc::channel();
    let spawned = Instant::now();
    let thread = thread::spawn(move || began.send(Instant::now()));
    let at = first_line
        .recv_timeout(LIMIT)
        .expect("a thread that starts");
    thread
        .join()
        .expect("the thread panicked")
        .expect("we were listening");
    timeline.add("threads", "start", spawned, at);
    at - spawned
}
// ANCHOR_END: starts

/// The median of `samples` (the upper one of an even count); zero for none. A median, not a
/// mean: one sample delayed by a busy machine moves a mean, not a median.
pub fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// Prints the figure `what`: the medians of two kinds of samples, and how many times the first
/// is the second.
pub fn print_medians(what: &str, first: &[Duration], second: &[Duration], ideal: &str) {
    let (first, second) = (median(first), median(second));
    let times = first.as_secs_f64() / second.as_secs_f64().max(1e-9);
    Figure::new(what)
        .notes("not measured")
        .this_run(format!(
            "{} / {} ({times:.0}x)",
            micros(first),
            micros(second)
        ))
        .ideal(ideal)
        .print();
}

/// `duration` in microseconds, with one decimal: `41.7 µs`.
pub fn micros(duration: Duration) -> String {
    format!("{:.1} µs", duration.as_secs_f64() * 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_ignores_one_slow_sample() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(3), ms(1), ms(900), ms(2), ms(2)]), ms(2));
        assert_eq!(median(&[ms(1), ms(4)]), ms(4));
        assert_eq!(median(&[]), Duration::ZERO);
        assert_eq!(micros(Duration::from_nanos(41_740)), "41.7 µs");
    }
}
