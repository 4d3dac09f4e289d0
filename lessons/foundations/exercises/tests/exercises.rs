//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and the checks tell the usual wrong answers apart, the same way
//! on every run.

use std::ops::Range;
use std::sync::{Mutex, PoisonError};
use std::thread;

use exercise_kit::contract::{describe, run_all, run_at_once};
use exercise_kit::grading::{CheckReport, Outcome};
use foundations_exercises::chapter;
use foundations_exercises::spread_the_sum::{self, SumOfSquares};
use foundations_exercises::survive_a_panic::{self, Job, JobRunner, Tally};

exercise_kit::contract_tests!(chapter());

/// Grades a version of "spread_the_sum" with its checks side by side: a version that runs its
/// workers one after another waits out the meeting's patience in two checks, and pays it once.
fn grade_sum<S: SumOfSquares>() -> Vec<CheckReport> {
    run_at_once(
        &chapter()
            .exercise("spread_the_sum")
            .bind(&spread_the_sum::runs::<S>()),
    )
}

fn grade_runner<R: JobRunner>() -> Vec<CheckReport> {
    run_all(
        &chapter()
            .exercise("survive_a_panic")
            .bind(&survive_a_panic::runs::<R>()),
    )
}

/// The outcome of the check at `index`, with every check described for the failure message.
fn failed_with(checks: &[CheckReport], index: usize, words: &str) {
    assert!(
        matches!(&checks[index].outcome, Outcome::Failed(message) if message.contains(words)),
        "expected check {index} to fail mentioning {words:?}:{}",
        describe(checks)
    );
}

#[test]
fn the_serial_starter_sums_right_but_is_caught_running_one_part_after_another() {
    let checks = grade_sum::<spread_the_sum::starter::Workers>();
    assert_eq!(checks[0].outcome, Outcome::Passed, "{}", describe(&checks));
    failed_with(&checks, 1, "one after another");
    failed_with(&checks, 2, "one after another");
}

#[test]
fn threads_joined_as_soon_as_they_are_spawned_still_run_one_after_another() {
    // The meeting makes this a certainty, not a likelihood, so one run proves it.
    let checks = grade_sum::<fixtures::SpawnThenJoin>();
    assert_eq!(checks[0].outcome, Outcome::Passed, "{}", describe(&checks));
    failed_with(&checks, 1, "one after another");
}

#[test]
fn calling_started_for_every_worker_from_one_thread_is_caught() {
    let checks = grade_sum::<fixtures::StartedUpFront>();
    failed_with(&checks, 1, "one after another");
}

#[test]
fn the_starter_runner_panics_when_a_job_does() {
    let checks = grade_runner::<survive_a_panic::starter::Runner>();
    assert_eq!(checks[0].outcome, Outcome::Passed, "{}", describe(&checks));
    for check in &checks[1..] {
        assert!(
            matches!(&check.outcome, Outcome::Failed(message) if message.starts_with("panicked")),
            "{}",
            describe(&checks)
        );
    }
}

#[test]
fn joining_every_thread_without_counting_the_panics_is_caught() {
    let checks = grade_runner::<fixtures::JoinsButForgetsToCount>();
    assert_eq!(checks[0].outcome, Outcome::Passed, "{}", describe(&checks));
    failed_with(&checks, 1, "panicked: 0");
}

/// Small wrong answers, to show what the checks catch. Not exercises.
mod fixtures {
    use super::*;

    fn parts(n: u64, workers: usize) -> Vec<Range<u64>> {
        let workers = workers.max(1) as u64;
        (0..workers)
            .map(|part| (n * part / workers)..(n * (part + 1) / workers))
            .collect()
    }

    fn sum_part(part: Range<u64>) -> u128 {
        part.map(|i| u128::from(i) * u128::from(i)).sum()
    }

    /// Threads, but each joined before the next is spawned: the classic lazy-iterator mistake.
    pub struct SpawnThenJoin;

    impl SumOfSquares for SpawnThenJoin {
        fn sum_of_squares(n: u64, workers: usize, started: &(dyn Fn() + Sync)) -> u128 {
            thread::scope(|scope| {
                parts(n, workers)
                    .into_iter()
                    .map(|part| {
                        scope.spawn(move || {
                            started();
                            sum_part(part)
                        })
                    })
                    .map(|thread| thread.join().unwrap())
                    .sum()
            })
        }
    }

    /// Calls `started()` once per worker, all from the calling thread, then sums serially.
    pub struct StartedUpFront;

    impl SumOfSquares for StartedUpFront {
        fn sum_of_squares(n: u64, workers: usize, started: &(dyn Fn() + Sync)) -> u128 {
            for _ in 0..workers {
                started();
            }
            parts(n, workers).into_iter().map(sum_part).sum()
        }
    }

    /// Survives the panics, and reports none of them.
    pub struct JoinsButForgetsToCount;

    impl JobRunner for JoinsButForgetsToCount {
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
                for thread in threads {
                    let _ = thread.join();
                }
            });
            Tally {
                total: total.into_inner().unwrap_or_else(PoisonError::into_inner),
                panicked: 0,
            }
        }
    }
}
