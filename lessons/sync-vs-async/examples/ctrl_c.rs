//! Lesson: a graceful shutdown on Ctrl-C. The notes install a SIGINT handler that stops the event
//! loop, closes the HTTP client and calls `sys.exit(0)`. In tokio, Ctrl-C is a future like any
//! other (`tokio::signal::ctrl_c()`): a loop of work awaits it beside its work, and on Ctrl-C it
//! takes no new item, finishes the item in progress, says how many items it finished, and exits
//! with code 0.
//!
//! A program cannot safely send Ctrl-C to itself (a signal handler belongs to the whole process),
//! so the lesson starts a copy of itself, waits until the copy says its handler is installed, and
//! sends it a real SIGINT in the middle of an item. Then it does the same to a copy without the
//! handler, which the signal kills on the spot, in the middle of its item.
//!
//! Run: `cargo run --example ctrl_c`, or `cargo run --example ctrl_c -- --wait` and press Ctrl-C
//! yourself.

use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Figure, process};
use sync_vs_async::runtimes::shutdown::{
    NO_HANDLER_ROLE, Plan, READY, READY_NO_HANDLER, ROLE, STOPPED, run_until_ctrl_c,
};
use sync_vs_async::runtimes::supervise::{Finished, Supervised};

const USAGE: &str = "\
A loop of work that stops gracefully on Ctrl-C.

usage: cargo run --example ctrl_c -- [--wait] [--item-ms N]

  --wait       run the loop here, until you press Ctrl-C
  --item-ms N  how long each item takes (default 200, from 1 to 10000)
  -h, --help   show this text
";

/// Every wait on the child has a deadline; a child that misses it is killed.
const LIMIT: Duration = Duration::from_secs(30);

fn main() {
    if let Some(role) = process::role() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        sync_vs_async::child::run(&role, &args);
        return;
    }
    let mut wait = false;
    let mut item_ms: u64 = 200;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("wait") => wait = true,
            Arg::Long("item-ms") => item_ms = cli::number(parser, "--item-ms", 1..=10_000)?,
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    if wait {
        println!("Items of {item_ms} ms, one after another. Press Ctrl-C to stop.");
        let plan = Plan {
            item: Duration::from_millis(item_ms),
            pause: Duration::from_millis(100),
            max_items: u32::MAX,
        };
        let finished = run_until_ctrl_c(plan);
        println!("(main: the loop returned after {finished} items; main returns, exit code 0)");
        return;
    }

    println!("1. A child with a Ctrl-C handler; SIGINT comes while item 2 is in progress:");
    let (graceful, after_signal) = interrupt(ROLE, READY, item_ms);
    show(&graceful);

    println!("\n2. The same loop without a handler; SIGINT comes while item 2 is in progress:");
    let (killed, _) = interrupt(NO_HANDLER_ROLE, READY_NO_HANDLER, item_ms);
    show(&killed);

    let last = graceful.lines.last().map_or("", String::as_str);
    Figure::new("what Ctrl-C does to the loop")
        .notes("the handler stops the loop and calls sys.exit(0) at once")
        .this_run(format!(
            "with the handler: \"{last}\", {}, {} ms after the signal; without: {}",
            ending(&graceful),
            after_signal.as_millis(),
            ending(&killed)
        ))
        .ideal("exit code 0, the item in progress finished, no new item started")
        .print();

    // ANCHOR: asserts
    assert_eq!(
        graceful.status.code(),
        Some(0),
        "expected the child with the handler to exit with code 0: {graceful:?}"
    );
    assert_eq!(
        last,
        format!("{STOPPED} 2 items"),
        "expected it to finish item 2 and stop: {graceful:?}"
    );
    assert!(
        in_order(
            &graceful.lines,
            &["Ctrl-C: finishing item 2, then stopping", "item 2 finished"]
        ),
        "expected item 2 to be finished after the Ctrl-C: {graceful:?}"
    );
    assert!(
        !graceful.lines.iter().any(|line| line == "item 3 started"),
        "expected no new item after the Ctrl-C: {graceful:?}"
    );
    assert_eq!(
        killed.signal(),
        Some(libc::SIGINT),
        "expected the child without a handler to be killed by SIGINT: {killed:?}"
    );
    assert!(
        !killed.lines.iter().any(|line| line == "item 2 finished"),
        "expected the child without a handler to die in the middle of item 2: {killed:?}"
    );
    // ANCHOR_END: asserts
    println!(
        "\nAs expected: with the handler, item 2 was finished and the child exited with code 0;"
    );
    println!("without it, SIGINT killed the child in the middle of item 2.");
}

