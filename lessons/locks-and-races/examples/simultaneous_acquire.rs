//! Lesson (a myth): threads reaching `lock()` at the same instant do not deadlock.
//!
//! The Python notes claim that if two threads arrive at `acquire()` at exactly the same moment,
//! the program deadlocks and the server must be restarted. It does not happen: a lock is built
//! on an atomic compare-and-swap, and the processor lets exactly one of several simultaneous
//! swaps win; the others wait their turn. A deadlock needs a cycle (see `deadlock.rs`). Here a
//! `Barrier` lines the threads up so they call `lock()` together, thousands of times, and then a
//! crowd waits at a taken lock, all under a watchdog that would report a hang.
//!
//! Run: `cargo run --example simultaneous_acquire` (try `-- --threads 32 --rounds 5000`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::Instant;

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Figure, must_finish, seconds};
use locks_and_races::tally::{Tally, watchdog_limit};

const USAGE: &str = "\
Threads reaching lock() at the same instant: every acquisition completes, none deadlocks.

usage: cargo run --example simultaneous_acquire -- [--threads N] [--rounds M]

  --threads N  how many threads line up before each round (default 8, from 2 to 256)
  --rounds M   how many times they line up (default 2000, from 1 to 1000000)
  -h, --help   show this text
";

// ANCHOR: line_up_and_lock
/// Lines `threads` threads up `rounds` times, and each time lets them all take the lock at once.
fn lock_together(threads: usize, rounds: u64) -> Tally {
    let counter = Mutex::new(0_u64);
    let found_taken = AtomicU64::new(0);
    let line_up = Barrier::new(threads);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..rounds {
                    // Nobody passes until everybody has arrived: then they all go at once.
                    line_up.wait();
                    // Trying first only lets us count the collisions; then wait like lock() does.
                    let mut count = counter.try_lock().unwrap_or_else(|_| {
                        found_taken.fetch_add(1, Ordering::Relaxed);
                        counter.lock().unwrap()
                    });
                    *count += 1;
                }
            });
        }
    });
    Tally::of(counter, found_taken)
}
// ANCHOR_END: line_up_and_lock

// ANCHOR: crowd
/// The tie forced: `threads` threads all find the lock taken and all wait in `lock()` at the
/// same time; then the holder lets go.
fn crowd_at_a_taken_lock(threads: usize) -> Tally {
    let counter = Mutex::new(0_u64);
    let found_taken = AtomicU64::new(0);
    let all_tried = Barrier::new(threads + 1);
    thread::scope(|scope| {
        let held = counter.lock().unwrap();
        for _ in 0..threads {
            scope.spawn(|| {
                if counter.try_lock().is_err() {
                    found_taken.fetch_add(1, Ordering::Relaxed);
                }
                all_tried.wait();
                *counter.lock().unwrap() += 1;
            });
        }
        // Every thread has found the lock taken and is on its way into lock(): open it.
        all_tried.wait();
        drop(held);
    });
    Tally::of(counter, found_taken)
}
// ANCHOR_END: crowd

fn main() {
    let mut threads: usize = 8;
    let mut rounds: u64 = 2000;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("threads") => threads = cli::number(parser, "--threads", 2..=256)?,
            Arg::Long("rounds") => rounds = cli::number(parser, "--rounds", 1..=1_000_000)?,
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let expected = threads as u64 * rounds;

    println!("{threads} threads line up at a barrier, then all call lock() together;");
    println!(
        "{rounds} rounds of that. If simultaneous arrival deadlocked, the watchdog would fire."
    );
    let started = Instant::now();
    // ANCHOR: watchdog
    let limit = watchdog_limit(threads, rounds);
    let tally = must_finish(limit, "the simultaneous acquisitions", move || {
        lock_together(threads, rounds)
    });
    // ANCHOR_END: watchdog
    let (acquisitions, found_taken) = (tally.acquisitions, tally.found_taken);
    println!(
        "{acquisitions} acquisitions completed in {}. {found_taken} of them found the lock taken by a thread",
        seconds(started.elapsed())
    );
    println!("that got there a moment earlier, and waited their turn. Exact ties are rare: a");
    println!("barrier wakes threads microseconds apart, and the lock is held for nanoseconds.");

    println!("\nSo force the tie: the main thread holds the lock while {threads} threads all try");
    println!("it, find it taken, and wait inside lock() at the same time. Then main lets go.");
    let crowd = must_finish(watchdog_limit(threads, 1), "the crowd", move || {
        crowd_at_a_taken_lock(threads)
    });
    println!(
        "{} of {threads} threads found the lock taken; {} of {threads} got in, one at a time.",
        crowd.found_taken, crowd.acquisitions
    );

    Figure::new("what happens when threads reach the lock at the same instant")
        .notes("deadlock; the server must be restarted")
        .this_run(format!(
            "{} of {expected} acquisitions completed, then {} of {threads} in the forced tie",
            tally.acquisitions, crowd.acquisitions
        ))
        .ideal("all complete")
        .print();

    assert_eq!(
        tally.acquisitions, expected,
        "expected {threads} threads x {rounds} rounds = {expected} acquisitions, but the counter \
         says {}",
        tally.acquisitions
    );
    assert_eq!(
        crowd,
        Tally::all_waited_and_got_in(threads as u64),
        "expected all {threads} threads to find the lock taken and then all to get in, but got \
         {crowd:?}"
    );
    println!("\nAs expected: no deadlock; a deadlock needs a cycle, not a coincidence in time.");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(threads: usize, rounds: u64) -> Tally {
        must_finish(watchdog_limit(threads, rounds), "the rounds", move || {
            lock_together(threads, rounds)
        })
    }

    #[test]
    fn two_threads_arriving_together_thousands_of_times_never_deadlock() {
        let tally = run(2, 5000);
        assert_eq!(tally.acquisitions, 10_000);
        assert!(tally.found_taken <= 10_000);
    }

    #[test]
    fn many_threads_arriving_together_never_deadlock() {
        assert_eq!(run(32, 200).acquisitions, 6400);
    }

    #[test]
    fn a_crowd_all_waiting_when_the_lock_opens_all_get_in() {
        for round in 0..50 {
            let tally = must_finish(watchdog_limit(16, 1), "the crowd", || {
                crowd_at_a_taken_lock(16)
            });
            assert_eq!(tally, Tally::all_waited_and_got_in(16), "round {round}");
        }
    }
}
