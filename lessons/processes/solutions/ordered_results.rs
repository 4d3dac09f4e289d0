//! Reference solution of the exercise "ordered_results".
//!
//! Each result says which task it belongs to, and a map from task id to place puts it back where
//! it belongs: the order the tasks finish in no longer matters. A worker that gives a result is
//! free, and takes the next task before we wait again, so no worker idles while tasks are left.

use std::collections::HashMap;

use crate::ordered_results::OrderedResults;
use crate::workers::{Task, Workers};

pub struct Pool;

impl OrderedResults for Pool {
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<u64> {
        let place_of: HashMap<u64, usize> = (tasks.iter().enumerate())
            .map(|(place, task)| (task.id(), place))
            .collect();
        let mut results = vec![None; tasks.len()];
        let mut left = tasks.iter();
        let mut in_flight = 0;
        for worker in 0..workers.count() {
            let Some(task) = left.next() else { break };
            workers.send(worker, task);
            in_flight += 1;
        }
        while in_flight > 0 {
            let done = workers
                .next_result()
                .expect("no worker ends in this exercise");
            in_flight -= 1;
            results[place_of[&done.task]] = Some(done.value);
            if let Some(task) = left.next() {
                workers.send(done.worker, task);
                in_flight += 1;
            }
        }
        results
            .into_iter()
            .map(|value| value.expect("every task gave its result"))
            .collect()
    }
}
