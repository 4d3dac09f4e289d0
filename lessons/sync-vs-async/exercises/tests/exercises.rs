//! The chapter's exercises are gradable: every reference solution gets full points, the serial
//! starters fail the checks they should, and each exercise's checks catch the usual wrong answers
//! (serial, racy, deadlocking, hard-coded, and ones that call every step as asked without doing
//! the work), each by the check that names its mistake, the same way on every run.
//!
//! One test program: the modules below live in `tests/exercises/`, with their wrong solutions.

exercise_kit::contract_tests!(
    sync_vs_async_exercises::chapter(),
    [async_pipeline, bounded_downloads]
);

#[path = "exercises/async_pipeline.rs"]
mod async_pipeline;
#[path = "exercises/bounded_downloads.rs"]
mod bounded_downloads;

use std::thread;
use std::time::Duration;

use exercise_kit::contract::{assert_caught, run_at_once};
use exercise_kit::grading::{Check, CheckReport, Exercise, Outcome};
use lesson_kit::run_with_timeout;
use sync_vs_async_exercises::{async_pipeline as pipeline, bounded_downloads as downloads};

/// The time limit a test gives the checks of a version that blocks its thread for ever. The
/// declared limits (10 s and 20 s) are for correct code on a slow machine; a deadlock never
/// ends, so a shorter limit shows the same thing: the check is stopped and reported, and the
/// grader goes on without the stuck thread.
const STUCK_LIMIT: Duration = Duration::from_millis(800);

/// Grades `checks` side by side under [`STUCK_LIMIT`], and proves each was stopped by it.
fn grade_stuck(mut checks: Vec<Check>) -> Vec<CheckReport> {
    for check in &mut checks {
        check.limit = STUCK_LIMIT;
    }
    // Should the grader itself ever wait for the stuck threads, fail instead of hanging.
    let reports = run_with_timeout(STUCK_LIMIT + Duration::from_secs(20), move || {
        run_at_once(&checks)
    })
    .expect("grading a version that blocks its thread must end");
    for check in &reports {
        assert_eq!(check.outcome, Outcome::TimedOut(STUCK_LIMIT), "{check:?}");
        assert!(
            check.elapsed < STUCK_LIMIT + Duration::from_secs(10),
            "{check:?}"
        );
    }
    reports
}

/// A pipeline that waits on a blocking channel, and downloads that wait for a free slot with a
/// blocking sleep, each on the one thread that the work they wait for needs: a deadlock no
/// await can see, which only the time limit stops. Both exercises side by side: one wait.
#[test]
fn versions_that_block_their_thread_are_stopped_by_the_time_limit() {
    let pipeline_checks = async_pipeline::exercise()
        .bind(&pipeline::runs::<async_pipeline::fixtures::BlocksItsThread>());
    let download_checks = bounded_downloads::exercise().bind(&downloads::runs::<
        bounded_downloads::fixtures::BlocksItsThread,
    >());
    let (pipeline_reports, download_reports) = thread::scope(|scope| {
        let pipeline = scope.spawn(|| grade_stuck(pipeline_checks));
        let downloads = scope.spawn(|| grade_stuck(download_checks));
        (pipeline.join(), downloads.join())
    });
    let graded: [(&Exercise, Vec<CheckReport>); 2] = [
        (
            async_pipeline::exercise(),
            pipeline_reports.expect("grading the pipeline ended"),
        ),
        (
            bounded_downloads::exercise(),
            download_reports.expect("grading the downloads ended"),
        ),
    ];
    for (exercise, reports) in &graded {
        for check in &exercise.checks {
            let words = ["still running after", "a deadlock"];
            assert_caught(exercise, reports, check.run, &words);
        }
    }
}
