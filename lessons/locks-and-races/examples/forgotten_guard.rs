//! Lesson: a lock that is never released blocks everyone else.
//!
//! The Python notes warn that forgetting `release()` makes the program "deadlock". What happens
//! is narrower, and worth naming precisely: nobody waits for anybody in a circle (that is a
//! deadlock, see `deadlock.rs`); one lock simply stays taken, and every thread that asks for it
//! waits for a release that will never come.
//!
//! A Rust guard cannot be forgotten by accident: the lesson has to ask for it with
//! `std::mem::forget`. The everyday way to get the same effect is a guard kept alive across a
//! wait. Both are shown with `parking_lot`'s timed `try_lock_for`, so nothing here ever hangs.
//!
//! Run: `cargo run --example forgotten_guard` (add `-- --wait-ms 500` to wait longer).

use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};
use parking_lot::Mutex;

const USAGE: &str = "\
A lock that is never released blocks everyone else (shown with a timed wait, so it never hangs).

usage: cargo run --example forgotten_guard -- [--wait-ms N]

  --wait-ms N  how long each customer waits for the lock (default 200, from 1 to 10000)
  -h, --help   show this text
";

/// Only a bug in the lesson could make a wait this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(10);

// ANCHOR: timed_wait
/// A customer who waits at most `patience` for the lock. `try_lock_for` returns `None` when the
/// time is up, so this returns however long the lock stays taken.
fn try_to_book(seats: &Mutex<i64>, patience: Duration) -> (bool, Duration) {
    let started = Instant::now();
    let booked = match seats.try_lock_for(patience) {
        Some(mut seats) => {
            *seats -= 2;
            true
        }
        None => false,
    };
    (booked, started.elapsed())
}
// ANCHOR_END: timed_wait

/// Runs [`try_to_book`] on a thread of its own named after the customer.
fn customer(name: &str, seats: &Arc<Mutex<i64>>, patience: Duration) -> (bool, Duration) {
    let seats = Arc::clone(seats);
    thread::Builder::new()
        .name(name.into())
        .spawn(move || try_to_book(&seats, patience))
        .unwrap()
        // try_lock_for gives up after `patience`, so this join cannot wait forever.
        .join()
        .unwrap()
}

fn main() {
    let mut patience = Duration::from_millis(200);
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("wait-ms") => {
                patience = Duration::from_millis(cli::number(parser, "--wait-ms", 1..=10_000)?)
            }
            other => return Err(other.unexpected()),
        }
        Ok(())
    });

    println!("1. Mohammad (the main thread) takes the lock and never releases it:");
    println!("   his guard is forgotten.");
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

    println!("\n2. The everyday version: Reza keeps his guard alive while he waits for a reply.");
    let seats = Arc::new(Mutex::new(2));
    let (reply, reply_arrives) = mpsc::channel::<()>();
    let holding = Arc::new(Barrier::new(2));
    // ANCHOR: held_across_wait
    let reza = thread::spawn({
        let (seats, holding) = (Arc::clone(&seats), Arc::clone(&holding));
        move || {
            let mut seats = seats.lock();
            holding.wait();
            // The guard lives to the end of this closure, so the lock stays taken for as long
            // as the reply takes: here, until main hangs up the channel.
            let _ = reply_arrives.recv_timeout(LIMIT);
            *seats -= 2;
        }
    });
    // ANCHOR_END: held_across_wait
    holding.wait();
    let (maryam_booked, maryam_waited) = customer("Maryam", &seats, patience);
    println!("   Maryam waited {maryam_waited:.0?}, then gave up (booked: {maryam_booked})");
    drop(reply);
    reza.join().unwrap();
    let (zahra_booked, _) = customer("Zahra", &seats, LIMIT);
    println!(
        "   main hung up, Reza's wait ended, his guard was dropped: Zahra booked: {zahra_booked}"
    );

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
    assert!(
        !maryam_booked && maryam_waited >= patience,
        "expected Maryam to time out while Reza held the guard, but she booked: {maryam_booked} \
         after {maryam_waited:?}"
    );
    assert!(
        zahra_booked,
        "expected Zahra to book once Reza's guard was dropped"
    );
    println!("\nAs expected: while a lock is never released, every timed wait for it runs out.");
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_guard_held_across_a_wait_blocks_until_it_is_dropped() {
        for _ in 0..20 {
            let seats = Arc::new(Mutex::new(2));
            let (release, released) = mpsc::channel::<()>();
            let holding = Arc::new(Barrier::new(2));
            let holder = thread::spawn({
                let (seats, holding) = (Arc::clone(&seats), Arc::clone(&holding));
                move || {
                    let _guard = seats.lock();
                    holding.wait();
                    let _ = released.recv_timeout(LIMIT);
                }
            });
            holding.wait();
            let (booked, _) = customer("blocked", &seats, Duration::from_millis(10));
            assert!(
                !booked,
                "the lock should stay taken while its guard is alive"
            );
            drop(release);
            holder.join().unwrap();
            assert!(customer("after", &seats, LIMIT).0);
        }
    }
}
