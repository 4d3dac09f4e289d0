//! The HTTP lessons' shared code: the two clients (ureq, blocking, for the notes' `requests`;
//! reqwest, async, for the notes' `aiohttp`), one fetch for each that treats every status but 200
//! as an error (the notes' `assert response.status == 200`), and the notes' ways to download many
//! pages ([`ways`]: serial, threads, async tasks; [`processes`]: child processes).

use std::fmt;
use std::time::Duration;

use local_server::page_body;

pub mod child;
pub mod processes;
pub mod ways;

/// The role of a child process that downloads its share of the pages ([`child`]).
pub const DOWNLOAD_ROLE: &str = "download";

/// Why a page did not arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The server answered with another status than 200.
    Status(u16),
    /// No answer within the client's timeout.
    Timeout,
    /// Anything else (connection refused, a broken answer, ...), as the client said it.
    Other(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Status(status) => write!(f, "status {status}"),
            FetchError::Timeout => f.write_str("timed out"),
            FetchError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for FetchError {}

// ANCHOR: clients
/// A blocking client, like a `requests.Session`: it keeps its connections open for the next
/// request. `timeout` bounds each request from start to end; a status other than 2xx is an error.
pub fn blocking_client(timeout: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(true)
        // Never route 127.0.0.1 through a proxy named in the environment.
        .proxy(None)
        .build();
    ureq::Agent::new_with_config(config)
}

/// An async client, like an `aiohttp.ClientSession`: one pool of connections, shared by every
/// task that holds a clone. A status other than 200 is an answer, not an error, like in aiohttp.
pub fn async_client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .no_proxy()
        .build()
        .expect("a client for plain HTTP needs nothing the system could lack")
}
// ANCHOR_END: clients

// ANCHOR: fetch_blocking
/// Gets `url` and reads its body, blocking this thread until the answer is in (or the timeout).
pub fn fetch_blocking(agent: &ureq::Agent, url: &str) -> Result<String, FetchError> {
    let mut response = agent.get(url).call().map_err(blocking_error)?;
    response.body_mut().read_to_string().map_err(blocking_error)
}

fn blocking_error(error: ureq::Error) -> FetchError {
    match error {
        ureq::Error::StatusCode(status) => FetchError::Status(status),
        ureq::Error::Timeout(_) => FetchError::Timeout,
        other => FetchError::Other(other.to_string()),
    }
}
// ANCHOR_END: fetch_blocking

// ANCHOR: fetch_async
/// Gets `url` and reads its body; while it waits, the task gives its thread to other tasks.
pub async fn fetch_async(client: &reqwest::Client, url: &str) -> Result<String, FetchError> {
    let response = client.get(url).send().await.map_err(async_error)?;
    // The notes' `assert response.status == 200`: a 404 or a 500 is an answer like any other.
    if response.status() != reqwest::StatusCode::OK {
        return Err(FetchError::Status(response.status().as_u16()));
    }
    response.text().await.map_err(async_error)
}

fn async_error(error: reqwest::Error) -> FetchError {
    if error.is_timeout() {
        FetchError::Timeout
    } else {
        FetchError::Other(error.to_string())
    }
}
// ANCHOR_END: fetch_async

/// A runtime like asyncio's event loop: every task on the one thread that calls `block_on`.
pub fn one_thread_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime needs only this thread and a timer")
}

/// Whether `bodies` are exactly the pages `0..pages` of the local server, in that order; the
/// error names the first page that is missing, wrong or out of place.
pub fn check_pages(
    what: &str,
    pages: usize,
    bodies: &[Result<String, FetchError>],
) -> Result<(), String> {
    if bodies.len() != pages {
        return Err(format!(
            "{what}: expected {pages} pages, got {}",
            bodies.len()
        ));
    }
    for (n, body) in bodies.iter().enumerate() {
        match body {
            Ok(body) if *body == page_body(n) => {}
            Ok(body) => {
                return Err(format!(
                    "{what}: place {n} should hold page {n}, it holds {body:?}"
                ));
            }
            Err(error) => return Err(format!("{what}: page {n} failed: {error}")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_checked_in_place() {
        let good: Vec<Result<String, FetchError>> = (0..3).map(|n| Ok(page_body(n))).collect();
        assert_eq!(check_pages("run", 3, &good), Ok(()));
        let mut swapped = good.clone();
        swapped.swap(0, 1);
        assert!(
            check_pages("run", 3, &swapped)
                .unwrap_err()
                .contains("place 0")
        );
        let mut failed = good.clone();
        failed[2] = Err(FetchError::Timeout);
        assert!(
            check_pages("run", 3, &failed)
                .unwrap_err()
                .contains("page 2 failed")
        );
        assert!(check_pages("run", 4, &good).is_err());
    }
}
