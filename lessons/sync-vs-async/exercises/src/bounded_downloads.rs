//! The exercise "bounded_downloads": its contract, and the checks that grade it.
//!
//! The student edits `bounded_downloads.rs` (in this crate's folder, beside `src/`); the
//! reference solution is `../solutions/bounded_downloads.rs`. Both implement
//! [`BoundedDownloads`], so an edited starter is graded by exactly the checks the reference
//! passes. Every check runs against a real local server, which counts the requests it holds at
//! once: no check relies on timing. The checks' names, points and time limits are declared in
//! `exercises.toml`.

use std::time::Duration;

use exercise_kit::grading::{Code, Runs};
use local_server::{LocalServer, page_body};
use sync_vs_async::downloads::{FetchError, async_client, one_thread_runtime};

#[path = "../bounded_downloads.rs"]
pub mod starter;

#[path = "../../solutions/bounded_downloads.rs"]
pub mod solution;

/// Downloads many pages at once, but never too many, as every version of the exercise offers it.
pub trait BoundedDownloads {
    /// Fetches every URL of `urls` with `client`, with at most `limit` requests in flight at once,
    /// and returns one result per URL, in the order of `urls`; a failing URL gives its error in
    /// its own place.
    fn download_all(
        client: reqwest::Client,
        urls: Vec<String>,
        limit: usize,
    ) -> impl Future<Output = Vec<Result<String, FetchError>>> + Send;
}

/// How long a check waits for `download_all` to return before it reports it stuck. Correct code
/// needs about a second; the serial starter needs 2.4 s on the slowest check. It stays 5 s below
/// the checks' time limit in `exercises.toml` (20 s), so that a stuck download is reported as
/// such, and not as a timeout.
pub const PATIENCE: Duration = Duration::from_secs(15);

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Downloader>(),
        Code::Solution => runs::<solution::Downloader>(),
    }
}

/// The checks' functions for any downloader, under the names `exercises.toml` declares.
pub fn runs<D: BoundedDownloads>() -> Runs {
    exercise_kit::runs![
        keeps_the_order::<D>,
        stays_within_the_limit::<D>,
        failures_stay_in_place::<D>,
    ]
}

/// Runs the student's `download_all` on a one-thread runtime, under a time limit of its own so
/// that a stuck download is reported as such.
fn download<D: BoundedDownloads>(
    urls: Vec<String>,
    limit: usize,
    timeout: Duration,
) -> Result<Vec<Result<String, FetchError>>, String> {
    one_thread_runtime().block_on(async {
        let client = async_client(timeout);
        tokio::time::timeout(PATIENCE, D::download_all(client, urls, limit))
            .await
            .map_err(|_| format!("download_all did not return within {PATIENCE:?}"))
    })
}

fn start_server(latency: Duration) -> Result<LocalServer, String> {
    LocalServer::start(latency)
        .map_err(|error| format!("could not start the local server: {error}"))
}

/// Compares what came back with the pages expected, place by place.
fn compare(
    got: &[Result<String, FetchError>],
    expected: &[Result<String, FetchError>],
) -> Result<(), String> {
    if got.len() != expected.len() {
        return Err(format!(
            "expected {} results, one per URL, got {}",
            expected.len(),
            got.len()
        ));
    }
    let name = |page: &Result<String, FetchError>| match page {
        Ok(body) => (0..1000).find(|&n| *body == page_body(n)).map_or_else(
            || format!("a body that is no page: {body:?}"),
            |n| format!("page {n}"),
        ),
        Err(error) => format!("error \"{error}\""),
    };
    for (place, (got, expected)) in got.iter().zip(expected).enumerate() {
        if got != expected {
            return Err(format!(
                "place {place} of the results should hold {}, it holds {}",
                name(expected),
                name(got)
            ));
        }
    }
    Ok(())
}

fn keeps_the_order<D: BoundedDownloads>() -> Result<(), String> {
    let server = start_server(Duration::from_millis(10))?;
    let pages = 8;
    // Page n answers after (8 - n) x 10 ms: with several in flight, later pages come in first.
    let urls = (0..pages)
        .map(|n| format!("{}?latency_ms={}", server.page_url(n), (pages - n) * 10))
        .collect();
    let got = download::<D>(urls, 4, Duration::from_secs(5))?;
    let expected: Vec<_> = (0..pages).map(|n| Ok(page_body(n))).collect();
    compare(&got, &expected)
}

fn stays_within_the_limit<D: BoundedDownloads>() -> Result<(), String> {
    // 60 ms a page: a request is in flight long enough that the next ones surely start meanwhile.
    let server = start_server(Duration::from_millis(60))?;
    let (pages, limit) = (12, 4);
    let urls = (0..pages).map(|n| server.page_url(n)).collect();
    let got = download::<D>(urls, limit, Duration::from_secs(5))?;
    let peak = server.stats().peak_in_flight;
    if peak > limit {
        return Err(format!(
            "the server held {peak} requests at once; the limit was {limit}"
        ));
    }
    if peak < 2 {
        return Err(format!(
            "the server never held more than {peak} request at once: the pages were fetched one \
             after another, while the limit allowed {limit}"
        ));
    }
    let expected: Vec<_> = (0..pages).map(|n| Ok(page_body(n))).collect();
    compare(&got, &expected)
}

fn failures_stay_in_place<D: BoundedDownloads>() -> Result<(), String> {
    let server = start_server(Duration::from_millis(20))?;
    let urls = vec![
        server.page_url(0),
        server.status_url(404),
        server.page_url(2),
        server.hang_url(),
        server.status_url(500),
        server.page_url(5),
    ];
    let got = download::<D>(urls, 2, Duration::from_millis(500))?;
    let expected = vec![
        Ok(page_body(0)),
        Err(FetchError::Status(404)),
        Ok(page_body(2)),
        Err(FetchError::Timeout),
        Err(FetchError::Status(500)),
        Ok(page_body(5)),
    ];
    compare(&got, &expected)
}
