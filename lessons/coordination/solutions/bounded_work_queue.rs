//! Reference solution of the exercise "bounded_work_queue".

use std::thread;

use crossbeam_channel::{bounded, unbounded};

use crate::bounded_work_queue::{Jobs, Work, WorkQueue};

pub struct Queue;

impl WorkQueue for Queue {
    fn process_all(jobs: Jobs, work: &Work, workers: usize, capacity: usize) -> Vec<u64> {
        let (job_sender, job_receiver) = bounded(capacity);
        let (result_sender, result_receiver) = unbounded();
        thread::scope(|scope| {
            // The producer owns the only job sender: the channel closes when it is done.
            scope.spawn(move || {
                for job in jobs {
                    job_sender.send(job).expect("the workers stopped early");
                }
            });
            for _ in 0..workers {
                let (jobs, results) = (job_receiver.clone(), result_sender.clone());
                scope.spawn(move || {
                    for job in jobs {
                        results
                            .send(work.run(job))
                            .expect("the results are read after");
                    }
                });
            }
        });
        drop(result_sender);
        result_receiver.iter().collect()
    }
}
