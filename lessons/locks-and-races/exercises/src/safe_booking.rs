//! The exercise "safe_booking": its contract, and the checks that grade it.
//!
//! The student edits `safe_booking.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/safe_booking.rs`. Both are compiled in below and implement
//! [`SeatBooking`], so an edited starter is graded by exactly the checks the reference passes.
//! Each check's name, points and time limit are declared in `exercises.toml`: generous limits,
//! since bookings take microseconds, and reaching one means a deadlock.
//!
//! The checks never ask the booking what it did: they read the seats, which the grader supplies
//! ([`Seats`]), and they pick the moments at which other customers and the box office come in.

use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use exercise_kit::grading::{Code, Runs};
use lesson_kit::timeout::panic_message;

use crate::script::{Step, script};
use crate::seats::Watch;
pub use crate::seats::{Seats, SeatsGuard};

#[path = "../safe_booking.rs"]
pub mod starter;

#[path = "../../solutions/safe_booking.rs"]
pub mod solution;

/// A theatre's booking office, as every version of the exercise offers it.
pub trait SeatBooking: Send + Sync + 'static {
    /// An office that sells `seats`: the theatre's seats, in their own lock. The box office
    /// sells some of them too, under that lock, whenever nobody holds it.
    fn new(seats: Seats) -> Self;

    /// Takes `wanted` seats if that many are free, and says whether it did.
    fn book(&self, wanted: u32) -> bool;
}

/// How long the grader waits for another customer to get to the seats when it wants him there
/// (see [`crate::seats`]). A correct booking never waits for it, and its outcome never depends
/// on it. The two checks that use it have the time limit of `one_customer` plus this.
pub const GRACE: Duration = Duration::from_millis(500);

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
    for (seats, steps) in script() {
        let (seats_for_office, watch) = Watch::seats(seats);
        let theater = T::new(seats_for_office);
        let mut phoned = None;
        for step in steps {
            let wanted = match step {
                Step::Phone(sold) => {
                    watch.sell_by_phone(i64::from(sold));
                    phoned = Some(sold);
                    continue;
                }
                Step::Book(wanted) => wanted,
            };
            let before = watch.free();
            let booked = before >= i64::from(wanted);
            let left = if booked {
                before - i64::from(wanted)
            } else {
                before
            };
            let got = theater.book(wanted);
            let after = watch.free();
            if (got, after) != (booked, left) {
                let phoned = phoned.map_or(String::new(), |sold| {
                    format!(" (the box office had just sold {sold} by phone)")
                });
                return Err(format!(
                    "in a theatre of {seats} seats, with {before} free{phoned}, booking {wanted} \
                     returned {got} and left {after} free; expected {booked} and {left}"
                ));
            }
            phoned = None;
        }
    }
    Ok(())
}

