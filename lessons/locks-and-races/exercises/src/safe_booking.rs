//! The exercise "safe_booking": its contract, and the checks that grade it.
//!
//! The student edits `safe_booking.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/safe_booking.rs`. Both are compiled in below and implement
//! [`SeatBooking`], so an edited starter is graded by exactly the checks the reference passes.
//! Each check's name, points and time limit are declared in `exercises.toml`: generous limits,
//! since bookings take microseconds, and reaching one means a deadlock.

use std::cell::Cell;
use std::sync::{Arc, Barrier};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use exercise_kit::grading::{Code, Runs};
use lesson_kit::timeout::panic_message;

use crate::rendezvous::Rendezvous;

#[path = "../safe_booking.rs"]
pub mod starter;

#[path = "../../solutions/safe_booking.rs"]
pub mod solution;

/// A theatre's booking office, as every version of the exercise offers it.
pub trait SeatBooking: Send + Sync + 'static {
    /// A theatre with `seats` free seats.
    fn new(seats: u32) -> Self;

    /// How many seats are free; below zero only if more were sold than there were.
    fn available(&self) -> i64;

    /// Takes `wanted` seats if that many are free, and says whether it did. Calls `pause` once
    /// it has decided that there are enough seats, before it takes them, and never for a
    /// refusal.
    fn book(&self, wanted: u32, pause: impl Fn()) -> bool;
}

/// How long the first customer of the forced race waits for the second to arrive; see
/// [`Rendezvous`] for why this is ample and why it cannot make the check flake. The race's time
/// limit in `exercises.toml` is that of the other checks plus this.
pub const GRACE: Duration = Duration::from_millis(200);

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Theater>(),
        Code::Solution => runs::<solution::Theater>(),
    }
}

/// The checks' functions for any booking office, under the names `exercises.toml` declares (the
/// tests also grade small broken variants).
pub fn runs<T: SeatBooking>() -> Runs {
    exercise_kit::runs![one_customer::<T>, forced_race::<T>, many_customers::<T>]
}

fn one_customer<T: SeatBooking>() -> Result<(), String> {
    let theater = T::new(3);
    if theater.available() != 3 {
        return Err(format!(
            "a new theatre with 3 seats has {} available",
            theater.available()
        ));
    }
    // (seats wanted, booked?, seats left after)
    for (wanted, booked, left) in [(2, true, 1), (2, false, 1), (1, true, 0), (1, false, 0)] {
        let before = theater.available();
        let pauses = Cell::new(0);
        let got = theater.book(wanted, || pauses.set(pauses.get() + 1));
        let after = theater.available();
        if (got, after) != (booked, left) {
            return Err(format!(
                "with {before} seats free, booking {wanted} returned {got} and left {after} \
                 free; expected {booked} and {left}"
            ));
        }
        if pauses.get() != u32::from(booked) {
            let called = match pauses.get() {
                0 => "never called pause()".to_owned(),
                1 => "called pause() once".to_owned(),
                n => format!("called pause() {n} times"),
            };
            return Err(format!(
                "with {before} seats free, booking {wanted} {called}; the contract: once for \
                 a booking, after the check and before taking the seats, and never for a refusal"
            ));
        }
    }
    Ok(())
}

fn forced_race<T: SeatBooking>() -> Result<(), String> {
    let theater = Arc::new(T::new(2));
    let meeting = Arc::new(Rendezvous::new(GRACE));

    let mohammad = customer("Mohammad", &theater, &meeting, |theater, meeting| {
        meeting.first_customer(|pause| theater.book(2, pause))
    });
    if !meeting.first_is_paused() {
        return Err(if join("Mohammad", mohammad)? {
            "Mohammad booked 2 of 2 free seats without calling pause(): the contract asks for \
             the pause after the check and before taking the seats"
                .into()
        } else {
            "Mohammad, alone, was refused 2 of 2 free seats".into()
        });
    }
    let ali = customer("Ali", &theater, &meeting, |theater, meeting| {
        meeting.second_customer(|pause| theater.book(2, pause))
    });
    let booked = (join("Mohammad", mohammad)?, join("Ali", ali)?);

    let left = theater.available();
    match booked {
        (true, true) => Err(format!(
            "Mohammad and Ali both booked 2 of the 2 seats, and {left} are available: both \
             passed the check before either took seats"
        )),
        (false, false) => Err(format!(
            "neither Mohammad nor Ali got the 2 free seats; {left} are available"
        )),
        _ if left != 0 => Err(format!(
            "one customer booked the 2 seats, but {left} are available instead of 0"
        )),
        _ => Ok(()),
    }
}

fn many_customers<T: SeatBooking>() -> Result<(), String> {
    const SEATS: u32 = 100;
    const CUSTOMERS: usize = 4;
    const TRIES: usize = 50;
    let theater = Arc::new(T::new(SEATS));
    // Released together, so that the customers really book at the same time.
    let start = Arc::new(Barrier::new(CUSTOMERS));
    let customers: Vec<_> = (0..CUSTOMERS)
        .map(|_| {
            let (theater, start) = (Arc::clone(&theater), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                (0..TRIES).filter(|_| theater.book(1, || {})).count()
            })
        })
        .collect();
    let mut sold = 0;
    for customer in customers {
        sold += join("a customer", customer)?;
    }
    let left = theater.available();
    if sold == SEATS as usize && left == 0 {
        Ok(())
    } else {
        Err(format!(
            "{CUSTOMERS} customers tried {} bookings of 1 seat for {SEATS} seats: {sold} \
             succeeded and {left} seats are available; expected {SEATS} and 0",
            CUSTOMERS * TRIES
        ))
    }
}

/// Starts a customer on a thread named after them, so that a panic in the booking says who.
fn customer<T: SeatBooking, R: Send + 'static>(
    name: &str,
    theater: &Arc<T>,
    meeting: &Arc<Rendezvous>,
    visit: impl FnOnce(&T, &Rendezvous) -> R + Send + 'static,
) -> JoinHandle<R> {
    let (theater, meeting) = (Arc::clone(theater), Arc::clone(meeting));
    thread::Builder::new()
        .name(name.into())
        .spawn(move || visit(&theater, &meeting))
        .expect("the OS refused to start a thread")
}

fn join<R>(who: &str, customer: JoinHandle<R>) -> Result<R, String> {
    customer
        .join()
        .map_err(|panic| format!("{who}'s booking panicked: {}", panic_message(&*panic)))
}
