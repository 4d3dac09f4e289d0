//! Exercise "bounded_downloads": download many pages at once, but never too many.
//!
//! `Downloader::download_all` fetches every URL of `urls` with `client` and returns one result
//! per URL, in the order of `urls`. Right now it fetches them one after another: only one request
//! is ever in flight. Make it run the downloads at the same time, with as many as `limit` requests
//! in flight at once and never more, like the notes' asyncio download but polite to the server.
//!
//! The contract the grader relies on (`BoundedDownloads` in `src/bounded_downloads.rs`):
//! - every URL is fetched once, and its result is what the server answered;
//! - one result per URL, in the order of `urls`, whichever request finishes first;
//! - `limit` requests in flight at once while that many pages are left, and never more;
//! - a page that fails (a 404, a 500, a timeout) gives its error in its own place, and the
//!   other pages still arrive.
//!
//! `fetch_async(&client, &url)` fetches one page and turns every status but 200 into an error.
//!
//! Grade it: `cargo grade --exercise bounded_downloads`.
//! Stuck? `cargo grade --hint bounded_downloads`.

use sync_vs_async::downloads::{FetchError, fetch_async};

use crate::bounded_downloads::BoundedDownloads;

pub struct Downloader;

impl BoundedDownloads for Downloader {
    async fn download_all(
        client: reqwest::Client,
        urls: Vec<String>,
        limit: usize,
    ) -> Vec<Result<String, FetchError>> {
        // TODO: one page after another, ignoring `limit`. Run up to `limit` of them at once.
        let _ = limit;
        let mut pages = Vec::with_capacity(urls.len());
        for url in &urls {
            pages.push(fetch_async(&client, url).await);
        }
        pages
    }
}
