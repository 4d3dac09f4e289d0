//! The exercise "ordered_pool": its contract, and the checks that grade it.
//!
//! The student edits `ordered_pool.rs` (beside `src/`); the reference solution is
//! `../solutions/ordered_pool.rs`. The jobs are the grader's, and they record how they are run:
//! how many times each one ran, on which threads, how many ran at once, and which had finished.
//! They also steer the run: the first job waits until another job has finished and its thread
//! has gone on to a next one, so a pool that returns results as they come puts another job's
//! result first every time; the first `workers` jobs to start
//! must meet (they wait for each other), and then hold on until a job beyond them starts, so a
//! pool with a thread too many shows it on every run. What a job returns is drawn from a seed,
//! and the checks compare every place of the results with it.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use exercise_kit::grading::{Code, ON_PURPOSE, Runs};
use exercise_kit::seeded;
use lesson_kit::meeting::Meeting;
use lesson_kit::timeout::panic_message;

#[path = "../ordered_pool.rs"]
pub mod starter;

#[path = "../../solutions/ordered_pool.rs"]
pub mod solution;

/// A pool that returns results in the order the jobs were handed in, as every version of the
/// exercise offers it.
pub trait OrderedPool {
    /// Runs every job of `jobs` exactly once, with `job.run()`, on exactly `workers` threads
    /// (never more at once, all of them while that many jobs are left), and returns one result
    /// per job, in the order of `jobs`: `Ok` with what `run` returned, or `Err` with the
    /// message of the panic for a job that panicked.
    fn run_all(jobs: Vec<Job>, workers: usize) -> Vec<Result<u64, String>>;
}

/// How long the first job waits for another job's thread to go on to a next job. In a pool of
/// two to four workers with eight jobs or more it never waits that long (the other jobs are
/// more than the other threads, so one thread does two of them); a pool that runs the jobs one
/// after another waits it out, once.
pub const PATIENCE: Duration = Duration::from_millis(300);

/// How long the first `workers` jobs wait for each other in `exactly_n_workers`.
pub const MEETING_PATIENCE: Duration = Duration::from_millis(600);

/// How long the first `workers` jobs, once met, hold their threads waiting for one more job to
/// start: only a pool with more than `workers` threads can start one, and one that idles on a
/// thread of its own starts it within microseconds.
pub const HOLD: Duration = Duration::from_millis(250);

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Pool>(),
        Code::Solution => runs::<solution::Pool>(),
    }
}

/// The checks' functions for any pool (the tests also grade broken ones).
pub fn runs<P: OrderedPool>() -> Runs {
    exercise_kit::runs![
        every_result_in_its_place::<P>,
        panics_stay_in_place::<P>,
        exactly_n_workers::<P>
    ]
}

/// One job of the grader's: `run` does it and returns its result, or panics for the jobs the
/// grader chose to.
pub struct Job {
    books: Arc<Books>,
    index: usize,
}

impl Job {
    /// Does the job and returns its result; panics if the grader made it a failing job.
    pub fn run(&self) -> u64 {
        let books = &*self.books;
        let ticket = {
            let mut state = books.lock();
            state.runs[self.index] += 1;
            let thread = thread::current().id();
            state.threads.insert(thread);
            // A thread that finished a job and starts another is done with the first one: a
            // result it keeps as the jobs finish is kept by now.
            state.went_on |= state.finished_on.contains(&thread);
            state.started += 1;
            state.running += 1;
            state.peak = state.peak.max(state.running);
            state.started
        };
        books.changed.notify_all();
        if let Some((meeting, parties)) = &books.meeting
            && ticket <= *parties
            && meeting.arrive()
        {
            books.wait_until(HOLD, |state| state.started > *parties);
        }
        if books.first_waits && self.index == 0 {
            books.wait_until(PATIENCE, |state| state.went_on);
        }
        {
            let mut state = books.lock();
            state.running -= 1;
            state.finished_on.insert(thread::current().id());
        }
        books.changed.notify_all();
        if books.panics.contains(&self.index) {
            panic!("{}", books.message(self.index));
        }
        books.result(self.index)
    }
}

/// What one run's jobs are, and what they saw.
struct Books {
    state: Mutex<State>,
    changed: Condvar,
    salt: u64,
    count: usize,
    /// The first job waits for another job's thread to go on to a next job.
    first_waits: bool,
    /// The jobs that panic.
    panics: Vec<usize>,
    /// The first `.1` jobs to start meet here, then hold.
    meeting: Option<(Meeting, usize)>,
}

#[derive(Default)]
struct State {
    runs: Vec<usize>,
    threads: HashSet<ThreadId>,
    /// The threads that have finished a job.
    finished_on: HashSet<ThreadId>,
    /// Whether a thread has started a job after it finished another.
    went_on: bool,
    started: usize,
    running: usize,
    /// The most jobs ever running at once.
    peak: usize,
}

