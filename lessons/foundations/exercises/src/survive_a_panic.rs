//! The exercise "survive_a_panic": its contract, and the checks that grade it.
//!
//! The student edits `survive_a_panic.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/survive_a_panic.rs`. Both implement [`JobRunner`] and are graded by
//! the same checks, whose names, points and time limits `exercises.toml` declares: a handful of
//! threads adding numbers, so reaching a limit means something is stuck.
//!
//! The jobs are the grader's, and they watch how they are run (`Watch`): which total each was
//! handed, whether all of them were running at the same moment (each waits for the others
//! before it takes the lock), and how many had finished when `run_jobs` returned. What they add
//! is chosen by a seed, so a total that was not read from the lock cannot match.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use exercise_kit::grading::{Code, ON_PURPOSE, Runs};

use lesson_kit::meeting::Meeting;

use crate::count;

#[path = "../survive_a_panic.rs"]
pub mod starter;

#[path = "../../solutions/survive_a_panic.rs"]
pub mod solution;

/// A job: it adds something to the shared total, under its lock, and may panic while it holds it.
pub type Job = Box<dyn FnOnce(&Mutex<u64>) + Send>;

/// What running the jobs came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// The shared total as the jobs left it, including what panicking jobs added before they
    /// panicked.
    pub total: u64,
    /// How many jobs panicked.
    pub panicked: usize,
}

/// The job runner, as every version of the exercise offers it.
pub trait JobRunner {
    /// Runs every job on its own thread, all at the same time, all sharing one total that
    /// starts at 0. Never panics itself, whatever the jobs do.
    fn run_jobs(jobs: Vec<Job>) -> Tally;
}

/// How long a job waits for the others to be running too: ample for threads to start, even on
/// a loaded machine, and the only wait a runner that runs them one after another pays.
pub const PATIENCE: Duration = Duration::from_secs(1);

/// How long the late job, in the check that has one, waits to add its amount after every other
/// job has finished (and so let go of the lock, however long a panic took to print). A sleep
/// never ends early: a runner that reads the total without waiting for every job reads it
/// before that addition, unless its own thread stalls this long (the assumption the meeting
/// makes about starting threads, halved).
pub const LATE: Duration = Duration::from_millis(500);

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Runner>(),
        Code::Solution => runs::<solution::Runner>(),
    }
}

/// The checks' functions for any version, under the names `exercises.toml` declares.
pub fn runs<R: JobRunner>() -> Runs {
    exercise_kit::runs![no_panics::<R>, one_panic::<R>, three_panics::<R>]
}

/// What the jobs of one check saw of how they were run.
struct Watch {
    /// Every job waits here, before it takes the lock, until all of them are running.
    meeting: Meeting,
    /// The address of the total each job was handed.
    totals: Mutex<Vec<usize>>,
    /// How many jobs have ended, by returning or by panicking.
    finished: Mutex<usize>,
    /// Told of every job that ends.
    ended: Condvar,
}

impl Watch {
    fn finished(&self) -> MutexGuard<'_, usize> {
        // Nothing panics under this lock.
        self.finished.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until every job but one has ended, or `PATIENCE` has passed.
    fn others_ended(&self, jobs: usize) {
        let _ = self
            .ended
            .wait_timeout_while(self.finished(), PATIENCE, |finished| *finished + 1 < jobs);
    }
}

/// Counts its job as finished when dropped: at its end, or after its panic, when its guard of the
/// lock has been dropped too.
struct Finish<'a>(&'a Watch);

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        *self.0.finished() += 1;
        self.0.ended.notify_all();
    }
}

/// One job to make: its amount, whether it panics, whether it adds late.
#[derive(Debug, Clone, Copy)]
struct Plan {
    amount: u64,
    fails: bool,
    late: bool,
}

/// A job that waits until all the jobs are running, adds `amount` under the lock, then panics
/// while still holding it if it `fails`. It takes the lock even when an earlier job poisoned it:
/// the total is still right, since each job's addition is a single step. A `late` job, when all
/// the jobs did run at once, first waits for the others to end, then `LATE` more.
fn job(number: usize, jobs: usize, plan: Plan, watch: &Arc<Watch>) -> Job {
    let watch = Arc::clone(watch);
    Box::new(move |total: &Mutex<u64>| {
        let _finish = Finish(&watch);
        watch
            .totals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(total as *const Mutex<u64> as usize);
        // Jobs run one after another have failed already; the late one must not wait for the
        // others then, as they may be waiting for it to end.
        if watch.meeting.arrive() && plan.late {
            watch.others_ended(jobs);
            thread::sleep(LATE);
        }
        let mut total = total.lock().unwrap_or_else(PoisonError::into_inner);
        *total += plan.amount;
        if plan.fails {
            panic!("job {number} panicked {ON_PURPOSE} while holding the lock");
        }
    })
}

