//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and the checks catch the usual wrong answers (serial, racy,
//! deadlocking, hard-coded, doing what the contract names without the work), each by the check
//! that names its mistake, the same way on every run.

use exercise_kit::contract::{
    assert_caught, assert_every_check_times_out, describe, run_all, run_at_once,
};
use exercise_kit::grading::{CheckReport, Code, Exercise, Outcome};
use threads_exercises::chapter;
use threads_exercises::parallel_map::{self, ParallelMap};
use threads_exercises::stop_worker::{self, StoppableWorker};

// The wrong answers live beside this file, in tests/exercises/ (which has no main.rs, so cargo
// takes it for no second test program).
#[path = "exercises/map_fixtures.rs"]
mod map_fixtures;
#[path = "exercises/stop_fixtures.rs"]
mod stop_fixtures;

use map_fixtures as map;
use stop_fixtures as stop;

exercise_kit::contract_tests!(chapter(), [stop_worker, parallel_map]);

fn stop_worker() -> &'static Exercise {
    chapter().exercise("stop_worker")
}

fn parallel_map() -> &'static Exercise {
    chapter().exercise("parallel_map")
}

/// Grades a worker one check after the other, as `cargo grade` does.
fn grade_stop<W: StoppableWorker>() -> Vec<CheckReport> {
    run_all(&stop_worker().bind(&stop_worker::runs::<W>()))
}

/// Grades a wrong worker with its checks side by side, to wait for its slow failures once:
/// each check has its own source of items and its own worker, and what a check judges (which
/// items, which thread, in progress or not) does not depend on how fast the machine is.
fn grade_stop_at_once<W: StoppableWorker>() -> Vec<CheckReport> {
    run_at_once(&stop_worker().bind(&stop_worker::runs::<W>()))
}

/// Grades a mapper with its checks side by side: each check has its own meeting and its own
/// items, so none can change what another sees, and waits of a second for calls that never come
/// overlap instead of adding up.
fn grade_map<M: ParallelMap>() -> Vec<CheckReport> {
    run_at_once(&parallel_map().bind(&parallel_map::runs::<M>()))
}

fn all_passed(checks: &[CheckReport]) -> bool {
    checks.iter().all(|check| check.outcome == Outcome::Passed)
}

// stop_worker

#[test]
fn a_stop_worker_starter_as_shipped_times_out_on_every_check() {
    // Each check waits out its whole limit; waiting for the three side by side takes a third of
    // the time and changes nothing in what each one sees (its worker mostly sleeps).
    // An edited starter is the student's work, graded by `your_work::stop_worker`, not an example.
    if !stop_worker().starter_untouched() {
        return;
    }
    let checks = run_at_once(&stop_worker().checks_of(Code::Starter));
    for check in &checks {
        assert_eq!(
            check.outcome,
            Outcome::TimedOut(check.limit),
            "{}",
            describe(&checks)
        );
    }
}

#[test]
fn a_worker_with_a_channel_passes_too() {
    let checks = grade_stop::<stop::ChannelWorker>();
    assert!(all_passed(&checks), "{}", describe(&checks));
}

#[test]
fn a_stop_that_does_not_wait_for_the_thread_loses_the_item_in_progress_every_time() {
    for _ in 0..3 {
        let checks = grade_stop::<stop::NoJoin>();
        assert_caught(
            stop_worker(),
            &checks,
            "finishes_the_item_in_progress",
            &["returned while item 2 was still in progress"],
        );
    }
}

#[test]
fn a_stop_that_takes_the_items_before_joining_loses_the_item_in_progress() {
    let checks = grade_stop_at_once::<stop::TakesBeforeJoin>();
    assert_caught(
        stop_worker(),
        &checks,
        "finishes_the_item_in_progress",
        &["but stop() returned [", "made the items ["],
    );
}

#[test]
fn a_stop_that_sleeps_instead_of_joining_is_caught_whatever_it_sleeps() {
    // A short sleep returns before the held item ends; a sleep long enough to outlast it is no
    // longer soon.
    let short = grade_stop_at_once::<stop::SleepsInsteadOfJoin<20>>();
    assert_caught(
        stop_worker(),
        &short,
        "finishes_the_item_in_progress",
        &["returned while item 2 was still in progress"],
    );
    let long = grade_stop_at_once::<
        stop::SleepsInsteadOfJoin<{ stop_worker::SOON.as_millis() as u64 + 100 }>,
    >();
    assert_caught(stop_worker(), &long, "stops_soon", &["stop() took"]);
}

#[test]
fn a_worker_that_returns_a_count_instead_of_its_items_is_caught() {
    let checks = grade_stop_at_once::<stop::CountsItems>();
    assert_caught(
        stop_worker(),
        &checks,
        "keeps_every_item",
        &["but stop() returned [0, 1, 2, 3"],
    );
}

#[test]
fn a_worker_that_drops_the_item_it_made_when_asked_is_caught() {
    let checks = grade_stop_at_once::<stop::DropsTheLast>();
    assert_caught(
        stop_worker(),
        &checks,
        "finishes_the_item_in_progress",
        &["made the items [", "but stop() returned ["],
    );
    assert_caught(
        stop_worker(),
        &checks,
        "keeps_every_item",
        &["made the items [", "but stop() returned ["],
    );
}

