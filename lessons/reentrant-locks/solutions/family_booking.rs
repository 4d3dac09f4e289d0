//! Reference solution of the exercise "family_booking" (the starter is
//! `exercises/family_booking.rs`).
//!
//! The entry points lock; the booking itself, `take`, does not: it works on the seats that the
//! caller's guard gives. `book_family` calls it for every member under its one guard, so nothing
//! locks twice and nobody gets in between two members.

use crate::family_booking::{FamilyBooking, Seats};

pub struct Office {
    seats: Seats,
}

/// Takes `wanted` of the `free` seats if there are enough. The caller holds the lock: `free`
/// comes from its guard.
fn take(free: &mut i64, wanted: u32) -> bool {
    if *free >= i64::from(wanted) {
        *free -= i64::from(wanted);
        true
    } else {
        false
    }
}

impl FamilyBooking for Office {
    fn new(seats: Seats) -> Self {
        Office { seats }
    }

    fn book(&self, wanted: u32) -> bool {
        take(&mut self.seats.lock(), wanted)
    }

    fn book_family(&self, family: &[u32]) -> bool {
        let mut free = self.seats.lock();
        let wanted: u32 = family.iter().sum();
        if *free < i64::from(wanted) {
            return false;
        }
        family.iter().all(|&member| take(&mut free, member))
    }
}
