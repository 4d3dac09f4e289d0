//! Exercise "safe_booking": make the seat booking safe.
//!
//! Mohammad and Ali each want both of the theatre's 2 seats. `book` checks that enough seats are
//! free and then takes them, in two steps: both customers can pass the check before either takes
//! seats, and the theatre is left with -2. Change `Theater` so that this can no longer happen.
//!
//! The contract the grader relies on (`SeatBooking` in `src/safe_booking.rs`):
//! - `book(wanted, pause)` takes `wanted` seats if that many are free and says whether it did;
//! - it calls `pause()` once it has decided there are enough seats, before it takes them, and
//!   never for a refusal: the grader sends the other customer in during that pause;
//! - `available()` never drops below zero, however many customers book at once.
//!
//! Grade it: `cargo grade --exercise safe_booking`. Stuck? `cargo grade --hint safe_booking`.

use std::sync::atomic::{AtomicI64, Ordering};

use crate::safe_booking::SeatBooking;

pub struct Theater {
    seats: AtomicI64,
}

impl SeatBooking for Theater {
    fn new(seats: u32) -> Self {
        Theater {
            seats: AtomicI64::new(i64::from(seats)),
        }
    }

    fn available(&self) -> i64 {
        self.seats.load(Ordering::SeqCst)
    }

    fn book(&self, wanted: u32, pause: impl Fn()) -> bool {
        let wanted = i64::from(wanted);
        // TODO: each step is atomic, but the other customer can run this check too before
        // either of you takes seats below. Make the check and the taking one step.
        if self.seats.load(Ordering::SeqCst) >= wanted {
            pause();
            self.seats.fetch_sub(wanted, Ordering::SeqCst);
            true
        } else {
            false
        }
    }
}
