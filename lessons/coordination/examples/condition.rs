//! Lesson: a condition variable's waiter goes on only when the condition holds.
//!
//! The notes name `threading.Condition`: threads wait until a condition holds, then go on. In Rust
//! the condition lives in a `Mutex` and a `Condvar` wakes the waiters; `Condvar::wait_while` takes
//! the condition as a closure and checks it again after every wake-up. Two stories:
//!
//! 1. A wake-up without the condition (a `notify_one` sent on purpose, the same effect as the
//!    spurious wake-ups the OS may cause): `wait_while` re-checks and keeps waiting.
//! 2. A lost wake-up: the notify comes before anyone waits, and a bare `wait` has no flag to
//!    look at, so it sleeps on; here a timed wait (100 ms) shows it. With the flag and
//!    `wait_timeout_while` the same late waiter returns at once.
//!
//! Run: `cargo run --example condition` (try `-- --wait-ms 300`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::cli;
use lesson_kit::live::wait_until;
use lesson_kit::{Figure, must_finish, seconds};

const USAGE: &str = "\
A condition: wait_while re-checks after every wake-up; a notify before the wait is lost without a flag.

usage: cargo run --example condition -- [--wait-ms MS]

  --wait-ms MS  how long the lost wake-up's timed wait lasts (default 100, from 10 to 5000)
  -h, --help    show this text
";

// ANCHOR: empty_wakeup
/// A waiter waits for an item; the main thread wakes it once with no item, then gives one.
/// Returns how often the waiter checked the condition before `notify_one` with an item, and
/// whether it had gone on before the item came.
fn empty_wakeup() -> (usize, bool, u32) {
    let items: Mutex<Vec<u32>> = Mutex::new(Vec::new());
    let arrived = Condvar::new();
    let checks = AtomicUsize::new(0);
    let gone_on = std::sync::atomic::AtomicBool::new(false);
    thread::scope(|scope| {
        let waiter = scope.spawn(|| {
            let guard = items.lock().unwrap();
            let mut guard = arrived
                .wait_while(guard, |items| {
                    checks.fetch_add(1, Ordering::SeqCst);
                    items.is_empty()
                })
                .unwrap();
            gone_on.store(true, Ordering::SeqCst);
            guard.pop().unwrap()
        });
        // The waiter checks once, then sleeps: wake it without an item.
        wait_until("the first check", || checks.load(Ordering::SeqCst) >= 1);
        drop(items.lock().unwrap()); // it holds the lock until it sleeps
        arrived.notify_one();
        // It wakes, checks again, finds nothing, and sleeps again.
        wait_until("the second check", || checks.load(Ordering::SeqCst) >= 2);
        let checked = checks.load(Ordering::SeqCst);
        let went_on_early = gone_on.load(Ordering::SeqCst);
        items.lock().unwrap().push(7);
        arrived.notify_one();
        (checked, went_on_early, waiter.join().unwrap())
    })
}
// ANCHOR_END: empty_wakeup

// ANCHOR: lost_wakeup
/// The notify comes first, the wait after. Without a flag the waiter sleeps until `patience`
/// runs out; with one it sees the flag and returns at once. Returns whether each timed out.
fn lost_wakeup(patience: Duration) -> (bool, bool) {
    let ready = Mutex::new(false);
    let changed = Condvar::new();
    // The signal is sent while nobody waits: a Condvar keeps no memory of it.
    *ready.lock().unwrap() = true;
    changed.notify_all();

    // Wrong: a bare wait, no look at the flag.
    let guard = ready.lock().unwrap();
    let (guard, bare) = changed.wait_timeout(guard, patience).unwrap();
    drop(guard);

    // Right: the flag says the signal was sent, whenever that was.
    let guard = ready.lock().unwrap();
    let (_guard, flagged) = changed
        .wait_timeout_while(guard, patience, |ready| !*ready)
        .unwrap();
    (bare.timed_out(), flagged.timed_out())
}
// ANCHOR_END: lost_wakeup

fn main() {
    let patience = Duration::from_millis(cli::only_number(USAGE, "wait-ms", 100, 10..=5000));
    println!("1. A waiter waits for an item; main wakes it once with no item, then gives one.");
    let (checked, early, item) =
        must_finish(Duration::from_secs(10), "the empty wake-up", empty_wakeup);
    println!(
        "   it checked the condition {checked} times, went on early: {early}; got item {item}"
    );

    println!("\n2. The notify is sent before anyone waits; then a timed wait of {patience:?}.");
    let started = Instant::now();
    let (bare, flagged) = lost_wakeup(patience);
    println!(
        "   bare wait timed out: {bare}; wait with the flag timed out: {flagged} ({} in all)",
        seconds(started.elapsed())
    );

    Figure::new("a wake-up without the condition: went on early / lost notify: bare wait timed out / flagged wait timed out")
        .notes("no figure: Condition.wait_for(predicate) waits until the predicate holds")
        .this_run(format!("{early} / {bare} / {flagged}"))
        .ideal("false / true / false")
        .print();

    assert!(
        checked >= 2 && !early && item == 7,
        "expected the waiter to re-check after the empty wake-up and keep waiting, then get 7; \
         it checked {checked} times, went on early: {early}, got {item}"
    );
    assert_eq!(
        (bare, flagged),
        (true, false),
        "expected the bare wait to miss the early notify and the flagged one to see it"
    );
    println!(
        "\nAs expected: wait_while ignored the empty wake-up, and only the flag saved the late waiter."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_wakeup_never_lets_the_waiter_go_on() {
        for _ in 0..20 {
            let (checked, early, item) =
                must_finish(Duration::from_secs(10), "the empty wake-up", empty_wakeup);
            assert!(checked >= 2, "{checked}");
            assert!(!early);
            assert_eq!(item, 7);
        }
    }

    #[test]
    fn a_notify_before_the_wait_is_lost_without_a_flag_and_kept_with_one() {
        let patience = Duration::from_millis(30);
        let started = Instant::now();
        assert_eq!(lost_wakeup(patience), (true, false));
        // The bare wait sat out its whole patience: a timed wait never returns early on timeout.
        assert!(started.elapsed() >= patience);
    }
}
