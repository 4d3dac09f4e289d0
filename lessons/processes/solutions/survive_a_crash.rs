//! Reference solution of the exercise "survive_a_crash".
//!
//! The pool of "ordered_results", which also remembers which task each worker is running: when a
//! worker ends, that is the task lost with it. The worker is replaced at once, and the lost task
//! goes back to the front of the queue, unless it has already lost a worker before: then its
//! result is an error that says how the second one ended.

use std::collections::{HashMap, VecDeque};

use crate::survive_a_crash::SurviveACrash;
use crate::workers::{Task, Workers};

pub struct Pool;

impl SurviveACrash for Pool {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<Result<u64, String>> {
        let place_of: HashMap<u64, usize> = (tasks.iter().enumerate())
            .map(|(place, task)| (task.id(), place))
            .collect();
        let mut results: Vec<Option<Result<u64, String>>> = vec![None; tasks.len()];
        let mut lost_once = vec![false; tasks.len()];
        let mut left: VecDeque<usize> = (0..tasks.len()).collect();
        // The place of the task each worker is running.
        let mut running: Vec<Option<usize>> = vec![None; workers.count()];
        loop {
            // Every free worker takes a task, if any is left, before we wait.
            for (worker, task) in running.iter_mut().enumerate() {
                if task.is_none()
                    && let Some(place) = left.pop_front()
                {
                    workers.send(worker, &tasks[place]);
                    *task = Some(place);
                }
            }
            if running.iter().all(Option::is_none) {
                break;
            }
            match workers.next_result() {
                Ok(done) => {
                    running[done.worker] = None;
                    results[place_of[&done.task]] = Some(Ok(done.value));
                }
                Err(ended) => {
                    let place = running[ended.worker]
                        .take()
                        .expect("a worker ends only while it runs a task");
                    workers.replace(ended.worker);
                    if lost_once[place] {
                        let reason =
                            format!("two workers ended running it; the second: {}", ended.how);
                        results[place] = Some(Err(reason));
                    } else {
                        lost_once[place] = true;
                        left.push_front(place);
                    }
                }
            }
        }
        results
            .into_iter()
            .map(|result| result.expect("every task ends with a result or an error"))
            .collect()
    }
}
