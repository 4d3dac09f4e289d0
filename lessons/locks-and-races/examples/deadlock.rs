//! Lesson: a real deadlock is a cycle of threads, each waiting for a lock another one holds.
//!
//! Mohammad takes the `seats` lock, then `payments`; Ali takes `payments`, then `seats`. A
//! `Barrier` makes sure each holds his first lock before he asks for the second, so on every run
//! each waits for a lock the other holds, forever. The program must not hang, so it never waits
//! for the stuck threads: `parking_lot`'s deadlock detector finds the cycle, and the threads stay
//! blocked until the process exits. (The fix, one agreed lock order, is the lesson `lock_order`.)
//!
//! Run: `cargo run --example deadlock`

use std::collections::HashSet;
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use lesson_kit::{Figure, cli};
use locks_and_races::named::{Claim, Named, describe_cycle, named};
use parking_lot::deadlock;

const USAGE: &str = "\
A deadlock needs a cycle (A then B against B then A); parking_lot's detector finds it here.

usage: cargo run --example deadlock

  -h, --help  show this text
";

/// How long the detector is given to find the cycle: far more than it needs, so that reaching it
/// means something is wrong.
const LIMIT: Duration = Duration::from_secs(20);

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
/// cycle is the set of threads in it.
fn find_deadlock(limit: Duration) -> Vec<HashSet<ThreadId>> {
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
        for line in describe_cycle(cycle, &claims) {
            println!("     {line}");
        }
    }
    println!("   Neither thread will ever finish; they stay blocked until this program exits.");

    Figure::new("bookings that finished")
        .notes("none: the threads wait for each other forever")
        .this_run(format!(
            "opposite orders: 0 of 2 (cycle found in {found_after:.0?})"
        ))
        .ideal("all of them, with one lock order (the lesson `lock_order`)")
        .print();

    assert_eq!(
        cycles,
        [threads],
        "expected the detector to find exactly one cycle, made of Mohammad's and Ali's threads, \
         but it found {cycles:?}"
    );
    println!("\nAs expected: opposite lock orders deadlocked, and the detector found the cycle.");
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
            assert_eq!(
                find_deadlock(LIMIT),
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
}
