//! A small thread pool, written out in full: the notes' `ThreadPoolExecutor`, in a few screens.
//!
//! A fixed number of worker threads take jobs from one shared queue (a crossbeam channel: std's
//! `mpsc` has a single receiver, and here every worker receives). [`Pool::submit`] wraps the task
//! in a job that sends its result on a channel of its own, and returns the receiving end as a
//! [`Handle`], the pool's future. A task that panics becomes an `Err` in its handle, like an
//! exception stored in a Python future, and its worker goes on with the next job. Dropping the pool
//! closes the queue: the workers finish every job already queued, then stop, and the drop waits
//! for them.

use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, RecvError, Select, Sender};
use lesson_kit::timeout::panic_message;

// ANCHOR: pool
/// A job in the queue: a task, with its result channel, boxed so that tasks of any type fit.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads that run submitted tasks, in the order they were submitted.
pub struct Pool {
    /// `None` once the pool is being dropped: closing the queue is what stops the workers.
    queue: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    /// `workers` threads named "{name}-0", "{name}-1", ... taking jobs from one shared queue.
    pub fn new(workers: usize, name: &str) -> Pool {
        assert!(workers > 0, "a pool needs at least one worker");
        let (queue, jobs) = crossbeam_channel::unbounded::<Job>();
        let workers = (0..workers)
            .map(|number| {
                let jobs = jobs.clone();
                thread::Builder::new()
                    .name(format!("{name}-{number}"))
                    .spawn(move || work(jobs))
                    .expect("the OS refused to start a thread")
            })
            .collect();
        Pool {
            queue: Some(queue),
            workers,
        }
    }

    /// How many worker threads the pool has.
    pub fn workers(&self) -> usize {
        self.workers.len()
    }
}
// ANCHOR_END: pool

// ANCHOR: worker
/// A worker's whole life: take the next job, run it, again, until the queue is closed *and*
/// empty (`recv` hands out what is still queued before it reports the closing).
fn work(jobs: Receiver<Job>) {
    while let Ok(job) = jobs.recv() {
        job();
    }
}
// ANCHOR_END: worker

// ANCHOR: submit
impl Pool {
    /// Queues `task`; returns at once with a handle to its result.
    pub fn submit<T, F>(&self, task: F) -> Handle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (done, result) = crossbeam_channel::bounded(1);
        let job = Box::new(move || {
            // The panic stops here, inside the job: the worker that ran it stays alive.
            let outcome = panic::catch_unwind(AssertUnwindSafe(task))
                .map_err(|payload| Panicked(panic_message(payload.as_ref())));
            // Whoever dropped the handle did not want the result: nobody to tell.
            let _ = done.send(outcome);
        });
        let queue = self.queue.as_ref().expect("the queue is open until drop");
        queue
            .send(job)
            .expect("the workers live as long as the pool");
        Handle { result }
    }
}
// ANCHOR_END: submit

// ANCHOR: drop
impl Drop for Pool {
    fn drop(&mut self) {
        // Closing the queue ends each worker's loop once the jobs already queued have run.
        drop(self.queue.take());
        for worker in self.workers.drain(..) {
            // A worker cannot panic (each job catches its own), so there is no error to pass on.
            let _ = worker.join();
        }
    }
}
// ANCHOR_END: drop

// ANCHOR: handle
/// The result of one submitted task, to come: the pool's future.
pub struct Handle<T> {
    result: Receiver<Result<T, Panicked>>,
}

impl<T> Handle<T> {
    /// Waits for the result; a task that panicked gives `Err` with its panic message.
    pub fn wait(self) -> Result<T, Panicked> {
        outcome(self.result.recv())
    }
}

/// A task panicked; the panic's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panicked(pub String);
// ANCHOR_END: handle

impl fmt::Display for Panicked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the task panicked: {}", self.0)
    }
}

impl std::error::Error for Panicked {}

