//! Exercise "async_pipeline": scrape and process as a pipeline, like the notes' async scraper.
//!
//! `Scraper::run` scrapes items `0..items` with `steps.scrape(item)` and processes each page with
//! `steps.process(page)`. Right now it scrapes every item first, and processes the pages only
//! after that, so every step waits for the one before it: 10 items of 100 ms steps take 2.0 s.
//! Turn it into the notes' producer and consumer: one task scrapes the items one after another
//! and sends each page down a channel, and another task processes the pages as they arrive.
//! Then page k is processed while item k + 1 is scraped, and the 10 items take 1.1 s.
//!
//! The contract the grader relies on (`Pipeline` in `src/async_pipeline.rs`):
//! - the results are the processed pages of every item, in the order of the items;
//! - the site answers one request at a time: scrape one item after another, not all at once.
//!
//! Grade it: `cargo grade --exercise async_pipeline`. Stuck? `cargo grade --hint async_pipeline`.

use std::sync::Arc;

use crate::async_pipeline::{Pipeline, Steps};

pub struct Scraper;

impl Pipeline for Scraper {
    async fn run<S: Steps>(steps: Arc<S>, items: usize) -> Vec<String> {
        // TODO: this scrapes everything before it processes anything.
        let mut pages = Vec::new();
        for item in 0..items {
            pages.push(steps.scrape(item).await);
        }
        let mut results = Vec::new();
        for page in pages {
            results.push(steps.process(page).await);
        }
        results
    }
}
