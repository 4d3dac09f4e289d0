//! Lesson: safe Rust has no data races, and the compiler's first suggestion is not the fix.
//!
//! The natural first attempt, several threads adding to one plain `let mut counter`, does not
//! compile (`compile-fail/shared_counter.rs`): each thread would borrow a variable it may
//! outlive, and mutably, at the same time as the others. That refusal is the data race being
//! ruled out. The compiler then suggests `move`; with it the program compiles, runs, and is
//! quietly wrong: `move` copies the counter into each thread, every thread counts its own copy,
//! and the caller's counter stays 0. Sharing needs something made to be shared: an atomic, or a
//! `Mutex`.
//!
//! Run: `cargo run --example shared_counter` (try `-- --threads 8 --increments 1000000`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};

const USAGE: &str = "\
A shared counter: the version that does not compile, the `move` version that counts copies,
and two right ones.

usage: cargo run --example shared_counter -- [--threads N] [--increments M]

  --threads N     how many threads count (default 4, from 1 to 64)
  --increments M  how many times each thread adds 1 (default 100000, from 1 to 100000000)
  -h, --help      show this text
";

// ANCHOR: move_copies
/// The rejected attempt with the compiler's `move` added: it compiles, and each thread gets its
/// own copy of `counter` (a `u64` is `Copy`). Returns the caller's counter and each thread's.
fn with_move(threads: usize, increments: u64) -> (u64, Vec<u64>) {
    let mut counter = 0;
    let mut handles = Vec::new();
    for _ in 0..threads {
        handles.push(thread::spawn(move || {
            for _ in 0..increments {
                counter += 1;
            }
            counter // the count this thread saw: its own copy's
        }));
    }
    let per_thread = handles.into_iter().map(|h| h.join().unwrap()).collect();
    (counter, per_thread)
}
// ANCHOR_END: move_copies

// ANCHOR: atomic
/// Right: one counter that all threads share. Scoped threads may borrow it, since the scope
/// outlives them; `fetch_add` makes each read-add-write one indivisible step.
fn with_atomic(threads: usize, increments: u64) -> u64 {
    let counter = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..increments {
                    // Relaxed is enough: only the total matters, and the end of the scope
                    // makes every thread's additions visible here.
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    counter.into_inner()
}
// ANCHOR_END: atomic

// ANCHOR: mutex
/// Also right: a `Mutex` shared through an `Arc`, for threads that must own what they use.
fn with_mutex(threads: usize, increments: u64) -> u64 {
    let counter = Arc::new(Mutex::new(0_u64));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..increments {
                    *counter.lock().unwrap() += 1;
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    *counter.lock().unwrap()
}
// ANCHOR_END: mutex

fn main() {
    let mut threads: usize = 4;
    let mut increments: u64 = 100_000;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("threads") => threads = cli::number(parser, "--threads", 1..=64)?,
            Arg::Long("increments") => {
                increments = cli::number(parser, "--increments", 1..=100_000_000)?
            }
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let expected = threads as u64 * increments;

    println!("{threads} threads each add 1 to a counter {increments} times: {expected} in all.\n");
    println!("1. A plain `let mut counter` shared by the threads does not compile (E0373: the");
    println!(
        "   threads may outlive the variable they borrow). See compile-fail/shared_counter.rs."
    );

    println!("\n2. With the compiler's suggested `move`, it compiles, and counts copies:");
    let (callers_counter, per_thread) = with_move(threads, increments);
    for (number, count) in per_thread.iter().enumerate() {
        println!("   thread {number} counted {count} in its own copy");
    }
    println!("   the caller's counter: {callers_counter}");

    println!("\n3. One counter that all threads share:");
    let atomic = with_atomic(threads, increments);
    println!("   AtomicU64 with scoped threads: {atomic}");
    let mutex = with_mutex(threads, increments);
    println!("   Arc<Mutex<u64>>:               {mutex}");

    Figure::new("the counter after all threads finish")
        .notes("(none; in Python this runs, and `+=` from several threads can lose updates)")
        .this_run(format!(
            "`move`: {callers_counter}; atomic: {atomic}; mutex: {mutex}"
        ))
        .ideal(expected)
        .print();

    assert_eq!(
        callers_counter, 0,
        "expected `move` to leave the caller's counter at 0, but it is {callers_counter}"
    );
    assert!(
        per_thread.iter().all(|&count| count == increments),
        "expected every thread to count {increments} in its own copy, but they counted {per_thread:?}"
    );
    assert_eq!(
        atomic, expected,
        "expected the atomic counter to reach {expected}, got {atomic}"
    );
    assert_eq!(
        mutex, expected,
        "expected the Mutex counter to reach {expected}, got {mutex}"
    );
    println!(
        "\nAs expected: `move` counted {threads} private copies; a shared counter counted all {expected}."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn move_gives_every_thread_its_own_copy_and_leaves_the_callers_at_zero() {
        let (callers, per_thread) = with_move(16, 10_000);
        assert_eq!(callers, 0);
        assert_eq!(per_thread, vec![10_000; 16]);
    }

    #[test]
    fn a_shared_atomic_counts_every_increment_of_every_thread() {
        for _ in 0..10 {
            assert_eq!(with_atomic(8, 50_000), 400_000);
        }
    }

    #[test]
    fn a_shared_mutex_counts_every_increment_of_every_thread() {
        for _ in 0..5 {
            assert_eq!(with_mutex(8, 20_000), 160_000);
        }
    }
}
