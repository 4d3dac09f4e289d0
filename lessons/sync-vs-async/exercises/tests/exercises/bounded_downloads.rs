//! The exercise "bounded_downloads": its checks catch each wrong downloader by the check that
//! names its mistake, the same way on every run: the local server counts what really happened.
//!
//! Every grading waits about a second for the page that never answers, however fast the rest
//! is. So a version's checks run side by side, each with its own server, and the versions of one
//! test are graded side by side too: the waits overlap instead of adding up.

#[path = "bounded_downloads/fixtures.rs"]
pub(crate) mod fixtures;

use std::thread;

use exercise_kit::contract::{assert_caught, describe, run_at_once};
use exercise_kit::grading::{CheckReport, Exercise, Outcome};
use sync_vs_async_exercises::bounded_downloads::{
    self, BoundedDownloads, PATIENCE, STALL, solution, starter,
};
use sync_vs_async_exercises::chapter;

pub(crate) fn exercise() -> &'static Exercise {
    chapter().exercise("bounded_downloads")
}

/// Grades one version, its checks side by side.
fn grade<D: BoundedDownloads>() -> Vec<CheckReport> {
    run_at_once(&exercise().bind(&bounded_downloads::runs::<D>()))
}

/// A version under a name that says its mistake, and its [`grade`].
type Version = (&'static str, fn() -> Vec<CheckReport>);

/// Grades `versions` side by side; their reports in the same order, each with its name.
fn grade_side_by_side<const N: usize>(
    versions: [Version; N],
) -> Vec<(&'static str, Vec<CheckReport>)> {
    thread::scope(|scope| {
        let grading: Vec<_> = (versions.iter())
            .map(|&(name, grade)| (name, scope.spawn(grade)))
            .collect();
        let graded = grading.into_iter().map(|(name, reports)| {
            let reports = reports.join();
            (
                name,
                reports.unwrap_or_else(|_| panic!("grading {name} panicked")),
            )
        });
        graded.collect()
    })
}

/// Panics unless every check but `run` passed: the version makes one mistake, and only the
/// check that names it fails.
fn only_caught_by(name: &str, reports: &[CheckReport], run: &str) {
    for (declared, report) in exercise().checks.iter().zip(reports) {
        if declared.run != run {
            let outcome = &report.outcome;
            assert_eq!(outcome, &Outcome::Passed, "{name}:{}", describe(reports));
        }
    }
}

#[test]
fn a_stuck_download_is_given_up_before_the_check_times_out() {
    assert!(STALL < PATIENCE);
    for check in &exercise().checks {
        assert!(PATIENCE < check.limit, "{check:?}");
    }
}

#[test]
fn the_reference_and_a_download_in_chunks_pass_every_check() {
    for (name, reports) in grade_side_by_side([
        ("the reference", grade::<solution::Downloader>),
        ("chunks of `limit` pages", grade::<fixtures::Chunks>),
    ]) {
        let passed = reports.iter().all(|check| check.outcome == Outcome::Passed);
        assert!(passed, "{name}:{}", describe(&reports));
    }
}

#[test]
fn the_serial_starter_is_caught_with_one_request_at_a_time() {
    // An edited starter is the student's work, graded by `your_work::bounded_downloads`, not an example.
    if !exercise().starter_untouched() {
        return;
    }
    let reports = grade::<starter::Downloader>();
    only_caught_by("the starter", &reports, "stays_within_the_limit");
    let words = ["never held more than 1 request", "the limit allowed 4"];
    assert_caught(exercise(), &reports, "stays_within_the_limit", &words);
}

#[test]
fn downloads_over_the_limit_are_caught_however_the_permits_are_misused() {
    for (name, reports) in grade_side_by_side([
        ("no limit", grade::<fixtures::Unbounded>),
        ("one permit too many", grade::<fixtures::OneTooMany>),
        (
            "a permit dropped before the request",
            grade::<fixtures::PermitDroppedAtOnce>,
        ),
        (
            "a permit taken after the request",
            grade::<fixtures::PermitAfterTheRequest>,
        ),
        ("a racy count", grade::<fixtures::CheckThenAct>),
    ]) {
        only_caught_by(name, &reports, "stays_within_the_limit");
        // Over is what matters; how far over depends on how many requests met at the server.
        let words = ["requests at once; the limit was 4"];
        assert_caught(exercise(), &reports, "stays_within_the_limit", &words);
    }
}

#[test]
fn downloads_that_leave_the_limit_unused_or_write_their_own_are_caught() {
    let [(_, unused), (_, fixed)] = &grade_side_by_side([
        ("one permit too few", grade::<fixtures::OneTooFew>),
        (
            "a limit of 4 written into the code",
            grade::<fixtures::FixedLimit>,
        ),
    ])[..] else {
        unreachable!("two versions, two reports");
    };
    let words = ["while the limit allowed 4", "use the whole limit"];
    assert_caught(exercise(), unused, "stays_within_the_limit", &words);
    // Right for a limit of 4, the limit of the first run; the second run's limit is 3.
    let words = ["held 4 requests at once; the limit was 3"];
    assert_caught(exercise(), fixed, "stays_within_the_limit", &words);
}

#[test]
fn results_made_up_without_downloading_are_caught() {
    let reports = grade::<fixtures::HardCoded>();
    let words = ["received 0 requests for 8 URLs"];
    assert_caught(exercise(), &reports, "keeps_the_order", &words);
    let words = ["received 0 requests for 6 URLs"];
    assert_caught(exercise(), &reports, "failures_stay_in_place", &words);
}

#[test]
fn results_in_finishing_order_or_cut_at_the_first_error_are_caught() {
    let [(_, finishing), (name, cut)] = &grade_side_by_side([
        ("finishing order", grade::<fixtures::FinishingOrder>),
        (
            "stops at the first error",
            grade::<fixtures::StopAtFirstError>,
        ),
    ])[..] else {
        unreachable!("two versions, two reports");
    };
    let words = ["place 0 of the results should hold page"];
    assert_caught(exercise(), finishing, "keeps_the_order", &words);
    only_caught_by(name, cut, "failures_stay_in_place");
    let words = ["expected 6 results, one per URL, got 2"];
    assert_caught(exercise(), cut, "failures_stay_in_place", &words);
}

#[test]
fn permits_never_given_back_are_reported_stuck_long_before_the_time_limit() {
    let reports = grade::<fixtures::PermitsNeverReturned>();
    for (check, report) in exercise().checks.iter().zip(&reports) {
        let words = ["download_all was stuck", "a permit never given back"];
        assert_caught(exercise(), &reports, check.run, &words);
        assert!(report.elapsed < check.limit, "{report:?}");
    }
}
