//! Customers who wait for a lock with a time limit, so that a lock nobody releases shows as a wait
//! that runs out instead of a program that hangs (the lessons `forgotten_guard` and
//! `guard_across_wait`).

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

// ANCHOR: timed_wait
/// A customer who waits at most `patience` for the lock. `try_lock_for` returns `None` when the
/// time is up, so this returns however long the lock stays taken.
pub fn try_to_book(seats: &Mutex<i64>, patience: Duration) -> (bool, Duration) {
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

/// Runs [`try_to_book`] on a thread of its own named after the customer: whether the customer
/// booked, and how long the wait took.
pub fn customer(name: &str, seats: &Arc<Mutex<i64>>, patience: Duration) -> (bool, Duration) {
    let seats = Arc::clone(seats);
    thread::Builder::new()
        .name(name.into())
        .spawn(move || try_to_book(&seats, patience))
        .expect("the OS refused to start a thread")
        // try_lock_for gives up after `patience`, so this join cannot wait forever.
        .join()
        .expect("a customer's thread panicked")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_lock_is_booked_at_once_and_a_held_one_is_waited_for_in_full() {
        let seats = Arc::new(Mutex::new(2));
        let (booked, _) = customer("first", &seats, Duration::from_secs(10));
        assert!(booked);
        assert_eq!(*seats.lock(), 0);
        let held = seats.lock();
        let patience = Duration::from_millis(20);
        let (booked, waited) = customer("second", &seats, patience);
        assert!(!booked && waited >= patience, "{booked} after {waited:?}");
        drop(held);
        assert_eq!(*seats.lock(), 0, "a customer who gave up took nothing");
    }
}
