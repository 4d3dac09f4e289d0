//! The exercise "safe_booking": its contract, and the checks that grade it.
//!
//! The student edits `exercises/safe_booking.rs` (at the root of this crate); the reference
//! solution is `solutions/safe_booking.rs`. Both are compiled in below and implement
//! [`SeatBooking`], so an edited starter is graded by exactly the checks the reference passes.

use std::cell::Cell;
use std::sync::{Arc, Barrier};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use exercise_kit::grading::{Check, Code};
use lesson_kit::timeout::panic_message;

use super::rendezvous::Rendezvous;

#[path = "../../exercises/safe_booking.rs"]
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

/// Bookings take microseconds: reaching this means a deadlock, even on a loaded machine.
const LIMIT: Duration = Duration::from_secs(2);

/// How long the first customer of the forced race waits for the second to arrive; see
/// [`Rendezvous`] for why this is ample and why it cannot make the check flake.
const GRACE: Duration = Duration::from_millis(200);

/// The checks of either version of the exercise, for the grader.
pub fn checks_of(code: Code) -> Vec<Check> {
    match code {
        Code::Starter => checks::<starter::Theater>(),
        Code::Solution => checks::<solution::Theater>(),
    }
}

/// The checks, for any booking office (the tests also grade small broken variants).
pub fn checks<T: SeatBooking>() -> Vec<Check> {
    vec![
        Check {
            name: "one customer books while seats last and is refused after",
            points: 2,
            limit: LIMIT,
            run: one_customer::<T>,
        },
        Check {
            name: "Mohammad and Ali race for the 2 seats: exactly one gets them",
            points: 5,
            limit: LIMIT + GRACE,
            run: forced_race::<T>,
        },
        Check {
            name: "4 customers on 4 threads book exactly the 100 seats there are",
            points: 3,
            limit: LIMIT,
            run: many_customers::<T>,
        },
    ]
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
