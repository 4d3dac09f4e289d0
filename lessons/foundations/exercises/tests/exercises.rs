//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and the checks catch the usual wrong answers (serial, racy,
//! deadlocking, hard-coded, and ones that call what they are given without doing the work), each
//! in the check that names its mistake, the same way on every run.
//!
//! One test program: the wrong versions of each exercise, with their tests, are modules in
//! `tests/exercises/`.

use std::time::{Duration, Instant};

use exercise_kit::contract::{assert_caught, run_at_once};
use exercise_kit::grading::{Exercise, Runs};
use foundations_exercises::{chapter, spread_the_sum, survive_a_panic};
use lesson_kit::run_with_timeout;

exercise_kit::contract_tests!(chapter());

#[path = "exercises/runners.rs"]
mod runners;
#[path = "exercises/sums.rs"]
mod sums;

/// Grades a version whose every check blocks forever: each check must be stopped at its time
/// limit and reported as timed out, and cost that limit, not much more. The checks run side by
/// side, so the test waits out only the longest limit; should the grader itself ever wait for
/// the stuck threads, the guard fails the test instead of hanging it.
fn assert_every_check_times_out(exercise: &'static Exercise, runs: Runs) {
    let checks = exercise.bind(&runs);
    let longest = checks.iter().map(|check| check.limit).max().unwrap();
    let started = Instant::now();
    let reports = run_with_timeout(longest + Duration::from_secs(20), move || {
        run_at_once(&checks)
    })
    .expect("grading a version that deadlocks must end");
    let took = started.elapsed();
    for (declared, report) in exercise.checks.iter().zip(&reports) {
        assert_caught(exercise, &reports, declared.run, &["still running after"]);
        assert!(report.elapsed >= report.limit, "{report:?}");
        assert!(
            report.elapsed < report.limit + Duration::from_secs(10),
            "{report:?}"
        );
    }
    assert!(
        took < longest + Duration::from_secs(10),
        "{took:?} for limits of at most {longest:?}"
    );
}

// The versions that deadlock, here rather than beside the other wrong versions: each waits out
// its time limits, and tests start in the order of their names, so these start first and the
// test program ends sooner.

#[test]
fn a_deadlocking_sum_a_channel_that_never_closes_is_stopped_by_the_time_limit() {
    assert_every_check_times_out(
        sums::exercise(),
        spread_the_sum::runs::<sums::ChannelNeverCloses>(),
    );
}

#[test]
fn a_deadlocking_runner_that_holds_the_lock_while_it_joins_is_stopped_by_the_time_limit() {
    assert_every_check_times_out(
        runners::exercise(),
        survive_a_panic::runs::<runners::HoldsTheLock>(),
    );
}
