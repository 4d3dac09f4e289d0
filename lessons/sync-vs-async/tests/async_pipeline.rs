//! The exercise "async_pipeline": its checks tell apart the usual wrong answers, the same way on
//! every run (they run on tokio's paused clock), and a stuck pipeline costs no real time.

use std::sync::Arc;
use std::time::Duration;

use exercise_kit::contract::describe;
use exercise_kit::grading::{CheckReport, Outcome, run_check};
use sync_vs_async::exercises::async_pipeline::{self, Pipeline, expected, run_pipeline};

fn grade<P: Pipeline>() -> Vec<CheckReport> {
    async_pipeline::checks::<P>()
        .iter()
        .map(run_check)
        .collect()
}

/// Whether `check` failed with a message that contains `words`.
fn failed_with(check: &CheckReport, words: &str) -> bool {
    matches!(&check.outcome, Outcome::Failed(message) if message.contains(words))
}

#[test]
fn the_reference_takes_exactly_the_pipelined_time_and_keeps_the_order() {
    let step = |_| Duration::from_millis(600);
    let outcome =
        run_pipeline::<async_pipeline::solution::Scraper>(20, step, Duration::from_millis(600))
            .unwrap();
    // The notes' scraper: 20 items, steps of 0.6 s, 0.6 + 20 x 0.6 = 12.6 s.
    assert_eq!(outcome.took, Duration::from_millis(12_600));
    assert_eq!(outcome.results, expected(20));
}

#[test]
fn the_sequential_starter_keeps_the_order_but_takes_2_s_and_never_overlaps() {
    let checks = grade::<async_pipeline::starter::Scraper>();
    let [order, time, overlap] = &checks[..] else {
        panic!("expected 3 checks:{}", describe(&checks));
    };
    assert_eq!(order.outcome, Outcome::Passed, "{}", describe(&checks));
    assert!(failed_with(time, "took 2s"), "{}", describe(&checks));
    assert!(
        failed_with(overlap, "item 1 was scraped from 0.1 s to 0.2 s"),
        "{}",
        describe(&checks)
    );
}

#[test]
fn scraping_every_item_at_once_is_caught_by_the_order_and_the_one_at_a_time_checks() {
    let checks = grade::<fixtures::AllAtOnce>();
    let [order, _time, overlap] = &checks[..] else {
        panic!("expected 3 checks:{}", describe(&checks));
    };
    assert!(
        failed_with(order, "expected [\"page 0 processed\""),
        "{}",
        describe(&checks)
    );
    assert!(
        failed_with(overlap, "at the same time"),
        "{}",
        describe(&checks)
    );
}

#[test]
fn a_pipeline_whose_channel_never_closes_fails_at_once_instead_of_hanging() {
    let checks = grade::<fixtures::NeverCloses>();
    for check in &checks {
        assert!(
            failed_with(check, "every sender is dropped"),
            "{}",
            describe(&checks)
        );
        // The paused clock jumps to the patience limit: no real time is spent waiting.
        assert!(
            check.elapsed < Duration::from_secs(5),
            "{}",
            describe(&checks)
        );
    }
}

#[test]
fn a_pipeline_without_spawn_and_with_a_bounded_channel_passes_too() {
    let checks = grade::<fixtures::JoinedFutures>();
    assert!(
        checks.iter().all(|check| check.outcome == Outcome::Passed),
        "{}",
        describe(&checks)
    );
}

/// Small wrong and unusual answers, to show what the checks catch. Not exercises.
mod fixtures {
    use super::*;
    use async_pipeline::Steps;
    use tokio::sync::mpsc;
    use tokio::task::JoinSet;

    /// Every item scraped and processed in a task of its own, results kept as tasks finish.
    pub struct AllAtOnce;

    impl Pipeline for AllAtOnce {
        async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
            let mut tasks = JoinSet::new();
            for item in 0..items {
                let steps = Arc::clone(&steps);
                tasks.spawn(async move {
                    let page = steps.scrape(item).await;
                    steps.process(page).await
                });
            }
            tasks.join_all().await
        }
    }

    /// A producer and a consumer, but a sender stays alive: the consumer waits for ever.
    pub struct NeverCloses;

    impl Pipeline for NeverCloses {
        async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
            let (pages, mut arriving) = mpsc::unbounded_channel();
            let kept = pages.clone();
            let scraping = Arc::clone(&steps);
            let producer = tokio::spawn(async move {
                for item in 0..items {
                    let _ = pages.send(scraping.scrape(item).await);
                }
            });
            let mut results = Vec::new();
            while let Some(page) = arriving.recv().await {
                results.push(steps.process(page).await);
            }
            drop(kept);
            producer.await.unwrap();
            results
        }
    }

    /// Correct: two futures joined on the caller's task, over a channel with room for one page.
    pub struct JoinedFutures;

    impl Pipeline for JoinedFutures {
        async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
            let (pages, mut arriving) = mpsc::channel(1);
            let producer = async {
                for item in 0..items {
                    pages.send(steps.scrape(item).await).await.unwrap();
                }
                drop(pages);
            };
            let consumer = async {
                let mut results = Vec::new();
                while let Some(page) = arriving.recv().await {
                    results.push(steps.process(page).await);
                }
                results
            };
            tokio::join!(producer, consumer).1
        }
    }
}
