//! Exercise "spread_the_sum": spread a sum over threads.
//!
//! `sum_of_squares` adds up `i * i` for every `i` below `n`. It already cuts the numbers into one
//! part per worker, but then sums the parts one after another, on the calling thread: one core
//! does all the work while the others idle. Make every part run on its own thread, at the same
//! time, and add up what the threads return.
//!
//! The contract the grader relies on (`SumOfSquares` in `src/spread_the_sum.rs`):
//! - the result is the exact sum, for any `n` and any number of workers (even more workers than
//!   numbers);
//! - each worker calls `started()` once, on its own thread, before it sums its part. The grader's
//!   `started()` waits there until all the workers have arrived: workers that run one after
//!   another never get past it together.
//!
//! Grade it: `cargo grade --exercise spread_the_sum`. Stuck? `cargo grade --hint spread_the_sum`.

use std::ops::Range;

use crate::spread_the_sum::SumOfSquares;

pub struct Workers;

/// Cuts `0..n` into `workers` parts of nearly equal length, in order (some may be empty).
fn parts(n: u64, workers: usize) -> Vec<Range<u64>> {
    let workers = workers.max(1) as u64;
    (0..workers)
        .map(|part| (n * part / workers)..(n * (part + 1) / workers))
        .collect()
}

/// The sum of the squares of the numbers in `part`.
fn sum_part(part: Range<u64>) -> u128 {
    part.map(|i| u128::from(i) * u128::from(i)).sum()
}

impl SumOfSquares for Workers {
    fn sum_of_squares(n: u64, workers: usize, started: &(dyn Fn() + Sync)) -> u128 {
        let mut total = 0;
        // TODO: each part waits for the previous one to finish. Run each part on its own thread
        // (`std::thread::scope` lets the threads borrow `started`), and add up their results.
        for part in parts(n, workers) {
            started();
            total += sum_part(part);
        }
        total
    }
}
