//! Reference solution of the exercise "survive_a_panic" (the starter is
//! `exercises/survive_a_panic.rs`).
//!
//! Every thread is joined by hand: `join()` returns a panic as an `Err` instead of passing it
//! on, and a scope whose threads were all joined does not panic. The poisoned `Mutex` still holds
//! the total; `PoisonError::into_inner` hands it over.

use std::sync::{Mutex, PoisonError};
use std::thread;

use crate::survive_a_panic::{Job, JobRunner, Tally};

pub struct Runner;

impl JobRunner for Runner {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let total = Mutex::new(0);
        let panicked = thread::scope(|scope| {
            // All started before any is joined, so the jobs run at the same time.
            let threads: Vec<_> = jobs
                .into_iter()
                .map(|job| {
                    let total = &total;
                    scope.spawn(move || job(total))
                })
                .collect();
            threads
                .into_iter()
                .map(|thread| thread.join())
                .filter(Result::is_err)
                .count()
        });
        // Poisoned or not, the total is right: each job's addition was a single step.
        let total = total.into_inner().unwrap_or_else(PoisonError::into_inner);
        Tally { total, panicked }
    }
}
