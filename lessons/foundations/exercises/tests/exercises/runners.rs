//! Wrong versions of "survive_a_panic", each graded, and caught by the check that names its
//! mistake. Only the tests here use them: they are not exercises.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use exercise_kit::contract::{assert_caught, describe, run_at_once};
use exercise_kit::grading::{CheckReport, Exercise, Outcome};
use foundations_exercises::chapter;
use foundations_exercises::survive_a_panic::{self, Job, JobRunner, Tally};

pub fn exercise() -> &'static Exercise {
    chapter().exercise("survive_a_panic")
}

/// Grades a version with its checks side by side: each check makes its own jobs and total, and
/// a version whose jobs run one after another waits out the patience once instead of thrice.
fn grade<R: JobRunner>() -> Vec<CheckReport> {
    run_at_once(&exercise().bind(&survive_a_panic::runs::<R>()))
}

#[test]
fn the_starter_runner_panics_when_a_job_does() {
    // An edited starter is the student's work, graded by `your_work::survive_a_panic`, not an example.
    if !exercise().starter_untouched() {
        return;
    }
    let checks = grade::<survive_a_panic::starter::Runner>();
    assert_eq!(checks[0].outcome, Outcome::Passed, "{}", describe(&checks));
    assert_caught(exercise(), &checks, "one_panic", &["panicked: "]);
    assert_caught(exercise(), &checks, "three_panics", &["panicked: "]);
}

#[test]
fn joining_every_thread_without_counting_the_panics_is_caught() {
    let checks = grade::<ForgetsToCount>();
    assert_eq!(checks[0].outcome, Outcome::Passed, "{}", describe(&checks));
    assert_caught(exercise(), &checks, "one_panic", &["panicked jobs was 0"]);
}

#[test]
fn counting_the_poisoned_lock_as_one_panic_is_caught() {
    let checks = grade::<CountsThePoison>();
    assert_caught(
        exercise(),
        &checks,
        "three_panics",
        &["panicked jobs was 1"],
    );
}

#[test]
fn dropping_the_poisoned_total_is_caught() {
    let checks = grade::<ZeroWhenPoisoned>();
    assert_caught(
        exercise(),
        &checks,
        "one_panic",
        &["gave Tally { total: 0,"],
    );
}

#[test]
fn a_total_made_up_instead_of_read_from_the_lock_is_caught() {
    let checks = grade::<HardCodedTotal>();
    assert_caught(
        exercise(),
        &checks,
        "no_panics",
        &["gave Tally { total: 255,"],
    );
}

#[test]
fn jobs_run_as_asked_but_each_with_its_own_total_are_caught() {
    let checks = grade::<OwnTotals>();
    assert_caught(exercise(), &checks, "no_panics", &["8 different totals"]);
}

#[test]
fn jobs_run_one_by_one_on_the_calling_thread_are_caught() {
    let checks = grade::<OnTheCallingThread>();
    assert_caught(
        exercise(),
        &checks,
        "no_panics",
        &["one after another (on 1 thread)"],
    );
}

#[test]
fn threads_joined_one_by_one_are_caught() {
    let checks = grade::<JoinsEachBeforeTheNext>();
    assert_caught(
        exercise(),
        &checks,
        "no_panics",
        &["one after another (on 8 threads)"],
    );
}

#[test]
fn a_total_read_before_the_threads_are_joined_misses_the_late_job_every_time() {
    // The late job adds its amount long after the others (a sleep never ends early), so the
    // early read misses it: forced, not lucky. Three gradings side by side cost one.
    let gradings: Vec<Vec<CheckReport>> = thread::scope(|scope| {
        let running: Vec<_> = (0..3)
            .map(|_| scope.spawn(grade::<ReadsTooEarly>))
            .collect();
        running.into_iter().map(|run| run.join().unwrap()).collect()
    });
    for checks in &gradings {
        assert_caught(
            exercise(),
            checks,
            "three_panics",
            &["before every job had finished"],
        );
    }
}

#[test]
fn a_runner_that_sleeps_instead_of_waiting_for_its_threads_is_caught() {
    let checks = grade::<SleepsInsteadOfJoining>();
    assert_caught(
        exercise(),
        &checks,
        "three_panics",
        &["before every job had finished"],
    );
}

/// Runs every job on its own scoped thread, all at once, against `total`, and returns how the
/// threads ended: `true` for one that panicked.
fn run_all(jobs: Vec<Job>, total: &Mutex<u64>) -> Vec<bool> {
    thread::scope(|scope| {
        let threads: Vec<_> = jobs
            .into_iter()
            .map(|job| scope.spawn(move || job(total)))
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().is_err())
            .collect()
    })
}

/// How many threads panicked, of those that `ended` tells about.
fn count(ended: impl IntoIterator<Item = bool>) -> usize {
    ended.into_iter().filter(|&panicked| panicked).count()
}

/// The total, poisoned or not.
fn read(total: Mutex<u64>) -> u64 {
    total.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Survives the panics, and reports none of them.
struct ForgetsToCount;

impl JobRunner for ForgetsToCount {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let total = Mutex::new(0);
        run_all(jobs, &total);
        Tally {
            total: read(total),
            panicked: 0,
        }
    }
}

