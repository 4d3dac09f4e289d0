//! Exercise "ordered_results": results in submission order from workers that finish out of order.
//!
//! `run_all` must run every task of `tasks` exactly once on the grader's worker processes, which
//! `workers` drives: `workers.send(worker, task)` hands a task to worker `worker` (numbered from 0
//! to `workers.count() - 1`), and `workers.next_result()` waits for the next task to finish, on
//! any worker, and says which worker ran it, which task it was (`Task::id`) and what it computed.
//! Keep at most one task in flight per worker, and every worker busy while tasks are left; then
//! return the results in the order of `tasks`, although the tasks finish in another order. The
//! worker processes are real, and they record how many times each task ran; `workers` refuses,
//! with the reason, a task sent to a busy worker and a wait while a worker idles.
//!
//! Grade it: `cargo grade --exercise ordered_results`. Stuck? `cargo grade --hint ordered_results`.

use crate::ordered_results::OrderedResults;
use crate::workers::{Task, Workers};

pub struct Pool;

impl OrderedResults for Pool {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<u64> {
        // TODO: every worker busy, one task each, and each result put in its task's place.
        // This hands every task to worker 0 and waits for it, while the other workers idle.
        let mut results = Vec::new();
        for task in tasks {
            workers.send(0, task);
            let done = workers
                .next_result()
                .expect("no worker ends in this exercise");
            results.push(done.value);
        }
        results
    }
}
