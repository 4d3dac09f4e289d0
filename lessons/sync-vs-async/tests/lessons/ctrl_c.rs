//! The `ctrl_c` lesson's children, started as the crate's `sync-vs-async-child` program (inside a
//! test, the running program is the test harness, which cannot play a child's part) and sent a
//! real SIGINT. Only the child is ever signalled, and only after it said its handler is installed.

use std::time::{Duration, Instant};

use lesson_kit::process::{Child, Finished, Program};
use sync_vs_async::runtimes::shutdown::{NO_HANDLER_ROLE, READY, READY_NO_HANDLER, ROLE, STOPPED};

/// Every wait on a child ends by then, after its start; a child that misses it is killed and the
/// test fails.
const LIMIT: Duration = Duration::from_secs(30);
const CHILD: &str = env!("CARGO_BIN_EXE_sync-vs-async-child");

fn child(role: &str, item: Duration, pause: Duration) -> Child {
    Program::at(CHILD)
        .role(role)
        .arg("--item-ms", item.as_millis())
        .arg("--pause-ms", pause.as_millis())
        .start(LIMIT)
        .expect("the child program starts")
}

/// Waits for `ready`, then for `line` if there is one, then sends SIGINT; returns how the child
/// ended and how long it lived after the signal.
fn interrupt_after(mut child: Child, ready: &str, line: Option<&str>) -> (Finished, Duration) {
    child.wait_for_line(ready).unwrap();
    if let Some(line) = line {
        child.wait_for_line(line).unwrap();
    }
    child.signal(libc::SIGINT).unwrap();
    let signalled = Instant::now();
    let finished = child.finish().unwrap();
    (finished, signalled.elapsed())
}

#[test]
fn on_ctrl_c_the_item_in_progress_is_finished_and_the_child_exits_0() {
    // Items of a second: the signal, sent milliseconds after "item 1 started", surely comes
    // while item 1 is in progress, even on a busy machine.
    let item = Duration::from_secs(1);
    let (finished, after) = interrupt_after(
        child(ROLE, item, Duration::from_millis(10)),
        READY,
        Some("item 1 started"),
    );
    assert_eq!(finished.status.code(), Some(0), "{finished:?}");
    assert_eq!(
        finished.lines,
        [
            READY,
            "item 1 started",
            "Ctrl-C: finishing item 1, then stopping",
            "item 1 finished",
            &format!("{STOPPED} 1 items"),
        ],
        "{finished:?}"
    );
    // It went on for the rest of the item: not cut at the signal.
    assert!(
        after >= item / 2,
        "the child ended {after:?} after the signal"
    );
}

#[test]
fn on_ctrl_c_between_items_the_child_stops_at_once() {
    // A pause of a minute before each item: the signal comes during the first pause, and the
    // child must not wait for it to end.
    let (finished, after) = interrupt_after(
        child(ROLE, Duration::from_millis(10), Duration::from_secs(60)),
        READY,
        None,
    );
    assert_eq!(finished.status.code(), Some(0), "{finished:?}");
    assert_eq!(
        finished.lines,
        [
            READY,
            "Ctrl-C: no item in progress, stopping now",
            &format!("{STOPPED} 0 items"),
        ],
        "{finished:?}"
    );
    // Far less than the 60 s pause: Ctrl-C ended the wait at once.
    assert!(after < Duration::from_secs(10), "{after:?}");
}

#[test]
fn without_the_handler_ctrl_c_kills_the_child_in_the_middle_of_an_item() {
    let (finished, _) = interrupt_after(
        child(
            NO_HANDLER_ROLE,
            Duration::from_secs(1),
            Duration::from_millis(10),
        ),
        READY_NO_HANDLER,
        Some("item 1 started"),
    );
    assert_eq!(finished.signal(), Some(libc::SIGINT), "{finished:?}");
    assert_eq!(finished.status.code(), None, "{finished:?}");
    assert_eq!(
        finished.lines,
        [READY_NO_HANDLER, "item 1 started"],
        "{finished:?}"
    );
}

#[test]
fn a_graceful_child_stops_by_itself_after_its_last_item() {
    // No signal at all: the safety limit ends the loop, so an orphaned child never runs forever.
    let finished = Program::at(CHILD)
        .role(ROLE)
        .arg("--item-ms", 1)
        .arg("--pause-ms", 1)
        .arg("--max-items", 3)
        .run(LIMIT)
        .unwrap();
    assert!(finished.status.success(), "{finished:?}");
    assert_eq!(
        finished.lines.last().map(String::as_str),
        Some("stopped gracefully after 3 items")
    );
}
