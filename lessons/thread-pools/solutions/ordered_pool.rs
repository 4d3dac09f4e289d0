//! Reference solution of the exercise "ordered_pool".
//!
//! Each job travels with its index, and each result is put back at that index: the order the
//! jobs finish in no longer matters. A panic is caught on the worker that ran the job, so the
//! worker goes on with the next one.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread;

use crossbeam_channel::unbounded;

use crate::ordered_pool::{Job, OrderedPool};

pub struct Pool;

impl OrderedPool for Pool {
    fn run_all(jobs: Vec<Job>, workers: usize) -> Vec<Result<u64, String>> {
        let count = jobs.len();
        let (sender, receiver) = unbounded();
        for numbered in jobs.into_iter().enumerate() {
            sender.send(numbered).expect("the receiver is still here");
        }
        // The queue holds every job; without a sender left, the workers stop once it is empty.
        drop(sender);
        let mut results: Vec<Option<Result<u64, String>>> = vec![None; count];
        thread::scope(|scope| {
            let running: Vec<_> = (0..workers)
                .map(|_| {
                    let receiver = receiver.clone();
                    scope.spawn(move || {
                        let mut done = Vec::new();
                        for (index, job) in receiver {
                            let result = catch_unwind(AssertUnwindSafe(|| job.run()));
                            done.push((index, result.map_err(|panic| message(panic.as_ref()))));
                        }
                        done
                    })
                })
                .collect();
            for worker in running {
                for (index, result) in worker.join().expect("a worker catches its jobs' panics") {
                    results[index] = Some(result);
                }
            }
        });
        results
            .into_iter()
            .map(|result| result.expect("every job was run"))
            .collect()
    }
}

/// The message of a panic: `panic!` with a literal gives a `&str`, with arguments a `String`.
fn message(panic: &(dyn Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}
