//! Lesson: a panic releases the lock it held, and poisons it.
//!
//! The Python notes put `release()` in a `finally` block so that an exception cannot leave the
//! lock taken. A Rust guard is dropped while a panic unwinds its thread, so the lock is released
//! anyway. But the panic may have left the data half-updated, so `std::sync::Mutex` remembers it:
//! the next `lock()` returns `Err(PoisonError)`, and that thread decides whether it can trust the
//! data. Once the data is repaired, `clear_poison()` makes `lock()` return `Ok` again.
//!
//! Run: `cargo run --example poisoned_lock`

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use lesson_kit::{Figure, cli, must_finish};
use locks_and_races::show::Show;

const USAGE: &str = "\
A panic releases the lock its thread held, and poisons it until clear_poison().

usage: cargo run --example poisoned_lock

  -h, --help  show this text
";

/// Only a bug in the lesson could make a wait this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(10);

// ANCHOR: booking_that_panics
/// Takes the seats, then fails before recording who bought them: the guard is dropped while
/// the panic unwinds, so the lock is released, but the show is left half-updated.
fn book_then_fail(show: &Mutex<Show>, customer: &'static str) {
    let mut show = show.lock().unwrap();
    show.seats_left -= 2;
    charge_card(customer).expect("the booking failed half-way");
    show.sold_to.push(customer);
}

/// A payment service having a bad day.
fn charge_card(customer: &str) -> Result<(), String> {
    Err(format!("the card of {customer} was declined"))
}
// ANCHOR_END: booking_that_panics

fn main() {
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));

    println!("A thread panics while holding the guard. (The panic message below is expected.)");
    // ANCHOR: panic_releases
    let show = Arc::new(Mutex::new(Show::new(2)));
    let booking = thread::Builder::new()
        .name("Ali".into())
        .spawn({
            let show = Arc::clone(&show);
            move || book_then_fail(&show, "Ali")
        })
        .unwrap();
    assert!(booking.join().is_err(), "expected Ali's booking to panic");

    // Another thread can take the lock: the panic released it. A timeout guards the claim.
    let later = Arc::clone(&show);
    let (poisoned, seen) = must_finish(LIMIT, "taking the lock after the panic", move || {
        match later.lock() {
            Ok(guard) => (false, guard.clone()),
            // The lock WAS acquired; the error carries the guard, for whoever accepts the risk.
            Err(poison) => (true, poison.into_inner().clone()),
        }
    });
    // ANCHOR_END: panic_releases
    println!("   another thread took the lock: lock() returned Err(PoisonError): {poisoned}");
    println!(
        "   into_inner() handed over the data anyway: {} seats left, sold to {:?}",
        seen.seats_left, seen.sold_to
    );
    println!(
        "   2 seats are gone and nobody bought them: the half-done update poisoning warns of."
    );
    // (Python's Lock and parking_lot's Mutex do not poison; the next thread just gets the
    // half-done data.)

    // ANCHOR: clear_poison
    // Having put the data right, the owner says so; from then on lock() returns Ok again.
    let mut repaired = show.lock().unwrap_or_else(|poison| poison.into_inner());
    repaired.seats_left = 2;
    drop(repaired);
    show.clear_poison();
    // ANCHOR_END: clear_poison
    let healthy = show.lock().is_ok();
    println!("   after repairing the data and clear_poison(), lock() returns Ok: {healthy}");

    Figure::new("lock free for other threads after its holder panicked")
        .notes("yes: `with` and `finally` release on an exception")
        .this_run(if poisoned {
            "yes, and lock() said Err(PoisonError)"
        } else {
            "yes"
        })
        .ideal("yes")
        .print();

    assert!(
        poisoned,
        "expected lock() after a panic to return Err(PoisonError), but it returned Ok"
    );
    let half_done = Show {
        seats_left: 0,
        sold_to: vec![],
    };
    assert_eq!(
        seen, half_done,
        "expected the half-done booking (0 seats left, sold to nobody), but saw {seen:?}"
    );
    assert!(
        healthy,
        "expected lock() to return Ok after clear_poison(), but it did not"
    );
    println!(
        "\nAs expected: the panic released the lock, and poisoning warned of the half-done data."
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use lesson_kit::{Failure, run_with_timeout};

    #[test]
    fn the_half_done_booking_is_visible_through_the_poison() {
        for _ in 0..50 {
            let show = Arc::new(Mutex::new(Show::new(2)));
            let failing = Arc::clone(&show);
            let outcome = run_with_timeout(LIMIT, move || book_then_fail(&failing, "Ali"));
            assert!(matches!(outcome, Err(Failure::Panicked(_))));
            assert!(show.is_poisoned());
            let seen = show.lock().unwrap_err().into_inner().clone();
            assert_eq!(
                seen,
                Show {
                    seats_left: 0,
                    sold_to: vec![]
                }
            );
            show.clear_poison();
            assert!(show.lock().is_ok());
        }
    }
}
