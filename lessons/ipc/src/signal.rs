//! The worker of the lesson `graceful_shutdown`: it works on numbered items, one by one, and a
//! SIGTERM that arrives in the middle of one either stops it after that item (with a handler) or
//! ends it on the spot (without one: the default action).

use std::io::BufRead;
use std::process::ExitStatus;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use lesson_kit::process::{self, Args, Children, Heard, Program, Role, describe};
use nix::sys::signal::Signal;
use signal_hook::consts::SIGTERM;

/// The role of the worker ([`worker`]): `--items N`, and `--handler` to install its handler.
pub const WORKER_ROLE: &str = "shutdown-worker";

/// The roles this lesson's children play.
pub const ROLES: &[Role] = &[(WORKER_ROLE, worker)];

/// The worker's first line with `--handler`: from now on a SIGTERM only sets its flag. Until it
/// says so, a SIGTERM would still end it, so the parent signals nothing before this line.
pub const HANDLER_INSTALLED: &str = "SIGTERM handler installed";

/// The worker's first line without `--handler`: a SIGTERM ends it, wherever it is.
pub const NO_HANDLER: &str = "no SIGTERM handler";

/// The parent's word that lets the worker finish the item in progress.
pub const GO_ON: &str = "go on";

/// What the worker says as it starts `item`.
pub fn working_on(item: u32) -> String {
    format!("working on item {item}")
}

/// What the worker says when `item` is done and the next one follows.
pub fn finished(item: u32) -> String {
    format!("finished item {item}")
}

/// What the worker says when `item` is done and a SIGTERM asked it to stop.
pub fn stopping(item: u32) -> String {
    format!("finished item {item}, stopping")
}

// ANCHOR: worker
/// The role [`WORKER_ROLE`]: works on items 1 to `--items`; with `--handler`, a SIGTERM lets it
/// finish the item in progress and exit with code 0.
fn worker(args: &Args) -> Result<(), String> {
    let items: u32 = args.get("--items")?;
    // A handler runs in the middle of whatever the program was doing: inside `malloc`, say, or
    // while it holds the lock on stdout. So it may only do what is *async-signal-safe*: printing,
    // allocating or taking a lock could wait forever for the very code it interrupted. Storing
    // `true` in an atomic is safe, and it is all that signal-hook's `flag::register` does.
    let stop = Arc::new(AtomicBool::new(false));
    if args.has("--handler") {
        signal_hook::flag::register(SIGTERM, Arc::clone(&stop))
            .map_err(|error| format!("could not install a SIGTERM handler: {error}"))?;
        // A handler belongs to the whole process, not to a thread: it changes what SIGTERM does
        // to every thread, and any one of them may be the one interrupted to run it.
        process::say(HANDLER_INSTALLED);
    } else {
        process::say(NO_HANDLER);
    }
    let mut input = std::io::stdin().lock();
    for item in 1..=items {
        process::say(working_on(item));
        // Half of the item is done: wait for the parent's word, so that a signal it sends now
        // arrives in the middle of this item, every run.
        let mut word = String::new();
        match input.read_line(&mut word) {
            Ok(0) | Err(_) => return Err(format!("my input closed in the middle of item {item}")),
            Ok(_) if word.trim_end() == GO_ON => {}
            Ok(_) => return Err(format!("expected {GO_ON:?}, got {word:?}")),
        }
        // The flag is looked at between items only: the item in progress is always finished.
        // A signal the parent sent before its word is here already: the kernel runs a pending
        // handler before a system call, such as this `read`, returns to the program.
        if stop.load(Ordering::SeqCst) {
            process::say(stopping(item));
            return Ok(());
        }
        process::say(finished(item));
    }
    Ok(())
}
// ANCHOR_END: worker

/// How a worker that was signalled in the middle of an item ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Its process id: gone once it was reaped.
    pub pid: u32,
    /// Every line it said.
    pub lines: Vec<String>,
    pub status: ExitStatus,
}

