//! Exercise "safe_booking": make the seat booking safe.
//!
//! Mohammad and Ali each want both of the theatre's 2 seats. `book` locks the seats to check
//! that enough are free, lets go of the lock, and locks them again to take them: in between,
//! the other customer can check too, and the theatre is left with -2. Change `book` so that this
//! can no longer happen.
//!
//! The contract the grader relies on (`SeatBooking` in `src/safe_booking.rs`):
//! - `book(wanted)` takes `wanted` seats if that many are free and says whether it did;
//! - the seats are the grader's `Seats` (`src/seats.rs`), in their own lock: `self.seats.lock()`
//!   gives a guard, and `*guard` is the number of free seats, to read and to change;
//! - the box office sells seats too, under that same lock, whenever nobody holds it: a lock of
//!   your own does not stop it.
//!
//! Grade it: `cargo grade --exercise safe_booking`. Stuck? `cargo grade --hint safe_booking`.

use crate::safe_booking::{SeatBooking, Seats};

pub struct Theater {
    seats: Seats,
}

impl SeatBooking for Theater {
    fn new(seats: Seats) -> Self {
        Theater { seats }
    }

    fn book(&self, wanted: u32) -> bool {
        let wanted = i64::from(wanted);
        // TODO: each lock() below is dropped at the end of its statement, so the other customer
        // can check the seats too before you take them. Make the check and the taking one step.
        let enough = *self.seats.lock() >= wanted;
        if enough {
            *self.seats.lock() -= wanted;
        }
        enough
    }
}