fn forced_race<T: SeatBooking>() -> Result<(), String> {
    // The box office has sold 2 of the 4 seats, after the office opened: a booking that counts
    // seats apart from the seats themselves believes there are 4.
    const SEATS: u32 = 4;
    const BEFORE: i64 = 2;
    let (seats, watch) = Watch::seats(SEATS);
    let theater = Arc::new(T::new(seats));
    watch.sell_by_phone(BEFORE);

    // Ali waits on his own thread for his turn: the moment Mohammad first lets go of the seats'
    // lock, whatever he did under it. Mohammad waits until Ali's booking is over.
    let (go, turn) = mpsc::channel::<()>();
    let (over, is_over) = mpsc::channel::<()>();
    let ali = customer("Ali", &theater, move |theater| {
        turn.recv().ok()?;
        let booked = theater.book(2);
        let _ = over.send(());
        Some(booked)
    });
    let go = Arc::new(Mutex::new(Some(go)));
    let send_ali = move || {
        if let Some(go) = go.lock().unwrap_or_else(PoisonError::into_inner).take() {
            let _ = go.send(());
        }
    };
    watch.on_first_release({
        let send_ali = send_ali.clone();
        move || {
            send_ali();
            is_over.recv_timeout(GRACE).is_ok()
        }
    });
    let mohammad = customer("Mohammad", &theater, |theater| theater.book(2));
    let mohammad = join("Mohammad", mohammad);
    // Ali books now if Mohammad never let go of the lock, and is never left waiting for good.
    send_ali();
    let (mohammad, ali) = (mohammad?, join("Ali", ali)?.unwrap_or(false));

    let (left, lowest) = (watch.free(), watch.lowest());
    let phoned = watch.sold_by_phone() - BEFORE;
    let expected = i64::from(SEATS) - BEFORE - 2 * (i64::from(mohammad) + i64::from(ali)) - phoned;
    let outcome = format!(
        "Mohammad {}, Ali {}{}",
        said(mohammad),
        said(ali),
        if watch.kept_out() {
            format!(
                ", and while a lock of the booking's own kept Ali out, the box office sold \
                 {phoned} seats by phone: it takes only the seats' own lock"
            )
        } else {
            String::new()
        }
    );
    if mohammad && ali && left < 0 {
        Err(format!(
            "Mohammad and Ali both booked 2 of the 2 seats: the theatre sold more seats than \
             there were, and {left} are available. Ali booked the moment Mohammad first let go \
             of the seats' lock: a booking must decide by what it sees under the guard it takes \
             the seats with"
        ))
    } else if lowest < 0 {
        Err(format!(
            "the theatre sold more seats than there were: the free seats went down to \
             {lowest} ({outcome})"
        ))
    } else if left != expected {
        Err(format!(
            "{outcome}: then {expected} seats should be free, but {left} are; a booking that \
             says it succeeded takes its seats, and a refused one takes none"
        ))
    } else if !mohammad && !ali && phoned == 0 {
        Err(format!(
            "neither Mohammad nor Ali got the 2 free seats; {left} are available"
        ))
    } else {
        Ok(())
    }
}

fn said(booked: bool) -> &'static str {
    if booked { "booked" } else { "was refused" }
}

fn many_customers<T: SeatBooking>() -> Result<(), String> {
    const SEATS: u32 = 100;
    const CUSTOMERS: usize = 4;
    const EACH: usize = 25;
    let (seats, watch) = Watch::seats(SEATS);
    let (theater, watch) = (Arc::new(T::new(seats)), Arc::new(watch));
    // Whoever gets the seats first keeps them until the others wait for them: every customer
    // finds the seats busy, and must wait, not give up.
    watch.hold_first_lock(CUSTOMERS - 1, GRACE);
    let start = Arc::new(Barrier::new(CUSTOMERS));
    let customers: Vec<_> = (0..CUSTOMERS)
        .map(|number| {
            let (start, watch) = (Arc::clone(&start), Arc::clone(&watch));
            customer("a customer", &theater, move |theater| {
                start.wait();
                (0..EACH)
                    .filter(|_| {
                        let booked = theater.book(1);
                        watch.came_back(number);
                        booked
                    })
                    .count()
            })
        })
        .collect();
    let mut sold = 0;
    for customer in customers {
        sold += join("a customer", customer)?;
    }
    let (left, lowest) = (watch.free(), watch.lowest());
    if sold == SEATS as usize && left == 0 && lowest >= 0 {
        Ok(())
    } else {
        Err(format!(
            "{CUSTOMERS} customers tried {} bookings of 1 seat for {SEATS} seats: {sold} \
             succeeded and {left} seats are available (at the lowest, {lowest}); expected \
             {SEATS} and 0",
            CUSTOMERS * EACH
        ))
    }
}

/// Starts a customer on a thread named after them, so that a panic in the booking says who.
fn customer<T: SeatBooking, R: Send + 'static>(
    name: &str,
    theater: &Arc<T>,
    visit: impl FnOnce(&T) -> R + Send + 'static,
) -> JoinHandle<R> {
    let theater = Arc::clone(theater);
    thread::Builder::new()
        .name(name.into())
        .spawn(move || visit(&theater))
        .expect("the OS refused to start a thread")
}

fn join<R>(who: &str, customer: JoinHandle<R>) -> Result<R, String> {
    customer
        .join()
        .map_err(|panic| format!("{who}'s booking panicked: {}", panic_message(&*panic)))
}