/// Takes a poisoned lock for one panic: it cannot tell one panicking job from three.
struct CountsThePoison;

impl JobRunner for CountsThePoison {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let total = Mutex::new(0);
        run_all(jobs, &total);
        let panicked = usize::from(total.is_poisoned());
        Tally {
            total: read(total),
            panicked,
        }
    }
}

/// Drops the error: a poisoned total counts as 0 instead of the value it still holds.
struct ZeroWhenPoisoned;

impl JobRunner for ZeroWhenPoisoned {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let total = Mutex::new(0);
        let panicked = count(run_all(jobs, &total));
        Tally {
            total: total.into_inner().unwrap_or_default(),
            panicked,
        }
    }
}

/// Hard-coded: runs the jobs and counts their panics, but gives the total that jobs adding 1,
/// 2, 4, ... would come to, instead of the one in the lock.
struct HardCodedTotal;

impl JobRunner for HardCodedTotal {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let jobs_run = jobs.len();
        let panicked = count(run_all(jobs, &Mutex::new(0)));
        Tally {
            total: (1 << jobs_run) - 1,
            panicked,
        }
    }
}

/// Runs every job as asked, on its own thread, all at once, but hands each its own total and
/// adds them up afterwards: the shared lock, and its poisoning, never happen.
struct OwnTotals;

impl JobRunner for OwnTotals {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let totals: Vec<Mutex<u64>> = jobs.iter().map(|_| Mutex::new(0)).collect();
        let panicked = thread::scope(|scope| {
            let threads: Vec<_> = jobs
                .into_iter()
                .zip(&totals)
                .map(|(job, total)| scope.spawn(move || job(total)))
                .collect();
            count(threads.into_iter().map(|thread| thread.join().is_err()))
        });
        Tally {
            total: totals.into_iter().map(read).sum(),
            panicked,
        }
    }
}

/// Serial, without threads: catches each job's panic on the calling thread.
struct OnTheCallingThread;

impl JobRunner for OnTheCallingThread {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let total = Mutex::new(0);
        let panicked = count(
            jobs.into_iter()
                .map(|job| panic::catch_unwind(AssertUnwindSafe(|| job(&total))).is_err()),
        );
        Tally {
            total: read(total),
            panicked,
        }
    }
}

/// Serial, with threads: each is joined before the next is spawned.
struct JoinsEachBeforeTheNext;

impl JobRunner for JoinsEachBeforeTheNext {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let total = Mutex::new(0);
        let panicked = thread::scope(|scope| {
            count(
                jobs.into_iter()
                    .map(|job| scope.spawn(|| job(&total)).join().is_err()),
            )
        });
        Tally {
            total: read(total),
            panicked,
        }
    }
}

/// Racy: reads the total as soon as every thread is started, then joins them to count the
/// panics.
struct ReadsTooEarly;

impl JobRunner for ReadsTooEarly {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let total = Mutex::new(0);
        thread::scope(|scope| {
            let threads: Vec<_> = jobs
                .into_iter()
                .map(|job| {
                    let total = &total;
                    scope.spawn(move || job(total))
                })
                .collect();
            let read = *total.lock().unwrap_or_else(PoisonError::into_inner);
            let panicked = count(threads.into_iter().map(|thread| thread.join().is_err()));
            Tally {
                total: read,
                panicked,
            }
        })
    }
}

/// Racy: detached threads that catch their own panics, and a short sleep instead of a join.
struct SleepsInsteadOfJoining;

impl JobRunner for SleepsInsteadOfJoining {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let total = Arc::new(Mutex::new(0));
        let panicked = Arc::new(AtomicUsize::new(0));
        for job in jobs {
            let (total, panicked) = (Arc::clone(&total), Arc::clone(&panicked));
            thread::spawn(move || {
                if panic::catch_unwind(AssertUnwindSafe(|| job(&total))).is_err() {
                    panicked.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
        thread::sleep(Duration::from_millis(50));
        Tally {
            total: *total.lock().unwrap_or_else(PoisonError::into_inner),
            panicked: panicked.load(Ordering::SeqCst),
        }
    }
}

/// Deadlocks: takes the lock "to read the total safely" before the jobs run, and joins them
/// while holding it; every job waits for the lock, and the runner for the jobs.
pub struct HoldsTheLock;

impl JobRunner for HoldsTheLock {
    fn run_jobs(jobs: Vec<Job>) -> Tally {
        let total = Mutex::new(0);
        thread::scope(|scope| {
            let held = total.lock().unwrap_or_else(PoisonError::into_inner);
            let threads: Vec<_> = jobs
                .into_iter()
                .map(|job| {
                    let total = &total;
                    scope.spawn(move || job(total))
                })
                .collect();
            let panicked = count(threads.into_iter().map(|thread| thread.join().is_err()));
            Tally {
                total: *held,
                panicked,
            }
        })
    }
}
