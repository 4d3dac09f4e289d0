//! The notes' download of many pages, in this process: serially with one blocking client, on a
//! few threads with a blocking client each, and in async tasks with one async client, all at once
//! or at most `limit` at a time. (The fourth way, child processes, is in [`processes`].)
//!
//! Every way returns the pages in the order of `urls`, whatever order they arrived in, and
//! records each request on the timeline.
//!
//! [`processes`]: super::processes

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::Timeline;
use lesson_kit::timeline::Run;
use local_server::{LocalServer, Stats};
use tokio::sync::Semaphore;

use super::{FetchError, async_client, blocking_client, fetch_async, fetch_blocking};

/// A page's body, or why it did not come.
pub type Page = Result<String, FetchError>;

// ANCHOR: serial
/// One blocking client, one page after another: like the notes' loop over one `requests.Session`.
pub fn serial(urls: &[String], timeout: Duration, timeline: &Timeline) -> Vec<Page> {
    let client = blocking_client(timeout);
    urls.iter()
        .enumerate()
        .map(|(n, url)| {
            let _span = timeline.begin("main", format!("page {n}"));
            fetch_blocking(&client, url)
        })
        .collect()
}
// ANCHOR_END: serial

// ANCHOR: threads
/// `workers` threads (`thread-0`, ...) take the next page from a shared counter until none is
/// left, like `ThreadPoolExecutor(max_workers=5).map`. Each thread has a client of its own, like
/// the notes' thread-local session, so the threads never wait for each other's connections.
pub fn threads(
    urls: &[String],
    workers: usize,
    timeout: Duration,
    timeline: &Timeline,
) -> Vec<Page> {
    let next = AtomicUsize::new(0);
    let fetched: Vec<(usize, Page)> = thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let next = &next;
                thread::Builder::new()
                    .name(format!("thread-{worker}"))
                    .spawn_scoped(scope, move || {
                        let client = blocking_client(timeout);
                        let mut mine = Vec::new();
                        loop {
                            let n = next.fetch_add(1, Ordering::SeqCst);
                            let Some(url) = urls.get(n) else { break };
                            let page = timeline
                                .record(format!("page {n}"), || fetch_blocking(&client, url));
                            mine.push((n, page));
                        }
                        mine
                    })
                    .expect("the OS refused to start a thread")
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a download thread panicked"))
            .collect()
    });
    in_order(urls.len(), fetched)
}
// ANCHOR_END: threads

// ANCHOR: all_at_once
/// One task per page, all started at once, sharing one async client: the notes' `ensure_future`
/// for every site, then `gather`. Awaiting the handles in the order of `urls` gives the pages in
/// that order, whichever task finished first.
pub async fn all_at_once(
    urls: &[String],
    timeout: Duration,
    timeline: &Arc<Timeline>,
) -> Vec<Page> {
    let client = async_client(timeout);
    let tasks: Vec<_> = urls
        .iter()
        .enumerate()
        .map(|(n, url)| {
            let (client, url, timeline) = (client.clone(), url.clone(), Arc::clone(timeline));
            tokio::spawn(async move {
                let _span = timeline.begin(format!("task-{n}"), format!("page {n}"));
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
// ANCHOR_END: all_at_once

// ANCHOR: bounded
/// Like [`all_at_once`], but a task starts its request only with one of `limit` permits, so no
/// more than `limit` requests are ever in flight. The other tasks wait, costing nothing.
pub async fn bounded(
    urls: &[String],
    limit: usize,
    timeout: Duration,
    timeline: &Arc<Timeline>,
) -> Vec<Page> {
    let client = async_client(timeout);
    let permits = Arc::new(Semaphore::new(limit));
    let tasks: Vec<_> = urls
        .iter()
        .enumerate()
        .map(|(n, url)| {
            let (client, url, timeline) = (client.clone(), url.clone(), Arc::clone(timeline));
            let permits = Arc::clone(&permits);
            tokio::spawn(async move {
                let _permit = permits
                    .acquire_owned()
                    .await
                    .expect("the semaphore is never closed");
                let _span = timeline.begin(format!("task-{n}"), format!("page {n}"));
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
// ANCHOR_END: bounded

/// The pages of `fetched` (numbered by their place in the list) in the order of their numbers.
fn in_order(count: usize, fetched: Vec<(usize, Page)>) -> Vec<Page> {
    let mut places: Vec<Option<Page>> = (0..count).map(|_| None).collect();
    for (n, page) in fetched {
        places[n] = Some(page);
    }
    places
        .into_iter()
        .enumerate()
        .map(|(n, page)| page.unwrap_or_else(|| panic!("page {n} was never taken")))
        .collect()
}

/// One way's run: what it fetched, its timeline, its wall time, and what the server saw.
#[derive(Debug)]
pub struct Measured {
    pub pages: Vec<Page>,
    pub run: Run,
    pub wall: Duration,
    pub stats: Stats,
}

impl Measured {
    /// Prints one line about the run: its time, and what the server saw.
    pub fn report(&self) {
        let ok = self.pages.iter().filter(|page| page.is_ok()).count();
        println!(
            "   {ok} of {} pages in {}; the server saw {} requests on {} connection(s), at most {} at once\n",
            self.pages.len(),
            lesson_kit::seconds(self.wall),
            self.stats.requests,
            self.stats.connections,
            self.stats.peak_in_flight
        );
    }
}

/// Runs `work` on a fresh timeline against `server`, whose counters start again from zero.
pub fn measure(
    title: &str,
    server: &LocalServer,
    work: impl FnOnce(&Arc<Timeline>) -> Vec<Page>,
) -> Measured {
    server.reset_stats();
    let timeline = Arc::new(Timeline::new());
    let started = Instant::now();
    let pages = work(&timeline);
    let wall = started.elapsed();
    Measured {
        pages,
        run: timeline.finish(title),
        wall,
        stats: server.stats(),
    }
}

/// The addresses of pages `0..pages` of `server`.
pub fn page_urls(server: &LocalServer, pages: usize) -> Vec<String> {
    (0..pages).map(|n| server.page_url(n)).collect()
}
