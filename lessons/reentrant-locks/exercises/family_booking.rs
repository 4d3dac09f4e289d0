//! Exercise "family_booking": remove a re-entrant deadlock without a reentrant lock.
//!
//! `book_family` takes the seats' lock, so that nobody books between two members of a family,
//! and then calls `book` for each member, which takes the same lock again on the same thread.
//! With a plain lock that second `lock()` would wait for ever; the grader's seats panic instead.
//! Make `book_family` book the whole family under its one guard, without locking twice, and
//! without a reentrant lock: keep `book` and `book_family` as entry points that lock, and move
//! the booking itself into a step that takes the guard's seats.
//!
//! The contract the grader relies on (`FamilyBooking` in `src/family_booking.rs`):
//! - `book(wanted)` takes `wanted` seats if that many are free, and says whether it did;
//! - `book_family(family)` takes every member's seats if there are enough for all, none
//!   otherwise, and nobody else takes seats in between;
//! - the seats are the grader's `Seats`: `self.seats.lock()` gives a guard, and `*guard` is the
//!   number of free seats, to read and to change. The box office sells seats under that lock
//!   whenever nobody holds it.
//!
//! Grade it: `cargo grade --exercise family_booking`. Stuck? `cargo grade --hint family_booking`.

use crate::family_booking::{FamilyBooking, Seats};

pub struct Office {
    seats: Seats,
}

impl FamilyBooking for Office {
    fn new(seats: Seats) -> Self {
        Office { seats }
    }

    fn book(&self, wanted: u32) -> bool {
        let mut free = self.seats.lock();
        if *free >= i64::from(wanted) {
            *free -= i64::from(wanted);
            true
        } else {
            false
        }
    }

    fn book_family(&self, family: &[u32]) -> bool {
        let free = self.seats.lock(); // nobody books between two members
        let wanted: u32 = family.iter().sum();
        if *free < i64::from(wanted) {
            return false;
        }
        // TODO: `book` locks the seats again, on this thread, while `free` still holds them.
        family.iter().all(|&member| self.book(member))
    }
}
