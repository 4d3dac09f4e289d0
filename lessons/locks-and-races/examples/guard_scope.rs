//! Lesson: a `MutexGuard` is Python's `with lock:` block.
//!
//! The Python notes release a `Lock` by hand in `try`/`finally`, or let `with lock:` release it.
//! In Rust there is no `release()` to forget: `lock()` hands back a guard, and the lock is
//! released when the guard goes away, at the end of its scope, at an explicit `drop(guard)`,
//! or while a panic unwinds the thread that holds it.
//!
//! Run: `cargo run --example guard_scope`

use std::sync::{Arc, Mutex, TryLockError};
use std::thread;
use std::time::Duration;

use lesson_kit::cli;
use lesson_kit::{Figure, run_with_timeout};

const USAGE: &str = "\
A MutexGuard releases its lock at the end of its scope, at drop(), and when its thread panics.

usage: cargo run --example guard_scope

  -h, --help  show this text
";

/// Only a bug in the lesson could make a wait this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(10);

/// A show's bookings: the number of seats left must always match the seats sold.
#[derive(Debug, Clone, PartialEq)]
struct Show {
    seats_left: i64,
    sold_to: Vec<&'static str>,
}

impl Show {
    fn new(seats: i64) -> Self {
        Show {
            seats_left: seats,
            sold_to: Vec::new(),
        }
    }
}

// ANCHOR: another_thread_tries
/// Whether another thread could take `lock` right now. It only tries, so it never blocks.
fn free_for_another_thread<T: Send>(lock: &Mutex<T>) -> bool {
    thread::scope(|scope| {
        let attempt = scope.spawn(|| match lock.try_lock() {
            Ok(_) | Err(TryLockError::Poisoned(_)) => true,
            Err(TryLockError::WouldBlock) => false,
        });
        attempt.join().unwrap()
    })
}
// ANCHOR_END: another_thread_tries

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

    println!("1. The lock is held exactly as long as the guard lives.");
    // ANCHOR: scope_end
    let show = Mutex::new(Show::new(2));
    {
        let mut guard = show.lock().unwrap();
        guard.seats_left -= 2;
        guard.sold_to.push("Mohammad");
        assert!(
            !free_for_another_thread(&show),
            "expected the lock to be held while the guard is alive, but another thread could take it"
        );
        println!("   inside the scope, the guard alive: another thread cannot take the lock");
    } // <- the guard goes out of scope: this is the release
    assert!(
        free_for_another_thread(&show),
        "expected the lock to be free after the guard's scope ended, but it was still held"
    );
    println!("   after the scope:                   another thread can take it");
    // ANCHOR_END: scope_end

    println!("\n2. drop(guard) releases it early, before the end of the scope.");
    // ANCHOR: drop_early
    let guard = show.lock().unwrap();
    let seats_seen = guard.seats_left;
    drop(guard); // released here; `guard` can no longer be used, so it cannot be misused
    assert!(
        free_for_another_thread(&show),
        "expected drop(guard) to release the lock, but it was still held"
    );
    println!(
        "   read {seats_seen} seats left, dropped the guard: another thread can take the lock"
    );
    // ANCHOR_END: drop_early

    println!(
        "\n3. A thread panics while holding the guard. (The panic message below is expected.)"
    );
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
    let (poisoned, seen) = run_with_timeout(LIMIT, move || match later.lock() {
        Ok(guard) => (false, guard.clone()),
        // The lock WAS acquired; the error carries the guard, for whoever accepts the risk.
        Err(poison) => (true, poison.into_inner().clone()),
    })
    .unwrap_or_else(|failure| panic!("expected the panic to release the lock, but: {failure}"));
    // ANCHOR_END: panic_releases
    println!("   another thread took the lock: lock() returned Err(PoisonError): {poisoned}");
    println!(
        "   into_inner() handed over the data anyway: {} seats left, sold to {:?}",
        seen.seats_left, seen.sold_to
    );
    println!(
        "   2 seats are gone and nobody bought them: the half-done update poisoning warns of."
    );
    // Why poisoning exists: the panic released the lock, but it may have left the data breaking
    // its own rules. std's Mutex remembers the panic, so that the next thread decides whether the
    // data can be trusted instead of using it unawares. (Python's Lock and parking_lot's Mutex
    // do not poison; the next thread just gets the half-done data.)

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
    assert_eq!(
        seen,
        Show {
            seats_left: 0,
            sold_to: vec![]
        },
        "expected the half-done booking (0 seats left, sold to nobody), but saw {seen:?}"
    );
    assert!(
        healthy,
        "expected lock() to return Ok after clear_poison(), but it did not"
    );
    println!("\nAs expected: the lock was released at scope end, at drop(), and by the panic.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

    #[test]
    fn the_guard_holds_the_lock_exactly_for_its_scope() {
        let show = Mutex::new(Show::new(2));
        for _ in 0..200 {
            let guard = show.lock().unwrap();
            assert!(
                !free_for_another_thread(&show),
                "held while the guard lives"
            );
            drop(guard);
            assert!(
                free_for_another_thread(&show),
                "free once the guard is dropped"
            );
            {
                let _guard = show.lock().unwrap();
                assert!(!free_for_another_thread(&show), "held inside the scope");
            }
            assert!(free_for_another_thread(&show), "free after the scope");
        }
    }

    #[test]
    fn even_the_holder_cannot_take_the_lock_twice() {
        let show = Mutex::new(Show::new(2));
        let _guard = show.lock().unwrap();
        // lock() here "might panic or deadlock", says std; try_lock is the safe way to see it.
        assert!(matches!(show.try_lock(), Err(TryLockError::WouldBlock)));
    }

    #[test]
    fn a_panic_releases_the_lock_for_threads_already_waiting_for_it() {
        for round in 0..50 {
            let show = Arc::new(Mutex::new(Show::new(2)));
            let waiters = 4;
            let guard_taken = Arc::new(Barrier::new(waiters + 1));
            let holder = {
                let (show, guard_taken) = (Arc::clone(&show), Arc::clone(&guard_taken));
                thread::spawn(move || {
                    let mut show = show.lock().unwrap();
                    show.seats_left -= 2;
                    guard_taken.wait();
                    thread::sleep(Duration::from_millis(1));
                    panic!("the holder fails while the others wait");
                })
            };
            let waiting: Vec<_> = (0..waiters)
                .map(|_| {
                    let (show, guard_taken) = (Arc::clone(&show), Arc::clone(&guard_taken));
                    thread::spawn(move || {
                        guard_taken.wait();
                        run_with_timeout(LIMIT, move || match show.lock() {
                            Ok(_) => None,
                            Err(poison) => Some(poison.into_inner().seats_left),
                        })
                    })
                })
                .collect();
            assert!(
                holder.join().is_err(),
                "round {round}: the holder should panic"
            );
            for waiter in waiting {
                let outcome = waiter.join().unwrap();
                assert_eq!(
                    outcome,
                    Ok(Some(0)),
                    "round {round}: expected every waiter to get the lock, poisoned, with the \
                     half-done data; got {outcome:?}"
                );
            }
        }
    }

    #[test]
    fn the_half_done_booking_is_visible_through_the_poison() {
        for _ in 0..50 {
            let show = Arc::new(Mutex::new(Show::new(2)));
            let failing = Arc::clone(&show);
            let outcome = run_with_timeout(LIMIT, move || book_then_fail(&failing, "Ali"));
            assert!(matches!(outcome, Err(lesson_kit::Failure::Panicked(_))));
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
