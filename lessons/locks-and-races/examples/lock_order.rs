//! Lesson: one agreed lock order, and the deadlock can no longer happen.
//!
//! In the lesson `deadlock`, Mohammad takes `seats` then `payments` while Ali takes `payments`
//! then `seats`; each ends up holding the lock the other wants, and both wait forever. The fix is
//! a rule: every booking takes `seats` before `payments`, whichever it needs first. A thread that
//! holds `seats` can then only wait for `payments`, whose holder waits for nothing: no cycle can
//! form. Here both customers follow the rule, released together round after round, each lingering
//! on `seats` so that the other has to wait, and every booking finishes.
//!
//! Run: `cargo run --example lock_order` (add `-- --rounds 1000` for more rounds).

use std::sync::Barrier;
use std::thread;
use std::time::Duration;

use lesson_kit::cli;
use lesson_kit::{Figure, run_with_timeout};
use locks_and_races::named::{Named, named};

const USAGE: &str = "\
With one lock order (seats, then payments) the bookings of the deadlock lesson always finish.

usage: cargo run --example lock_order -- [--rounds N]

  --rounds N  how many times both customers are released together (default 200, from 1 to 100000)
  -h, --help  show this text
";

/// How long the bookings are given to finish: far more than they need, so that reaching it
/// means they are stuck.
const LIMIT: Duration = Duration::from_secs(20);

// ANCHOR: lock_order
/// The fix: every booking takes the locks in the same order, `seats` before `payments`, whatever
/// it needs first. A thread holding `seats` can then only wait for `payments`, whose holder
/// waits for nothing: no cycle can form.
fn take_in_order(seats: &Named, payments: &Named, hold: Duration) {
    let mut seats_held = seats.lock.lock();
    // Linger, so the other customer arrives and waits: the timing that deadlocked before.
    thread::sleep(hold);
    let mut payments_held = payments.lock.lock();
    *seats_held += 1;
    *payments_held += 1;
}
// ANCHOR_END: lock_order

/// Runs `customers` bookings in lock order, all released at once, `rounds` times; returns how
/// many bookings finished.
fn lock_order_rounds(customers: usize, rounds: usize, hold: Duration) -> i64 {
    let (seats, payments) = (named("seats"), named("payments"));
    let start = Barrier::new(customers);
    for _ in 0..rounds {
        thread::scope(|scope| {
            for _ in 0..customers {
                scope.spawn(|| {
                    // No barrier between the two locks this time: only one customer can hold
                    // `seats`, so "each holds one lock" can no longer happen, which is the fix.
                    start.wait();
                    take_in_order(&seats, &payments, hold);
                });
            }
        });
    }
    let (seats, payments) = (*seats.lock.lock(), *payments.lock.lock());
    assert_eq!(
        seats, payments,
        "every booking should have taken both locks"
    );
    seats
}

fn main() {
    let rounds: usize = cli::only_number(USAGE, "rounds", 200, 1..=100_000);

    println!("One lock order: both customers take `seats`, then `payments`. Released");
    println!("together, {rounds} times, each lingering on `seats` so the other has to wait.");
    let hold = Duration::from_micros(200);
    let limit = LIMIT + hold * 4 * rounds as u32;
    let finished = run_with_timeout(limit, move || lock_order_rounds(2, rounds, hold));
    match &finished {
        Ok(bookings) => println!(
            "   {bookings} of {} bookings finished; joined within the timeout.",
            2 * rounds
        ),
        Err(failure) => println!("   the bookings did not finish: {failure}"),
    }

    Figure::new("bookings that finished")
        .notes("none: the threads wait for each other forever")
        .this_run(format!(
            "one order: {} of {}",
            finished.as_ref().map_or(0, |bookings| *bookings),
            2 * rounds
        ))
        .ideal(format!("all {}, with one lock order", 2 * rounds))
        .print();

    assert_eq!(
        finished,
        Ok(2 * rounds as i64),
        "expected every booking to finish when both take the locks in the same order"
    );
    println!("\nAs expected: with one lock order, every booking finished; none deadlocked.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lock_order_never_deadlocks_for_two_customers() {
        let finished = run_with_timeout(LIMIT, || lock_order_rounds(2, 1000, Duration::ZERO));
        assert_eq!(finished, Ok(2000));
    }

    #[test]
    fn one_lock_order_never_deadlocks_for_a_crowd_that_lingers() {
        let finished = run_with_timeout(LIMIT, || {
            lock_order_rounds(6, 30, Duration::from_micros(100))
        });
        assert_eq!(finished, Ok(180));
    }
}
