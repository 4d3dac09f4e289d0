//! Lesson: scoped threads borrow local data, with no `Arc`, no `move` of the data, no clones.
//!
//! A thread from `thread::spawn` may outlive the function that started it, so it can only use
//! data it owns: to share a local `Vec`, you wrap it in an `Arc` and give each thread a clone of
//! the `Arc`. `thread::scope` promises more: every thread started in the scope is joined before
//! the scope ends. So those threads may borrow the caller's local variables, even mutably, one
//! piece per thread, and the variables are still there, untouched or filled in, after the scope.
//!
//! Run: `cargo run --example scoped_threads` (try `-- --threads 8`).

use std::sync::Arc;
use std::thread;

use lesson_kit::Figure;
use lesson_kit::cli;

const USAGE: &str = "\
Scoped threads borrow a local Vec; spawned threads need an Arc.

usage: cargo run --example scoped_threads -- [--threads N]

  --threads N  how many threads share the sum (default 4, from 1 to 64)
  -h, --help   show this text
";

// ANCHOR: borrow
/// Sums `numbers` on `threads` scoped threads. Each borrows its own slice of the caller's
/// vector and writes into its own slot of the caller's `sums`: no copy, no `Arc`.
fn sum_scoped(numbers: &[u64], threads: usize) -> (u64, Vec<u64>) {
    let piece = numbers.len().div_ceil(threads).max(1);
    let mut sums = vec![0; numbers.len().div_ceil(piece)];
    thread::scope(|scope| {
        for (slice, sum) in numbers.chunks(piece).zip(sums.iter_mut()) {
            scope.spawn(move || *sum = slice.iter().sum());
        }
        // Every thread is joined here, at the end of the scope, even without a join call.
    });
    (sums.iter().sum(), sums)
}
// ANCHOR_END: borrow

// ANCHOR: arc
/// The same with `thread::spawn`, whose threads may outlive this function: they cannot borrow
/// `numbers`, so the vector moves into an `Arc`, each thread gets a clone of the `Arc`, and
/// their sums come back through `join`.
fn sum_spawned(numbers: Vec<u64>, threads: usize) -> (u64, Vec<u64>) {
    let piece = numbers.len().div_ceil(threads).max(1);
    let numbers = Arc::new(numbers);
    let handles: Vec<_> = (0..numbers.len().div_ceil(piece))
        .map(|i| {
            let numbers = Arc::clone(&numbers);
            thread::spawn(move || {
                let end = (i * piece + piece).min(numbers.len());
                numbers[i * piece..end].iter().sum::<u64>()
            })
        })
        .collect();
    let sums: Vec<u64> = handles
        .into_iter()
        .map(|handle| handle.join().expect("a thread panicked"))
        .collect();
    (sums.iter().sum(), sums)
}
// ANCHOR_END: arc

fn main() {
    let threads: usize = cli::only_number(USAGE, "threads", 4, 1..=64);

    // ANCHOR: after_the_scope
    let numbers: Vec<u64> = (1..=1_000_000).collect();
    let (total, sums) = sum_scoped(&numbers, threads);
    // The scope has ended, and `numbers` is still ours: it was only lent to the threads.
    println!("{threads} scoped threads summed 1..=1000000: {sums:?}, total {total}");
    println!(
        "numbers is still here after the scope: {} items",
        numbers.len()
    );
    // ANCHOR_END: after_the_scope

    let (spawned_total, spawned_sums) = sum_spawned(numbers.clone(), threads);
    println!("{threads} spawned threads with an Arc: {spawned_sums:?}, total {spawned_total}");
    let expected: u64 = numbers.iter().sum();
    Figure::new("sum of 1..=1000000 on threads")
        .this_run(format!(
            "scoped: {total}; spawned with Arc: {spawned_total}"
        ))
        .ideal(expected)
        .print();

    assert_eq!(
        (total, spawned_total),
        (expected, expected),
        "expected both ways to sum to {expected}"
    );
    assert_eq!(
        sums, spawned_sums,
        "expected the same pieces summed the same way"
    );
    assert_eq!(
        numbers.len(),
        1_000_000,
        "expected the local vector untouched after the scope"
    );
    println!("\nAs expected: scoped threads borrowed the local vector and wrote into local slots;");
    println!("spawned threads needed it moved into an Arc.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_split_sums_to_the_same_total_both_ways() {
        let numbers: Vec<u64> = (0..1000).collect();
        let expected: u64 = numbers.iter().sum();
        for threads in [1, 2, 3, 7, 64, 1000, 5000] {
            let (scoped, scoped_sums) = sum_scoped(&numbers, threads);
            let (spawned, spawned_sums) = sum_spawned(numbers.clone(), threads);
            assert_eq!((scoped, spawned), (expected, expected), "{threads} threads");
            assert_eq!(scoped_sums, spawned_sums, "{threads} threads");
            assert!(scoped_sums.len() <= threads, "{threads} threads");
        }
    }

    #[test]
    fn an_empty_vector_sums_to_zero() {
        assert_eq!(sum_scoped(&[], 4), (0, vec![]));
        assert_eq!(sum_spawned(vec![], 4), (0, vec![]));
    }
}
