//! The exercise "survive_a_panic": its contract, and the checks that grade it.
//!
//! The student edits `survive_a_panic.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/survive_a_panic.rs`. Both implement [`JobRunner`] and are graded by
//! the same checks, whose names, points and time limits `exercises.toml` declares: a handful of
//! threads adding numbers, so reaching a limit means something is stuck.

use std::sync::{Mutex, PoisonError};

use exercise_kit::grading::{Code, Runs};

#[path = "../survive_a_panic.rs"]
pub mod starter;

#[path = "../../solutions/survive_a_panic.rs"]
pub mod solution;

/// A job: it adds something to the shared total, under its lock, and may panic while it holds it.
pub type Job = Box<dyn FnOnce(&Mutex<u64>) + Send>;

/// What running the jobs came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// The shared total as the jobs left it, including what panicking jobs added before they
    /// panicked.
    pub total: u64,
    /// How many jobs panicked.
    pub panicked: usize,
}

/// The job runner, as every version of the exercise offers it.
pub trait JobRunner {
    /// Runs every job on its own thread, all sharing one total that starts at 0. Never panics
    /// itself, whatever the jobs do.
    fn run_jobs(jobs: Vec<Job>) -> Tally;
}

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Runner>(),
        Code::Solution => runs::<solution::Runner>(),
    }
}

/// The checks' functions for any version, under the names `exercises.toml` declares.
pub fn runs<R: JobRunner>() -> Runs {
    exercise_kit::runs![no_panics::<R>, one_panic::<R>, three_panics::<R>]
}

/// A job that adds `amount` under the lock, then panics while still holding it if `fails`.
/// It takes the lock even when an earlier job poisoned it: the total is still right, since each
/// job's addition is a single step.
fn job(number: usize, amount: u64, fails: bool) -> Job {
    Box::new(move |total: &Mutex<u64>| {
        let mut total = total.lock().unwrap_or_else(PoisonError::into_inner);
        *total += amount;
        if fails {
            panic!("job {number} panicked on purpose while holding the lock");
        }
    })
}

/// Runs jobs adding 1, 2, 4, ... (so each job's addition shows in the total), the ones in
/// `failing` panicking, and compares the tally with what it must be.
fn grade<R: JobRunner>(jobs: usize, failing: &[usize]) -> Result<(), String> {
    let amount = |number: usize| 1_u64 << number;
    let list = (0..jobs)
        .map(|number| job(number, amount(number), failing.contains(&number)))
        .collect();
    let got = R::run_jobs(list);
    let expected = Tally {
        total: (0..jobs).map(amount).sum(),
        panicked: failing.len(),
    };
    if got == expected {
        Ok(())
    } else {
        Err(format!(
            "{jobs} jobs, of which {} panicked, gave {got:?}; expected {expected:?}",
            failing.len()
        ))
    }
}

fn no_panics<R: JobRunner>() -> Result<(), String> {
    grade::<R>(8, &[])
}

fn one_panic<R: JobRunner>() -> Result<(), String> {
    grade::<R>(4, &[2])
}

fn three_panics<R: JobRunner>() -> Result<(), String> {
    grade::<R>(8, &[0, 3, 7])
}
