//! A real HTTP server on `127.0.0.1`, started and stopped by the lessons and tests that use it.
//!
//! The notes download real web sites; a lesson can't, and shouldn't: the network is slow and
//! unpredictable, and some machines have none. This server stands in for those sites. It is a real
//! HTTP/1.1 server (hyper on tokio), on a port the system picks, with the delays and failures of a
//! real site set by the lesson:
//!
//! | Path | Answer |
//! |---|---|
//! | `/page/<n>` | `200 OK`, a small HTML page numbered `n`, after the latency |
//! | `/status/<code>` | that status (`404`, `500`, …) with a short text, after the latency |
//! | `/hang` | nothing, ever: the request is read and never answered |
//! | `/get-only` | `200 OK` to a `GET`, `405 Method Not Allowed` to anything else (a `HEAD`, say), after the latency |
//! | anything else | `404 Not Found`, after the latency |
//!
//! Any path takes `?latency_ms=<n>` to answer after `n` milliseconds instead of the server's own
//! latency, and `?gather_at=<n>` to wait, before its latency, until `n` requests are in flight at
//! once ([`GATHER_PATIENCE`] at most); from then on the server is gathered, and no request waits
//! again. A client that really keeps `n` requests in flight makes the peak reach `n` on every
//! run, however slow the machine: a test of a limit need not hope that its requests overlap.
//!
//! ```
//! use std::time::Duration;
//! use local_server::LocalServer;
//!
//! let server = LocalServer::start(Duration::from_millis(20)).expect("loopback is always there");
//! let url = server.page_url(7); // http://127.0.0.1:<port>/page/7
//! assert!(url.ends_with("/page/7"));
//! // ... fetch it with any HTTP client ...
//! assert_eq!(server.stats().requests, 0);
//! server.stop();
//! ```
//!
//! The server counts what it serves ([`Stats`]): most usefully the peak number of requests it was
//! answering at once, which proves how many requests a client really had in flight without timing
//! anything. It also keeps a log of every request ([`LocalServer::log`]): its method, its path,
//! and what it was answered and after how long, or that it never was. A `HEAD` request gets the
//! same status and headers as a `GET`, and no body.

use std::convert::Infallible;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{Notify, oneshot};

/// How many connections may wait to be accepted. The system's default (128 on Linux) is too few
/// for a lesson that opens 160 connections at once: the extra ones are dropped, the client retries
/// a second later, and an async download looks 20 times slower than it is.
pub const LISTEN_BACKLOG: u32 = 1024;

/// How long a request that asks to be gathered (`?gather_at=<n>`) waits for the others at most;
/// past it, the server counts as gathered.
pub const GATHER_PATIENCE: Duration = Duration::from_secs(1);

/// How long [`LocalServer::stop`] lets requests in progress finish before it drops them.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(200);

/// A running server; dropping it (or calling [`stop`](LocalServer::stop)) shuts it down and frees
/// its port.
pub struct LocalServer {
    address: SocketAddr,
    latency: Duration,
    counters: Arc<Counters>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// What the server has served since it started (or since [`LocalServer::reset_stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Connections accepted.
    pub connections: usize,
    /// Requests received, answered or not.
    pub requests: usize,
    /// Requests answered, whatever the status.
    pub answered: usize,
    /// Requests answered with a status other than 200.
    pub failed: usize,
    /// Requests whose method was `HEAD`.
    pub heads: usize,
    /// Requests received but not answered yet (the hanging ones stay here). A request leaves
    /// when its answer is ready, just before it is written: a client holding its answer never
    /// finds its own request still counted.
    pub in_flight: usize,
    /// The most requests that were in flight at the same moment.
    pub peak_in_flight: usize,
}

#[derive(Default)]
struct Counters {
    connections: AtomicUsize,
    requests: AtomicUsize,
    answered: AtomicUsize,
    failed: AtomicUsize,
    heads: AtomicUsize,
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
    /// Whether the requests that asked to be gathered have been (see [`gather`]).
    gathered: AtomicBool,
    /// Told of every request that arrives, for the ones waiting to be gathered.
    arrivals: Notify,
    /// Every request since the start (or the last reset), in the order they arrived.
    log: Mutex<Vec<Served>>,
}