// ANCHOR: interrupt
/// Starts a child playing `role`, waits until it says `ready`, then sends it SIGINT as soon as
/// item 2 has started. Returns how it ended, and how long after the signal.
fn interrupt(role: &str, ready: &str, item_ms: u64) -> (Finished, Duration) {
    let mut command = process::child(role);
    command.args(["--item-ms", &item_ms.to_string(), "--pause-ms", "20"]);
    let mut child = Supervised::start(command).expect("the lesson can start a copy of itself");
    // A signal before the handler is installed would kill the child: wait for its word.
    child
        .wait_for_line(|line| line == ready, LIMIT)
        .unwrap_or_else(|error| panic!("{error}"));
    child
        .wait_for_line(|line| line == "item 2 started", LIMIT)
        .unwrap_or_else(|error| panic!("{error}"));
    child
        .send_signal(libc::SIGINT)
        .unwrap_or_else(|error| panic!("{error}"));
    let signalled = Instant::now();
    let finished = child
        .finish(LIMIT)
        .unwrap_or_else(|error| panic!("{error}"));
    (finished, signalled.elapsed())
}
// ANCHOR_END: interrupt

/// Whether `wanted` appear in `lines` in this order.
fn in_order(lines: &[String], wanted: &[&str]) -> bool {
    let mut wanted = wanted.iter().peekable();
    for line in lines {
        if wanted.peek().is_some_and(|next| line == *next) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

/// How the child ended, in words.
fn ending(finished: &Finished) -> String {
    match (finished.status.code(), finished.status.signal()) {
        (Some(code), _) => format!("exit code {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        _ => finished.status.to_string(),
    }
}

fn show(finished: &Finished) {
    for line in &finished.lines {
        println!("   | {line}");
    }
    println!(
        "   the child ended: {} (SIGINT is signal 2)",
        ending(finished)
    );
}

#[cfg(test)]
mod tests {
    // A real SIGINT goes to a child only (tests/ctrl_c.rs). Here the stop signal is a timer on
    // tokio's paused clock, which gives exact times: the loop is the same code.
    use super::*;
    use sync_vs_async::runtimes::shutdown::work_until;

    const PLAN: Plan = Plan {
        item: Duration::from_millis(200),
        pause: Duration::from_millis(20),
        max_items: 100,
    };

    async fn stop_after(delay: Duration) -> (u32, Vec<String>, Duration) {
        let mut lines = Vec::new();
        let started = tokio::time::Instant::now();
        let finished = work_until(tokio::time::sleep(delay), PLAN, |line| {
            lines.push(line.to_owned())
        })
        .await;
        (finished, lines, started.elapsed())
    }

    #[tokio::test(start_paused = true)]
    async fn a_stop_during_an_item_lets_that_item_finish() {
        // Item 2 runs from 240 ms to 440 ms; the stop comes at 300 ms.
        let (finished, lines, took) = stop_after(Duration::from_millis(300)).await;
        assert_eq!(finished, 2);
        assert_eq!(took, Duration::from_millis(440), "{lines:?}");
        assert_eq!(
            lines[lines.len() - 3..],
            [
                "Ctrl-C: finishing item 2, then stopping",
                "item 2 finished",
                "stopped gracefully after 2 items"
            ]
        );
        assert_eq!(lines[0], READY);
    }

    #[tokio::test(start_paused = true)]
    async fn a_stop_between_items_stops_at_once() {
        // Item 1 ends at 220 ms; the stop comes at 230 ms, during the pause before item 2.
        let (finished, lines, took) = stop_after(Duration::from_millis(230)).await;
        assert_eq!(finished, 1);
        assert_eq!(took, Duration::from_millis(230), "{lines:?}");
        assert!(
            !lines.iter().any(|line| line == "item 2 started"),
            "{lines:?}"
        );
        assert!(in_order(
            &lines,
            &[
                "item 1 finished",
                "Ctrl-C: no item in progress, stopping now"
            ]
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn without_a_stop_the_loop_does_its_items_back_to_back() {
        let plan = Plan {
            max_items: 3,
            ..PLAN
        };
        let started = tokio::time::Instant::now();
        let finished = work_until(std::future::pending(), plan, |_| {}).await;
        assert_eq!(finished, 3);
        assert_eq!(started.elapsed(), (PLAN.item + PLAN.pause) * 3);
    }

    #[test]
    fn in_order_checks_the_order() {
        let lines: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert!(in_order(&lines, &["a", "c"]));
        assert!(!in_order(&lines, &["c", "a"]));
    }
}
