//! Lesson: several consumers take from one queue, each item exactly once, and all stop when it closes.
//!
//! The notes define a queue as "one process adds, another takes". One side and one other side is
//! the least of it: any number of producers and consumers may share one queue, and that is how a
//! pool of workers is fed. `std::sync::mpsc` cannot do this (its `Receiver` is not `Clone`: one
//! consumer only); a `crossbeam_channel::Receiver` can be cloned. When every `Sender` is dropped the
//! channel is closed, and each consumer's loop ends once the queue is empty: no sentinel values
//! such as Python's `None` are needed. Here 2 producers send 30 jobs, 3 consumers share them.
//!
//! Run: `cargo run --example shared_queue` (try `-- --consumers 5`).

use std::collections::BTreeMap;
use std::thread;
use std::time::Duration;

use crossbeam_channel::unbounded;
use lesson_kit::cli;
use lesson_kit::meeting::Meeting;
use lesson_kit::{Figure, must_finish};

const USAGE: &str = "\
Several consumers share one queue: each item taken once; all stop when every sender is dropped.

usage: cargo run --example shared_queue -- [--consumers N]

  --consumers N  how many consumers share the queue (default 3, from 1 to 16)
  -h, --help     show this text
";

const PRODUCERS: usize = 2;
const JOBS_EACH: usize = 15;

// ANCHOR: share
/// Returns, per consumer, the jobs it took, and whether the consumers all held a job at once.
fn share(consumers: usize) -> (Vec<Vec<usize>>, bool) {
    let (sender, receiver) = unbounded::<usize>();
    // Each consumer waits here with its first job until all have one: so none can take them all.
    let first_jobs = Meeting::new(consumers, Duration::from_secs(5));
    let taken = thread::scope(|scope| {
        for producer in 0..PRODUCERS {
            let sender = sender.clone();
            scope.spawn(move || {
                for job in 0..JOBS_EACH {
                    sender.send(producer * JOBS_EACH + job).unwrap();
                }
                // This clone of the sender is dropped here.
            });
        }
        drop(sender); // the last sender is the producers' clones: the queue closes after them
        let workers: Vec<_> = (0..consumers)
            .map(|_| {
                let (receiver, first_jobs) = (receiver.clone(), &first_jobs);
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    // Ends when the queue is empty and every sender is gone.
                    for job in receiver {
                        if mine.is_empty() {
                            first_jobs.arrive();
                        }
                        mine.push(job);
                        thread::sleep(Duration::from_millis(1)); // the job's work
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    (taken, first_jobs.outcome().met)
}
// ANCHOR_END: share

/// How often each job was taken, over all consumers.
fn counts(taken: &[Vec<usize>]) -> BTreeMap<usize, usize> {
    let mut counts = BTreeMap::new();
    for job in taken.iter().flatten() {
        *counts.entry(*job).or_insert(0) += 1;
    }
    counts
}

fn main() {
    let consumers: usize = cli::only_number(USAGE, "consumers", 3, 1..=16);
    let jobs = PRODUCERS * JOBS_EACH;
    println!(
        "{PRODUCERS} producers send {jobs} jobs into one queue; {consumers} consumers share it.\n"
    );
    let (taken, met) = must_finish(Duration::from_secs(20), "the consumers", move || {
        share(consumers)
    });
    for (number, mine) in taken.iter().enumerate() {
        println!("  consumer {number} took {:2} jobs: {mine:?}", mine.len());
    }
    let counts = counts(&taken);
    let once = counts.values().filter(|&&n| n == 1).count();
    Figure::new("jobs taken exactly once / consumers that took some / all ended when the senders were dropped")
        .notes("no figure: one process adds, another takes")
        .this_run(format!(
            "{once} of {jobs} / {} of {consumers} / {}",
            taken.iter().filter(|mine| !mine.is_empty()).count(),
            taken.len() == consumers
        ))
        .ideal(format!("{jobs} of {jobs} / {consumers} of {consumers} / true"))
        .print();

    assert!(
        once == jobs && counts.len() == jobs && met,
        "expected each of {jobs} jobs taken once and all {consumers} consumers busy at once; \
         {once} once, met: {met}"
    );
    println!(
        "\nAs expected: one queue fed {consumers} consumers, no job twice, and closing ended them all."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_is_taken_exactly_once_by_consumers_that_all_took_some() {
        for consumers in [1, 3, 8] {
            let (taken, met) = must_finish(Duration::from_secs(20), "the consumers", move || {
                share(consumers)
            });
            assert!(met);
            assert_eq!(taken.len(), consumers);
            assert!(taken.iter().all(|mine| !mine.is_empty()));
            let counts = counts(&taken);
            assert_eq!(counts.len(), PRODUCERS * JOBS_EACH);
            assert!(counts.values().all(|&n| n == 1));
        }
    }

    #[test]
    fn a_consumer_sees_the_end_only_when_every_sender_is_dropped() {
        let (sender, receiver) = unbounded::<u8>();
        let second = sender.clone();
        drop(sender);
        // One sender is still alive: nothing to take, but not the end either.
        assert_eq!(
            receiver.recv_timeout(Duration::from_millis(20)),
            Err(crossbeam_channel::RecvTimeoutError::Timeout)
        );
        drop(second);
        assert_eq!(receiver.recv(), Err(crossbeam_channel::RecvError));
    }
}
