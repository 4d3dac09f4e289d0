//! A loop of work that stops gracefully on Ctrl-C: it takes no new item once the signal has come,
//! finishes the item in progress, says how many items it finished, and returns, so that the
//! program exits with code 0.

use std::future::Future;
use std::io::Write;
use std::pin::pin;
use std::time::Duration;

use super::arg;

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

/// Prints `line` at once: the parent waits for these lines through a pipe.
pub fn say(line: &str) {
    let mut stdout = std::io::stdout().lock();
    // A parent that is gone cannot read us any more; then stop, as a Ctrl-C would have done.
    if writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(1);
    }
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
    runtime().block_on(work_until(ctrl_c(), plan, say))
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
            say(&format!("item {} started", finished + 1));
            do_item(plan).await;
            finished += 1;
            say(&format!("item {finished} finished"));
        }
        finished
    })
}
// ANCHOR_END: no_handler

/// A child process's part: `--item-ms`, `--pause-ms` and `--max-items` set the [`Plan`].
pub fn child(role: &str, args: &[String]) {
    let plan = Plan {
        item: Duration::from_millis(arg(args, "--item-ms", 200)),
        pause: Duration::from_millis(arg(args, "--pause-ms", 20)),
        max_items: u32::try_from(arg(args, "--max-items", 100)).unwrap_or(u32::MAX),
    };
    if role == ROLE {
        run_until_ctrl_c(plan);
    } else {
        run_without_handler(plan);
    }
}