impl Counters {
    fn log(&self) -> std::sync::MutexGuard<'_, Vec<Served>> {
        // A panic while the log was held cannot leave it half-written: each change is one push
        // or one assignment.
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One request, as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The path and query asked for: `/page/3?latency_ms=20`.
    pub path: String,
    /// The status it was answered with; `None` if it was never answered (a hanging page, or a
    /// client that hung up or a server that stopped before the answer was ready).
    pub status: Option<u16>,
    /// From the request's arrival to its answer; `None` if it was never answered.
    pub took: Option<Duration>,
}

impl Served {
    /// Whether a client that waits `timeout` for an answer, and counts a status of 400 or more
    /// as a failure, saw this request fail: the server's own verdict on it.
    pub fn failed_for(&self, timeout: Duration) -> bool {
        match (self.status, self.took) {
            (Some(status), Some(took)) => status >= 400 || took >= timeout,
            _ => true,
        }
    }
}

impl LocalServer {
    /// Starts a server on `127.0.0.1` and a free port, answering every request after `latency`.
    /// It runs on a thread of its own, and is ready for connections when this returns.
    pub fn start(latency: Duration) -> io::Result<LocalServer> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        // Bound here, not on the server's thread, so that a failure is this function's error and
        // the address is known before any client asks for it.
        let listener = runtime.block_on(async { listen_on_loopback() })?;
        let address = listener.local_addr()?;
        let counters = Arc::new(Counters::default());
        let (shutdown, shutdown_asked) = oneshot::channel();
        let serving = Arc::clone(&counters);
        let thread = std::thread::Builder::new()
            .name(format!("local-server-{}", address.port()))
            .spawn(move || {
                runtime.block_on(serve(listener, latency, serving, shutdown_asked));
                // Requests still waiting (the hanging ones, say) are dropped, not waited for.
                runtime.shutdown_timeout(SHUTDOWN_GRACE);
            })?;
        Ok(LocalServer {
            address,
            latency,
            counters,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The address it listens on: always `127.0.0.1`, with the port the system chose.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The latency it answers with, unless a request asks for another.
    pub fn latency(&self) -> Duration {
        self.latency
    }

    /// `http://127.0.0.1:<port><path>`; `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    /// The address of page `n`, which answers `200 OK` after the latency.
    pub fn page_url(&self, n: usize) -> String {
        self.url(&format!("/page/{n}"))
    }

    /// The address of a page that answers with `status` after the latency.
    pub fn status_url(&self, status: u16) -> String {
        self.url(&format!("/status/{status}"))
    }

    /// The address of a page that never answers.
    pub fn hang_url(&self) -> String {
        self.url("/hang")
    }

    /// The address of a page that answers a `GET` and refuses a `HEAD` with `405`, after the
    /// latency.
    pub fn get_only_url(&self) -> String {
        self.url("/get-only")
    }

    /// What it has served so far.
    pub fn stats(&self) -> Stats {
        let c = &self.counters;
        Stats {
            connections: c.connections.load(Ordering::SeqCst),
            requests: c.requests.load(Ordering::SeqCst),
            answered: c.answered.load(Ordering::SeqCst),
            failed: c.failed.load(Ordering::SeqCst),
            heads: c.heads.load(Ordering::SeqCst),
            in_flight: c.in_flight.load(Ordering::SeqCst),
            peak_in_flight: c.peak_in_flight.load(Ordering::SeqCst),
        }
    }

    /// Every request received so far (or since [`reset_stats`](Self::reset_stats)), in the order
    /// they arrived, with what each was answered.
    pub fn log(&self) -> Vec<Served> {
        self.counters.log().clone()
    }

    /// Starts counting again from zero, and a new log, for the next experiment on the same
    /// server. Requests in flight stay counted as in flight.
    pub fn reset_stats(&self) {
        let c = &self.counters;
        c.log().clear();
        for counter in [
            &c.connections,
            &c.requests,
            &c.answered,
            &c.failed,
            &c.heads,
        ] {
            counter.store(0, Ordering::SeqCst);
        }
        c.peak_in_flight
            .store(c.in_flight.load(Ordering::SeqCst), Ordering::SeqCst);
        c.gathered.store(false, Ordering::SeqCst);
    }

    /// Stops accepting, drops every connection, and waits until the port is free.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server may already have stopped (its thread panicked): nothing left to tell.
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            // A panic on the server's thread was a bug in the server; say so unless we are
            // already unwinding from another panic.
            if thread.join().is_err() && !std::thread::panicking() {
                panic!("the local server's thread panicked");
            }
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn listen_on_loopback() -> io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
    socket.listen(LISTEN_BACKLOG)
}

/// Serves until a stop is asked for. Returning drops the accepting task with the runtime, and with
/// it the listening socket.
async fn serve(
    listener: TcpListener,
    latency: Duration,
    counters: Arc<Counters>,
    shutdown_asked: oneshot::Receiver<()>,
) {
    tokio::spawn(accept(listener, latency, counters));
    // A dropped sender (the `LocalServer` is gone) means stop too.
    let _ = shutdown_asked.await;
}

async fn accept(listener: TcpListener, latency: Duration, counters: Arc<Counters>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _peer)) => stream,
            // A connection that failed before it was accepted (the client gave up, or the
            // process is out of file descriptors for a moment): the next one may do.
            Err(_) => continue,
        };
        counters.connections.fetch_add(1, Ordering::SeqCst);
        // Small answers go out at once instead of waiting to fill a packet.
        let _ = stream.set_nodelay(true);
        let counters = Arc::clone(&counters);
        tokio::spawn(async move {
            let service =
                service_fn(move |request| answer(request, latency, Arc::clone(&counters)));
            // A client that hangs up early is its own business; the server goes on.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Counts a request in flight for as long as it lives, so that a request dropped half-way (its
/// client hung up, or the server stopped) is counted out too; its entry in the log is filled in
/// when it is answered.
struct InFlight {
    counters: Arc<Counters>,
    arrived: Instant,
    /// Its place in the log, unless the log was cleared since it arrived.
    entry: usize,
}

impl InFlight {
    fn new(counters: Arc<Counters>, method: &Method, path: String) -> InFlight {
        counters.requests.fetch_add(1, Ordering::SeqCst);
        if method == Method::HEAD {
            counters.heads.fetch_add(1, Ordering::SeqCst);
        }
        let entry = {
            let mut log = counters.log();
            log.push(Served {
                method: method.to_string(),
                path,
                status: None,
                took: None,
            });
            log.len() - 1
        };
        let now = counters.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        counters.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        counters.arrivals.notify_waiters();
        InFlight {
            counters,
            arrived: Instant::now(),
            entry,
        }
    }

    /// Counts the request answered with `status`, and logs it.
    fn answered(&self, status: StatusCode) {
        let counters = &self.counters;
        counters.answered.fetch_add(1, Ordering::SeqCst);
        if status != StatusCode::OK {
            counters.failed.fetch_add(1, Ordering::SeqCst);
        }
        let took = self.arrived.elapsed();
        if let Some(served) = counters.log().get_mut(self.entry) {
            served.status = Some(status.as_u16());
            served.took = Some(took);
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.counters.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn answer(
    request: Request<Incoming>,
    latency: Duration,
    counters: Arc<Counters>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |asked| asked.to_string(),
    );
    let in_flight = InFlight::new(counters, request.method(), path);
    let route = Route::of(request.uri().path());
    if route == Route::Hang {
        std::future::pending::<()>().await;
    }
    let query = request.uri().query();
    if let Some(wanted) = number_asked(query, "gather_at") {
        gather(&in_flight.counters, wanted as usize).await;
    }
    let latency = number_asked(query, "latency_ms").map_or(latency, Duration::from_millis);
    tokio::time::sleep(latency).await;
    let (status, body) = match route {
        Route::Page(n) => (StatusCode::OK, page_body(n)),
        Route::Status(status) => (status, format!("{status}\n")),
        Route::GetOnly if request.method() == Method::GET => (StatusCode::OK, page_body(0)),
        Route::GetOnly => (
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: GET only\n".to_string(),
        ),
        Route::Hang | Route::Unknown => (StatusCode::NOT_FOUND, "404 Not Found\n".to_string()),
    };
    in_flight.answered(status);
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    if route == Route::GetOnly {
        response.headers_mut().insert(
            hyper::header::ALLOW,
            hyper::header::HeaderValue::from_static("GET"),
        );
    }
    Ok(response)
}

#[derive(Debug, PartialEq, Eq)]
enum Route {
    Page(usize),
    Status(StatusCode),
    Hang,
    GetOnly,
    Unknown,
}

impl Route {
    fn of(path: &str) -> Route {
        let mut parts = path.trim_start_matches('/').split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("page"), Some(n), None) => n.parse().map_or(Route::Unknown, Route::Page),
            (Some("status"), Some(code), None) => code
                .parse::<u16>()
                .ok()
                .and_then(|code| StatusCode::from_u16(code).ok())
                .map_or(Route::Unknown, Route::Status),
            (Some("hang"), None, None) => Route::Hang,
            (Some("get-only"), None, None) => Route::GetOnly,
            _ => Route::Unknown,
        }
    }
}

/// The number a query gives for `name` (`?latency_ms=30&gather_at=4`).
fn number_asked(query: Option<&str>, name: &str) -> Option<u64> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .and_then(|number| number.parse().ok())
}

/// Waits until `wanted` requests are in flight at once, or the server was gathered before, or
/// [`GATHER_PATIENCE`] has passed; then the server is gathered, and every waiting request goes on.
async fn gather(counters: &Counters, wanted: usize) {
    let deadline = tokio::time::Instant::now() + GATHER_PATIENCE;
    loop {
        // Listening before looking: an arrival between the look and the wait is not missed.
        let arrival = counters.arrivals.notified();
        tokio::pin!(arrival);
        arrival.as_mut().enable();
        let enough = counters.in_flight.load(Ordering::SeqCst) >= wanted;
        if enough || counters.gathered.load(Ordering::SeqCst) {
            break;
        }
        if tokio::time::timeout_at(deadline, arrival).await.is_err() {
            break;
        }
    }
    counters.gathered.store(true, Ordering::SeqCst);
    counters.arrivals.notify_waiters();
}

/// The exact body of `/page/<n>`: a small HTML page that names its number.
pub fn page_body(n: usize) -> String {
    format!(
        "<!doctype html>\n<html><head><title>Page {n}</title></head>\
         <body><h1>Page {n}</h1><p>A page of the local server.</p></body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_their_routes() {
        assert_eq!(Route::of("/page/12"), Route::Page(12));
        assert_eq!(
            Route::of("/status/500"),
            Route::Status(StatusCode::INTERNAL_SERVER_ERROR)
        );
        assert_eq!(Route::of("/hang"), Route::Hang);
        assert_eq!(Route::of("/get-only"), Route::GetOnly);
        for unknown in [
            "/",
            "/page",
            "/page/x",
            "/page/1/2",
            "/status/99",
            "/status/abc",
            "/other",
        ] {
            assert_eq!(Route::of(unknown), Route::Unknown, "{unknown}");
        }
    }

    #[test]
    fn the_backlog_holds_160_connections_nobody_has_accepted_yet() {
        // The kernel queues connections up to the backlog (capped by net.core.somaxconn); beyond
        // it, a new connection's first packet is dropped and retried a second later. Nothing
        // accepts here, so every connection waits in that queue.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .unwrap();
        let listener = runtime.block_on(async { listen_on_loopback() }).unwrap();
        let address = listener.local_addr().unwrap();
        let patience = Duration::from_millis(900);
        let connected = (0..160)
            .map(|_| std::net::TcpStream::connect_timeout(&address, patience))
            .collect::<Result<Vec<_>, _>>();
        assert!(
            connected.is_ok(),
            "with a backlog of {LISTEN_BACKLOG}: {:?} (see /proc/sys/net/core/somaxconn)",
            connected.err()
        );
    }

    #[test]
    fn a_request_may_ask_for_its_own_latency_and_to_be_gathered() {
        assert_eq!(
            number_asked(Some("latency_ms=250"), "latency_ms"),
            Some(250)
        );
        assert_eq!(
            number_asked(Some("a=1&latency_ms=0"), "latency_ms"),
            Some(0)
        );
        assert_eq!(number_asked(Some("latency_ms=soon"), "latency_ms"), None);
        assert_eq!(number_asked(None, "latency_ms"), None);
        let both = Some("latency_ms=30&gather_at=4");
        assert_eq!(number_asked(both, "gather_at"), Some(4));
        assert_eq!(number_asked(Some("gather_at_all=4"), "gather_at"), None);
    }
}
