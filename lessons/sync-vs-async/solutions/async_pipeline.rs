//! Reference solution of the exercise "async_pipeline" (the starter is
//! `exercises/async_pipeline.rs`).
//!
//! A producer task scrapes the items one after another and sends each page down an unbounded
//! channel; a consumer task processes the pages in the order they arrive, which is the order of
//! the items. When the producer is done, its sender is dropped, the channel closes, and the
//! consumer's loop ends. `tokio::join!` waits for both, like the notes' `gather`.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::async_pipeline::{Pipeline, Steps};

pub struct Scraper;

impl Pipeline for Scraper {
    async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
        let (pages, mut arriving) = mpsc::unbounded_channel();
        let scraping = Arc::clone(&steps);
        let producer = tokio::spawn(async move {
            for item in 0..items {
                let page = scraping.scrape(item).await;
                // The consumer only stops when the channel closes, so it is still listening.
                let _ = pages.send(page);
            }
        });
        let consumer = tokio::spawn(async move {
            let mut results = Vec::new();
            while let Some(page) = arriving.recv().await {
                results.push(steps.process(page).await);
            }
            results
        });
        let (produced, results) = tokio::join!(producer, consumer);
        produced.expect("the producer panicked");
        results.expect("the consumer panicked")
    }
}
