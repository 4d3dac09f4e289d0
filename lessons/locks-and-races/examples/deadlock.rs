//! Lesson: a real deadlock is a cycle, and a lock order breaks it.
//!
//! Mohammad's booking takes the `seats` lock, then the `payments` lock. Ali's takes `payments`,
//! then `seats`. If each gets his first lock before asking for the second, each waits for a lock
//! the other holds, and neither will ever let go: a cycle, and a deadlock. A `Barrier` makes
//! that timing certain, so it happens on every run.
//!
//! The program must not hang, so it never waits for the stuck threads: `parking_lot`'s deadlock
//! detector finds the cycle, the lesson prints it, and the two threads stay blocked until the
//! process exits. Then the same bookings take the locks in one agreed order, and always finish.
//!
//! Run: `cargo run --example deadlock`

use std::collections::HashSet;
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use lesson_kit::cli;
use lesson_kit::{Figure, run_with_timeout};
use parking_lot::{Mutex, deadlock};

const USAGE: &str = "\
A deadlock needs a cycle (A then B against B then A); it is detected here, then fixed by a lock order.

usage: cargo run --example deadlock

  -h, --help  show this text
";

/// How long the detector is given to find the cycle, and the fixed bookings to finish: far more
/// than either needs, so that reaching it means something is wrong.
const LIMIT: Duration = Duration::from_secs(20);

/// How many times the fixed bookings run, to show that no timing makes them deadlock.
const ROUNDS: usize = 200;

/// A lock with a name, so that the cycle can be told in words.
struct Named {
    name: &'static str,
    lock: Mutex<i64>,
}

fn named(name: &'static str) -> Arc<Named> {
    Arc::new(Named {
        name,
        lock: Mutex::new(0),
    })
}

/// What a thread says just before it asks for its second lock.
#[derive(Debug, Clone)]
struct Claim {
    thread: ThreadId,
    customer: String,
    holds: &'static str,
    wants: &'static str,
}

// ANCHOR: opposite_orders
/// Takes `first`, waits until the other customer holds a lock too, then asks for `second`.
fn take_first_then_second(
    first: &Named,
    second: &Named,
    both_hold_one: &Barrier,
    report: &mpsc::Sender<Claim>,
) {
    let mut first_held = first.lock.lock();
    both_hold_one.wait();
    // Say who holds what, while it is still possible to say anything.
    let _ = report.send(Claim {
        thread: thread::current().id(),
        customer: thread::current().name().unwrap_or("?").to_owned(),
        holds: first.name,
        wants: second.name,
    });
    // The other customer holds `second` and is asking for `first`: this never returns.
    let mut second_held = second.lock.lock();
    *first_held += 1;
    *second_held += 1;
}
// ANCHOR_END: opposite_orders

/// Starts Mohammad (seats, then payments) and Ali (payments, then seats) on threads that are
/// never joined, and returns their thread ids and what each said before blocking.
fn start_opposite_orders() -> (HashSet<ThreadId>, Vec<Claim>) {
    let (seats, payments) = (named("seats"), named("payments"));
    let both_hold_one = Arc::new(Barrier::new(2));
    let (report, claims) = mpsc::channel();
    let mut threads = HashSet::new();
    // ANCHOR: never_joined
    for (customer, first, second) in [
        ("Mohammad", Arc::clone(&seats), Arc::clone(&payments)),
        ("Ali", Arc::clone(&payments), Arc::clone(&seats)),
    ] {
        let (both_hold_one, report) = (Arc::clone(&both_hold_one), report.clone());
        let stuck = thread::Builder::new()
            .name(customer.into())
            .spawn(move || take_first_then_second(&first, &second, &both_hold_one, &report))
            .unwrap();
        // Never joined: a deadlocked thread never finishes, and joining it would hang.
        threads.insert(stuck.thread().id());
    }
    // ANCHOR_END: never_joined
    let mut claims: Vec<Claim> = (0..2)
        .filter_map(|_| claims.recv_timeout(LIMIT).ok())
        .collect();
    // They arrive in either order; tell the story in the same order every run.
    claims.sort_by_key(|claim| claim.customer != "Mohammad");
    (threads, claims)
}