/// A job always sends before its sender is dropped, unless the job itself was dropped unrun,
/// which only a worker killed by something other than a panic could cause.
fn outcome<T>(received: Result<Result<T, Panicked>, RecvError>) -> Result<T, Panicked> {
    received.unwrap_or_else(|RecvError| Err(Panicked("the task never ran".into())))
}

// ANCHOR: as_completed
/// Results as the tasks finish, each with its index in `handles`.
pub fn as_completed<T>(
    handles: Vec<Handle<T>>,
) -> impl Iterator<Item = (usize, Result<T, Panicked>)> {
    let mut waiting: Vec<(usize, Receiver<Result<T, Panicked>>)> = handles
        .into_iter()
        .map(|handle| handle.result)
        .enumerate()
        .collect();
    std::iter::from_fn(move || {
        if waiting.is_empty() {
            return None;
        }
        // Sleeps until one of the result channels has something, whichever it is.
        let (ready, received) = {
            let mut select = Select::new();
            for (_, result) in &waiting {
                select.recv(result);
            }
            let operation = select.select();
            let ready = operation.index();
            (ready, operation.recv(&waiting[ready].1))
        };
        let (index, _) = waiting.swap_remove(ready);
        Some((index, outcome(received)))
    })
}
// ANCHOR_END: as_completed

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};
    use std::time::{Duration, Instant};

    use lesson_kit::must_finish;

    const PATIENCE: Duration = Duration::from_secs(10);

    /// Every test runs under a deadline: a broken pool fails the test instead of hanging it.
    fn within<T: Send + 'static>(test: impl FnOnce() -> T + Send + 'static) -> T {
        must_finish(Duration::from_secs(30), "the test", test)
    }

    /// One gate per task, opened by the test, so the test decides when each task may finish.
    fn gates(count: usize) -> (Vec<Sender<()>>, Vec<Receiver<()>>) {
        (0..count).map(|_| crossbeam_channel::bounded(1)).unzip()
    }

    fn pass(gate: &Receiver<()>) {
        gate.recv_timeout(PATIENCE)
            .expect("the test never opened the gate");
    }

    #[test]
    fn results_come_in_submission_order_whatever_order_the_tasks_finish_in() {
        within(|| {
            let pool = Pool::new(4, "pool");
            let (open, gates) = gates(4);
            let (finished, finishes) = crossbeam_channel::unbounded();
            let handles: Vec<Handle<usize>> = gates
                .into_iter()
                .enumerate()
                .map(|(task, gate)| {
                    let finished = finished.clone();
                    pool.submit(move || {
                        pass(&gate);
                        finished.send(task).unwrap();
                        task * 10
                    })
                })
                .collect();
            // Last submitted finishes first: each gate opens once the task before it is done.
            for task in [3, 2, 1, 0] {
                open[task].send(()).unwrap();
                assert_eq!(finishes.recv_timeout(PATIENCE), Ok(task));
            }
            let results: Vec<usize> = handles.into_iter().map(|h| h.wait().unwrap()).collect();
            assert_eq!(results, [0, 10, 20, 30]);
        });
    }

    #[test]
    fn as_completed_yields_the_tasks_in_the_order_they_finish() {
        within(|| {
            let pool = Pool::new(4, "pool");
            let (open, gates) = gates(4);
            let handles = gates
                .into_iter()
                .enumerate()
                .map(|(task, gate)| {
                    pool.submit(move || {
                        pass(&gate);
                        task
                    })
                })
                .collect();
            let mut completed = as_completed(handles);
            let mut order = Vec::new();
            // One gate at a time, the next only once the last result is out: one order only.
            for task in [2, 0, 3, 1] {
                open[task].send(()).unwrap();
                let (index, result) = completed.next().expect("a result per task");
                assert_eq!(result, Ok(index), "each result comes with its own index");
                order.push(index);
            }
            assert!(completed.next().is_none());
            assert_eq!(order, [2, 0, 3, 1]);
        });
    }

    #[test]
    fn a_panic_is_an_err_and_every_worker_goes_on_taking_jobs() {
        within(|| {
            let workers = 3;
            let pool = Pool::new(workers, "sturdy");
            // Each worker panics once: all of them hold a panicking task at the same moment.
            let everyone = Arc::new(Barrier::new(workers));
            let panics: Vec<Handle<()>> = (0..workers)
                .map(|task| {
                    let everyone = Arc::clone(&everyone);
                    pool.submit(move || {
                        everyone.wait();
                        panic!("site {task} is down")
                    })
                })
                .collect();
            for (task, handle) in panics.into_iter().enumerate() {
                assert_eq!(handle.wait(), Err(Panicked(format!("site {task} is down"))));
            }
            // Then each worker must take one of the next jobs: they meet, so none runs twice.
            let again = Arc::new(Barrier::new(workers));
            let names: HashSet<String> = (0..workers)
                .map(|_| {
                    let again = Arc::clone(&again);
                    pool.submit(move || {
                        again.wait();
                        thread::current().name().unwrap().to_owned()
                    })
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|handle| handle.wait().expect("no panic this time"))
                .collect();
            let expected: HashSet<String> = (0..workers).map(|n| format!("sturdy-{n}")).collect();
            assert_eq!(names, expected);
            assert_eq!(pool.workers(), workers);
        });
    }

    #[test]
    fn dropping_the_pool_runs_every_queued_job_then_joins_the_workers() {
        within(|| {
            let pool = Pool::new(1, "last");
            let (open, gate) = crossbeam_channel::bounded::<()>(1);
            let ran = Arc::new(AtomicUsize::new(0));
            pool.submit(move || pass(&gate));
            for _ in 0..10 {
                let ran = Arc::clone(&ran);
                // Handles dropped at once: the jobs must run anyway.
                pool.submit(move || ran.fetch_add(1, Ordering::SeqCst));
            }
            let (dropping, about_to_drop) = crossbeam_channel::bounded(1);
            let ran_at_drop = Arc::clone(&ran);
            let dropper = thread::spawn(move || {
                dropping.send(()).unwrap();
                drop(pool);
                (Instant::now(), ran_at_drop.load(Ordering::SeqCst))
            });
            about_to_drop.recv_timeout(PATIENCE).unwrap();
            // The drop is under way with 11 jobs queued or running; the worker is held at the gate.
            thread::sleep(Duration::from_millis(50));
            assert_eq!(ran.load(Ordering::SeqCst), 0);
            let opened = Instant::now();
            open.send(()).unwrap();
            let (dropped, ran_when_dropped) = dropper.join().unwrap();
            assert!(
                dropped >= opened,
                "the drop returned before the last jobs ran"
            );
            assert_eq!(
                ran_when_dropped, 10,
                "every queued job ran before the drop returned"
            );
        });
    }

    #[test]
    fn never_more_tasks_run_at_once_than_there_are_workers() {
        within(|| {
            let workers = 3;
            let pool = Pool::new(workers, "bounded");
            let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
            let handles: Vec<Handle<()>> = (0..12)
                .map(|task| {
                    let (now, peak) = (Arc::clone(&now), Arc::clone(&peak));
                    pool.submit(move || {
                        let inside = now.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(inside, Ordering::SeqCst);
                        // The first tasks wait until every worker is busy, so the peak reaches
                        // `workers` on any machine; a pool with more threads would go beyond.
                        let deadline = Instant::now() + PATIENCE;
                        while task < workers && peak.load(Ordering::SeqCst) < workers {
                            assert!(Instant::now() < deadline, "the workers never all got busy");
                            thread::sleep(Duration::from_millis(1));
                        }
                        thread::sleep(Duration::from_millis(2));
                        now.fetch_sub(1, Ordering::SeqCst);
                    })
                })
                .collect();
            for handle in handles {
                handle.wait().unwrap();
            }
            assert_eq!(peak.load(Ordering::SeqCst), workers);
        });
    }
}
