//! Lesson: Rust's rule for threads is in the types (`Send` and `Sync`), not in a global lock.
//!
//! Python's rule is the GIL: only one thread runs Python bytecode at any moment, whatever the
//! threads share. Rust lets threads run at the same time on every core, and instead refuses to
//! compile a program in which two threads could change the same data without synchronisation:
//!
//! - `compile-fail/rc_counter.rs` sends an `Rc` to two threads. `Rc` counts its owners without
//!   atomic instructions, so it is not `Send`: error E0277.
//! - `compile-fail/cell_counter.rs` shares a `Cell` between two scoped threads. A `Cell` changes
//!   its value through a shared reference without a lock, so it is not `Sync`: error E0277.
//!
//! This lesson runs the fixes: `Arc<Mutex<_>>` instead of `Rc<RefCell<_>>`, an atomic instead of
//! a `Cell`. Both count every increment of every thread.
//!
//! Run: `cargo run --example send_sync` (try `-- --threads 8 --increments 100000`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};

const USAGE: &str = "\
The fixes of the two counters that do not compile: Arc<Mutex> for Rc<RefCell>, an atomic for Cell.

usage: cargo run --example send_sync -- [--threads N] [--increments M]

  --threads N     how many threads count (default 2, from 1 to 64)
  --increments M  how many times each thread adds 1 (default 1000, from 1 to 10000000)
  -h, --help      show this text
";

// ANCHOR: compile_time
/// Compiles only if `T` may be moved to another thread.
fn must_be_send<T: Send>() {}
/// Compiles only if `&T` may be used by several threads at once.
fn must_be_sync<T: Sync>() {}

/// Checked by the compiler, not at run time: each line below is a proof, and writing
/// `must_be_send::<Rc<u64>>()` or `must_be_sync::<Cell<u64>>()` here would not compile.
fn the_fixes_are_send_and_sync() {
    must_be_send::<Arc<Mutex<u64>>>();
    must_be_sync::<Arc<Mutex<u64>>>();
    must_be_sync::<AtomicU64>();
    // A Mutex makes shared access safe even for data that is only `Send`.
    must_be_sync::<Mutex<std::cell::Cell<u64>>>();
}
// ANCHOR_END: compile_time

// ANCHOR: arc_mutex
/// The fix of `rc_counter.rs`: `Arc` counts its owners atomically (it is `Send`), and the
/// `Mutex` lets one thread at a time change the count (it is `Sync`).
fn arc_mutex_counter(threads: usize, increments: u64) -> u64 {
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
// ANCHOR_END: arc_mutex

// ANCHOR: atomic
/// The fix of `cell_counter.rs`: an atomic is the `Sync` version of a `Cell` for numbers; each
/// `fetch_add` is one indivisible step, even when threads on two cores do it at the same time.
fn atomic_counter(threads: usize, increments: u64) -> u64 {
    let counter = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..increments {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    counter.into_inner()
}
// ANCHOR_END: atomic

fn main() {
    let mut threads: usize = 2;
    let mut increments: u64 = 1000;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("threads") => threads = cli::number(parser, "--threads", 1..=64)?,
            Arg::Long("increments") => {
                increments = cli::number(parser, "--increments", 1..=10_000_000)?
            }
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let expected = threads as u64 * increments;
    the_fixes_are_send_and_sync();

    println!("{threads} threads each add 1 to one shared counter {increments} times.\n");
    println!("Rejected by the compiler (error E0277), see lessons/foundations/compile-fail/:");
    println!("  Rc<RefCell<i32>> sent to threads: `Rc` is not Send");
    println!("  Cell<i32> shared by scoped threads: `Cell` is not Sync");
    let with_mutex = arc_mutex_counter(threads, increments);
    let with_atomic = atomic_counter(threads, increments);
    println!("Accepted, and right:");
    println!("  Arc<Mutex<u64>>:           {with_mutex}");
    println!("  AtomicU64, scoped threads: {with_atomic}");

    Figure::new("how threads that share a counter are kept safe")
        .notes("the GIL: one thread runs bytecode at a time (threads can still lose updates)")
        .this_run(format!(
            "racy versions do not compile; the fixes count {with_mutex} and {with_atomic}"
        ))
        .ideal(expected)
        .print();

    assert_eq!(
        (with_mutex, with_atomic),
        (expected, expected),
        "expected both fixes to count all {expected} increments"
    );
    println!("\nAs expected: the types ruled out the data race, and the fixes lost no update.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_fixes_count_every_increment_of_many_threads() {
        for _ in 0..5 {
            assert_eq!(arc_mutex_counter(8, 20_000), 160_000);
            assert_eq!(atomic_counter(8, 50_000), 400_000);
        }
    }
}
