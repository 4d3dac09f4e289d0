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

use std::time::{Duration, Instant};

use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Finished, Program};
use sync_vs_async::child::ROLES;
use sync_vs_async::runtimes::shutdown::{
    NO_HANDLER_ROLE, Plan, READY, READY_NO_HANDLER, ROLE, STOPPED, in_order, run_until_ctrl_c,
};

const USAGE: &str = "\
A loop of work that stops gracefully on Ctrl-C.

usage: cargo run --example ctrl_c -- [--wait] [--item-ms N]

  --wait       run the loop here, until you press Ctrl-C
  --item-ms N  how long each item takes (default 200, from 1 to 10000)
  -h, --help   show this text
";

/// Every wait on a child ends by then, after its start; a child that misses it is killed.
const LIMIT: Duration = Duration::from_secs(30);

fn main() {
    process::play_if_child(ROLES);
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
    let (graceful, after_signal) =
        interrupt(ROLE, READY, item_ms).unwrap_or_else(|error| panic!("{error}"));
    show(&graceful);

    println!("\n2. The same loop without a handler; SIGINT comes while item 2 is in progress:");
    let (killed, _) = interrupt(NO_HANDLER_ROLE, READY_NO_HANDLER, item_ms)
        .unwrap_or_else(|error| panic!("{error}"));
    show(&killed);

    let last = graceful.lines.last().map_or("", String::as_str);
    Figure::new("what Ctrl-C does to the loop")
        .notes("the handler stops the loop and calls sys.exit(0) at once")
        .this_run(format!(
            "with the handler: \"{last}\", {}, {} ms after the signal; without: {}",
            graceful.ending(),
            after_signal.as_millis(),
            killed.ending()
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
fn interrupt(
    role: &str,
    ready: &str,
    item_ms: u64,
) -> Result<(Finished, Duration), process::Error> {
    let mut child = Program::this()
        .role(role)
        .arg("--item-ms", item_ms)
        .arg("--pause-ms", 20)
        .start(LIMIT)?;
    // A signal before the handler is installed would kill the child: wait for its word.
    child.wait_for_line(ready)?;
    child.wait_for_line("item 2 started")?;
    child.signal(libc::SIGINT)?;
    let signalled = Instant::now();
    let finished = child.finish()?;
    Ok((finished, signalled.elapsed()))
}
// ANCHOR_END: interrupt

fn show(finished: &Finished) {
    for line in &finished.lines {
        println!("   | {line}");
    }
    println!("   the child ended: {}", finished.ending());
}
