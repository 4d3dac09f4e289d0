//! The exercise "async_pipeline": its checks catch each wrong pipeline by the check that names
//! its mistake, the same way on every run (they run on tokio's paused clock), and a pipeline
//! stuck on an await costs no real time.

#[path = "async_pipeline/fixtures.rs"]
pub(crate) mod fixtures;

use std::time::Duration;

use exercise_kit::contract::{assert_caught, describe, run_all};
use exercise_kit::grading::{CheckReport, Exercise, Outcome};
use sync_vs_async_exercises::async_pipeline::{self, Pipeline, run_pipeline, solution, starter};
use sync_vs_async_exercises::chapter;

pub(crate) fn exercise() -> &'static Exercise {
    chapter().exercise("async_pipeline")
}

fn grade<P: Pipeline>() -> Vec<CheckReport> {
    run_all(&exercise().bind(&async_pipeline::runs::<P>()))
}

/// Panics unless the check `run` passed.
fn assert_passed(reports: &[CheckReport], run: &str) {
    let index = exercise().checks.iter().position(|check| check.run == run);
    let report = &reports[index.expect("a declared check")];
    assert_eq!(report.outcome, Outcome::Passed, "{}", describe(reports));
}

#[test]
fn the_reference_takes_exactly_the_pipelined_time_and_keeps_the_order() {
    let step = |_| Duration::from_millis(600);
    let outcome = run_pipeline::<solution::Scraper>(9, 20, step, Duration::from_millis(600))
        .expect("the reference never gets stuck");
    // The notes' scraper: 20 items, steps of 0.6 s, 0.6 + 20 x 0.6 = 12.6 s.
    assert_eq!(outcome.took, Duration::from_millis(12_600));
    assert_eq!(outcome.results, outcome.expected);
    assert_eq!(outcome.log.scraped, (0..20).collect::<Vec<_>>());
    assert_eq!(outcome.log.processed, (0..20).collect::<Vec<_>>());
}

#[test]
fn the_serial_starter_keeps_the_order_but_takes_2_s_and_never_overlaps() {
    // An edited starter is the student's work, graded by `your_work::async_pipeline`, not an example.
    if !exercise().starter_untouched() {
        return;
    }
    let reports = grade::<starter::Scraper>();
    assert_passed(&reports, "results_in_order");
    let words = ["took 2s", "every step waited for the one before it"];
    assert_caught(exercise(), &reports, "takes_the_pipelined_time", &words);
    let words = ["item 1 was scraped from 0.1 s to 0.2 s", "should overlap"];
    assert_caught(exercise(), &reports, "scrapes_while_it_processes", &words);
}

#[test]
fn a_serial_consumer_that_empties_the_channel_first_is_caught() {
    let reports = grade::<fixtures::CollectsFirst>();
    let words = ["took 2s", "every step waited"];
    assert_caught(exercise(), &reports, "takes_the_pipelined_time", &words);
    assert_caught(
        exercise(),
        &reports,
        "scrapes_while_it_processes",
        &["should overlap"],
    );
}

#[test]
fn racy_scrapes_all_at_once_are_caught_whatever_order_the_results_keep() {
    let reports = grade::<fixtures::AllAtOnce>();
    let words = ["result 0 should be", "page 0 processed", "page 1 processed"];
    assert_caught(exercise(), &reports, "results_in_order", &words);
    let words = ["items 0 and 1 were scraped at the same time"];
    assert_caught(exercise(), &reports, "scrapes_while_it_processes", &words);

    let reports = grade::<fixtures::AllAtOnceInOrder>();
    assert_passed(&reports, "results_in_order");
    let words = ["took 200ms", "faster than one scrape at a time allows"];
    assert_caught(exercise(), &reports, "takes_the_pipelined_time", &words);
    assert_caught(
        exercise(),
        &reports,
        "scrapes_while_it_processes",
        &["at the same time"],
    );
}

#[test]
fn hard_coded_results_are_caught_with_or_without_a_real_pipeline_behind_them() {
    let reports = grade::<fixtures::HardCoded>();
    let words = ["item 0 was scraped 0 times", "processed 0 times"];
    assert_caught(exercise(), &reports, "results_in_order", &words);

    // Scraped and processed on time, so only the results give it away.
    let reports = grade::<fixtures::MadeUpResults>();
    assert_passed(&reports, "takes_the_pipelined_time");
    assert_passed(&reports, "scrapes_while_it_processes");
    let words = [
        "result 0 should be",
        "what process gave",
        "it is \"page 0 processed\"",
    ];
    assert_caught(exercise(), &reports, "results_in_order", &words);
}

#[test]
fn calling_every_step_on_time_without_passing_the_pages_on_is_caught() {
    let reports = grade::<fixtures::HookJuggler>();
    // Its calls come exactly when a pipeline's would: the time alone cannot tell.
    assert_passed(&reports, "takes_the_pipelined_time");
    let words = ["process was handed \"page 0\"", "scrape never sent"];
    assert_caught(exercise(), &reports, "results_in_order", &words);
    let words = ["item 0 was never processed"];
    assert_caught(exercise(), &reports, "scrapes_while_it_processes", &words);
}

#[test]
fn a_pipeline_that_skips_the_last_item_is_caught() {
    let reports = grade::<fixtures::SkipsTheLast>();
    let words = ["item 9 was scraped 0 times"];
    assert_caught(exercise(), &reports, "results_in_order", &words);
}

#[test]
fn a_pipeline_stuck_on_an_await_fails_at_once_instead_of_hanging() {
    for (version, reports, words) in [
        (
            "a channel that never closes",
            grade::<fixtures::NeverCloses>(),
            ["deadlock", "every sender is dropped"],
        ),
        (
            "a producer awaited before its consumer",
            grade::<fixtures::ProducerFirst>(),
            ["deadlock", "room that nobody makes"],
        ),
    ] {
        for check in &exercise().checks {
            assert_caught(exercise(), &reports, check.run, &words);
        }
        for report in &reports {
            // The paused clock jumps to the patience limit: no real time is spent waiting.
            let spent = report.elapsed;
            assert!(spent < Duration::from_secs(5), "{version}: {spent:?}");
        }
    }
}

#[test]
fn a_pipeline_without_spawn_and_with_a_bounded_channel_passes_too() {
    let reports = grade::<fixtures::JoinedFutures>();
    assert!(
        reports.iter().all(|check| check.outcome == Outcome::Passed),
        "{}",
        describe(&reports)
    );
}
