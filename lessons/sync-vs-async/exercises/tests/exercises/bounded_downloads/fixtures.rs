//! Wrong downloaders, kept to prove what the checks catch. Not exercises: each says its mistake
//! in its doc comment.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use local_server::page_body;
use sync_vs_async::downloads::{FetchError, fetch_async};
use sync_vs_async_exercises::bounded_downloads::BoundedDownloads;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;

type Pages = Vec<Result<String, FetchError>>;

/// Awaits `tasks` in their order: one result per URL, in the order of the URLs.
async fn in_order(tasks: Vec<JoinHandle<Result<String, FetchError>>>) -> Pages {
    let mut pages = Vec::with_capacity(tasks.len());
    for task in tasks {
        pages.push(task.await.expect("a download task panicked"));
    }
    pages
}

/// One task per URL, each holding one of `permits` permits while it fetches: the reference's
/// shape, with the number of permits given by the fixture.
async fn with_permits(client: reqwest::Client, urls: Vec<String>, permits: usize) -> Pages {
    let permits = Arc::new(Semaphore::new(permits));
    let tasks = urls
        .into_iter()
        .map(|url| {
            let (client, permits) = (client.clone(), Arc::clone(&permits));
            tokio::spawn(async move {
                let _permit = permits.acquire_owned().await.unwrap();
                fetch_async(&client, &url).await
            })
        })
        .collect();
    in_order(tasks).await
}

/// Unbounded: every page at once, in order, and rude to the server.
pub struct Unbounded;

impl BoundedDownloads for Unbounded {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, _limit: usize) -> Pages {
        let tasks = urls
            .into_iter()
            .map(|url| {
                let client = client.clone();
                tokio::spawn(async move { fetch_async(&client, &url).await })
            })
            .collect();
        in_order(tasks).await
    }
}

/// Off by one, too many: `limit + 1` permits.
pub struct OneTooMany;

impl BoundedDownloads for OneTooMany {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
        with_permits(client, urls, limit + 1).await
    }
}

/// Off by one, too few: `limit - 1` permits, so the downloads never use the whole limit (and a
/// limit of 2 is serial).
pub struct OneTooFew;

impl BoundedDownloads for OneTooFew {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
        with_permits(client, urls, limit - 1).await
    }
}

/// Hard-coded limit: 4 permits, whatever `limit` says (the limit of the check the student read).
pub struct FixedLimit;

impl BoundedDownloads for FixedLimit {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, _limit: usize) -> Pages {
        with_permits(client, urls, 4).await
    }
}

/// Hook-juggling: takes a permit for each page as asked, but `let _ =` drops it at once, before
/// the request: nothing is limited.
pub struct PermitDroppedAtOnce;

impl BoundedDownloads for PermitDroppedAtOnce {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
        let permits = Arc::new(Semaphore::new(limit));
        let tasks = urls
            .into_iter()
            .map(|url| {
                let (client, permits) = (client.clone(), Arc::clone(&permits));
                tokio::spawn(async move {
                    let _ = permits.acquire().await.unwrap();
                    fetch_async(&client, &url).await
                })
            })
            .collect();
        in_order(tasks).await
    }
}

/// Hook-juggling: holds a permit for each page, but takes it after the request, when the page
/// is already in: the permits limit nothing.
pub struct PermitAfterTheRequest;

impl BoundedDownloads for PermitAfterTheRequest {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
        let permits = Arc::new(Semaphore::new(limit));
        let tasks = urls
            .into_iter()
            .map(|url| {
                let (client, permits) = (client.clone(), Arc::clone(&permits));
                tokio::spawn(async move {
                    let page = fetch_async(&client, &url).await;
                    let _permit = permits.acquire_owned().await.unwrap();
                    page
                })
            })
            .collect();
        in_order(tasks).await
    }
}

/// Racy: counts the requests in flight itself, but checks the count, then yields, then adds
/// itself: every task passes the check before any adds, so nothing is limited.
pub struct CheckThenAct;

