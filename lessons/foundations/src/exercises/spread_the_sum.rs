//! The exercise "spread_the_sum": its contract, and the checks that grade it.
//!
//! The student edits `exercises/spread_the_sum.rs` (at the root of this crate); the reference
//! solution is `solutions/spread_the_sum.rs`. Both implement [`SumOfSquares`] and are graded by
//! the same checks.

use std::time::Duration;

use exercise_kit::grading::{Check, Code};

use lesson_kit::meeting::Meeting;

#[path = "../../exercises/spread_the_sum.rs"]
pub mod starter;

#[path = "../../solutions/spread_the_sum.rs"]
pub mod solution;

/// The sum, as every version of the exercise offers it.
pub trait SumOfSquares {
    /// The sum of `i * i` for every `i` below `n`, cut into `workers` parts that each run on
    /// their own thread. Each worker calls `started()` once, on its own thread, before it sums
    /// its part.
    fn sum_of_squares(n: u64, workers: usize, started: &(dyn Fn() + Sync)) -> u128;
}

/// How long a worker waits at the meeting for the others: ample for threads to start, even on
/// a loaded machine, and the only wait a serial version pays before it fails.
const PATIENCE: Duration = Duration::from_secs(1);

/// Summing two million squares takes milliseconds; reaching this means something is stuck.
const LIMIT: Duration = Duration::from_secs(5);

/// The checks of either version of the exercise, for the grader.
pub fn checks_of(code: Code) -> Vec<Check> {
    match code {
        Code::Starter => checks::<starter::Workers>(),
        Code::Solution => checks::<solution::Workers>(),
    }
}

/// The checks, for any version (the tests also grade small broken variants).
pub fn checks<S: SumOfSquares>() -> Vec<Check> {
    vec![
        Check {
            name: "the sum is right for every n and number of workers tried",
            points: 3,
            limit: LIMIT,
            run: right_sums::<S>,
        },
        Check {
            name: "4 workers are all running at the same moment, each on its own thread",
            points: 5,
            limit: LIMIT + PATIENCE,
            run: four_workers_meet::<S>,
        },
        Check {
            name: "2 million squares on 2 workers: the right sum, with both running at once",
            points: 2,
            limit: LIMIT + PATIENCE,
            run: big_sum_on_two::<S>,
        },
    ]
}

/// The exact sum of `i * i` for `i` below `n`: (n - 1) n (2n - 1) / 6.
pub fn expected(n: u64) -> u128 {
    if n == 0 {
        return 0;
    }
    let last = u128::from(n - 1);
    last * (last + 1) * (2 * last + 1) / 6
}

fn right_sums<S: SumOfSquares>() -> Result<(), String> {
    for n in [0, 1, 2, 3, 10, 1000, 100_001] {
        for workers in 1..=5 {
            let got = S::sum_of_squares(n, workers, &|| {});
            if got != expected(n) {
                return Err(format!(
                    "with n = {n} and {workers} workers the sum was {got}; expected {}",
                    expected(n)
                ));
            }
        }
    }
    Ok(())
}

/// Runs the sum with a meeting of all `workers`, and says what went wrong, if anything.
fn meet<S: SumOfSquares>(n: u64, workers: usize) -> Result<(), String> {
    let meeting = Meeting::new(workers, PATIENCE);
    let got = S::sum_of_squares(n, workers, &|| {
        meeting.arrive();
    });
    let outcome = meeting.outcome();
    if outcome.arrivals != workers {
        return Err(format!(
            "started() was called {} times for {workers} workers; expected once per worker",
            outcome.arrivals
        ));
    }
    if !outcome.met {
        return Err(format!(
            "the first worker waited {PATIENCE:?} at started() for the other workers, in vain: \
             the workers ran one after another, not at the same time"
        ));
    }
    if got != expected(n) {
        return Err(format!(
            "the workers met, but the sum for n = {n} was {got}; expected {}",
            expected(n)
        ));
    }
    Ok(())
}

fn four_workers_meet<S: SumOfSquares>() -> Result<(), String> {
    meet::<S>(10_000, 4)
}

fn big_sum_on_two<S: SumOfSquares>() -> Result<(), String> {
    meet::<S>(2_000_000, 2)
}
