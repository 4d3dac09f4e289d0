//! The exercise "bounded_work_queue": its contract, and the checks that grade it.
//!
//! The student edits `bounded_work_queue.rs` (beside `src/`); the reference solution is
//! `../solutions/bounded_work_queue.rs`. The grader supplies both ends of the work: the jobs, an
//! iterator that records every job pulled from it, and the work, which records every job done,
//! on which thread, and how far the pulling ran ahead of the doing. The checks read those
//! records, never the solution's word.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use exercise_kit::grading::{Code, Runs};
use exercise_kit::seeded;
use lesson_kit::meeting::Meeting;

#[path = "../bounded_work_queue.rs"]
pub mod starter;

#[path = "../../solutions/bounded_work_queue.rs"]
pub mod solution;

/// A bounded work queue, as every version of the exercise offers it.
pub trait WorkQueue {
    /// Pulls every job from `jobs` on one producer thread, hands them through a queue that holds
    /// at most `capacity` jobs to `workers` worker threads, which each call `work.run(job)`, and
    /// returns every result (in any order).
    fn process_all(jobs: Jobs, work: &Work, workers: usize, capacity: usize) -> Vec<u64>;
}

/// How long the work waits at first for the producer to run too far ahead. A correct producer
/// is blocked by then; one with no bound pulls every job in microseconds.
pub const ROPE: Duration = Duration::from_millis(300);

/// How long the first workers wait for each other in `workers_in_parallel`.
pub const PATIENCE: Duration = Duration::from_millis(600);

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Queue>(),
        Code::Solution => runs::<solution::Queue>(),
    }
}

/// The checks' functions for any queue (the tests also grade broken ones).
pub fn runs<Q: WorkQueue>() -> Runs {
    exercise_kit::runs![
        every_job_once::<Q>,
        back_pressure::<Q>,
        workers_in_parallel::<Q>
    ]
}

/// The jobs to do: an iterator that records every job pulled from it.
pub struct Jobs {
    books: Arc<Books>,
    list: std::vec::IntoIter<u64>,
}

/// The work to do on each job: `run(job)` returns its result.
pub struct Work {
    books: Arc<Books>,
    salt: u64,
}

#[derive(Default)]
struct Books {
    state: Mutex<State>,
    changed: Condvar,
    /// The first `.1` jobs meet here before their work.
    meeting: Option<(Meeting, usize)>,
}

#[derive(Default)]
struct State {
    pulled: usize,
    done: usize,
    /// The most jobs ever pulled and not yet done.
    ahead: usize,
    /// Past this many, the producer ran ahead of the queue's bound.
    bound: Option<usize>,
    rope_from: Option<Instant>,
    calls: BTreeMap<u64, usize>,
    threads: HashSet<ThreadId>,
    started: usize,
}

impl Books {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Iterator for Jobs {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let job = self.list.next()?;
        let mut state = self.books.lock();
        state.pulled += 1;
        state.ahead = state.ahead.max(state.pulled - state.done);
        drop(state);
        self.books.changed.notify_all();
        Some(job)
    }
}

