//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and the checks tell a racy booking, a deadlocking one and a
//! lock-free one apart, the same way on every run.

use std::time::{Duration, Instant};

use exercise_kit::contract::{describe, run_all, run_at_once};
use exercise_kit::grading::{CheckReport, Exercise, Outcome};
use lesson_kit::run_with_timeout;
use locks_and_races_exercises::chapter;
use locks_and_races_exercises::safe_booking::{self, GRACE, SeatBooking};

exercise_kit::contract_tests!(chapter());

fn booking() -> &'static Exercise {
    chapter().exercise("safe_booking")
}

fn grade_variant<T: SeatBooking>() -> Vec<CheckReport> {
    run_all(&booking().bind(&safe_booking::runs::<T>()))
}

#[test]
fn the_forced_race_has_the_time_limit_of_the_other_checks_plus_its_grace() {
    let [alone, race, many] = &booking().checks[..] else {
        panic!("expected 3 checks: {:#?}", booking().checks);
    };
    assert_eq!(alone.limit, many.limit);
    assert_eq!(race.limit, alone.limit + GRACE);
}

#[test]
fn a_lock_released_between_check_and_act_loses_the_forced_race_every_time() {
    for run in 1..=20 {
        let checks = grade_variant::<fixtures::LockedTwice>();
        let [alone, race, _many] = &checks[..] else {
            panic!("expected 3 checks:{}", describe(&checks));
        };
        assert_eq!(
            alone.outcome,
            Outcome::Passed,
            "run {run}:{}",
            describe(&checks)
        );
        // The many-customers check may pass or fail, by luck: the forced race is the one that
        // must catch the bug.
        assert!(
            matches!(&race.outcome, Outcome::Failed(message) if message.contains("both booked")),
            "run {run}:{}",
            describe(&checks)
        );
    }
}

#[test]
fn a_booking_that_deadlocks_is_stopped_by_the_time_limit_and_reported_as_timed_out() {
    let checks = booking().bind(&safe_booking::runs::<fixtures::Relocks>());
    let longest = checks.iter().map(|check| check.limit).max().unwrap();
    let started = Instant::now();
    // Should the grader itself ever wait for the stuck threads, fail instead of hanging. The
    // checks run side by side: each waits out its own limit, and this test only the longest.
    let reports = run_with_timeout(longest + Duration::from_secs(20), move || {
        run_at_once(&checks)
    })
    .expect("grading a deadlocking booking must end");
    let took = started.elapsed();
    for check in &reports {
        assert_eq!(
            check.outcome,
            Outcome::TimedOut(check.limit),
            "{}",
            describe(&reports)
        );
        assert_eq!(check.earned(), 0);
        // Each check costs its limit and not much more: the grader goes on without the stuck
        // threads.
        assert!(check.elapsed >= check.limit, "{check:?}");
        assert!(
            check.elapsed < check.limit + Duration::from_secs(10),
            "{check:?}"
        );
    }
    assert!(took >= longest, "{took:?}");
    assert!(
        took < longest + Duration::from_secs(10),
        "{took:?} for limits of at most {longest:?}"
    );
}

#[test]
fn a_lock_free_booking_passes_too() {
    for run in 1..=5 {
        let checks = grade_variant::<fixtures::LockFree>();
        assert!(
            checks.iter().all(|check| check.outcome == Outcome::Passed),
            "run {run}:{}",
            describe(&checks)
        );
    }
}

#[test]
fn a_booking_that_skips_the_pause_is_told_it_breaks_the_contract() {
    let checks = grade_variant::<fixtures::NoPause>();
    let [alone, race, many] = &checks[..] else {
        panic!("expected 3 checks:{}", describe(&checks));
    };
    assert!(
        matches!(&alone.outcome, Outcome::Failed(message) if message.contains("never called pause()")),
        "{}",
        describe(&checks)
    );
    assert!(
        matches!(&race.outcome, Outcome::Failed(message) if message.contains("without calling pause()")),
        "{}",
        describe(&checks)
    );
    assert_eq!(many.outcome, Outcome::Passed, "{}", describe(&checks));
}

/// Small broken and unusual bookings, to show what the checks catch. Not exercises.
mod fixtures {
    use super::SeatBooking;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// The usual wrong fix: a lock, but taken once to check and again to take the seats.
    pub struct LockedTwice {
        seats: Mutex<i64>,
    }

    impl SeatBooking for LockedTwice {
        fn new(seats: u32) -> Self {
            LockedTwice {
                seats: Mutex::new(i64::from(seats)),
            }
        }

        fn available(&self) -> i64 {
            *self.seats.lock().unwrap()
        }

        fn book(&self, wanted: u32, pause: impl Fn()) -> bool {
            let wanted = i64::from(wanted);
            let enough = *self.seats.lock().unwrap() >= wanted;
            if enough {
                pause();
                *self.seats.lock().unwrap() -= wanted;
            }
            enough
        }
    }

    /// Holds its guard while `available` locks the same std `Mutex` again: blocked for good.
    pub struct Relocks {
        seats: Mutex<u32>,
    }

    impl SeatBooking for Relocks {
        fn new(seats: u32) -> Self {
            Relocks {
                seats: Mutex::new(seats),
            }
        }

        fn available(&self) -> i64 {
            i64::from(*self.seats.lock().unwrap())
        }

        fn book(&self, wanted: u32, pause: impl Fn()) -> bool {
            let mut seats = self.seats.lock().unwrap();
            if *seats < wanted {
                return false;
            }
            pause();
            *seats -= wanted;
            self.available() >= 0
        }
    }

    /// Correct without a lock: takes the seats only if the count is still the one it checked.
    pub struct LockFree {
        seats: AtomicU32,
    }

    impl SeatBooking for LockFree {
        fn new(seats: u32) -> Self {
            LockFree {
                seats: AtomicU32::new(seats),
            }
        }

        fn available(&self) -> i64 {
            i64::from(self.seats.load(Ordering::SeqCst))
        }

        fn book(&self, wanted: u32, pause: impl Fn()) -> bool {
            let mut seats = self.seats.load(Ordering::SeqCst);
            loop {
                if seats < wanted {
                    return false;
                }
                pause();
                match self.seats.compare_exchange(
                    seats,
                    seats - wanted,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                ) {
                    Ok(_) => return true,
                    Err(now) => seats = now,
                }
            }
        }
    }

    /// Correct, but without the pause the grader cannot force the worst timing.
    pub struct NoPause {
        seats: Mutex<u32>,
    }

    impl SeatBooking for NoPause {
        fn new(seats: u32) -> Self {
            NoPause {
                seats: Mutex::new(seats),
            }
        }

        fn available(&self) -> i64 {
            i64::from(*self.seats.lock().unwrap())
        }

        fn book(&self, wanted: u32, _pause: impl Fn()) -> bool {
            let mut seats = self.seats.lock().unwrap();
            let enough = *seats >= wanted;
            if enough {
                *seats -= wanted;
            }
            enough
        }
    }
}
