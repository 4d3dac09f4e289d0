//! Lesson (a myth): "an RLock prevents the deadlock of two threads". It does not.
//!
//! The notes recommend `RLock` against deadlocks. Reentrance lets a thread take again a lock it
//! already holds; a deadlock of two threads is each waiting for a lock the *other* holds, and
//! there a reentrant lock waits like any other. Mohammad takes `seats` then `payments`, Ali takes
//! `payments` then `seats`, both `ReentrantMutex`es; a barrier makes sure each holds his first
//! before asking for the second. They ask with `try_lock_for`, so the lesson ends instead of
//! hanging: both give up, and each keeps his first lock until both have given up, so neither can
//! slip in at the last moment. Then the fix that works for every lock: one order for everyone.
//!
//! Run: `cargo run --example reentrant_deadlock` (or `-- --svg PATH`).

use std::path::PathBuf;
use std::sync::Barrier;
use std::thread;
use std::time::Duration;

use lesson_kit::{Chart, Figure, Timeline, cli, run_with_timeout};
use parking_lot::ReentrantMutex;

const USAGE: &str = "\
Two threads that take two reentrant locks in opposite orders deadlock; one order fixes it.

usage: cargo run --example reentrant_deadlock -- [--svg PATH]

  --svg PATH  also draw the timeline as an SVG file
  -h, --help  show this text
";

/// How long each customer waits for his second lock: a hundred times what it takes when free.
const PATIENCE: Duration = Duration::from_millis(100);

/// The two locks of the theatre, both reentrant.
struct Locks {
    seats: ReentrantMutex<()>,
    payments: ReentrantMutex<()>,
}

// ANCHOR: opposite_orders
/// Takes `first` (twice: the owner may), waits until the other customer holds his first lock,
/// then asks for `second` with a time limit. Keeps `first` until both have had their answer.
fn first_then_second(
    first: &ReentrantMutex<()>,
    second: &ReentrantMutex<()>,
    both_hold_one: &Barrier,
    both_answered: &Barrier,
    timeline: &Timeline,
) -> bool {
    let _first = first.lock();
    let _again = first.lock(); // re-entering our own lock works...
    both_hold_one.wait();
    // ...and does nothing for the lock the other customer holds.
    let second = timeline.record("waits for its second lock", || {
        second.try_lock_for(PATIENCE)
    });
    both_answered.wait();
    second.is_some()
}
// ANCHOR_END: opposite_orders

/// Mohammad and Ali, in opposite orders (or, `in_order`, both seats first): who got both locks.
fn two_customers(in_order: bool, timeline: &Timeline) -> [bool; 2] {
    let locks = Locks {
        seats: ReentrantMutex::new(()),
        payments: ReentrantMutex::new(()),
    };
    let (both_hold_one, both_answered) = (Barrier::new(2), Barrier::new(2));
    thread::scope(|scope| {
        let orders = [
            ("Mohammad", &locks.seats, &locks.payments),
            (
                "Ali",
                if in_order {
                    &locks.seats
                } else {
                    &locks.payments
                },
                if in_order {
                    &locks.payments
                } else {
                    &locks.seats
                },
            ),
        ];
        let customers = orders.map(|(name, first, second)| {
            let (hold, answered) = (&both_hold_one, &both_answered);
            thread::Builder::new()
                .name(name.into())
                .spawn_scoped(scope, move || {
                    if in_order {
                        ordered(first, second, timeline)
                    } else {
                        first_then_second(first, second, hold, answered, timeline)
                    }
                })
                .unwrap()
        });
        customers.map(|customer| customer.join().expect("a customer panicked"))
    })
}

// ANCHOR: one_order
/// The fix: both take `seats` before `payments`. Whoever holds `seats` waits only for
/// `payments`, whose holder waits for nothing: no cycle. Plain `lock()`s, with no time limit.
fn ordered(seats: &ReentrantMutex<()>, payments: &ReentrantMutex<()>, timeline: &Timeline) -> bool {
    let _seats = timeline.record("waits for seats", || seats.lock());
    let _payments = payments.lock();
    thread::sleep(Duration::from_millis(2)); // the other customer arrives and waits
    true
}
// ANCHOR_END: one_order

fn main() {
    let svg: Option<PathBuf> = {
        let mut svg = None;
        cli::parse_env(USAGE, |arg, parser| {
            match arg {
                cli::Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
                other => return Err(other.unexpected()),
            }
            Ok(())
        });
        svg
    };
    println!("1. Opposite orders, reentrant locks: Mohammad seats then payments, Ali payments");
    println!(
        "   then seats; each re-enters his first lock, then asks for the second for {PATIENCE:?}."
    );
    let crossed = Timeline::new();
    let [mohammad, ali] = two_customers(false, &crossed);
    println!("   Mohammad got both: {mohammad}; Ali got both: {ali}. Each waited for the other.\n");

    println!("2. One order: both take seats, then payments (plain lock(), under a watchdog):");
    let ordered = Timeline::new();
    let fixed = run_with_timeout(Duration::from_secs(20), move || {
        let outcome = two_customers(true, &ordered);
        (outcome, ordered.finish("one order"))
    });
    let (fixed, ordered_run) = fixed.expect("one lock order cannot deadlock");
    println!(
        "   Mohammad got both: {}; Ali got both: {}.",
        fixed[0], fixed[1]
    );
    Chart::new("two customers, two reentrant locks: opposite orders, then one order")
        .run(crossed.finish("opposite orders"))
        .run(ordered_run)
        .show("reentrant_deadlock", svg.as_deref());

    Figure::new("customers who got both reentrant locks")
        .notes("RLock prevents the deadlock: both")
        .this_run(format!(
            "opposite orders: {} of 2 (each gave up after {PATIENCE:?}); one order: {} of 2",
            usize::from(mohammad) + usize::from(ali),
            fixed.iter().filter(|&&got| got).count()
        ))
        .ideal("opposite orders: 0 of 2, for any kind of lock; one order: 2 of 2")
        .print();

    assert_eq!(
        ([mohammad, ali], fixed),
        ([false, false], [true, true]),
        "expected opposite orders to deadlock even with reentrant locks, and one order to fix it"
    );
    println!("\nAs expected: reentrant locks deadlock in a cycle too; one lock order prevents it.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opposite_orders_deadlock_with_reentrant_locks_every_time() {
        for round in 0..10 {
            assert_eq!(
                two_customers(false, &Timeline::new()),
                [false, false],
                "round {round}"
            );
        }
    }

    #[test]
    fn one_order_never_deadlocks() {
        let outcome = run_with_timeout(Duration::from_secs(20), || {
            (0..50)
                .map(|_| two_customers(true, &Timeline::new()))
                .collect::<Vec<_>>()
        });
        assert_eq!(outcome, Ok(vec![[true, true]; 50]));
    }
}