impl Outcome {
    /// How it ended, in words: `exit code 0`, `killed by signal 15 (SIGTERM)`.
    pub fn ending(&self) -> String {
        describe(self.status)
    }

    /// Whether it said it started `item`.
    pub fn started(&self, item: u32) -> bool {
        self.said(&working_on(item))
    }

    /// Whether it said it finished `item`, stopping afterwards or not.
    pub fn finished(&self, item: u32) -> bool {
        self.said(&finished(item)) || self.said(&stopping(item))
    }

    /// Whether it said exactly `line`.
    pub fn said(&self, line: &str) -> bool {
        self.lines.iter().any(|said| said == line)
    }

    /// What happened to `item` and how the worker ended, in a few words: `item 3 finished, exit
    /// code 0`, or `killed by signal 15 (SIGTERM), item 3 lost`.
    pub fn summary(&self, item: u32) -> String {
        if self.finished(item) {
            format!("item {item} finished, {}", self.ending())
        } else {
            format!("{}, item {item} lost", self.ending())
        }
    }
}

// ANCHOR: signal_mid_item
/// Starts a worker (with a SIGTERM handler if `handler`), lets it work, sends it `signal` in the
/// middle of item `at`, then tells it to go on; returns what it said and how it ended. Every wait
/// ends by `limit`: then the worker is killed, and this panics.
pub fn signal_mid_item(
    program: &Program,
    handler: bool,
    signal: Signal,
    at: u32,
    limit: Duration,
) -> Outcome {
    let mut worker = program.role(WORKER_ROLE).arg("--items", at + 2);
    if handler {
        worker = worker.switch("--handler");
    }
    let mut workers = Children::start([worker.named("worker")], limit)
        .unwrap_or_else(|error| panic!("could not start the worker: {error}"));
    // Not one signal before its first line: until its handler is installed, SIGTERM ends it.
    let first = |line: &str| line == HANDLER_INSTALLED || line == NO_HANDLER;
    workers
        .wait_for(0, "its first line", first)
        .unwrap_or_else(|error| panic!("the worker did not start: {error}"));
    let status = loop {
        let heard = workers.next_heard();
        match heard.unwrap_or_else(|error| panic!("the worker is stuck: {error}")) {
            Some(Heard::Line(_, line)) if line == working_on(at) => {
                workers
                    .signal(0, signal as i32)
                    .unwrap_or_else(|error| panic!("could not signal the worker: {error}"));
                // A worker the signal ended reads nothing more: then this word is lost, and its
                // end is what we hear next.
                let _ = workers.try_send_line(0, GO_ON);
            }
            Some(Heard::Line(_, line)) if line.starts_with("working on") => {
                workers
                    .send_line(0, GO_ON)
                    .unwrap_or_else(|error| panic!("the worker took no word: {error}"));
            }
            Some(Heard::Line(..)) => {}
            Some(Heard::Ended(_, status)) => break status,
            None => unreachable!("the worker's end is heard before nothing is left to hear"),
        }
    };
    let lines = workers.lines(0).to_vec();
    Outcome {
        pid: workers.pid(0),
        lines,
        status,
    }
}
// ANCHOR_END: signal_mid_item

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn an_outcome_says_which_item_was_finished_and_how_the_worker_ended() {
        let lines = [HANDLER_INSTALLED.to_owned(), working_on(1), stopping(1)];
        let stopped = Outcome {
            pid: 1,
            lines: lines.to_vec(),
            status: ExitStatus::from_raw(0),
        };
        assert!(stopped.started(1) && stopped.finished(1) && !stopped.started(2));
        assert_eq!(stopped.summary(1), "item 1 finished, exit code 0");
        let killed = Outcome {
            pid: 1,
            lines: lines[..2].to_vec(),
            status: ExitStatus::from_raw(15),
        };
        assert!(killed.started(1) && !killed.finished(1));
        assert_eq!(
            killed.summary(1),
            "killed by signal 15 (SIGTERM), item 1 lost"
        );
    }
}