#[test]
fn a_worker_that_looks_for_the_request_only_now_and_then_is_caught() {
    let checks = grade_stop_at_once::<stop::LooksEvery10>();
    assert_caught(
        stop_worker(),
        &checks,
        "stops_soon",
        &["5 items were started after stop() was called"],
    );
}

#[test]
fn a_worker_that_ignores_the_request_and_ends_by_itself_is_caught() {
    let checks = grade_stop_at_once::<stop::StopsAfter12>();
    assert_caught(
        stop_worker(),
        &checks,
        "stops_soon",
        &["7 items were started after stop() was called"],
    );
    assert_caught(
        stop_worker(),
        &checks,
        "keeps_every_item",
        &["made 12 items, then none for 1s, before stop() was called"],
    );
}

#[test]
fn a_worker_that_waits_for_the_request_instead_of_looking_for_it_is_caught() {
    let checks = grade_stop_at_once::<stop::WaitsForTheRequest>();
    for run in [
        "stops_soon",
        "keeps_every_item",
        "finishes_the_item_in_progress",
    ] {
        assert_caught(
            stop_worker(),
            &checks,
            run,
            &["made 0 items, then none for 1s, before stop() was called"],
        );
    }
}

#[test]
fn a_start_that_makes_the_items_itself_without_a_thread_is_caught() {
    let checks = grade_stop_at_once::<stop::Eager>();
    for run in [
        "stops_soon",
        "keeps_every_item",
        "finishes_the_item_in_progress",
    ] {
        assert_caught(
            stop_worker(),
            &checks,
            run,
            &["next_item was called on the thread that called start()"],
        );
    }
}

#[test]
fn a_worker_that_holds_the_flag_s_lock_is_stopped_by_the_time_limit() {
    assert_every_check_times_out(stop_worker(), &stop_worker::runs::<stop::HoldsTheLock>());
}

// parallel_map

#[test]
fn a_map_starter_as_shipped_keeps_the_order_but_is_caught_running_one_item_at_a_time() {
    // An edited starter is the student's work, graded by `your_work::parallel_map`, not an example.
    if !parallel_map().starter_untouched() {
        return;
    }
    let checks = grade_map::<parallel_map::starter::Mapper>();
    let [at_once, order, every] = &checks[..] else {
        panic!("expected 3 checks:{}", describe(&checks));
    };
    assert_eq!(order.outcome, Outcome::Passed, "{}", describe(&checks));
    assert_eq!(every.outcome, Outcome::Passed, "{}", describe(&checks));
    assert_caught(
        parallel_map(),
        &checks,
        "runs_at_once",
        &["the 4 items did not all run at once", "0 of 4 met them"],
    );
    // Only the first call waits out its patience; the others are late at once.
    assert!(
        at_once.elapsed < parallel_map::PATIENCE * 3,
        "{:?}",
        at_once.elapsed
    );
}

#[test]
fn a_map_with_a_channel_passes_too() {
    let checks = grade_map::<map::ChannelAndSlots>();
    assert!(all_passed(&checks), "{}", describe(&checks));
}

#[test]
fn a_thread_per_item_joined_at_once_is_serial_and_caught() {
    let checks = grade_map::<map::JoinsAtOnce>();
    assert_caught(
        parallel_map(),
        &checks,
        "runs_at_once",
        &["0 of 4 met them", "on 4 threads"],
    );
}

#[test]
fn a_map_on_two_threads_taking_half_of_the_items_each_is_caught() {
    let checks = grade_map::<map::TwoThreads>();
    assert_caught(
        parallel_map(),
        &checks,
        "runs_at_once",
        &["the 4 items did not all run at once", "on 2 threads"],
    );
}

#[test]
fn a_pool_of_four_threads_is_caught_beyond_four_items() {
    let checks = grade_map::<map::FourWorkers>();
    assert_caught(
        parallel_map(),
        &checks,
        "runs_at_once",
        &["the 10 items did not all run at once", "on 4 threads"],
    );
}

#[test]
fn a_map_parallel_only_for_the_count_it_expects_is_caught() {
    let checks = grade_map::<map::OnlyForFour>();
    assert_caught(
        parallel_map(),
        &checks,
        "runs_at_once",
        &["the 10 items did not all run at once", "on 1 thread"],
    );
}

#[test]
fn a_map_that_calls_f_at_once_but_returns_a_serial_pass_is_caught() {
    let checks = grade_map::<map::CallsTwice>();
    assert_caught(
        parallel_map(),
        &checks,
        "every_item_once",
        &["100 items made 200 calls of f"],
    );
}

#[test]
fn a_map_that_collects_results_in_finishing_order_is_caught_every_time() {
    for _ in 0..5 {
        let checks = grade_map::<map::FinishingOrder>();
        assert_caught(
            parallel_map(),
            &checks,
            "keeps_the_order",
            &[
                "expected [\"item 0\"",
                "not the order in which the calls finish",
            ],
        );
    }
}

#[test]
fn a_map_that_never_closes_its_channel_is_stopped_by_the_time_limit() {
    assert_every_check_times_out(
        parallel_map(),
        &parallel_map::runs::<map::ChannelNeverClosed>(),
    );
}
