//! Exercise "spread_the_sum": spread a sum over threads.
//!
//! `spread_sum` adds up a value for every number below `n`: the squares of the numbers, say.
//! It already cuts the numbers into one part per worker, and `sum_part(part)` works out the sum
//! of one part. But it sums the parts one after another, on the calling thread: one core does
//! all the work while the others idle. Make every part run on its own thread, at the same time,
//! and add up what the threads return.
//!
//! The contract the grader relies on (`SpreadSum` in `src/spread_the_sum.rs`):
//! - `sum_part` is called once per part, for `workers` parts that together cover every number
//!   below `n` once (the `parts` below does this, even for more workers than numbers);
//! - each call runs on its own thread, and all of them at the same time. The grader's
//!   `sum_part` waits there until all the parts have arrived: parts that run one after another
//!   never get past it together;
//! - the result is the sum of what the calls of `sum_part` returned. The grader's `sum_part`
//!   adds up squares in one check, and scrambled numbers that only it knows in the others.
//!
//! Grade it: `cargo grade --exercise spread_the_sum`. Stuck? `cargo grade --hint spread_the_sum`.

use std::ops::Range;

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
        let mut total = 0;
        // TODO: each part waits for the previous one to finish. Run each part on its own thread
        // (`std::thread::scope` lets the threads borrow `sum_part`), and add up their results.
        for part in parts(n, workers) {
            total += sum_part(part);
        }
        total
    }
}
