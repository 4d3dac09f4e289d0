//! The exercise "family_booking": its contract, and the checks that grade it.
//!
//! The student edits `family_booking.rs` (beside `src/`); the reference solution is
//! `../solutions/family_booking.rs`. The checks never ask the office what it did: they read the
//! seats, which the grader supplies ([`Seats`]), and the box office sells seats whenever the
//! seats' lock is let go at a moment the grader chose.

use exercise_kit::grading::{Code, Runs};
use exercise_kit::seeded;

use crate::seats::Watch;
pub use crate::seats::{Seats, SeatsGuard};

#[path = "../family_booking.rs"]
pub mod starter;

#[path = "../../solutions/family_booking.rs"]
pub mod solution;

/// A booking office, as every version of the exercise offers it.
pub trait FamilyBooking: Send + Sync + 'static {
    /// An office that sells `seats`, the grader's seats in the grader's lock.
    fn new(seats: Seats) -> Self;

    /// Takes `wanted` seats if that many are free, and says whether it did.
    fn book(&self, wanted: u32) -> bool;

    /// Takes the seats of every member of `family` if there are enough for all of them, and
    /// none otherwise; nobody else may take seats halfway through.
    fn book_family(&self, family: &[u32]) -> bool;
}

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Office>(),
        Code::Solution => runs::<solution::Office>(),
    }
}

/// The checks' functions for any office (the tests also grade wrong ones).
pub fn runs<T: FamilyBooking>() -> Runs {
    exercise_kit::runs![single_customers::<T>, families::<T>]
}

const SEED: u64 = 0x00f4_311e_5eed;

fn single_customers<T: FamilyBooking>() -> Result<(), String> {
    for show in 0..8 {
        let (seats, watch) = Watch::seats(3 + seeded::below(SEED, show, 10) as i64);
        let office = T::new(seats);
        for step in 0..8 {
            let n = show * 100 + step;
            if seeded::below(SEED ^ 1, n, 4) == 0 && watch.free() > 1 {
                watch.sell(1 + seeded::below(SEED ^ 2, n, watch.free() as u64 - 1) as i64);
            }
            let before = watch.free();
            let wanted = match seeded::below(SEED ^ 3, n, 3) {
                0 => before as u32, // all there is
                1 => before as u32 + 1,
                _ => 1 + seeded::below(SEED ^ 4, n, 4) as u32,
            };
            let expected = i64::from(wanted) <= before;
            let got = office.book(wanted);
            let after = watch.free();
            let left = if expected {
                before - i64::from(wanted)
            } else {
                before
            };
            if (got, after) != (expected, left) {
                return Err(format!(
                    "with {before} seats free, book({wanted}) returned {got} and left {after} \
                     free; expected {expected} and {left}"
                ));
            }
        }
    }
    Ok(())
}

fn families<T: FamilyBooking>() -> Result<(), String> {
    for case in 0..12 {
        let free = 3 + seeded::below(SEED ^ 5, case, 10) as i64;
        let members = 2 + seeded::below(SEED ^ 6, case, 3);
        let family: Vec<u32> = (0..members)
            .map(|member| 1 + seeded::below(SEED ^ 7, case * 10 + member, 4) as u32)
            .collect();
        let wanted: u32 = family.iter().sum();
        let (seats, watch) = Watch::seats(free);
        let office = T::new(seats);
        // The box office sells every free seat the moment the seats' lock is first let go.
        watch.box_office_at_next_release();
        let got = office.book_family(&family);
        let (sold, left, locks) = (watch.sold_by_box_office(), watch.free(), watch.locks());
        let taken = free - sold - left;
        let expected = i64::from(wanted) <= free;
        let between = if locks > 1 {
            format!(
                " It took the seats' lock {locks} times; the first time it let go, the box \
                 office sold {sold} seats: the family must be booked under one guard"
            )
        } else {
            String::new()
        };
        if watch.lowest() < 0 {
            return Err(format!(
                "a family wanting {family:?} in a show with {free} free seats: the theatre sold \
                 more seats than there were ({} at the lowest).{between}",
                watch.lowest()
            ));
        }
        if got != expected || taken != if got { i64::from(wanted) } else { 0 } {
            return Err(format!(
                "a family wanting {family:?} ({wanted} seats) in a show with {free} free seats: \
                 book_family returned {got} and took {taken} seats; expected {expected} and {}.\
                 {between}",
                if expected { wanted } else { 0 }
            ));
        }
    }
    Ok(())
}
