//! Reference solution of the exercise "safe_booking" (the starter is `exercises/safe_booking.rs`).
//!
//! One guard of the seats' lock covers both the check and the taking of seats, so no other
//! customer, and not the box office either, can change them while one is between the two.

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
        // Held to the end of the function: the seats are taken under the very guard that the
        // check was made under, so the check is still true when they are taken.
        let mut free = self.seats.lock();
        if *free >= wanted {
            *free -= wanted;
            true
        } else {
            false
        }
    }
}
