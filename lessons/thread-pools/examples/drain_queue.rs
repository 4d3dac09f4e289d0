//! Lesson: workers drain a queue, and the producer learns that all the work is done by closing
//! the queue and joining the workers, with no sleep anywhere.
//!
//! The notes' threaded checker puts every site in a `Queue`, starts 4 workers that loop forever
//! (`while True: get(); check(); task_done()`), and waits with `queue.join()`, which returns once
//! every item was marked done. It prints its time, and then the program does not end: the
//! workers are not daemons, and they wait in `get()` for an item that never comes.
//!
//! This lesson does both, with 24 small jobs and 4 workers: first the notes' way (the queue is
//! never closed: after the last job, the workers are still waiting), then the Rust way (the
//! sender is dropped once the jobs are in, each worker's loop ends when the queue is empty, and
//! joining them is the end of the work).
//!
//! Run: `cargo run --example drain_queue` (try `-- --workers 8`).

use std::thread::{self, JoinHandle};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use lesson_kit::cli;
use lesson_kit::work::crunch_numbers;
use lesson_kit::{Figure, must_finish};

const USAGE: &str = "\
Workers drain a queue; the end of the work is the queue closed and every worker joined.

usage: cargo run --example drain_queue -- [--workers N]

  --workers N  how many workers (default 4, like the notes; from 1 to 32)
  -h, --help   show this text
";

const JOBS: u64 = 24;

/// Each job counts this far (a few hundred microseconds of work).
const COUNT: u64 = 200_000;

/// Every wait of the lesson ends by this deadline, with a message instead of a hang.
const LIMIT: Duration = Duration::from_secs(30);

/// What a worker did with a job: the job, and its result.
type Done = (u64, u64);

// ANCHOR: notes_way
/// The notes' way: the workers loop until the queue is closed, and nobody closes it. The caller
/// waits for one "done" per job (the notes' `task_done()` and `queue.join()`) and gets back the
/// workers, still running, with the sender that keeps them waiting.
fn never_closed(workers: usize) -> (Vec<Done>, Vec<JoinHandle<()>>, Sender<u64>) {
    let (queue, jobs) = crossbeam_channel::unbounded::<u64>();
    let (done, finished) = crossbeam_channel::unbounded::<Done>();
    let handles = (0..workers)
        .map(|_| {
            let (jobs, done) = (jobs.clone(), done.clone());
            thread::spawn(move || {
                // `recv` fails only once every sender is gone: never, here.
                while let Ok(job) = jobs.recv() {
                    done.send((job, crunch_numbers(COUNT + job))).ok();
                }
            })
        })
        .collect();
    for job in 0..JOBS {
        queue.send(job).expect("the workers hold receivers");
    }
    // `queue.join()`: one "done" per job, however long the last one takes.
    let results = finished.iter().take(JOBS as usize).collect();
    (results, handles, queue)
}
// ANCHOR_END: notes_way

// ANCHOR: rust_way
/// The Rust way: the jobs go in, the queue is closed, and each worker's loop ends when the queue
/// is empty. The scope joins every worker before it returns: when it does, all work is done.
fn drained(workers: usize) -> Vec<Done> {
    let (queue, jobs) = crossbeam_channel::unbounded::<u64>();
    for job in 0..JOBS {
        queue.send(job).expect("the receiver is right here");
    }
    drop(queue); // closed: a worker that finds it empty stops
    let (done, finished) = crossbeam_channel::unbounded::<Done>();
    thread::scope(|scope| {
        for _ in 0..workers {
            let (jobs, done): (Receiver<u64>, Sender<Done>) = (jobs.clone(), done.clone());
            scope.spawn(move || {
                for job in jobs {
                    done.send((job, crunch_numbers(COUNT + job))).ok();
                }
            });
        }
    });
    drop(done);
    finished.iter().collect()
}
// ANCHOR_END: rust_way

fn assert_every_job_once(what: &str, results: &[Done]) {
    let mut jobs: Vec<u64> = results.iter().map(|&(job, _)| job).collect();
    jobs.sort_unstable();
    assert_eq!(
        jobs,
        (0..JOBS).collect::<Vec<_>>(),
        "expected the {what} run to do every job exactly once"
    );
    for &(job, result) in results {
        assert_eq!(result, COUNT + job, "job {job}: the count came out wrong");
    }
}

/// Joins the workers of the notes' way, once their queue is closed.
fn join_all(handles: Vec<JoinHandle<()>>) {
    let join = move || {
        handles
            .into_iter()
            .for_each(|h| h.join().expect("a worker panicked"))
    };
    must_finish(LIMIT, "the workers after the close", join);
}

fn main() {
    let workers = cli::only_number(USAGE, "workers", 4, 1..=32);
    println!("{JOBS} jobs, {workers} workers.\n");

    let (results, handles, sender) =
        must_finish(LIMIT, "the notes' way", move || never_closed(workers));
    assert_every_job_once("notes'", &results);
    // No look can find one finished: nothing ends them while the sender lives.
    let waiting = handles
        .iter()
        .filter(|handle| !handle.is_finished())
        .count();
    println!("The notes' way: all {JOBS} jobs done; {waiting} of {workers} workers still waiting.");
    drop(sender);
    join_all(handles);
    println!("  ...and they end only once the queue is closed (its sender dropped).");

    let results = must_finish(LIMIT, "the drained queue", move || drained(workers));
    println!("The Rust way: the scope returned: all {JOBS} jobs done, every worker ended.");
    assert_every_job_once("drained", &results);

    Figure::new("workers still running after the last job is done")
        .notes("4 (never end: the program does not exit)")
        .this_run(format!(
            "{waiting} with the queue open, 0 once it is closed"
        ))
        .ideal("0")
        .print();
    let expected = "expected every worker to wait for more while the queue is open";
    assert_eq!(waiting, workers, "{expected}");
    println!("\nAs expected: a worker loop ends when its queue is closed and empty, not before.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_of_a_queue_never_closed_wait_until_it_is_and_then_end() {
        let (results, handles, sender) = must_finish(LIMIT, "the notes' way", || never_closed(3));
        assert_every_job_once("notes'", &results);
        assert!(handles.iter().all(|handle| !handle.is_finished()));
        drop(sender);
        join_all(handles);
    }

    #[test]
    fn a_closed_queue_is_drained_and_every_worker_returns() {
        for workers in [1, 4, 32] {
            let results = must_finish(LIMIT, "drained", move || drained(workers));
            assert_every_job_once("drained", &results);
        }
    }
}
