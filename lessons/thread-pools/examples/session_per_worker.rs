//! Lesson: one HTTP client per worker thread, kept in a `thread_local!`, like the notes'
//! `threading.local()` session, and proof that it is one per worker: the server counts one
//! connection per worker, not one per site.
//!
//! The Russian lecture downloads its pages with `ThreadPoolExecutor(max_workers=5)` and gives each
//! thread a `requests.Session` of its own through `threading.local()`: one object, a different
//! value in every thread, made on the thread's first use. A session keeps its connection open for
//! the next request. Rust's `thread_local!` is the same: one declaration, a value per thread, made
//! on first use. Here 5 workers check 40 sites; the server counts the connections opened.
//!
//! Run: `cargo run --example session_per_worker` (try `-- --workers 8`).

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lesson_kit::{Figure, cli, must_finish};
use local_server::{LocalServer, Stats};
use thread_pools::pool::Pool;
use thread_pools::uptime::{Verdict, blocking_client, ping};

const USAGE: &str = "\
One HTTP client per worker thread, in a thread_local!: one connection per worker.

usage: cargo run --example session_per_worker -- [--workers N]

  --workers N  how many pool threads (default 5, like the lecture; from 1 to 32)
  -h, --help   show this text
";

const SITES: usize = 40;
const TIMEOUT: Duration = Duration::from_secs(5);

// ANCHOR: thread_local
thread_local! {
    /// This thread's client, made on its first check. Another thread that reads `CLIENT` gets
    /// its own, so no client is ever shared, and none is made twice in one thread.
    static CLIENT: ureq::Agent = {
        CLIENTS_MADE.fetch_add(1, Ordering::SeqCst);
        blocking_client(TIMEOUT)
    };
    /// How many checks this thread has made, to show that the value is per thread.
    static CHECKS_HERE: Cell<usize> = const { Cell::new(0) };
}

/// How many clients were made, in every thread together.
static CLIENTS_MADE: AtomicUsize = AtomicUsize::new(0);

/// One check with this thread's own client.
fn check_with_my_client(url: &str) -> (Verdict, usize) {
    let verdict = CLIENT.with(|client| ping(client, url));
    let here = CHECKS_HERE.with(|count| {
        count.set(count.get() + 1);
        count.get()
    });
    (verdict, here)
}
// ANCHOR_END: thread_local

/// One check with a client made for it alone, like calling `requests.head` without a session.
fn check_with_a_new_client(url: &str) -> (Verdict, usize) {
    (ping(&blocking_client(TIMEOUT), url), 0)
}

/// One check with the one client every thread shares: a `ureq::Agent` is `Send + Sync`, a
/// handle to one pool of connections.
fn check_with_the_shared_client(url: &str) -> (Verdict, usize) {
    static SHARED: std::sync::OnceLock<ureq::Agent> = std::sync::OnceLock::new();
    let client = SHARED.get_or_init(|| blocking_client(TIMEOUT));
    (ping(client, url), 0)
}

/// Checks `SITES` sites on a pool of `workers`, each check by `check`; returns what the server
/// counted and the most checks one thread made.
fn run(workers: usize, check: fn(&str) -> (Verdict, usize)) -> (Stats, usize) {
    let server = Arc::new(LocalServer::start(Duration::ZERO).expect("loopback is always there"));
    // The first requests wait at the server until `workers` are in flight: every worker has
    // taken a site, and made its client, before any check is over.
    let urls: Vec<String> = (0..SITES)
        .map(|n| server.url(&format!("/page/{n}?gather_at={workers}&latency_ms=3")))
        .collect();
    let pool = Pool::new(workers, "pool");
    let handles: Vec<_> = urls
        .into_iter()
        .map(|url| pool.submit(move || check(&url)))
        .collect();
    let mut busiest = 0;
    for handle in handles {
        let (verdict, here) = handle.wait().expect("a check never panics");
        assert_eq!(verdict, Verdict::Up, "every site of this lesson is up");
        busiest = busiest.max(here);
    }
    drop(pool);
    (server.stats(), busiest)
}

fn main() {
    let workers = cli::only_number(USAGE, "workers", 5, 1..=32);
    println!("{SITES} sites, a pool of {workers} threads.\n");
    let (shared, busiest) = must_finish(Duration::from_secs(30), "checks", move || {
        run(workers, check_with_my_client)
    });
    let made = CLIENTS_MADE.load(Ordering::SeqCst);
    println!(
        "A client per thread:  {made} clients made, {} connections; one thread made {busiest} checks.",
        shared.connections
    );
    let (fresh, _) = must_finish(Duration::from_secs(30), "checks", move || {
        run(workers, check_with_a_new_client)
    });
    println!("A client per check:   {} connections.", fresh.connections);
    let (shared_one, _) = must_finish(Duration::from_secs(30), "checks", move || {
        run(workers, check_with_the_shared_client)
    });
    // Safe as well: the compiler lets threads share the client only because it is `Sync`.
    println!(
        "One shared client:    {} connections (its pool keeps only a few idle ones).",
        shared_one.connections
    );

    Figure::new(format!(
        "connections opened for {SITES} checks on {workers} threads"
    ))
    .notes("no figure: threading.local() gives each thread its own requests.Session")
    .this_run(format!(
        "{} with a client per thread, {} with a client per check",
        shared.connections, fresh.connections
    ))
    .ideal(format!("{workers} and {SITES}"))
    .print();

    // ANCHOR: asserts
    assert_eq!(made, workers, "expected one client made per worker thread");
    assert_eq!(
        shared.connections, workers,
        "expected each thread's client to keep one connection open for all its checks"
    );
    assert_eq!(
        fresh.connections, SITES,
        "expected a new client to open a new connection"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: one client, and one connection, per worker thread.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_local_client_means_one_connection_per_worker_not_per_site() {
        for workers in [1, 3, 6] {
            let (stats, busiest) = must_finish(Duration::from_secs(20), "checks", move || {
                run(workers, check_with_my_client)
            });
            assert_eq!(stats.connections, workers, "{stats:?}");
            assert_eq!(stats.requests, SITES);
            assert!(busiest > 1 && busiest <= SITES - (workers - 1), "{busiest}");
        }
    }

    #[test]
    fn one_client_shared_by_every_thread_is_sync_and_serves_them_all() {
        fn shareable<T: Send + Sync>() {}
        shareable::<ureq::Agent>();
        let (stats, _) = must_finish(Duration::from_secs(20), "checks", || {
            run(4, check_with_the_shared_client)
        });
        // 4 requests were in flight at once (the server gathered them), so 4 connections at least.
        assert!(
            stats.connections >= 4 && stats.requests == SITES,
            "{stats:?}"
        );
    }

    #[test]
    fn a_new_client_per_check_opens_a_connection_per_site() {
        let (stats, _) = must_finish(Duration::from_secs(20), "checks", || {
            run(2, check_with_a_new_client)
        });
        assert_eq!(stats.connections, SITES, "{stats:?}");
    }
}
