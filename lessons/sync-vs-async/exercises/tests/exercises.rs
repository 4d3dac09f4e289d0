//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and each exercise's checks tell the usual wrong answers apart, the
//! same way on every run.

exercise_kit::contract_tests!(sync_vs_async_exercises::chapter());

/// The exercise "async_pipeline": its checks tell apart the usual wrong answers, the same way on
/// every run (they run on tokio's paused clock), and a stuck pipeline costs no real time.
mod async_pipeline {
    use std::sync::Arc;
    use std::time::Duration;

    use exercise_kit::contract::{describe, run_all};
    use exercise_kit::grading::{CheckReport, Outcome};
    use sync_vs_async_exercises::async_pipeline::{self, Pipeline, expected, run_pipeline};
    use sync_vs_async_exercises::chapter;

    fn grade<P: Pipeline>() -> Vec<CheckReport> {
        run_all(
            &chapter()
                .exercise("async_pipeline")
                .bind(&async_pipeline::runs::<P>()),
        )
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
}

/// The checks of "bounded_downloads" catch the usual wrong answers, the same way on every run:
/// the serial starter, downloads without a limit, results in finishing order, and a first error
/// that ends everything.
mod bounded_downloads {
    use exercise_kit::contract::{describe, run_all, run_at_once};
    use exercise_kit::grading::{CheckReport, Outcome};
    use sync_vs_async_exercises::bounded_downloads::{
        self, BoundedDownloads, PATIENCE, solution, starter,
    };
    use sync_vs_async_exercises::chapter;

    fn grade<D: BoundedDownloads>() -> Vec<CheckReport> {
        run_all(
            &chapter()
                .exercise("bounded_downloads")
                .bind(&bounded_downloads::runs::<D>()),
        )
    }

    #[test]
    fn a_stuck_download_is_given_up_before_the_check_times_out() {
        for check in &chapter().exercise("bounded_downloads").checks {
            assert!(PATIENCE < check.limit, "{check:?}");
        }
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
        // Side by side, each check with its own server: the serial downloads of the three add up
        // to nearly 2 s, and at once they take as long as the slowest.
        let checks = run_at_once(
            &chapter()
                .exercise("bounded_downloads")
                .bind(&bounded_downloads::runs::<starter::Downloader>()),
        );
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
            async fn download_all(
                client: reqwest::Client,
                urls: Vec<String>,
                _limit: usize,
            ) -> Pages {
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
            async fn download_all(
                client: reqwest::Client,
                urls: Vec<String>,
                limit: usize,
            ) -> Pages {
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
            async fn download_all(
                client: reqwest::Client,
                urls: Vec<String>,
                limit: usize,
            ) -> Pages {
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
}
