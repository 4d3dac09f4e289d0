//! The CPU work the lessons time: loops the optimiser cannot delete, so that a measured second is
//! a second of real work on a core.

use std::hint::black_box;

/// The notes' `crunch_numbers`: count from 0 up to `count`, one step at a time, and return the
/// count reached. `black_box` keeps the optimiser from replacing the loop by its result.
pub fn crunch_numbers(count: u64) -> u64 {
    let mut reached: u64 = 0;
    while reached < black_box(count) {
        reached = black_box(reached + 1);
    }
    reached
}

/// The sum of `i * i` for every `i` in `numbers`, as `u128`: the squares of numbers near 5 000 000
/// already overflow `u64` after a few hundred thousand terms.
pub fn sum_of_squares(numbers: std::ops::Range<u64>) -> u128 {
    let mut sum: u128 = 0;
    for i in numbers {
        let i = u128::from(black_box(i));
        sum += i * i;
    }
    black_box(sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn crunch_numbers_counts_all_the_way() {
        assert_eq!(crunch_numbers(0), 0);
        assert_eq!(crunch_numbers(1_234), 1_234);
    }

    #[test]
    fn the_count_really_runs_and_is_not_optimised_away() {
        let time = |count| {
            let started = Instant::now();
            assert_eq!(crunch_numbers(count), count);
            started.elapsed()
        };
        // A thousand times more counting cannot take less time, on any machine.
        assert!(time(10_000_000) > time(10_000));
    }

    #[test]
    fn sum_of_squares_matches_the_closed_form_beyond_u64() {
        let closed = |n: u128| n * (n - 1) * (2 * n - 1) / 6;
        assert_eq!(sum_of_squares(0..4), 1 + 4 + 9);
        assert_eq!(sum_of_squares(0..5_000_000), closed(5_000_000));
        assert!(sum_of_squares(0..5_000_000) > u128::from(u64::MAX));
        assert_eq!(
            sum_of_squares(10..20),
            closed(20) - closed(10),
            "a range that does not start at 0"
        );
    }
}