// ANCHOR: detect
/// Asks parking_lot's detector for deadlock cycles until one shows up or `limit` passes; each
/// cycle is the list of threads in it.
fn find_deadlock(limit: Duration) -> Vec<Vec<ThreadId>> {
    let deadline = Instant::now() + limit;
    loop {
        let cycles = deadlock::check_deadlock();
        if !cycles.is_empty() || Instant::now() >= deadline {
            return cycles
                .iter()
                .map(|cycle| cycle.iter().map(|thread| thread.thread_id()).collect())
                .collect();
        }
        // The threads may not be parked yet: look again shortly.
        thread::sleep(Duration::from_millis(10));
    }
}
// ANCHOR_END: detect

// ANCHOR: lock_order
/// The fix: every booking takes the locks in the same order, `seats` before `payments`, whatever
/// it needs first. A thread holding `seats` can then only wait for `payments`, whose holder
/// waits for nothing: no cycle can form.
fn take_in_order(seats: &Named, payments: &Named, hold: Duration) {
    let mut seats_held = seats.lock.lock();
    // Linger, so the other customer arrives and waits: the timing that deadlocked above.
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
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));

    println!("1. Opposite orders: Mohammad takes `seats` then `payments`, Ali takes `payments`");
    println!("   then `seats`. A barrier makes sure each holds his first lock before asking for");
    println!("   the second.");
    let started = Instant::now();
    let (threads, claims) = start_opposite_orders();
    for claim in &claims {
        println!(
            "   {} holds `{}` and asks for `{}`",
            claim.customer, claim.holds, claim.wants
        );
    }
    let cycles = find_deadlock(LIMIT);
    let found_after = started.elapsed();
    for cycle in &cycles {
        println!(
            "   The deadlock detector found a cycle of {} threads after {found_after:.0?}:",
            cycle.len()
        );
        for id in cycle {
            match claims.iter().find(|claim| claim.thread == *id) {
                Some(claim) => println!(
                    "     {id:?} = {}: holds `{}`, waits for `{}`, which the other one holds",
                    claim.customer, claim.holds, claim.wants
                ),
                None => println!("     {id:?}: a thread this lesson did not start"),
            }
        }
    }
    println!("   Neither thread will ever finish; they stay blocked until this program exits.");

    println!("\n2. One lock order: both customers take `seats`, then `payments`. Released");
    println!("   together, {ROUNDS} times, each lingering on `seats` so the other has to wait.");
    let hold = Duration::from_micros(200);
    let finished = run_with_timeout(LIMIT, move || lock_order_rounds(2, ROUNDS, hold));
    match &finished {
        Ok(bookings) => println!(
            "   {bookings} of {} bookings finished; joined within the timeout.",
            2 * ROUNDS
        ),
        Err(failure) => println!("   the bookings did not finish: {failure}"),
    }

    Figure::new("bookings that finished")
        .notes("none: the threads wait for each other forever")
        .this_run(format!(
            "opposite orders: 0 of 2 (cycle found in {found_after:.0?}); one order: {} of {}",
            finished.as_ref().map_or(0, |bookings| *bookings),
            2 * ROUNDS
        ))
        .ideal(format!("all {}, with one lock order", 2 * ROUNDS))
        .print();

    let found: Vec<HashSet<ThreadId>> =
        cycles.iter().map(|c| c.iter().copied().collect()).collect();
    assert_eq!(
        found,
        [threads],
        "expected the detector to find exactly one cycle, made of Mohammad's and Ali's threads, \
         but it found {cycles:?}"
    );
    assert_eq!(
        finished,
        Ok(2 * ROUNDS as i64),
        "expected every booking to finish when both take the locks in the same order"
    );
    println!("\nAs expected: opposite lock orders deadlocked, and one lock order never does.");
}

#[cfg(test)]
mod tests {
    // The detector's state is global to the process: only the first test here creates
    // deadlocks, one at a time, so a cycle can never be reported to the wrong test.
    use super::*;

    #[test]
    fn opposite_orders_deadlock_every_time_and_the_detector_names_both_threads() {
        for round in 0..5 {
            let (threads, claims) = start_opposite_orders();
            assert_eq!(
                claims.len(),
                2,
                "round {round}: both should hold a lock and ask for the other"
            );
            let cycles = find_deadlock(LIMIT);
            let found: Vec<HashSet<ThreadId>> =
                cycles.iter().map(|c| c.iter().copied().collect()).collect();
            assert_eq!(
                found,
                [threads],
                "round {round}: expected one cycle of our two threads"
            );
            for claim in &claims {
                let other = claims.iter().find(|c| c.thread != claim.thread).unwrap();
                assert_eq!(
                    (claim.holds, claim.wants),
                    (other.wants, other.holds),
                    "a cycle"
                );
            }
        }
    }

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
