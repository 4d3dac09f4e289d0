//! The exercise "bounded_downloads": its contract, and the checks that grade it.
//!
//! The student edits `bounded_downloads.rs` (in this crate's folder, beside `src/`); the
//! reference solution is `../solutions/bounded_downloads.rs`. Both implement
//! [`BoundedDownloads`], so an edited starter is graded by exactly the checks the reference
//! passes. The checks' names, points and time limits are declared in `exercises.toml`.
//!
//! The evidence is the server, never the student's code: every check runs against a real local
//! server, which counts the requests it receives, answers and holds at once. A check compares
//! what came back with what the server really sent: results made up without requests, or
//! returned before the answers came, are caught, and so is a limit that is only written down
//! (a permit dropped at once, or taken after the request). The pages' numbers are chosen per
//! check, so no list of pages written in advance matches.

use std::time::{Duration, Instant};

use exercise_kit::grading::{Code, Runs};
use local_server::{LocalServer, page_body};
use sync_vs_async::downloads::{FetchError, async_client, one_thread_runtime};

use exercise_kit::in_flight::judge_peak;
use exercise_kit::seeded;

#[path = "../bounded_downloads.rs"]
pub mod starter;

#[path = "../../solutions/bounded_downloads.rs"]
pub mod solution;

/// Downloads many pages at once, but never too many, as every version of the exercise offers it.
pub trait BoundedDownloads {
    /// Fetches every URL of `urls` with `client`, with `limit` requests in flight at once while
    /// that many are left and never more, and returns one result per URL, in the order of
    /// `urls`; a failing URL gives its error in its own place.
    fn download_all(
        client: reqwest::Client,
        urls: Vec<String>,
        limit: usize,
    ) -> impl Future<Output = Vec<Result<String, FetchError>>> + Send;
}

/// How long a check waits for `download_all` to return before it reports it stuck. Correct code
/// needs under a second, the serial starter about a second on the slowest check. It stays 5 s
/// below the checks' time limit in `exercises.toml` (20 s), so that a stuck download is reported
/// as such, and not as a timeout.
pub const PATIENCE: Duration = Duration::from_secs(15);

/// How long the server may see no new request and send no answer while `download_all` has not
/// returned, before the check reports it stuck: a permit never given back, or a channel never
/// closed. Correct code is never that quiet, except while it waits for a page that never answers:
/// while a request is at the server, the client's timeout is added to it. A stuck download has
/// nothing at the server, so it is reported after this long.
pub const STALL: Duration = Duration::from_millis(1500);

/// The client's timeout in `failures_stay_in_place`: how long the page that never answers is
/// waited for. Every other page of that check must arrive within it, on a loaded machine too, so
/// it is 50 times their latency (0.5 s was seen to time a page out when other builds shared the
/// cores).
const HANG_TIMEOUT: Duration = Duration::from_secs(1);

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

/// Runs the student's `download_all` on a one-thread runtime, giving up when it is stuck (see
/// [`STALL`] and [`PATIENCE`]), and compares its results with `expected`. Then checks with the
/// server that they are what it sent: every URL requested once, and every answer in before
/// `download_all` returned.
fn download<D: BoundedDownloads>(
    server: &LocalServer,
    urls: Vec<String>,
    limit: usize,
    timeout: Duration,
    expected: &[Result<String, FetchError>],
) -> Result<(), String> {
    let count = urls.len();
    let unanswered = urls.iter().filter(|url| url.ends_with("/hang")).count();
    let pages = one_thread_runtime().block_on(async {
        let client = async_client(timeout);
        let downloads = tokio::time::timeout(PATIENCE, D::download_all(client, urls, limit));
        tokio::select! {
            pages = downloads => {
                pages.map_err(|_| format!("download_all did not return within {PATIENCE:?}"))
            }
            stuck = stalled(server, count, timeout) => Err(stuck),
        }
    })?;
    compare(&pages, expected)?;
    let stats = server.stats();
    if stats.requests != count {
        return Err(format!(
            "the server received {} requests for {count} URLs: fetch every URL, once each, \
             instead of writing its result yourself",
            stats.requests
        ));
    }
    if stats.answered != count - unanswered {
        return Err(format!(
            "download_all returned when the server had answered {} of the {} requests it would \
             answer: wait for every page before returning",
            stats.answered,
            count - unanswered
        ));
    }
    Ok(())
}

