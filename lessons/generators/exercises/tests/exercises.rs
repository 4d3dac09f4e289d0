//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and each wrong version kept in `tests/exercises/` is caught by the check
//! that names its mistake, the same way on every run. The checks see the work itself (the terms
//! that the grader's own `step` computes, the averages of the grader's own values), so a
//! version that calls `step` only to be counted, or that knows the answers to fixed inputs,
//! fails too.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use exercise_kit::contract::{assert_caught, describe, run_all, run_at_once};
use exercise_kit::grading::{Check, CheckReport, Code, Exercise, Outcome};
use generators_exercises::chapter;
use generators_exercises::lazy_collatz::{self, Sequence};
use generators_exercises::running_average::{self, Averager};

exercise_kit::contract_tests!(chapter(), [lazy_collatz, running_average]);

#[path = "exercises/wrong_averagers.rs"]
mod wrong_averagers;
#[path = "exercises/wrong_sequences.rs"]
mod wrong_sequences;

fn collatz() -> &'static Exercise {
    chapter().exercise("lazy_collatz")
}

fn averager() -> &'static Exercise {
    chapter().exercise("running_average")
}

fn grade_sequence<S: Sequence>() -> Vec<CheckReport> {
    run_all(&collatz().bind(&lazy_collatz::runs::<S>()))
}

fn grade_averager<A: Averager>() -> Vec<CheckReport> {
    run_all(&averager().bind(&running_average::runs::<A>()))
}

/// The runs of the checks that `reports` failed, in the declared order.
fn failed(exercise: &Exercise, reports: &[CheckReport]) -> Vec<&'static str> {
    exercise
        .checks
        .iter()
        .zip(reports)
        .filter(|(_, report)| report.outcome != Outcome::Passed)
        .map(|(check, _)| check.run)
        .collect()
}

/// Runs `checks` side by side, each waiting out its own time limit, on a thread that this test
/// waits for at most `patience`: should the grader itself ever wait for a stuck version, the
/// test fails instead of hanging.
fn run_at_once_within(patience: Duration, checks: Vec<Check>) -> Vec<CheckReport> {
    let (done, reports) = mpsc::channel();
    thread::spawn(move || done.send(run_at_once(&checks)));
    reports
        .recv_timeout(patience)
        .expect("grading a version that blocks forever must end")
}

// lazy_collatz

#[test]
fn the_eager_starter_gives_the_right_terms_but_fails_both_laziness_checks() {
    // An edited starter is the student's work, graded by `your_work`, not an example.
    if !collatz().starter_untouched() {
        return;
    }
    let reports = run_all(&collatz().checks_of(Code::Starter));
    assert_eq!(
        failed(collatz(), &reports),
        ["one_step_per_term", "endless"],
        "{}",
        describe(&reports)
    );
    assert_caught(
        collatz(),
        &reports,
        "one_step_per_term",
        &["new(5150, step) called step 8 times"],
    );
    // The grader's budget stops the eager loop on the endless rule, long before the time limit:
    // it fails fast, and never fills the memory.
    assert_caught(collatz(), &reports, "endless", &["more than 1000 times"]);
}

#[test]
fn a_generator_that_computes_one_term_ahead_is_caught_on_every_run() {
    for _ in 1..=10 {
        let reports = grade_sequence::<wrong_sequences::OneAhead>();
        assert_caught(
            collatz(),
            &reports,
            "one_step_per_term",
            &["after 1 terms step was called 1 times; expected 0"],
        );
        assert_caught(collatz(), &reports, "endless", &["called step 5 times"]);
    }
}

#[test]
fn a_generator_that_does_not_stop_at_1_fails_the_values() {
    let reports = grade_sequence::<wrong_sequences::NeverEnds>();
    assert_caught(
        collatz(),
        &reports,
        "values",
        &["starting at 6", "2, 1, 4, 2"],
    );
}

#[test]
fn a_generator_that_skips_the_start_fails_the_values() {
    let reports = grade_sequence::<wrong_sequences::SkipsTheStart>();
    assert_caught(
        collatz(),
        &reports,
        "values",
        &["starting at 6, the sequence gave [3, 10"],
    );
}

#[test]
fn a_generator_that_stops_before_1_fails_the_values() {
    let reports = grade_sequence::<wrong_sequences::StopsBeforeOne>();
    assert_caught(
        collatz(),
        &reports,
        "values",
        &["gave [6, 3, 10, 5, 16, 8, 4, 2]"],
    );
}

#[test]
fn a_generator_that_calls_step_only_to_be_counted_fails_on_the_graders_own_rules() {
    let reports = grade_sequence::<wrong_sequences::IgnoresStep>();
    assert_caught(
        collatz(),
        &reports,
        "follows_step",
        &[
            "rule of the grader's own",
            "what step returns for the term before",
        ],
    );
    assert_caught(
        collatz(),
        &reports,
        "one_step_per_term",
        &["term 2 was", "work the grader cannot see"],
    );
    assert_caught(collatz(), &reports, "endless", &["never reaches 1"]);
}

