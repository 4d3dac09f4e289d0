//! The exercise "spread_the_sum": its contract, and the checks that grade it.
//!
//! The student edits `spread_the_sum.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/spread_the_sum.rs`. Both implement [`SumOfSquares`] and are graded by
//! the same checks, whose names, points and time limits `exercises.toml` declares: summing two
//! million squares takes milliseconds, so reaching a limit means something is stuck; the checks
//! where workers meet have [`PATIENCE`] more.

use std::time::Duration;

use exercise_kit::grading::{Code, Runs};

use lesson_kit::meeting::Meeting;

#[path = "../spread_the_sum.rs"]
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
pub const PATIENCE: Duration = Duration::from_secs(1);

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Workers>(),
        Code::Solution => runs::<solution::Workers>(),
    }
}

/// The checks' functions for any version, under the names `exercises.toml` declares (the tests
/// also grade small broken variants).
pub fn runs<S: SumOfSquares>() -> Runs {
    exercise_kit::runs![right_sums::<S>, four_workers_meet::<S>, big_sum_on_two::<S>]
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
