//! Lesson: SIGTERM in the middle of a worker's item, with a handler and without; and SIGKILL,
//! which no handler ever sees.
//!
//! A signal is the smallest message one process can send another: a number, delivered by the
//! kernel, that interrupts the receiver wherever it is. SIGTERM (15) means "please stop"; its
//! default action ends the process on the spot, in the middle of whatever it was doing. A program
//! that installs a handler decides for itself: here the handler only sets a flag (the one thing
//! a handler may safely do), and the worker looks at the flag between items, so the item in
//! progress is finished and the worker exits with code 0. SIGKILL (9) cannot be caught, blocked
//! or ignored: the kernel ends the process without running any of its code.
//!
//! Run: `cargo run --example graceful_shutdown` (try `-- --at 1`).

use std::time::Duration;

use ipc::child::ROLES;
use ipc::scratch::left_behind;
use ipc::signal::{HANDLER_INSTALLED, signal_mid_item};
use lesson_kit::Figure;
use lesson_kit::cli;
use lesson_kit::process::{self, Program};
use nix::sys::signal::Signal;

const USAGE: &str = "\
A worker signalled in the middle of an item: SIGTERM with a handler, without, and SIGKILL.

usage: cargo run --example graceful_shutdown -- [--at N]

  --at N      the item in whose middle each signal arrives (default 3, from 1 to 20)
  -h, --help  show this text
";

/// A worker that says a few lines takes milliseconds; one that takes this long is stuck.
const LIMIT: Duration = Duration::from_secs(30);

fn main() {
    process::play_if_child(&ROLES);
    let at: u32 = cli::only_number(USAGE, "at", 3, 1..=20);
    let program = Program::this();
    println!(
        "Each worker has {} items; each signal arrives in the middle of item {at}.",
        at + 2
    );

    let clean = "the item in progress finished, then exit 0".to_owned();
    let lost = format!("item {at} lost whatever the worker does: make work safe to redo");
    // Whether the worker installs its handler, which signal it gets, and the figure's rows.
    let runs = [
        (true, Signal::SIGTERM, "not measured", clean.clone()),
        (false, Signal::SIGTERM, "not measured", clean),
        (true, Signal::SIGKILL, "not covered", lost),
    ];
    let mut figures = Vec::new();
    for (number, (handler, signal, notes, ideal)) in (1..).zip(runs) {
        let with = if handler {
            "with a handler"
        } else {
            "without a handler"
        };
        let title = format!("after {signal} in the middle of item {at}, {with}");
        println!("\n{number}. {signal} in the middle of item {at}, {with}:");
        let outcome = signal_mid_item(&program, handler, signal, at, LIMIT);
        for line in &outcome.lines {
            println!("   worker said: {line}");
        }
        println!("   worker ended: {}", outcome.ending());
        let figure = Figure::new(title)
            .notes(notes)
            .this_run(outcome.summary(at));
        figures.push((figure.ideal(ideal), outcome));
    }
    println!();
    for (figure, _) in &figures {
        figure.print();
    }
    let [(_, caught), (_, killed), (_, unstoppable)] = &figures[..] else {
        unreachable!("three runs, three outcomes")
    };

    // ANCHOR: asserts
    assert!(
        caught.status.success() && caught.finished(at) && !caught.started(at + 1),
        "expected the worker with a handler to finish item {at}, start no other and exit 0; \
         it said {:?} and ended with {}",
        caught.lines,
        caught.ending()
    );
    assert_eq!(killed.ending(), "killed by signal 15 (SIGTERM)");
    assert!(
        !killed.finished(at),
        "expected item {at} lost without a handler"
    );
    assert_eq!(unstoppable.ending(), "killed by signal 9 (SIGKILL)");
    assert!(
        unstoppable.said(HANDLER_INSTALLED) && !unstoppable.finished(at),
        "expected SIGKILL to end the worker mid-item although its handler was installed"
    );
    let pids = [caught.pid, killed.pid, unstoppable.pid];
    let left = left_behind(&[], &pids);
    assert!(left.is_empty(), "expected every worker reaped: {left:?}");
    // ANCHOR_END: asserts
    println!("\nAs expected: with a handler, SIGTERM became a request the worker honoured after");
    println!("item {at}; without one, and with SIGKILL whatever the worker installed, item {at}");
    println!("was lost half done.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use ipc::signal::{Outcome, stopping, working_on};

    const CHILD: &str = env!("CARGO_BIN_EXE_ipc-child");

    fn gone(outcome: &Outcome) {
        let left = left_behind(&[], &[outcome.pid]);
        assert!(left.is_empty(), "{left:?}");
    }

    /// That the last thing the worker said was `line`.
    fn last_said(outcome: &Outcome, line: String) {
        assert_eq!(outcome.lines.last(), Some(&line), "{:?}", outcome.lines);
    }

    #[test]
    fn sigterm_with_a_handler_finishes_the_item_in_progress_and_exits_0() {
        let outcome = signal_mid_item(&Program::at(CHILD), true, Signal::SIGTERM, 3, LIMIT);
        assert_eq!(outcome.ending(), "exit code 0");
        assert_eq!(
            outcome.lines.first().map(String::as_str),
            Some(HANDLER_INSTALLED)
        );
        last_said(&outcome, stopping(3));
        assert!(
            outcome.started(3) && !outcome.started(4),
            "{:?}",
            outcome.lines
        );
        assert_eq!(outcome.summary(3), "item 3 finished, exit code 0");
        gone(&outcome);
    }

    #[test]
    fn sigterm_without_a_handler_kills_the_worker_mid_item() {
        let outcome = signal_mid_item(&Program::at(CHILD), false, Signal::SIGTERM, 3, LIMIT);
        assert_eq!(outcome.ending(), "killed by signal 15 (SIGTERM)");
        last_said(&outcome, working_on(3));
        assert!(outcome.finished(2) && !outcome.finished(3));
        assert_eq!(
            outcome.summary(3),
            "killed by signal 15 (SIGTERM), item 3 lost"
        );
        gone(&outcome);
    }

    #[test]
    fn sigkill_ends_a_worker_with_a_handler_which_never_runs() {
        let outcome = signal_mid_item(&Program::at(CHILD), true, Signal::SIGKILL, 3, LIMIT);
        assert_eq!(outcome.ending(), "killed by signal 9 (SIGKILL)");
        // The handler was installed before the signal came; had it run, the worker would have
        // finished item 3 and said so, as with SIGTERM.
        assert!(outcome.said(HANDLER_INSTALLED));
        last_said(&outcome, working_on(3));
        assert!(!outcome.finished(3));
        gone(&outcome);
    }

    #[test]
    fn a_signal_in_the_first_item_stops_the_worker_there() {
        let outcome = signal_mid_item(&Program::at(CHILD), true, Signal::SIGTERM, 1, LIMIT);
        assert!(outcome.status.success(), "{}", outcome.ending());
        assert_eq!(
            outcome.lines,
            [HANDLER_INSTALLED.to_owned(), working_on(1), stopping(1)]
        );
        gone(&outcome);
    }
}