#[test]
fn a_generator_hard_coded_for_fixed_rules_fails_on_the_graders_own_rules() {
    let reports = grade_sequence::<wrong_sequences::HardCoded>();
    assert_eq!(
        failed(collatz(), &reports),
        ["follows_step", "one_step_per_term", "endless"],
        "{}",
        describe(&reports)
    );
    assert_caught(
        collatz(),
        &reports,
        "follows_step",
        &["rule of the grader's own"],
    );
}

#[test]
fn an_eager_generator_that_calls_step_lazily_for_show_fails_the_laziness_check() {
    let reports = grade_sequence::<wrong_sequences::EagerBehindTheCalls>();
    assert_caught(
        collatz(),
        &reports,
        "one_step_per_term",
        &[
            "term 2 was",
            "a term computed without step is work the grader cannot see",
        ],
    );
}

#[test]
fn a_generator_that_blocks_forever_is_stopped_by_the_time_limit() {
    let checks = collatz().bind(&lazy_collatz::runs::<wrong_sequences::WaitsForAProducer>());
    let longest = checks.iter().map(|check| check.limit).max().unwrap();
    let started = Instant::now();
    let reports = run_at_once_within(longest + Duration::from_secs(20), checks);
    let took = started.elapsed();
    assert_caught(collatz(), &reports, "values", &["still running after 2s"]);
    // Every check asks for a term, so every one blocks, and each is stopped at its limit.
    for report in &reports {
        assert_eq!(
            report.outcome,
            Outcome::TimedOut(report.limit),
            "{}",
            describe(&reports)
        );
        assert!(report.elapsed >= report.limit, "{report:?}");
    }
    // Side by side, the checks cost one time limit, not the sum: the grader goes on without the
    // blocked threads.
    assert!(
        took < longest + Duration::from_secs(10),
        "{took:?} for limits of at most {longest:?}"
    );
}

// running_average

#[test]
fn the_starter_that_forgets_every_value_fails_the_averages() {
    if !averager().starter_untouched() {
        return;
    }
    let reports = run_all(&averager().checks_of(Code::Starter));
    assert_caught(
        averager(),
        &reports,
        "averages",
        &["send(20), returned Ok(20.0); expected Ok(15)"],
    );
}

#[test]
fn an_averager_that_panics_when_closed_loses_only_the_closed_check() {
    let reports = grade_averager::<wrong_averagers::PanicsWhenClosed>();
    assert_eq!(
        failed(averager(), &reports),
        ["closed_refuses"],
        "{}",
        describe(&reports)
    );
    assert_caught(
        averager(),
        &reports,
        "closed_refuses",
        &["panicked", "sent a value after close"],
    );
}

#[test]
fn an_averager_that_counts_refused_values_fails_the_closed_check() {
    let reports = grade_averager::<wrong_averagers::CountsAfterClose>();
    assert_caught(
        averager(),
        &reports,
        "closed_refuses",
        &["closed again (a closed averager takes nothing)"],
    );
}

#[test]
fn an_averager_that_empties_at_close_fails_the_closed_check() {
    let reports = grade_averager::<wrong_averagers::EmptiesAtClose>();
    assert_caught(
        averager(),
        &reports,
        "closed_refuses",
        &["closed again", "close() returned None"],
    );
}

#[test]
fn an_averager_that_divides_by_a_count_of_0_fails_the_close_check() {
    let reports = grade_averager::<wrong_averagers::DividesByZero>();
    assert_caught(
        averager(),
        &reports,
        "close_returns_the_average",
        &["sent nothing: close() returned Some(NaN); expected None"],
    );
}

#[test]
fn an_averager_that_keeps_the_protocol_without_averaging_fails_the_averages() {
    let reports = grade_averager::<wrong_averagers::FirstAndLast>();
    assert_eq!(
        failed(averager(), &reports),
        [
            "averages",
            "close_returns_the_average",
            "closed_refuses",
            "separate_state"
        ],
        "{}",
        describe(&reports)
    );
    assert_caught(
        averager(),
        &reports,
        "averages",
        &["send(60), returned Ok(35.0); expected Ok(30)"],
    );
}

#[test]
fn an_averager_hard_coded_for_fixed_values_fails_on_the_graders_own_values() {
    let reports = grade_averager::<wrong_averagers::HardCoded>();
    assert_caught(
        averager(),
        &reports,
        "averages",
        &["values of the grader's own", "value 2,"],
    );
}

#[test]
fn averagers_that_share_their_totals_fail_the_separate_state_check() {
    let reports = grade_averager::<wrong_averagers::SharedTotals>();
    assert_eq!(
        failed(averager(), &reports),
        ["separate_state"],
        "{}",
        describe(&reports)
    );
    assert_caught(
        averager(),
        &reports,
        "separate_state",
        &["open at once", "the average of the values sent to", "only"],
    );
}

#[test]
fn an_averager_that_keeps_every_value_in_a_list_passes_too() {
    let reports = grade_averager::<wrong_averagers::KeepsAList>();
    assert!(
        reports.iter().all(|check| check.outcome == Outcome::Passed),
        "{}",
        describe(&reports)
    );
}