impl Books {
    fn new(seed: u64, count: usize) -> Books {
        Books {
            state: Mutex::new(State {
                runs: vec![0; count],
                ..State::default()
            }),
            changed: Condvar::new(),
            salt: seeded::number(seed, u64::MAX),
            count,
            first_waits: false,
            panics: Vec::new(),
            meeting: None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics under this lock: the jobs panic after they let go of it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until `done` holds, or `patience` has passed.
    fn wait_until(&self, patience: Duration, done: impl Fn(&State) -> bool) {
        let deadline = Instant::now() + patience;
        let mut state = self.lock();
        while !done(&state) {
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            state = (self.changed)
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn result(&self, index: usize) -> u64 {
        seeded::mix(self.salt ^ index as u64)
    }

    fn message(&self, index: usize) -> String {
        let code = self.salt.rotate_left(index as u32) % 10_000;
        format!("job {index} failed {ON_PURPOSE}, code {code}")
    }

    fn expected(&self) -> Vec<Result<u64, String>> {
        (0..self.count)
            .map(|index| {
                if self.panics.contains(&index) {
                    Err(self.message(index))
                } else {
                    Ok(self.result(index))
                }
            })
            .collect()
    }

    /// Says what a result is: whose result, or which panic's message.
    fn name(&self, result: &Result<u64, String>) -> String {
        match result {
            Ok(value) => (0..self.count)
                .find(|&index| self.result(index) == *value)
                .map_or_else(
                    || format!("Ok({value}), which no job returned"),
                    |index| format!("the result of job {index}"),
                ),
            Err(message) => format!("Err({message:?})"),
        }
    }
}

/// Runs the pool on `count` jobs and compares what comes back, place by place, with what the
/// jobs returned; checks that every job ran exactly once.
fn run<P: OrderedPool>(books: &Arc<Books>, workers: usize) -> Result<(), String> {
    let count = books.count;
    let jobs = (0..count)
        .map(|index| Job {
            books: Arc::clone(books),
            index,
        })
        .collect();
    let results =
        catch_unwind(AssertUnwindSafe(|| P::run_all(jobs, workers))).map_err(|panic| {
            format!(
                "run_all panicked ({}): a job that panics must give an Err in its own place, and \
             every other job its result",
                panic_message(panic.as_ref())
            )
        })?;
    let state = books.lock();
    if let Some((index, runs)) = (state.runs.iter().enumerate()).find(|&(_, &runs)| runs != 1) {
        return Err(format!(
            "of {count} jobs, job {index} ran {runs} times: every job must run exactly once"
        ));
    }
    drop(state);
    if results.len() != count {
        return Err(format!(
            "{} results came back for {count} jobs: one per job",
            results.len()
        ));
    }
    let expected = books.expected();
    for (place, (got, wanted)) in results.iter().zip(&expected).enumerate() {
        if got != wanted {
            return Err(format!(
                "with {workers} workers, place {place} of the results holds {}, where {} \
                 belongs: each result goes in the place of its job, however the jobs finish",
                books.name(got),
                books.name(wanted)
            ));
        }
    }
    Ok(())
}

fn every_result_in_its_place<P: OrderedPool>() -> Result<(), String> {
    for (round, workers) in [3, 1, 4].into_iter().enumerate() {
        let round = round as u64;
        let count = 8 + seeded::below(0x0DE7, round, 12) as usize;
        let mut books = Books::new(0x0DE8 + round, count);
        // With one worker no job can finish before the first: nothing to wait for.
        books.first_waits = workers > 1;
        run::<P>(&Arc::new(books), workers)?;
    }
    Ok(())
}

fn panics_stay_in_place<P: OrderedPool>() -> Result<(), String> {
    for (round, (workers, failing)) in [(3, 2), (2, 3)].into_iter().enumerate() {
        let round = round as u64;
        let count = 10 + seeded::below(0x9A41C, round, 6) as usize;
        let mut books = Books::new(0x9A41D + round, count);
        books.panics = seeded::distinct(0x9A41E + round, failing, count as u64);
        run::<P>(&Arc::new(books), workers)?;
    }
    Ok(())
}

fn exactly_n_workers<P: OrderedPool>() -> Result<(), String> {
    for (round, workers) in [3, 2, 4].into_iter().enumerate() {
        let round = round as u64;
        let count = 3 * workers + seeded::below(0x3E4, round, 5) as usize;
        let mut books = Books::new(0x3E5 + round, count);
        books.meeting = Some((Meeting::new(workers, MEETING_PATIENCE), workers));
        let books = Arc::new(books);
        run::<P>(&books, workers)?;
        let state = books.lock();
        let (threads, peak) = (state.threads.len(), state.peak);
        let (meeting, _) = books.meeting.as_ref().expect("set up with a meeting");
        if !meeting.outcome().met {
            return Err(format!(
                "asked for {workers} workers, the first {workers} jobs were never under way at \
                 once (threads that ran jobs: {threads}; at most {peak} at a time): {workers} \
                 workers must run jobs side by side"
            ));
        }
        if threads > workers || peak > workers {
            return Err(format!(
                "asked for {workers} workers, the jobs ran on {threads} threads, up to {peak} at \
                 once: exactly {workers} threads must do the jobs, never more at once"
            ));
        }
    }
    Ok(())
}
