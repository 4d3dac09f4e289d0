//! Exercise "bounded_work_queue": feed workers through a bounded queue, with back-pressure.
//!
//! `process_all` must pull the jobs from `jobs` on one producer thread and hand them, through a
//! queue that holds at most `capacity` jobs, to `workers` worker threads; each worker calls
//! `work.run(job)` for the jobs it takes, and every result comes back (in any order). The grader
//! supplies the jobs and the work, and records what really happens: every job pulled and done,
//! on which thread, and how far the pulling ran ahead of the work.
//!
//! Grade it: `cargo grade --exercise bounded_work_queue`. Stuck? `cargo grade --hint bounded_work_queue`.

use crate::bounded_work_queue::{Jobs, Work, WorkQueue};

pub struct Queue;

impl WorkQueue for Queue {
    fn process_all(jobs: Jobs, work: &Work, workers: usize, capacity: usize) -> Vec<u64> {
        // TODO: a producer thread, a queue of `capacity`, and `workers` workers. This does every
        // job on the calling thread, one after another.
        let _ = (workers, capacity);
        jobs.map(|job| work.run(job)).collect()
    }
}