impl Work {
    /// Does `job` and returns its result.
    pub fn run(&self, job: u64) -> u64 {
        let books = &*self.books;
        let mut state = books.lock();
        *state.calls.entry(job).or_insert(0) += 1;
        state.threads.insert(thread::current().id());
        state.started += 1;
        let ticket = state.started;
        if let Some(bound) = state.bound {
            // Every job waits, at first, for the producer to go past the bound.
            let deadline = *state.rope_from.get_or_insert_with(Instant::now) + ROPE;
            while state.ahead <= bound {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                state = books
                    .changed
                    .wait_timeout(state, deadline - now)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
        }
        drop(state);
        if let Some((meeting, parties)) = &books.meeting
            && ticket <= *parties
        {
            meeting.arrive();
        }
        let result = seeded::mix(job ^ self.salt);
        books.lock().done += 1;
        books.changed.notify_all();
        result
    }
}

/// A run's jobs and work, with what the grader watches.
struct Setup {
    jobs: Jobs,
    work: Work,
    books: Arc<Books>,
    expected: Vec<u64>,
}

fn setup(seed: u64, count: usize, bound: Option<usize>, meeting: Option<usize>) -> Setup {
    let list: Vec<u64> = (0..count as u64).map(|n| seeded::number(seed, n)).collect();
    let salt = seeded::number(seed, u64::MAX);
    let mut expected: Vec<u64> = list.iter().map(|&job| seeded::mix(job ^ salt)).collect();
    expected.sort_unstable();
    let books = Arc::new(Books {
        state: Mutex::new(State {
            bound,
            ..State::default()
        }),
        changed: Condvar::new(),
        meeting: meeting.map(|parties| (Meeting::new(parties, PATIENCE), parties)),
    });
    Setup {
        jobs: Jobs {
            books: Arc::clone(&books),
            list: list.into_iter(),
        },
        work: Work {
            books: Arc::clone(&books),
            salt,
        },
        books,
        expected,
    }
}

/// Runs the queue and compares its results with the work's.
fn run<Q: WorkQueue>(setup: Setup, workers: usize, capacity: usize) -> Result<Arc<Books>, String> {
    let Setup {
        jobs,
        work,
        books,
        expected,
    } = setup;
    let count = expected.len();
    let mut results = Q::process_all(jobs, &work, workers, capacity);
    results.sort_unstable();
    let state = books.lock();
    let twice = state.calls.values().filter(|&&calls| calls > 1).count();
    if state.pulled != count || state.calls.len() != count || twice > 0 {
        return Err(format!(
            "of {count} jobs, {} were pulled, {} were done, {twice} of them more than once: \
             every job must be done exactly once",
            state.pulled,
            state.calls.len()
        ));
    }
    if results != expected {
        let right = results
            .iter()
            .filter(|r| expected.binary_search(r).is_ok())
            .count();
        return Err(format!(
            "{} results came back for {count} jobs, {right} of them results of the work: \
             return what work.run gave for each job",
            results.len()
        ));
    }
    drop(state);
    Ok(books)
}

fn every_job_once<Q: WorkQueue>() -> Result<(), String> {
    for (round, (workers, capacity)) in [(3, 4), (1, 1), (4, 2)].into_iter().enumerate() {
        let count = 20 + seeded::below(0xC0_FFEE, round as u64, 30) as usize;
        run::<Q>(
            setup(0xB0B + round as u64, count, None, None),
            workers,
            capacity,
        )?;
    }
    Ok(())
}

fn back_pressure<Q: WorkQueue>() -> Result<(), String> {
    const JOBS: usize = 40;
    for (workers, capacity) in [(2, 3), (1, 2)] {
        let bound = capacity + workers + 1;
        let books = run::<Q>(setup(0xBAC4, JOBS, Some(bound), None), workers, capacity)?;
        let ahead = books.lock().ahead;
        if ahead > bound {
            return Err(format!(
                "with {workers} workers and a queue of {capacity}, the producer pulled {ahead} \
                 jobs ahead of the work done while the workers were busy; a bounded queue \
                 lets it hold at most {bound} (queue, workers' hands, its own): the producer \
                 must wait for room"
            ));
        }
    }
    Ok(())
}

fn workers_in_parallel<Q: WorkQueue>() -> Result<(), String> {
    for workers in [3, 2, 4] {
        let books = run::<Q>(
            setup(0x9A7 + workers as u64, 30, None, Some(workers)),
            workers,
            2,
        )?;
        let threads = books.lock().threads.len();
        let (meeting, _) = books.meeting.as_ref().expect("set up with a meeting");
        if !meeting.outcome().met || threads > workers {
            return Err(format!(
                "asked for {workers} workers, the work ran on {threads} threads, and its first \
                 {workers} jobs were {}: {workers} workers must do the jobs side by side",
                if meeting.outcome().met {
                    "done at once"
                } else {
                    "never under way at once"
                }
            ));
        }
    }
    Ok(())
}
