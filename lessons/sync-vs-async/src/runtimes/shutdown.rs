//! A loop of work that stops gracefully on Ctrl-C: it takes no new item once the signal has come,
//! finishes the item in progress, says how many items it finished, and returns, so that the
//! program exits with code 0.

use std::future::Future;
use std::pin::pin;
use std::time::Duration;

use lesson_kit::process::{Args, say};

/// The child that stops gracefully on Ctrl-C.
pub const ROLE: &str = "ctrl-c";
/// The same loop without a handler: SIGINT kills it wherever it is.
pub const NO_HANDLER_ROLE: &str = "ctrl-c-no-handler";

/// The line that says the handler is installed: only after it may the child be signalled.
pub const READY: &str = "ready: the Ctrl-C handler is installed";
/// The line of the child without a handler, once its loop is about to start.
pub const READY_NO_HANDLER: &str = "ready: no Ctrl-C handler";
/// How the last line of a graceful stop begins.
pub const STOPPED: &str = "stopped gracefully after";

/// How long an item takes, and the pause before each item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub item: Duration,
    pub pause: Duration,
    /// A child stops after this many items, even if no signal ever comes.
    pub max_items: u32,
}

/// One item of work: here it only waits, as a download would.
async fn do_item(plan: Plan) {
    tokio::time::sleep(plan.item).await;
}

// ANCHOR: work_until
/// Does items one after another until `stop` completes, and returns how many it finished.
/// `say` gets each line of the story as it happens.
pub async fn work_until(
    stop: impl Future<Output = ()>,
    plan: Plan,
    mut say: impl FnMut(&str),
) -> u32 {
    let mut stop = pin!(stop);
    // A future does nothing until it is polled, and `ctrl_c()` installs its handler on its first
    // poll. Poll it once now, so that a Ctrl-C from here on is caught, not fatal.
    tokio::select! {
        biased;
        () = &mut stop => {
            say("stopped before the first item");
            return 0;
        }
        () = std::future::ready(()) => {}
    }
    say(READY);
    let mut finished = 0;
    while finished < plan.max_items {
        // Between items, Ctrl-C stops the loop at once: there is nothing to finish.
        tokio::select! {
            biased;
            () = &mut stop => {
                say("Ctrl-C: no item in progress, stopping now");
                break;
            }
            () = tokio::time::sleep(plan.pause) => {}
        }
        let number = finished + 1;
        say(&format!("item {number} started"));
        let mut item = pin!(do_item(plan));
        // During an item, Ctrl-C is noted, and the item is finished anyway.
        let stopping = tokio::select! {
            biased;
            () = &mut item => false,
            () = &mut stop => {
                say(&format!("Ctrl-C: finishing item {number}, then stopping"));
                item.await;
                true
            }
        };
        finished = number;
        say(&format!("item {number} finished"));
        if stopping {
            break;
        }
    }
    say(&format!("{STOPPED} {finished} items"));
    finished
}
// ANCHOR_END: work_until

/// The real stop signal: Ctrl-C (SIGINT).
async fn ctrl_c() {
    tokio::signal::ctrl_c()
        .await
        .expect("tokio could not listen for Ctrl-C");
}

/// A runtime for the loop: one thread is plenty; the signal needs tokio's I/O driver.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio could not start a runtime")
}

/// Runs the loop until Ctrl-C, printing as it goes; returns how many items it finished.
pub fn run_until_ctrl_c(plan: Plan) -> u32 {
    // `say` prints each line at once: the parent waits for these lines through a pipe.
    runtime().block_on(work_until(ctrl_c(), plan, |line| say(line)))
}

// ANCHOR: no_handler
/// The same loop, with nothing listening for Ctrl-C.
pub fn run_without_handler(plan: Plan) -> u32 {
    // A shell that starts a program in the background makes it ignore SIGINT, and children
    // inherit that. Restore the default action, which ends the process at once.
    // SAFETY: setting the default action for a signal touches no memory of this program.
    unsafe { libc::signal(libc::SIGINT, libc::SIG_DFL) };
    say(READY_NO_HANDLER);
    runtime().block_on(async {
        let mut finished = 0;
        while finished < plan.max_items {
            tokio::time::sleep(plan.pause).await;
            say(format!("item {} started", finished + 1));
            do_item(plan).await;
            finished += 1;
            say(format!("item {finished} finished"));
        }
        finished
    })
}
// ANCHOR_END: no_handler

/// A child's [`Plan`]: `--item-ms` (200 by default), `--pause-ms` (20) and `--max-items` (100).
fn plan(args: &Args) -> Result<Plan, String> {
    Ok(Plan {
        item: Duration::from_millis(args.get_or("--item-ms", 200)?),
        pause: Duration::from_millis(args.get_or("--pause-ms", 20)?),
        max_items: args.get_or("--max-items", 100)?,
    })
}

/// The role [`ROLE`]: the loop that stops gracefully on Ctrl-C.
pub fn graceful_child(args: &Args) -> Result<(), String> {
    run_until_ctrl_c(plan(args)?);
    Ok(())
}

/// The role [`NO_HANDLER_ROLE`]: the same loop, which SIGINT kills.
pub fn no_handler_child(args: &Args) -> Result<(), String> {
    run_without_handler(plan(args)?);
    Ok(())
}

/// Whether `wanted` appear in `lines` in this order (other lines may come between them).
pub fn in_order(lines: &[String], wanted: &[&str]) -> bool {
    let mut wanted = wanted.iter().peekable();
    for line in lines {
        if wanted.peek().is_some_and(|next| line == *next) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

#[cfg(test)]
mod tests {
    // A real SIGINT goes to a child only (tests/lessons/ctrl_c.rs). Here the stop signal is a timer on
    // tokio's paused clock, which gives exact times: the loop is the same code.
    use super::*;

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
