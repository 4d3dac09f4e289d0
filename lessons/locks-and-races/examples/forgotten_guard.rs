//! Lesson: a lock that is never released blocks everyone else.
//!
//! The Python notes warn that forgetting `release()` makes the program "deadlock". What happens
//! is narrower, and worth naming precisely: nobody waits for anybody in a circle (that is a
//! deadlock, see `deadlock.rs`); one lock simply stays taken, and every thread that asks for it
//! waits for a release that will never come.
//!
//! A Rust guard cannot be forgotten by accident: the lesson has to ask for it with
//! `std::mem::forget`. Its customers wait with `parking_lot`'s timed `try_lock_for`
//! (`locks_and_races::waiting`), so nothing here ever hangs. (The everyday way to the same effect,
//! a guard kept alive across a wait, is the lesson `guard_across_wait`.)
//!
//! Run: `cargo run --example forgotten_guard` (add `-- --wait-ms 500` to wait longer).

use std::sync::Arc;
use std::time::Duration;

use lesson_kit::Figure;
use lesson_kit::cli;
use locks_and_races::waiting::customer;
use parking_lot::Mutex;

const USAGE: &str = "\
A lock that is never released blocks everyone else (shown with a timed wait, so it never hangs).

usage: cargo run --example forgotten_guard -- [--wait-ms N]

  --wait-ms N  how long each customer waits for the lock (default 200, from 1 to 10000)
  -h, --help   show this text
";

/// Only a bug in the lesson could make a wait this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(10);

fn main() {
    let patience = Duration::from_millis(cli::only_number(USAGE, "wait-ms", 200, 1..=10_000));

    println!("Mohammad (the main thread) takes the lock and never releases it: his guard is");
    println!("forgotten.");
    // ANCHOR: forget
    let seats = Arc::new(Mutex::new(2));
    let guard = seats.lock();
    // No drop, so no unlock: the Rust spelling of a `release()` that was forgotten.
    std::mem::forget(guard);
    // ANCHOR_END: forget

    let (ali_booked, ali_waited) = customer("Ali", &seats, patience);
    println!("   Ali waited {ali_waited:.0?} for the lock, then gave up (booked: {ali_booked})");
    // Not even the thread that forgot the guard can take the lock again.
    let owner_can_relock = seats.try_lock().is_some();
    println!(
        "   Mohammad's own thread cannot take it again either: {}",
        !owner_can_relock
    );
    println!("   Nothing waits in a circle: one lock is simply never released. Without the");
    println!("   timeout, Ali would wait until the process ends.");

    // ANCHOR: force_unlock
    // SAFETY: the guard above was forgotten on purpose, and no other guard of this lock exists;
    // unlocking behind a live guard's back would let two threads in at once.
    unsafe { seats.force_unlock() };
    // ANCHOR_END: force_unlock
    let (sara_booked, _) = customer("Sara", &seats, LIMIT);
    println!("   after force_unlock(), Sara booked at once: {sara_booked}");

    Figure::new("how long a customer waits for a lock nobody releases")
        .notes("forever (\"the program deadlocks\")")
        .this_run(format!(
            "no release ever came; Ali gave up after {ali_waited:.0?}"
        ))
        .ideal("no longer than the holder's booking takes")
        .print();

    assert!(
        !ali_booked && ali_waited >= patience,
        "expected Ali to wait the full {patience:?} and get nothing, but he booked: {ali_booked} \
         after {ali_waited:?}"
    );
    assert!(
        !owner_can_relock,
        "expected the forgotten lock to stay taken even for its owner, but try_lock succeeded"
    );
    assert!(
        sara_booked,
        "expected Sara to book once the lock was force-unlocked"
    );
    println!("\nAs expected: while a lock is never released, every timed wait for it runs out.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use locks_and_races::waiting::try_to_book;
    use std::thread;

    fn forgotten_lock() -> Arc<Mutex<i64>> {
        let seats = Arc::new(Mutex::new(2));
        std::mem::forget(seats.lock());
        seats
    }

    #[test]
    fn every_customer_times_out_on_a_forgotten_lock() {
        let patience = Duration::from_millis(30);
        for _ in 0..5 {
            let seats = forgotten_lock();
            let customers: Vec<_> = (0..6)
                .map(|_| {
                    let seats = Arc::clone(&seats);
                    thread::spawn(move || try_to_book(&seats, patience))
                })
                .collect();
            for customer in customers {
                let (booked, waited) = customer.join().unwrap();
                assert!(!booked, "nobody should get a lock that is never released");
                assert!(
                    waited >= patience,
                    "gave up after {waited:?}, before {patience:?}"
                );
            }
            // SAFETY: the only guard was forgotten inside `forgotten_lock`.
            unsafe { seats.force_unlock() };
            assert_eq!(*seats.lock(), 2, "nobody should have touched the seats");
        }
    }

    #[test]
    fn the_owner_cannot_take_its_forgotten_lock_again() {
        let seats = forgotten_lock();
        assert!(seats.try_lock().is_none());
        assert!(seats.try_lock_for(Duration::from_millis(5)).is_none());
        assert!(seats.is_locked());
    }

    #[test]
    fn after_force_unlock_everyone_gets_the_lock_in_turn() {
        let seats = forgotten_lock();
        // SAFETY: the only guard was forgotten inside `forgotten_lock`.
        unsafe { seats.force_unlock() };
        let customers: Vec<_> = (0..6)
            .map(|_| {
                let seats = Arc::clone(&seats);
                thread::spawn(move || try_to_book(&seats, LIMIT).0)
            })
            .collect();
        for customer in customers {
            assert!(customer.join().unwrap());
        }
        assert_eq!(*seats.lock(), 2 - 6 * 2);
    }
}
