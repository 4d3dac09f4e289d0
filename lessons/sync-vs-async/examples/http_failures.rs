//! Lesson: what a blocking HTTP client (ureq) and an async one (reqwest) do when a page fails: a
//! 404, a 500, and a page that never answers, with a timeout of 200 ms on every request.
//!
//! The Russian summary's Reddit client checks every answer with `assert response.status == 200`:
//! `aiohttp` hands back a 404 as an answer. So does `reqwest`; `ureq` makes it an error. The
//! crate's fetch functions turn both clients' failures into one error type. The page that never
//! answers fails only because each client has a timeout; without one, it would hang the lesson.
//!
//! Run: `cargo run --example http_failures` (try `-- --latency-ms 100`).

use std::time::{Duration, Instant};

use lesson_kit::cli;
use lesson_kit::{Figure, seconds};
use local_server::LocalServer;
use sync_vs_async::clients::{Failures, expected_errors, fetch_errors};
use sync_vs_async::downloads::{async_client, blocking_client, one_thread_runtime};

const USAGE: &str = "\
A 404, a 500 and a page that never answers, with a blocking client (ureq) and an async one (reqwest).

usage: cargo run --example http_failures -- [--latency-ms MS]

  --latency-ms MS  how long the server takes to answer (default 50, from 1 to 500); every
                   request times out after 200 ms, or 4 times the latency if that is longer
  -h, --help       show this text
";

/// How long each client waits for an answer before it gives up: short, so that the page that
/// never answers costs the lesson little; far above the latency, so that the 404 and 500 arrive.
const TIMEOUT: Duration = Duration::from_millis(200);

fn failures(statuses: &[String], hang: &str, timeout: Duration) -> Failures {
    // ANCHOR: failures
    let client = blocking_client(timeout);
    let mut ureq_status_errors = 0;
    for url in statuses {
        // ureq turns a status other than 2xx into an error (`http_status_as_error`).
        match client.get(url).call() {
            Ok(response) => println!("   ureq:    {url} -> Ok, status {}", response.status()),
            Err(error) => {
                println!("   ureq:    {url} -> Err: {error}");
                ureq_status_errors += 1;
            }
        }
    }
    let started = Instant::now();
    let hung = client.get(hang).call();
    let blocking_hang = started.elapsed();
    println!(
        "   ureq:    {hang} -> Err: {} after {blocking_hang:.0?}",
        hung.unwrap_err()
    );

    let mut reqwest_statuses = Vec::new();
    let async_hang = one_thread_runtime().block_on(async {
        let client = async_client(timeout);
        for url in statuses {
            // reqwest, like aiohttp, hands back a 404 as an answer: check the status yourself.
            match client.get(url).send().await {
                Ok(response) => {
                    println!("   reqwest: {url} -> Ok, status {}", response.status());
                    reqwest_statuses.push(response.status().as_u16());
                }
                Err(error) => println!("   reqwest: {url} -> Err: {error}"),
            }
        }
        let started = Instant::now();
        let hung = client.get(hang).send().await;
        let took = started.elapsed();
        let error = hung.expect_err("a page that never answers cannot succeed");
        println!(
            "   reqwest: {hang} -> Err: {error} (is_timeout: {}) after {took:.0?}",
            error.is_timeout()
        );
        took
    });
    // ANCHOR_END: failures
    Failures {
        ureq_status_errors,
        reqwest_statuses,
        blocking_hang,
        async_hang,
    }
}

fn main() {
    let latency_ms: u64 = cli::only_number(USAGE, "latency-ms", 50, 1..=500);
    let latency = Duration::from_millis(latency_ms);
    // The timeout must stay above the latency, or the 404 and the 500 would time out too.
    let timeout = TIMEOUT.max(latency * 4);
    let server = LocalServer::start(latency).expect("could not start the local server");
    println!(
        "A 404, a 500, and a page that never answers; the server answers after {latency:?}, \
         every request times out after {timeout:?}:"
    );
    let statuses = [server.status_url(404), server.status_url(500)];
    let hang = server.hang_url();
    let failures = failures(&statuses, &hang, timeout);
    // The same pages through the crate's fetch functions, which make every status but 200 an error.
    let all = [&statuses[..], &[hang]].concat();
    let (blocking, tasks) = fetch_errors(&all, timeout);
    println!("   fetch_blocking: {blocking:?}\n   fetch_async:    {tasks:?}\n");

    Figure::new("how long the page that never answers took to fail: blocking / async")
        .notes("requests waits forever unless given a timeout; aiohttp gives up after 5 minutes")
        .this_run(format!(
            "{} / {}",
            seconds(failures.blocking_hang),
            seconds(failures.async_hang)
        ))
        .ideal(format!(
            "{} / {} (the timeout set)",
            seconds(timeout),
            seconds(timeout)
        ))
        .print();

    // ANCHOR: asserts
    // ureq's `call` makes the 404 and the 500 errors, reqwest's `send` hands them back as answers;
    // through the crate's fetch functions both say the same; and a timeout ends every wait.
    assert_eq!(
        (failures.ureq_status_errors, &failures.reqwest_statuses[..]),
        (2, &[404, 500][..]),
        "expected ureq to make the 404 and the 500 errors, and reqwest to hand them back"
    );
    assert_eq!(blocking, expected_errors(), "expected ureq's errors");
    assert_eq!(tasks, expected_errors(), "expected reqwest's answers");
    assert!(
        failures.blocking_hang >= timeout && failures.async_hang >= timeout,
        "expected each client to wait its {timeout:?} for the page that never answers"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: every failure reported, none hung.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_clients_report_each_failure_and_give_up_on_the_page_that_never_answers() {
        let server = LocalServer::start(Duration::from_millis(5)).unwrap();
        let statuses = [server.status_url(404), server.status_url(500)];
        let timeout = Duration::from_millis(300);
        let failures = failures(&statuses, &server.hang_url(), timeout);
        // ureq's `call` makes a 404 an error; reqwest's `send`, like aiohttp, an answer.
        assert_eq!(failures.ureq_status_errors, 2);
        assert_eq!(failures.reqwest_statuses, [404, 500]);
        let all = [&statuses[..], &[server.hang_url()]].concat();
        let (blocking, tasks) = fetch_errors(&all, timeout);
        assert_eq!(blocking, ["status 404", "status 500", "timed out"]);
        assert_eq!(tasks, blocking);
        let (blocking_hang, async_hang) = (failures.blocking_hang, failures.async_hang);
        assert!(blocking_hang >= timeout, "{blocking_hang:?}");
        assert!(async_hang >= timeout, "{async_hang:?}");
        // Generous: a timeout that works ends the wait in about its own length.
        assert!(blocking_hang < Duration::from_secs(20));
        assert!(async_hang < Duration::from_secs(20));
    }
}
