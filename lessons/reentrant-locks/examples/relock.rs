//! Lesson: the owner of a reentrant lock can lock it again; the owner of a plain mutex cannot.
//!
//! Why the notes reach for `RLock`: a booking office whose `book_family` takes the lock and then
//! calls `book` for each member, and `book` takes the same lock again. With a plain mutex the
//! second `lock()` waits for the lock's owner to let go, and the owner is the very thread that is
//! waiting: it would wait forever. This lesson never waits forever: it asks with `try_lock` and a
//! timed `try_lock_for`, which give up. Then the same office with a `ReentrantMutex` books the
//! whole family, because the thread that owns it may lock it again.
//!
//! Run: `cargo run --example relock` (add `-- --patience 500` to wait longer, in milliseconds).

use std::sync::TryLockError;
use std::time::{Duration, Instant};

use lesson_kit::{Figure, cli};
use parking_lot::Mutex;
use reentrant_locks::offices::ReentrantOffice;
use reentrant_locks::show::Show;

const USAGE: &str = "\
A plain mutex cannot be locked again by its owner; a reentrant one can.

usage: cargo run --example relock -- [--patience MS]

  --patience MS  how long the owner's second lock() may wait (default 100, from 1 to 5000)
  -h, --help     show this text
";

const FAMILY: [(&str, u32); 3] = [("Sara", 2), ("Reza", 1), ("Nima", 3)];

// ANCHOR: plain_relock
/// The notes' `book_family` on a plain mutex: it locks, then books each member by the same
/// steps as `book`, which locks again. Here the inner lock waits at most `patience`; a real
/// `lock()` would wait for ever. Returns how many members got seats and how long it waited.
fn book_family_on_a_plain_mutex(show: &Mutex<Show>, patience: Duration) -> (usize, Duration) {
    let _family_guard = show.lock();
    let started = Instant::now();
    let mut booked = 0;
    for (member, wanted) in FAMILY {
        // `book(member, wanted)`, inlined: it locks the show again, on the same thread.
        match show.try_lock_for(patience) {
            Some(mut show) => booked += usize::from(show.take(member, wanted)),
            None => break, // the owner waited for itself, and gave up
        }
    }
    (booked, started.elapsed())
}
// ANCHOR_END: plain_relock

// ANCHOR: std_relock
/// `std::sync::Mutex` says so without waiting: locking it again on the owner's thread "might
/// panic or deadlock", and `try_lock` answers `WouldBlock`.
fn std_mutex_relocked_by_its_owner() -> bool {
    let show = std::sync::Mutex::new(Show::new(6));
    let _held = show.lock().unwrap();
    matches!(show.try_lock(), Err(TryLockError::WouldBlock))
}
// ANCHOR_END: std_relock

// ANCHOR: reentrant_relock
/// The same family in the office of `offices.rs`, whose lock is a `ReentrantMutex`: its
/// `book_family` holds the lock while `book` locks it again for every member.
fn book_family_on_a_reentrant_mutex() -> (bool, Show) {
    let office = ReentrantOffice::new(6);
    let booked = office.book_family(&FAMILY);
    (booked, office.show())
}
// ANCHOR_END: reentrant_relock

fn main() {
    let patience_ms: u64 = cli::only_number(USAGE, "patience", 100, 1..=5000);
    let patience = Duration::from_millis(patience_ms);

    println!("A family of 3 wants 6 seats; the show has 6. `book_family` takes the lock and");
    println!("calls `book` for each member, and `book` takes the same lock again.\n");

    println!("1. A plain parking_lot::Mutex; the inner lock waits at most {patience:?}:");
    let show = Mutex::new(Show::new(6));
    let (booked, waited) = book_family_on_a_plain_mutex(&show, patience);
    println!(
        "   {booked} of 3 members booked; the owner waited {waited:.0?} for itself, then gave up."
    );
    println!("   A plain lock() there would have waited for ever: the owner is the one waiting.");
    let std_refuses = std_mutex_relocked_by_its_owner();
    println!(
        "   std::sync::Mutex, locked again by its owner with try_lock: WouldBlock = {std_refuses}"
    );

    println!("\n2. The same office with a parking_lot::ReentrantMutex:");
    let (family_booked, after) = book_family_on_a_reentrant_mutex();
    println!(
        "   family booked: {family_booked}; sold to {:?}; {} seats left",
        after.sold_to, after.free
    );

    Figure::new("members of the family booked by a locked method calling a locked method")
        .notes("RLock lets the thread that locked it enter again (no figure)")
        .this_run(format!(
            "plain mutex: {booked} of 3 (gave up after {waited:.0?}); reentrant: {} of 3",
            after.sold_to.len()
        ))
        .ideal("plain: it would wait for ever; reentrant: 3 of 3")
        .print();

    assert!(
        booked == 0 && waited >= patience && std_refuses,
        "expected the owner of a plain mutex to be refused its own lock, but {booked} members \
         booked after {waited:?} (std's try_lock refused: {std_refuses})"
    );
    assert!(
        family_booked && after.free == 0 && after.sold_to == FAMILY,
        "expected the reentrant office to book the whole family, got {after:?}"
    );
    println!("\nAs expected: only the reentrant lock lets its owner in a second time.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use parking_lot::ReentrantMutex;

    #[test]
    fn the_owner_of_a_plain_mutex_is_refused_every_time_and_waits_its_full_patience() {
        for _ in 0..5 {
            let show = Mutex::new(Show::new(6));
            let patience = Duration::from_millis(5);
            let (booked, waited) = book_family_on_a_plain_mutex(&show, patience);
            assert_eq!(booked, 0);
            assert!(waited >= patience, "{waited:?}");
            assert!(show.try_lock().is_some(), "the family's guard was let go");
            assert!(std_mutex_relocked_by_its_owner());
        }
    }

    #[test]
    fn the_owner_of_a_reentrant_mutex_may_lock_it_as_deep_as_it_likes() {
        let lock = ReentrantMutex::new(7);
        let guards: Vec<_> = (0..100).map(|_| lock.lock()).collect();
        assert!(guards.iter().all(|guard| **guard == 7));
        assert!(lock.is_owned_by_current_thread());
        drop(guards);
        assert!(!lock.is_locked());
        let (booked, show) = book_family_on_a_reentrant_mutex();
        assert!(booked);
        assert_eq!(show.sold_to, FAMILY);
    }
}
