//! Reference solution of the exercise "spread_the_sum" (the starter is
//! `exercises/spread_the_sum.rs`).
//!
//! Scoped threads, one per part: they may borrow `sum_part` because the scope outlives them, and
//! each returns its part's sum through its join handle. All the threads are started before any
//! is joined, so they run at the same time.

use std::ops::Range;
use std::thread;

use crate::spread_the_sum::{SpreadSum, SumPart};

pub struct Workers;

/// Cuts `0..n` into `workers` parts of nearly equal length, in order (some may be empty).
fn parts(n: u64, workers: usize) -> Vec<Range<u64>> {
    let workers = workers.max(1) as u64;
    (0..workers)
        .map(|part| (n * part / workers)..(n * (part + 1) / workers))
        .collect()
}

impl SpreadSum for Workers {
    fn spread_sum(n: u64, workers: usize, sum_part: SumPart<'_>) -> u128 {
        thread::scope(|scope| {
            // Collected first: a lazy iterator would join each thread before starting the next.
            let threads: Vec<_> = parts(n, workers)
                .into_iter()
                .map(|part| scope.spawn(move || sum_part(part)))
                .collect();
            threads
                .into_iter()
                .map(|thread| thread.join().expect("a worker panicked"))
                .sum()
        })
    }
}
