//! The checks of "bounded_downloads" catch the usual wrong answers, the same way on every run:
//! the serial starter, downloads without a limit, results in finishing order, and a first error
//! that ends everything.

use exercise_kit::contract::describe;
use exercise_kit::grading::{CheckReport, Outcome, run_check};
use sync_vs_async::exercises::bounded_downloads::{self, BoundedDownloads, solution, starter};

fn grade<D: BoundedDownloads>() -> Vec<CheckReport> {
    bounded_downloads::checks::<D>()
        .iter()
        .map(run_check)
        .collect()
}

/// The three reports, and whether each passed.
fn outcomes(checks: &[CheckReport]) -> [&Outcome; 3] {
    let [order, limit, failures] = checks else {
        panic!("expected 3 checks:{}", describe(checks));
    };
    [&order.outcome, &limit.outcome, &failures.outcome]
}

fn failed_with(outcome: &Outcome, words: &str) -> bool {
    matches!(outcome, Outcome::Failed(message) if message.contains(words))
}

#[test]
fn the_reference_passes_every_check() {
    let checks = grade::<solution::Downloader>();
    assert!(
        checks.iter().all(|check| check.outcome == Outcome::Passed),
        "{}",
        describe(&checks)
    );
}

#[test]
fn the_serial_starter_keeps_the_order_and_the_errors_but_is_caught_one_request_at_a_time() {
    let checks = grade::<starter::Downloader>();
    let [order, limit, failures] = outcomes(&checks);
    assert_eq!(order, &Outcome::Passed, "{}", describe(&checks));
    assert_eq!(failures, &Outcome::Passed, "{}", describe(&checks));
    assert!(
        failed_with(limit, "never held more than 1 request"),
        "{}",
        describe(&checks)
    );
}

#[test]
fn downloads_without_a_limit_are_caught() {
    let checks = grade::<fixtures::Unbounded>();
    let [order, limit, failures] = outcomes(&checks);
    assert_eq!(order, &Outcome::Passed, "{}", describe(&checks));
    assert_eq!(failures, &Outcome::Passed, "{}", describe(&checks));
    assert!(
        failed_with(limit, "the limit was 4"),
        "{}",
        describe(&checks)
    );
}

#[test]
fn results_in_finishing_order_are_caught() {
    let checks = grade::<fixtures::FinishingOrder>();
    let [order, _, _] = outcomes(&checks);
    assert!(
        failed_with(order, "place 0 of the results should hold page 0"),
        "{}",
        describe(&checks)
    );
}

#[test]
fn a_first_error_that_ends_everything_is_caught() {
    let checks = grade::<fixtures::StopAtFirstError>();
    let [order, limit, failures] = outcomes(&checks);
    assert_eq!(order, &Outcome::Passed, "{}", describe(&checks));
    assert_eq!(limit, &Outcome::Passed, "{}", describe(&checks));
    assert!(
        failed_with(failures, "expected 6 results"),
        "{}",
        describe(&checks)
    );
}

/// Wrong answers, to show what the checks catch. Not exercises.
mod fixtures {
    use std::sync::Arc;

    use sync_vs_async::downloads::{FetchError, fetch_async};
    use tokio::sync::{Semaphore, mpsc};

    use super::BoundedDownloads;

    type Pages = Vec<Result<String, FetchError>>;

    /// Every page at once: fast, in order, and rude to the server.
    pub struct Unbounded;

    impl BoundedDownloads for Unbounded {
        async fn download_all(client: reqwest::Client, urls: Vec<String>, _limit: usize) -> Pages {
            let tasks: Vec<_> = urls
                .into_iter()
                .map(|url| {
                    let client = client.clone();
                    tokio::spawn(async move { fetch_async(&client, &url).await })
                })
                .collect();
            let mut pages = Vec::new();
            for task in tasks {
                pages.push(task.await.unwrap());
            }
            pages
        }
    }

    /// Bounded, but each task sends its page down a channel as it arrives: finishing order.
    pub struct FinishingOrder;

    impl BoundedDownloads for FinishingOrder {
        async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
            let permits = Arc::new(Semaphore::new(limit));
            let (pages, mut arrived) = mpsc::unbounded_channel();
            for url in urls {
                let (client, permits, pages) =
                    (client.clone(), Arc::clone(&permits), pages.clone());
                tokio::spawn(async move {
                    let _permit = permits.acquire_owned().await.unwrap();
                    let _ = pages.send(fetch_async(&client, &url).await);
                });
            }
            drop(pages);
            let mut all = Vec::new();
            while let Some(page) = arrived.recv().await {
                all.push(page);
            }
            all
        }
    }

    /// Bounded and in order, but gives up at the first error, like `?` in a loop.
    pub struct StopAtFirstError;

    impl BoundedDownloads for StopAtFirstError {
        async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
            let permits = Arc::new(Semaphore::new(limit));
            let tasks: Vec<_> = urls
                .into_iter()
                .map(|url| {
                    let (client, permits) = (client.clone(), Arc::clone(&permits));
                    tokio::spawn(async move {
                        let _permit = permits.acquire_owned().await.unwrap();
                        fetch_async(&client, &url).await
                    })
                })
                .collect();
            let mut pages = Vec::new();
            for task in tasks {
                let page = task.await.unwrap();
                let failed = page.is_err();
                pages.push(page);
                if failed {
                    break;
                }
            }
            pages
        }
    }
}
