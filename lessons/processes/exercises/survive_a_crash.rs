//! Exercise "survive_a_crash": a pool of worker processes that survives a worker that crashes.
//!
//! As in "ordered_results", `run_all` runs the tasks on the grader's worker processes, one task
//! per worker at a time, every worker busy while tasks are left, and returns one result per task
//! in the order of `tasks`. But here some workers crash on the tasks the grader chooses: they
//! exit, abort, panic or are killed. Then `workers.next_result()` gives `Err(Ended)`: which
//! worker ended, and how, in words (`exit code 3`, `killed by signal 9 (SIGKILL)`). Its task is
//! lost: call `workers.replace(worker)` to start a new process in its place (always, so that the
//! pool ends as large as it began), and send the lost task again, once. A task that crashes a
//! second worker too gives `Err` with how that second worker ended, and is not sent again. The
//! grader records which processes started and how each ended, and how many times each task ran.
//!
//! Grade it: `cargo grade --exercise survive_a_crash`. Stuck? `cargo grade --hint survive_a_crash`.

use crate::survive_a_crash::SurviveACrash;
use crate::workers::{Task, Workers};

pub struct Pool;

impl SurviveACrash for Pool {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<Result<u64, String>> {
        // TODO: your pool from "ordered_results", which also replaces a worker that ended and
        // sends its task again, once. This one uses worker 0 alone, and stops at the first crash.
        let mut results = Vec::new();
        for task in tasks {
            workers.send(0, task);
            let done = workers.next_result().expect("a worker ended");
            results.push(Ok(done.value));
        }
        results
    }
}