/// Returns, with a message, once the server has seen no new request and sent no answer for
/// [`STALL`], or for `STALL + timeout` while a request is at the server (waiting for a page that
/// never answers is quiet, and not stuck); never, while the downloads make progress.
async fn stalled(server: &LocalServer, urls: usize, timeout: Duration) -> String {
    let progress = || {
        let stats = server.stats();
        (stats.requests, stats.answered)
    };
    let (mut last, mut since) = (progress(), Instant::now());
    loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let now = progress();
        let at_the_server = server.stats().in_flight > 0;
        let quiet = if at_the_server {
            STALL + timeout
        } else {
            STALL
        };
        if now != last {
            (last, since) = (now, Instant::now());
        } else if since.elapsed() >= quiet {
            return format!(
                "download_all was stuck: for {quiet:?} it sent no request and got no answer, \
                 without returning, after {} of the {urls} URLs were requested and {} answered. \
                 Is a permit never given back, or a channel never closed?",
                now.0, now.1
            );
        }
    }
}

fn start_server(latency: Duration) -> Result<LocalServer, String> {
    LocalServer::start(latency)
        .map_err(|error| format!("could not start the local server: {error}"))
}

/// Different page numbers for each check (and each run of a check), the same on every grading.
fn page_numbers(seed: u64, count: usize) -> Vec<usize> {
    seeded::distinct(seed, count, 1000)
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
    let pages = page_numbers(1, 8);
    // The page in place k answers after (8 - k) x 10 ms: with several in flight, later pages
    // come in first.
    let urls = (pages.iter().enumerate())
        .map(|(place, &n)| format!("{}?latency_ms={}", server.page_url(n), (8 - place) * 10))
        .collect();
    let expected: Vec<_> = pages.iter().map(|&n| Ok(page_body(n))).collect();
    download::<D>(&server, urls, 4, Duration::from_secs(5), &expected)
}

fn stays_within_the_limit<D: BoundedDownloads>() -> Result<(), String> {
    // Two limits, so that a number written into the solution fails one of them. The first
    // requests wait at the server until `limit` of them are in flight (`gather_at`), so a
    // download that keeps `limit` in flight reaches that peak on every run, however the machine
    // schedules its threads; one that keeps fewer waits out the server's patience, once.
    for (seed, limit) in [(2, 4), (3, 3)] {
        let server = start_server(Duration::from_millis(30))?;
        let pages = page_numbers(seed, 12);
        let urls = pages
            .iter()
            .map(|&n| server.url(&format!("/page/{n}?gather_at={limit}")))
            .collect();
        let expected: Vec<_> = pages.iter().map(|&n| Ok(page_body(n))).collect();
        download::<D>(&server, urls, limit, Duration::from_secs(5), &expected)?;
        let peak = server.stats().peak_in_flight;
        judge_peak(peak, limit, "12 pages", "the pages were fetched")?;
    }
    Ok(())
}

fn failures_stay_in_place<D: BoundedDownloads>() -> Result<(), String> {
    let server = start_server(Duration::from_millis(20))?;
    let pages = page_numbers(4, 3);
    let urls = vec![
        server.page_url(pages[0]),
        server.status_url(404),
        server.page_url(pages[1]),
        server.hang_url(),
        server.status_url(500),
        server.page_url(pages[2]),
    ];
    let expected = [
        Ok(page_body(pages[0])),
        Err(FetchError::Status(404)),
        Ok(page_body(pages[1])),
        Err(FetchError::Timeout),
        Err(FetchError::Status(500)),
        Ok(page_body(pages[2])),
    ];
    download::<D>(&server, urls, 2, HANG_TIMEOUT, &expected)
}
