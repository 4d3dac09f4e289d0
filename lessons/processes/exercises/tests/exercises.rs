//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and each wrong pool kept here (serial, in batches, two tasks per
//! worker, out of order, with a number of workers written in, hard-coded, going through the
//! motions without using the results, and, when workers crash, ignoring it, never resending,
//! resending for ever, never replacing, or giving a vague error) is caught by the check that names
//! its mistake, the same way on every run.

use exercise_kit::contract::{assert_caught, assert_caught_every_time, run_all, run_at_once};
use exercise_kit::grading::{CheckReport, Code, Exercise};
use processes_exercises::chapter;
use processes_exercises::ordered_results::{self, OrderedResults};
use processes_exercises::survive_a_crash::{self, SurviveACrash};

exercise_kit::contract_tests!(chapter(), [ordered_results, survive_a_crash]);

// Beside this file, not in `tests/`, where cargo would take it for a test program of its own.
#[path = "exercises/fixtures.rs"]
mod fixtures;

fn ordered() -> &'static Exercise {
    chapter().exercise("ordered_results")
}

fn crash() -> &'static Exercise {
    chapter().exercise("survive_a_crash")
}

/// A pool's checks side by side: each starts worker processes of its own.
fn grade_ordered<P: OrderedResults>() -> Vec<CheckReport> {
    run_at_once(&ordered().bind(&ordered_results::runs::<P>()))
}

fn grade_crash<P: SurviveACrash>() -> Vec<CheckReport> {
    run_at_once(&crash().bind(&survive_a_crash::runs::<P>()))
}

#[test]
fn the_untouched_starters_fail_where_they_leave_workers_idle() {
    // An edited starter is the student's work, graded by `your_work::<id>`, not an example.
    let idle = ["worker 1 had no task", "keep every worker busy"];
    if ordered().starter_untouched() {
        let reports = run_all(&ordered().bind(&ordered_results::runs_of(Code::Starter)));
        assert_caught(ordered(), &reports, "all_workers_at_once", &idle);
    }
    if crash().starter_untouched() {
        let reports = run_all(&crash().bind(&survive_a_crash::runs_of(Code::Starter)));
        assert_caught(crash(), &reports, "lost_tasks_run_again", &idle);
    }
}

#[test]
fn a_serial_pool_is_caught() {
    let reports = grade_ordered::<fixtures::Serial>();
    let words = ["worker 1 had no task", "task(s) left to send"];
    assert_caught(ordered(), &reports, "all_workers_at_once", &words);
}

#[test]
fn a_pool_that_waits_for_a_whole_batch_is_caught() {
    let reports = grade_ordered::<fixtures::Batches>();
    let words = ["had no task", "keep every worker busy while tasks are left"];
    assert_caught(ordered(), &reports, "all_workers_at_once", &words);
}

#[test]
fn a_pool_that_sends_every_task_at_once_is_caught() {
    let reports = grade_ordered::<fixtures::EverythingAtOnce>();
    let words = ["was still in flight: one task per worker at a time"];
    assert_caught(ordered(), &reports, "all_workers_at_once", &words);
}

#[test]
fn results_in_the_order_the_tasks_finished_are_caught_every_time() {
    let checks = ordered().bind(&ordered_results::runs::<fixtures::FinishingOrder>());
    let words = [
        "place 0 of the results holds the result of task",
        "(place 0) belongs",
    ];
    assert_caught_every_time(
        ordered(),
        &checks,
        run_at_once(&checks),
        "every_result_in_its_place",
        &words,
        5,
    );
}

#[test]
fn a_pool_of_a_number_of_workers_written_in_is_caught() {
    let reports = grade_ordered::<fixtures::FourWorkers>();
    let words = ["there is no worker 3"];
    assert_caught(ordered(), &reports, "every_result_in_its_place", &words);
}

#[test]
fn hard_coded_results_are_caught() {
    let reports = grade_ordered::<fixtures::HardCoded>();
    let words = [
        "was started 0 times in the worker processes",
        "exactly once",
    ];
    assert_caught(ordered(), &reports, "every_result_in_its_place", &words);
    assert_caught(ordered(), &reports, "fewer_tasks_than_workers", &words);
}

#[test]
fn a_pool_that_goes_through_the_motions_without_using_the_results_is_caught() {
    let reports = grade_ordered::<fixtures::Motions>();
    let words = ["which no task computed"];
    assert_caught(ordered(), &reports, "every_result_in_its_place", &words);
    assert_caught(ordered(), &reports, "all_workers_at_once", &words);
}

#[test]
fn a_pool_that_stops_at_the_first_crash_is_caught() {
    let reports = grade_crash::<fixtures::StopsAtACrash>();
    let words = ["run_all panicked", "Ended"];
    assert_caught(crash(), &reports, "lost_tasks_run_again", &words);
}

#[test]
fn a_pool_that_ignores_a_crash_is_caught_every_time() {
    let checks = crash().bind(&survive_a_crash::runs::<fixtures::IgnoresCrashes>());
    let words = ["process had ended (", "and was not replaced"];
    assert_caught_every_time(
        crash(),
        &checks,
        run_at_once(&checks),
        "lost_tasks_run_again",
        &words,
        3,
    );
}

#[test]
fn a_pool_that_never_sends_a_lost_task_again_is_caught() {
    let reports = grade_crash::<fixtures::NeverResends>();
    let words = ["must be sent again, once, to a new worker"];
    assert_caught(crash(), &reports, "lost_tasks_run_again", &words);
}

#[test]
fn a_pool_that_sends_a_task_again_for_ever_is_caught() {
    let reports = grade_crash::<fixtures::ResendsForEver>();
    let words = ["was sent a third time", "send it no more"];
    assert_caught(crash(), &reports, "twice_is_an_error", &words);
}

#[test]
fn a_pool_that_never_replaces_a_worker_is_caught() {
    let reports = grade_crash::<fixtures::NeverReplaces>();
    // Caught while it waits with a worker gone and tasks left, or at the end, one worker short.
    let words = ["process had ended (", "replace every worker that ends"];
    assert_caught(crash(), &reports, "lost_tasks_run_again", &words);
    let words = ["process", "replace every worker that ends"];
    assert_caught(crash(), &reports, "the_pool_keeps_its_size", &words);
}

#[test]
fn an_error_that_does_not_say_how_the_worker_ended_is_caught() {
    let reports = grade_crash::<fixtures::VagueError>();
    let words = [
        "holds Err(\"it crashed\")",
        "an Err that says how its second worker ended: exit code 4",
    ];
    assert_caught(crash(), &reports, "twice_is_an_error", &words);
}
