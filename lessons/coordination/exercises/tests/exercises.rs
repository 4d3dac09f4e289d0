//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and each wrong semaphore and work queue kept here (serial,
//! deadlocking, hard-coded, unbounded, or going through the motions without doing the work) is
//! caught by the check that names its mistake, the same way on every run.

use coordination_exercises::bounded_work_queue::{self, WorkQueue};
use coordination_exercises::chapter;
use coordination_exercises::counting_semaphore::{self, CountingSemaphore};
use exercise_kit::contract::{assert_caught, run_all, run_stuck};
use exercise_kit::grading::{CheckReport, Exercise, Outcome, run_check};

exercise_kit::contract_tests!(chapter(), [counting_semaphore, bounded_work_queue]);

// Beside this file, not in `tests/`, where cargo would take it for a test program of its own.
#[path = "exercises/fixtures.rs"]
mod fixtures;

fn semaphore() -> &'static Exercise {
    chapter().exercise("counting_semaphore")
}

fn queue() -> &'static Exercise {
    chapter().exercise("bounded_work_queue")
}

fn grade_semaphore<S: CountingSemaphore>() -> Vec<CheckReport> {
    run_all(&semaphore().bind(&counting_semaphore::runs::<S>()))
}

fn grade_queue<Q: WorkQueue>() -> Vec<CheckReport> {
    run_all(&queue().bind(&bounded_work_queue::runs::<Q>()))
}

#[test]
fn a_semaphore_that_never_waits_is_caught_every_time() {
    for _ in 0..5 {
        let reports = grade_semaphore::<fixtures::NeverWaits>();
        assert_caught(
            semaphore(),
            &reports,
            "at_most_n",
            &["held one at once", "must wait"],
        );
    }
}

#[test]
fn a_semaphore_that_checks_under_one_guard_and_takes_under_another_is_caught_every_time() {
    caught_by_the_forced_race_10_times::<fixtures::CheckThenTake>(&[
        "only permit",
        "under the guard it checked it with",
    ]);
}

#[test]
fn a_release_that_reads_under_one_guard_and_writes_under_another_is_caught_every_time() {
    caught_by_the_forced_race_10_times::<fixtures::ReadThenWrite>(&[
        "inside release",
        "count says 1 free instead of 2",
    ]);
}

/// Grades a racy semaphore in full once, then runs the check that forces the race on its own 9
/// more times: it must catch it, saying `words`, every time.
fn caught_by_the_forced_race_10_times<S: CountingSemaphore>(words: &[&str]) {
    let mut reports = grade_semaphore::<S>();
    let checks = semaphore().bind(&counting_semaphore::runs::<S>());
    let forced = semaphore()
        .checks
        .iter()
        .position(|check| check.run == "forced_race")
        .expect("the semaphore declares forced_race");
    for run in 0..10 {
        if run > 0 {
            reports[forced] = run_check(&checks[forced]);
        }
        assert_caught(semaphore(), &reports, "forced_race", words);
    }
}

#[test]
fn a_semaphore_that_counts_apart_from_its_permits_is_caught() {
    let reports = grade_semaphore::<fixtures::OwnCount>();
    assert_caught(
        semaphore(),
        &reports,
        "counts_in_the_permits",
        &["count 3 free, expected 2", "keep the count in the permits"],
    );
}

#[test]
fn a_semaphore_that_goes_through_the_motions_is_caught() {
    let reports = grade_semaphore::<fixtures::GoesThroughTheMotions>();
    assert_caught(
        semaphore(),
        &reports,
        "counts_in_the_permits",
        &["count 3 free, expected 2", "keep the count in the permits"],
    );
    assert_caught(semaphore(), &reports, "at_most_n", &["must wait"]);
}

#[test]
fn a_semaphore_of_one_permit_is_caught() {
    let reports = grade_semaphore::<fixtures::OneAtATime>();
    assert_caught(
        semaphore(),
        &reports,
        "lets_n_in",
        &["never all held one at once"],
    );
}

#[test]
fn a_semaphore_with_a_hard_coded_number_of_permits_is_caught() {
    let reports = grade_semaphore::<fixtures::AlwaysTwo>();
    assert_caught(
        semaphore(),
        &reports,
        "lets_n_in",
        &["semaphore of 3 permits"],
    );
}

#[test]
fn a_release_that_wakes_nobody_is_stopped_by_the_time_limit() {
    let reports = run_stuck(semaphore().bind(&counting_semaphore::runs::<fixtures::NoNotify>()));
    assert_caught(
        semaphore(),
        &reports,
        "releases_wake_waiters",
        &["still running after"],
    );
    let last = reports.last().unwrap();
    assert_eq!(last.outcome, Outcome::TimedOut(last.limit));
}

#[test]
fn a_queue_that_collects_every_job_first_is_caught_every_time() {
    for _ in 0..3 {
        let reports = grade_queue::<fixtures::CollectsFirst>();
        assert_caught(
            queue(),
            &reports,
            "back_pressure",
            &["pulled 40 jobs ahead", "wait for room"],
        );
    }
}

#[test]
fn an_unbounded_queue_is_caught_every_time() {
    for _ in 0..3 {
        let reports = grade_queue::<fixtures::Unbounded>();
        assert_caught(queue(), &reports, "back_pressure", &["jobs ahead"]);
    }
}

#[test]
fn a_single_worker_is_caught() {
    let reports = grade_queue::<fixtures::OneWorker>();
    assert_caught(
        queue(),
        &reports,
        "workers_in_parallel",
        &["never under way at once"],
    );
}

#[test]
fn a_queue_whose_job_channel_never_closes_is_stopped_by_the_time_limit() {
    let reports = run_stuck(queue().bind(&bounded_work_queue::runs::<fixtures::NeverCloses>()));
    for declared in &queue().checks {
        assert_caught(queue(), &reports, declared.run, &["still running after"]);
    }
}

#[test]
fn results_made_up_instead_of_the_work_are_caught() {
    let reports = grade_queue::<fixtures::ReturnsJobs>();
    assert_caught(
        queue(),
        &reports,
        "every_job_once",
        &["results of the work"],
    );
}
