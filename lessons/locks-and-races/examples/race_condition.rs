//! Lesson: a race condition between a check and an act, and the lock that removes it.
//!
//! Two seats are left. Mohammad and Ali each want both of them, each on their own thread. The
//! Python notes saw this "sometimes":
//!
//! ```text
//! 2 seats booked successfully for Mohammad
//! 2 seats booked successfully for Ali
//! Available seats: -2
//! ```
//!
//! Safe Rust has no data races: every access in `book_unlocked` is a whole atomic operation. The
//! bug survives anyway, because it lives between two correct operations: a customer checks that
//! seats are left, and books them a moment later, when the check may no longer be true. This
//! lesson forces that moment so the oversell shows on every run, then closes it with a `Mutex`.
//! (The lesson `race_by_luck` counts how rarely the race shows without forcing it.)
//!
//! Run: `cargo run --example race_condition`

use std::sync::Barrier;
use std::sync::atomic::AtomicI64;
use std::thread;
use std::time::Duration;

use lesson_kit::{Figure, cli, must_finish};
use locks_and_races::booking::locked_run;
use locks_and_races::booking::{CUSTOMERS, Outcome, SEATS, book_unlocked, each_on_own_thread};

const USAGE: &str = "\
Seat booking: a race condition between a check and an act, and the lock that removes it.

usage: cargo run --example race_condition

  -h, --help  show this text
";

/// How long the locked booking holds the lock between its check and its act: long enough that,
/// without the lock, the other customer would surely slip in.
const HOLD: Duration = Duration::from_millis(20);

/// Only a bug in the lesson could make a run wait this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(20);

// ANCHOR: forced_race
/// The unlocked booking, with the unlucky timing forced: a barrier between check and act lets
/// no customer book until every customer has checked, and seen enough seats. (So every customer
/// must want no more seats than there are: one refused at the check would never reach the
/// barrier, and the others would wait for him forever.)
fn forced_race(seats: i64, customers: &[(&'static str, i64)]) -> Outcome {
    let available = AtomicI64::new(seats);
    let all_checked = Barrier::new(customers.len());
    let (booked, refused) = each_on_own_thread(customers, |wanted| {
        book_unlocked(&available, wanted, || {
            all_checked.wait();
        })
    });
    Outcome {
        seats_left: available.into_inner(),
        booked,
        refused,
    }
}
// ANCHOR_END: forced_race

fn main() {
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));

    println!("{SEATS} seats are left. Mohammad and Ali each want 2, each on their own thread.\n");

    println!("1. No lock: check, then act. A barrier between the two lets both customers check");
    println!(
        "   before either books: the timing the notes met \"sometimes\", forced on every run."
    );
    let race = must_finish(LIMIT, "the forced race", || forced_race(SEATS, &CUSTOMERS));
    race.print(&CUSTOMERS);
    Figure::new("available seats after both bookings, no lock")
        .notes("-2 (sometimes)")
        .this_run(format!("{} (forced: every run)", race.seats_left))
        .ideal(0)
        .print();

    println!();
    println!("2. One Mutex guard around check and act, and the lock held {HOLD:?} between them");
    println!("   to give the other customer every chance to slip in. Nobody can.");
    let locked = must_finish(LIMIT, "the locked booking", || {
        locked_run(SEATS, &CUSTOMERS, || thread::sleep(HOLD))
    });
    locked.print(&CUSTOMERS);
    Figure::new("available seats after both bookings, with the lock")
        .this_run(locked.seats_left)
        .ideal(0)
        .print();

    assert_eq!(
        (race.seats_left, race.booked.len()),
        (-2, 2),
        "expected the forced race to book both customers and leave -2 seats, but it ended as {race:?}"
    );
    assert_eq!(
        (locked.seats_left, locked.booked.len(), locked.refused.len()),
        (0, 1, 1),
        "expected the lock to book exactly one customer and leave 0 seats, but it ended as {locked:?}"
    );

    println!();
    println!("As expected: without the lock the forced timing oversold to -2 seats; with the");
    println!("lock, one customer got both seats and the other was told there were none left.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forced_race_oversells_on_every_run() {
        for run in 0..200 {
            let outcome = must_finish(LIMIT, "a forced race", || forced_race(2, &CUSTOMERS));
            assert_eq!(
                (outcome.seats_left, outcome.booked.len()),
                (-2, 2),
                "run {run}: expected both customers booked and -2 seats, got {outcome:?}"
            );
        }
    }

    #[test]
    fn with_eight_customers_every_one_checks_before_anyone_books() {
        let names = [
            "Mohammad", "Ali", "Sara", "Reza", "Maryam", "Hossein", "Zahra", "Amir",
        ];
        let eight = names.map(|name| (name, 2));
        for run in 0..50 {
            let outcome = must_finish(LIMIT, "a forced race", move || forced_race(2, &eight));
            assert_eq!(
                outcome.seats_left, -14,
                "run {run}: expected all eight to book 2 of the 2 seats, got {outcome:?}"
            );
        }
    }
}
