//! Reference solution of the exercise "bounded_downloads" (the starter is
//! `exercises/bounded_downloads.rs`).
//!
//! One task per URL, all spawned at once; a semaphore with `limit` permits lets only `limit` of
//! them have a request in flight, and the others wait for a permit without costing a thread. The
//! handles are awaited in the order of the URLs, so the results come back in that order, and each
//! task returns its own `Result`, so one failure does not stop the others.

use std::sync::Arc;

use tokio::sync::Semaphore;

use sync_vs_async::downloads::{FetchError, fetch_async};

use crate::bounded_downloads::BoundedDownloads;

pub struct Downloader;

impl BoundedDownloads for Downloader {
    async fn download_all(
        client: reqwest::Client,
        urls: Vec<String>,
        limit: usize,
    ) -> Vec<Result<String, FetchError>> {
        let permits = Arc::new(Semaphore::new(limit));
        let tasks: Vec<_> = urls
            .into_iter()
            .map(|url| {
                let (client, permits) = (client.clone(), Arc::clone(&permits));
                tokio::spawn(async move {
                    // Held until the page is in: at most `limit` tasks get past this line at once.
                    let _permit = permits.acquire_owned().await.expect("never closed");
                    fetch_async(&client, &url).await
                })
            })
            .collect();
        let mut pages = Vec::with_capacity(tasks.len());
        for task in tasks {
            pages.push(task.await.expect("a download task panicked"));
        }
        pages
    }
}