impl BoundedDownloads for CheckThenAct {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let tasks = urls
            .into_iter()
            .map(|url| {
                let (client, in_flight) = (client.clone(), Arc::clone(&in_flight));
                tokio::spawn(async move {
                    while in_flight.load(Ordering::SeqCst) >= limit {
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                    // The gap between check and act: the other tasks run here.
                    tokio::task::yield_now().await;
                    in_flight.fetch_add(1, Ordering::SeqCst);
                    let page = fetch_async(&client, &url).await;
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    page
                })
            })
            .collect();
        in_order(tasks).await
    }
}

/// Deadlocks: takes each permit in the loop that spawns the tasks, and keeps it there instead of
/// handing it to the task: after `limit` pages, the loop waits for a permit that never comes back.
pub struct PermitsNeverReturned;

impl BoundedDownloads for PermitsNeverReturned {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
        let permits = Arc::new(Semaphore::new(limit));
        let mut held = Vec::new();
        let mut tasks = Vec::new();
        for url in urls {
            held.push(Arc::clone(&permits).acquire_owned().await.unwrap());
            let client = client.clone();
            tasks.push(tokio::spawn(
                async move { fetch_async(&client, &url).await },
            ));
        }
        drop(held);
        in_order(tasks).await
    }
}

/// Deadlocks the thread: waits for a free slot with `std::thread::sleep`, which blocks the one
/// thread the downloads that would free a slot need.
pub struct BlocksItsThread;

impl BoundedDownloads for BlocksItsThread {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for url in urls {
            while in_flight.load(Ordering::SeqCst) >= limit {
                std::thread::sleep(Duration::from_millis(1));
            }
            in_flight.fetch_add(1, Ordering::SeqCst);
            let (client, in_flight) = (client.clone(), Arc::clone(&in_flight));
            tasks.push(tokio::spawn(async move {
                let page = fetch_async(&client, &url).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                page
            }));
        }
        in_order(tasks).await
    }
}

/// Hard-coded: makes up every result from its URL, as the local server would answer, without a
/// single request.
pub struct HardCoded;

impl BoundedDownloads for HardCoded {
    async fn download_all(_client: reqwest::Client, urls: Vec<String>, _limit: usize) -> Pages {
        let made_up = |url: &str| {
            let path = url.split('?').next().unwrap_or(url);
            let last = path.rsplit('/').next().unwrap_or("");
            if path.contains("/page/") {
                Ok(page_body(last.parse().unwrap_or(0)))
            } else if path.contains("/status/") {
                Err(FetchError::Status(last.parse().unwrap_or(500)))
            } else {
                Err(FetchError::Timeout)
            }
        };
        urls.iter().map(|url| made_up(url)).collect()
    }
}

/// Wrong order: bounded, but each task sends its page down a channel as it arrives, so the
/// results come in finishing order.
pub struct FinishingOrder;

impl BoundedDownloads for FinishingOrder {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
        let permits = Arc::new(Semaphore::new(limit));
        let (pages, mut arrived) = mpsc::unbounded_channel();
        for url in urls {
            let (client, permits, pages) = (client.clone(), Arc::clone(&permits), pages.clone());
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

/// Drops errors: bounded and in order, but gives up at the first error, like `?` in a loop.
pub struct StopAtFirstError;

impl BoundedDownloads for StopAtFirstError {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
        let mut pages = with_permits(client, urls, limit).await;
        if let Some(first) = pages.iter().position(Result::is_err) {
            pages.truncate(first + 1);
        }
        pages
    }
}

/// Correct, in chunks: `limit` pages at a time, each chunk awaited before the next starts.
/// Slower than a semaphore when pages take different times, but never over the limit and it
/// uses all of it.
pub struct Chunks;

impl BoundedDownloads for Chunks {
    async fn download_all(client: reqwest::Client, urls: Vec<String>, limit: usize) -> Pages {
        let mut pages = Vec::new();
        for chunk in urls.chunks(limit) {
            let tasks = chunk
                .iter()
                .map(|url| {
                    let (client, url) = (client.clone(), url.clone());
                    tokio::spawn(async move { fetch_async(&client, &url).await })
                })
                .collect();
            pages.extend(in_order(tasks).await);
        }
        pages
    }
}
