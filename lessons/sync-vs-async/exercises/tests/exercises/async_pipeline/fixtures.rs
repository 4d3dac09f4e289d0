//! Wrong pipelines (and one unusual right one), kept to prove what the checks catch. Not
//! exercises: each says its mistake in its doc comment.

use std::sync::Arc;
use std::time::Duration;

use sync_vs_async_exercises::async_pipeline::{Pipeline, Steps};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// Racy: every item scraped and processed in a task of its own, all at once, although the site
/// answers one request at a time; the results are kept in the order the tasks finish.
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

/// Racy, but tidy: every item at once, the handles awaited in order, so the results are in
/// order; the site still gets every request at the same time.
pub struct AllAtOnceInOrder;

impl Pipeline for AllAtOnceInOrder {
    async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
        let tasks: Vec<_> = (0..items)
            .map(|item| {
                let steps = Arc::clone(&steps);
                tokio::spawn(async move {
                    let page = steps.scrape(item).await;
                    steps.process(page).await
                })
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.unwrap());
        }
        results
    }
}

/// Deadlocks: a producer and a consumer, but a second sender stays alive, so the channel never
/// closes and the consumer waits for ever.
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

/// Deadlocks: a channel with room for one page, and the producer awaited to the end before the
/// consumer starts: the second `send` waits for room that nobody will make.
pub struct ProducerFirst;

impl Pipeline for ProducerFirst {
    async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
        let (pages, mut arriving) = mpsc::channel(1);
        for item in 0..items {
            pages.send(steps.scrape(item).await).await.unwrap();
        }
        drop(pages);
        let mut results = Vec::new();
        while let Some(page) = arriving.recv().await {
            results.push(steps.process(page).await);
        }
        results
    }
}

/// Deadlocks the thread: the consumer waits on a blocking `std` channel, on the one thread that
/// should run the producer task, which therefore never sends.
pub struct BlocksItsThread;

impl Pipeline for BlocksItsThread {
    async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
        let (pages, arriving) = std::sync::mpsc::channel();
        let scraping = Arc::clone(&steps);
        tokio::spawn(async move {
            for item in 0..items {
                let _ = pages.send(scraping.scrape(item).await);
            }
        });
        let mut results = Vec::new();
        while let Ok(page) = arriving.recv() {
            results.push(steps.process(page).await);
        }
        results
    }
}

/// Hard-coded: the results the grader wants to see, without scraping or processing anything.
pub struct HardCoded;

impl Pipeline for HardCoded {
    async fn run<S: Steps>(_steps: Arc<S>, items: usize) -> Vec<String> {
        (0..items)
            .map(|item| format!("page {item} processed"))
            .collect()
    }
}

/// Hard-coded results on top of a real pipeline: it scrapes and processes every page as asked,
/// but returns made-up results instead of what `process` gave.
pub struct MadeUpResults;

impl Pipeline for MadeUpResults {
    async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
        let (pages, mut arriving) = mpsc::unbounded_channel();
        let scraping = Arc::clone(&steps);
        let producer = async move {
            for item in 0..items {
                let _ = pages.send(scraping.scrape(item).await);
            }
        };
        let consumer = async {
            while let Some(page) = arriving.recv().await {
                let _ = steps.process(page).await;
            }
        };
        tokio::join!(producer, consumer);
        (0..items)
            .map(|item| format!("page {item} processed"))
            .collect()
    }
}

/// Hook-juggling: calls `scrape` for every item, one after another, and `process` for every
/// item, each one step after its scrape, exactly when a pipeline would; but what it processes is
/// a page it made up, not the page the site sent, and nothing goes from one step to the other.
pub struct HookJuggler;

impl Pipeline for HookJuggler {
    async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
        let scraping = async {
            for item in 0..items {
                let _ = steps.scrape(item).await;
            }
        };
        let processing = async {
            // The head start of one scrape, copied from the grader's constants.
            tokio::time::sleep(Duration::from_millis(100)).await;
            let mut results = Vec::new();
            for item in 0..items {
                results.push(steps.process(format!("page {item}")).await);
            }
            results
        };
        tokio::join!(scraping, processing).1
    }
}

/// Serial with a channel: a producer and a consumer, but the consumer takes every page out of
/// the channel before it processes the first, so nothing is processed while scraping.
pub struct CollectsFirst;

impl Pipeline for CollectsFirst {
    async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
        let (pages, mut arriving) = mpsc::unbounded_channel();
        let scraping = Arc::clone(&steps);
        tokio::spawn(async move {
            for item in 0..items {
                let _ = pages.send(scraping.scrape(item).await);
            }
        });
        let mut all = Vec::new();
        while let Some(page) = arriving.recv().await {
            all.push(page);
        }
        let mut results = Vec::new();
        for page in all {
            results.push(steps.process(page).await);
        }
        results
    }
}

/// Off by one: the producer stops one item early (`0..items - 1`), so the last item is never
/// scraped.
pub struct SkipsTheLast;

impl Pipeline for SkipsTheLast {
    async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
        let (pages, mut arriving) = mpsc::unbounded_channel();
        let scraping = Arc::clone(&steps);
        tokio::spawn(async move {
            for item in 0..items - 1 {
                let _ = pages.send(scraping.scrape(item).await);
            }
        });
        let mut results = Vec::new();
        while let Some(page) = arriving.recv().await {
            results.push(steps.process(page).await);
        }
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