/// Runs `jobs` jobs (at most 9), the ones in `failing` panicking and the one numbered `late` (if
/// any) adding last, and compares what the runner did and reported with what it must be. Job `k`
/// adds 10 000 times 2 to the `k`, plus up to 999 chosen by `seed`: each amount is more than all
/// the smaller ones together, so no two sets of jobs add up to the same total, and a wrong total
/// tells which additions it counts.
fn grade<R: JobRunner>(
    jobs: usize,
    failing: &[usize],
    late: Option<usize>,
    seed: u64,
) -> Result<(), String> {
    let watch = Arc::new(Watch {
        meeting: Meeting::new(jobs, PATIENCE),
        totals: Mutex::default(),
        finished: Mutex::new(0),
        ended: Condvar::new(),
    });
    let plans: Vec<Plan> = (0..jobs)
        .map(|number| Plan {
            amount: (10_000 << number) + (seed * 7919 + number as u64 * 104_729) % 1000,
            fails: failing.contains(&number),
            late: late == Some(number),
        })
        .collect();
    let list = (0..jobs)
        .map(|number| job(number, jobs, plans[number], &watch))
        .collect();
    let got = R::run_jobs(list);
    // Read at once: a job still running now was not waited for.
    let finished = *watch.finished();
    let totals = watch
        .totals
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    if totals.len() < jobs {
        return Err(format!(
            "run_jobs returned when only {} of the {jobs} jobs had started, so before every job \
             had finished: run every job, and wait for every thread before you read the total",
            totals.len()
        ));
    }
    if finished < jobs {
        return Err(format!(
            "run_jobs returned before every job had finished ({} of the {jobs} still \
             running): wait for every thread before you read the total",
            jobs - finished
        ));
    }
    let mut shared = totals.clone();
    shared.sort_unstable();
    shared.dedup();
    if shared.len() > 1 {
        return Err(format!(
            "the {jobs} jobs were handed {} different totals; expected one, shared by all",
            shared.len()
        ));
    }
    let outcome = watch.meeting.outcome();
    if !outcome.met {
        return Err(format!(
            "the first job waited {PATIENCE:?} for the other {}, in vain: the jobs ran one after \
             another (on {}), not all at the same time, each on its own thread",
            jobs - 1,
            count(outcome.threads, "thread")
        ));
    }
    let expected = Tally {
        total: plans.iter().map(|plan| plan.amount).sum(),
        panicked: failing.len(),
    };
    if got == expected {
        return Ok(());
    }
    let mut message = format!(
        "{jobs} jobs, of which {} panicked, gave {got:?}; expected {expected:?}",
        failing.len()
    );
    if got.panicked != expected.panicked {
        message += &format!(": the count of panicked jobs was {}", got.panicked);
    }
    if got.total != expected.total
        && let Some(counted) = counted(&plans, got.total)
    {
        message += &format!(
            ": the total counts the additions of {} of the {jobs} jobs",
            counted.len()
        );
        if let Some(late) = late
            && !counted.contains(&late)
        {
            message += &format!(
                "; job {late} added its amount {LATE:?} after the others had ended, and it is \
                 not counted: was the total read before every job had finished?"
            );
        }
    }
    Err(message)
}

/// The jobs whose amounts add up to `total`, if some do: which additions a wrong total counts.
/// A few jobs, so trying every set of them is quick.
fn counted(plans: &[Plan], total: u64) -> Option<Vec<usize>> {
    let jobs = |subset: u32| (0..plans.len()).filter(move |job| subset & (1 << job) != 0);
    (0..1_u32 << plans.len())
        .find(|&subset| jobs(subset).map(|job| plans[job].amount).sum::<u64>() == total)
        .map(|subset| jobs(subset).collect())
}

fn no_panics<R: JobRunner>() -> Result<(), String> {
    grade::<R>(8, &[], None, 1)
}

fn one_panic<R: JobRunner>() -> Result<(), String> {
    grade::<R>(4, &[2], None, 2)
}

fn three_panics<R: JobRunner>() -> Result<(), String> {
    grade::<R>(8, &[0, 3, 7], Some(7), 3)
}
