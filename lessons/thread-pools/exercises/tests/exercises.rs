//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and each wrong pool and checker kept here (serial, unbounded,
//! hard-coded, out of order, deadlocking or hanging, or going through the motions without doing
//! the work) is caught by the check that names its mistake, the same way on every run.

use exercise_kit::contract::{
    assert_caught, assert_caught_every_time, assert_every_check_times_out, describe, run_all,
    run_at_once, run_stuck,
};
use exercise_kit::grading::{CheckReport, Code, Exercise, Outcome};
use thread_pools_exercises::bounded_checker::{self, UptimeChecker};
use thread_pools_exercises::chapter;
use thread_pools_exercises::ordered_pool::{self, OrderedPool};

exercise_kit::contract_tests!(chapter(), [ordered_pool, bounded_checker]);

// Beside this file, not in `tests/`, where cargo would take it for a test program of its own.
#[path = "exercises/fixtures.rs"]
mod fixtures;

fn pool() -> &'static Exercise {
    chapter().exercise("ordered_pool")
}

fn checker() -> &'static Exercise {
    chapter().exercise("bounded_checker")
}

fn grade_pool<P: OrderedPool>() -> Vec<CheckReport> {
    run_all(&pool().bind(&ordered_pool::runs::<P>()))
}

/// A checker's checks side by side, each with its own server: the waits for hanging sites
/// overlap instead of adding up.
fn grade_checker<C: UptimeChecker>() -> Vec<CheckReport> {
    run_at_once(&checker().bind(&bounded_checker::runs::<C>()))
}

#[test]
fn the_untouched_starters_fail_where_they_are_serial_or_panic() {
    // An edited starter is the student's work, graded by `your_work::<id>`, not an example.
    if pool().starter_untouched() {
        let reports = run_at_once(&pool().bind(&ordered_pool::runs_of(Code::Starter)));
        assert_caught(
            pool(),
            &reports,
            "panics_stay_in_place",
            &["run_all panicked"],
        );
        assert_caught(
            pool(),
            &reports,
            "exactly_n_workers",
            &["never under way at once"],
        );
    }
    if checker().starter_untouched() {
        let reports = grade_checker::<bounded_checker::starter::Checker>();
        let words = ["never held more than 1 request at once"];
        assert_caught(checker(), &reports, "at_most_limit_in_flight", &words);
    }
}

#[test]
fn a_serial_pool_is_caught() {
    let reports = grade_pool::<fixtures::Serial>();
    assert_caught(
        pool(),
        &reports,
        "exactly_n_workers",
        &["never under way at once"],
    );
}

#[test]
fn a_thread_per_job_is_caught_every_time() {
    let checks = pool().bind(&ordered_pool::runs::<fixtures::ThreadPerJob>());
    let words = ["exactly 3 threads must do the jobs"];
    assert_caught_every_time(
        pool(),
        &checks,
        run_all(&checks),
        "exactly_n_workers",
        &words,
        3,
    );
}

#[test]
fn a_pool_of_a_number_of_workers_written_in_is_caught_every_time() {
    let checks = pool().bind(&ordered_pool::runs::<fixtures::FourWorkers>());
    let words = ["asked for 3 workers", "up to 4 at once"];
    assert_caught_every_time(
        pool(),
        &checks,
        run_all(&checks),
        "exactly_n_workers",
        &words,
        3,
    );
}

#[test]
fn results_in_the_order_the_jobs_finished_are_caught_every_time() {
    let checks = pool().bind(&ordered_pool::runs::<fixtures::CompletionOrder>());
    // Job 0 waits until another job has finished, so it is never first; which job is depends
    // on timing.
    let words = [
        "place 0 of the results holds the result of job",
        "where the result of job 0 belongs",
    ];
    let run = "every_result_in_its_place";
    assert_caught_every_time(pool(), &checks, run_all(&checks), run, &words, 5);
}

#[test]
fn a_panic_that_takes_the_run_down_is_caught() {
    let reports = grade_pool::<fixtures::PanicPropagates>();
    let words = ["run_all panicked", "in its own place"];
    assert_caught(pool(), &reports, "panics_stay_in_place", &words);
}

#[test]
fn a_pool_that_runs_each_job_again_in_order_is_caught() {
    let reports = grade_pool::<fixtures::RunsTwice>();
    let words = ["job 0 ran 2 times", "exactly once"];
    for run in [
        "every_result_in_its_place",
        "panics_stay_in_place",
        "exactly_n_workers",
    ] {
        assert_caught(pool(), &reports, run, &words);
    }
}

#[test]
fn a_pool_whose_job_channel_never_closes_is_stopped_by_the_time_limit() {
    assert_every_check_times_out(pool(), &ordered_pool::runs::<fixtures::NeverCloses>());
}

#[test]
fn a_serial_checker_is_caught_with_one_request_at_a_time() {
    let reports = grade_checker::<fixtures::SerialChecker>();
    let words = [
        "never held more than 1 request at once",
        "the limit allowed 4",
    ];
    assert_caught(checker(), &reports, "at_most_limit_in_flight", &words);
}

#[test]
fn a_thread_per_site_is_caught_every_time() {
    let checks = checker().bind(&bounded_checker::runs::<fixtures::ThreadPerSite>());
    let words = ["requests at once; the limit was 4"];
    let run = "at_most_limit_in_flight";
    assert_caught_every_time(checker(), &checks, run_at_once(&checks), run, &words, 3);
}

#[test]
fn a_checker_with_a_limit_written_in_is_caught_every_time() {
    let checks = checker().bind(&bounded_checker::runs::<fixtures::FourAtATime>());
    // Right for the first round's limit, 4; the second round's is 3.
    let words = ["held 4 requests at once; the limit was 3"];
    let run = "at_most_limit_in_flight";
    assert_caught_every_time(checker(), &checks, run_at_once(&checks), run, &words, 3);
}

#[test]
fn a_checker_that_downloads_with_get_is_caught() {
    let reports = grade_checker::<fixtures::Gets>();
    let words = ["0 of them HEAD requests", "GET"];
    assert_caught(checker(), &reports, "one_head_per_site", &words);
}

#[test]
fn a_checker_without_a_timeout_is_stopped_by_the_time_limit() {
    let reports = run_stuck(checker().bind(&bounded_checker::runs::<fixtures::NoTimeout>()));
    for run in ["right_verdicts", "hangs_cost_the_timeout"] {
        assert_caught(checker(), &reports, run, &["still running after"]);
    }
    let hangs = reports.last().unwrap();
    assert_eq!(
        hangs.outcome,
        Outcome::TimedOut(hangs.limit),
        "{}",
        describe(&reports)
    );
}

#[test]
fn a_checker_that_takes_a_4xx_for_up_is_caught() {
    let reports = grade_checker::<fixtures::OnlyServerErrors>();
    let words = ["so it is down, but check_all said up"];
    assert_caught(checker(), &reports, "right_verdicts", &words);
}

#[test]
fn a_checker_that_judges_sites_by_their_address_without_asking_is_caught() {
    let reports = grade_checker::<fixtures::ByAddress>();
    let words = ["was never asked", "its address does not say"];
    assert_caught(checker(), &reports, "right_verdicts", &words);
    assert_caught(checker(), &reports, "hangs_cost_the_timeout", &words);
}

#[test]
fn a_checker_that_asks_but_ignores_the_answer_is_caught() {
    let reports = grade_checker::<fixtures::IgnoresTheAnswer>();
    let words = ["so it is down, but check_all said up"];
    assert_caught(checker(), &reports, "right_verdicts", &words);
}
