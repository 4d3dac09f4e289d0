//! Exercise "survive_a_panic": keep going when a thread panics.
//!
//! `run_jobs` runs each job on its own thread; the jobs add to one shared total under a `Mutex`.
//! When a job panics, the panic stays in its thread, and the process is fine. But this version
//! then panics itself, twice over: the scope re-raises a thread's panic that nobody collected,
//! and the `Mutex` the job held is poisoned, so `unwrap()` on it panics too. Make `run_jobs`
//! collect every thread's outcome, count the panics, and return the total anyway.
//!
//! The contract the grader relies on (`JobRunner` in `src/survive_a_panic.rs`):
//! - every job runs on its own thread, all of them at the same time (the grader's jobs wait
//!   for each other before they take the lock), and gets the same shared total, starting at 0;
//! - `run_jobs` returns the total as the jobs left it (what a job added before it panicked
//!   counts), and how many jobs panicked;
//! - `run_jobs` itself never panics.
//!
//! Grade it: `cargo grade --exercise survive_a_panic`. Stuck? `cargo grade --hint survive_a_panic`.
//! (The panicking jobs print their messages while you grade: that is expected.)

use std::sync::Mutex;
use std::thread;

use crate::survive_a_panic::{Job, JobRunner, Tally};

pub struct Runner;

impl JobRunner for Runner {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let total = Mutex::new(0);
        // TODO: nobody looks at how the threads ended, so the scope panics when one of them did.
        thread::scope(|scope| {
            for job in jobs {
                let total = &total;
                scope.spawn(move || job(total));
            }
        });
        Tally {
            // TODO: a job that panicked while holding the lock poisoned it.
            total: total.into_inner().unwrap(),
            panicked: 0,
        }
    }
}
