//! Reference solution of the exercise "safe_booking" (the starter is `exercises/safe_booking.rs`).
//!
//! One `Mutex` guard covers both the check and the taking of seats, so no other customer can
//! check while one is between the two. A lock-free fix passes as well: `compare_exchange` in a
//! loop, which takes the seats only if the count is still the one that was checked.

use std::sync::Mutex;

use crate::safe_booking::SeatBooking;

pub struct Theater {
    // Unsigned now: under the lock the count can no longer go below zero.
    seats: Mutex<u32>,
}

impl SeatBooking for Theater {
    fn new(seats: u32) -> Self {
        Theater {
            seats: Mutex::new(seats),
        }
    }

    fn available(&self) -> i64 {
        i64::from(*self.seats.lock().expect("a booking panicked"))
    }

    fn book(&self, wanted: u32, pause: impl Fn()) -> bool {
        // Held to the end of the function: the pause and the taking happen under the very guard
        // that the check was made under, so the check is still true when the seats are taken.
        let mut seats = self.seats.lock().expect("a booking panicked");
        if *seats >= wanted {
            pause();
            *seats -= wanted;
            true
        } else {
            false
        }
    }
}
