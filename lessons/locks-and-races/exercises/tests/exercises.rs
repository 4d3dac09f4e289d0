//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and each wrong booking kept here (racy, deadlocking, hard-coded,
//! serial, or going through the motions without doing the work) is caught by the check that
//! names its mistake, the same way on every run.

use exercise_kit::contract::{assert_caught, assert_every_check_times_out, describe, run_all};
use exercise_kit::grading::{CheckReport, Exercise, Outcome};
use locks_and_races_exercises::chapter;
use locks_and_races_exercises::safe_booking::{self, GRACE, SeatBooking};

exercise_kit::contract_tests!(chapter(), [safe_booking]);

// Beside this file, not in `tests/`, where cargo would take it for a test program of its own.
#[path = "exercises/fixtures.rs"]
mod fixtures;

fn booking() -> &'static Exercise {
    chapter().exercise("safe_booking")
}

fn grade_variant<T: SeatBooking>() -> Vec<CheckReport> {
    run_all(&booking().bind(&safe_booking::runs::<T>()))
}

/// Whether a version got full points.
fn all_passed(reports: &[CheckReport]) -> bool {
    reports.iter().all(|check| check.outcome == Outcome::Passed)
}

#[test]
fn the_checks_that_wait_for_another_customer_have_the_limit_of_the_first_plus_the_grace() {
    let [alone, race, many] = &booking().checks[..] else {
        panic!("expected 3 checks: {:#?}", booking().checks);
    };
    assert_eq!(race.limit, alone.limit + GRACE);
    assert_eq!(many.limit, alone.limit + GRACE);
}

#[test]
fn a_lock_released_between_check_and_act_oversells_in_the_forced_race_every_time() {
    for _ in 0..20 {
        let reports = grade_variant::<fixtures::LockedTwice>();
        assert_caught(
            booking(),
            &reports,
            "forced_race",
            &["sold more seats than there were", "-2"],
        );
    }
}

#[test]
fn a_booking_that_looks_again_under_the_right_guard_but_trusts_its_first_look_is_caught() {
    for _ in 0..10 {
        let reports = grade_variant::<fixtures::LooksTwice>();
        assert_caught(
            booking(),
            &reports,
            "forced_race",
            &["sold more seats than there were"],
        );
    }
}

#[test]
fn a_lock_of_its_own_released_between_check_and_act_is_caught_by_the_box_office() {
    let reports = grade_variant::<fixtures::OwnLockTwice>();
    assert_caught(
        booking(),
        &reports,
        "forced_race",
        &["sold more seats than there were", "box office sold 2 seats"],
    );
}

#[test]
fn a_count_of_its_own_checked_then_taken_oversells_and_misses_the_seats_the_box_office_sold() {
    for _ in 0..10 {
        let reports = grade_variant::<fixtures::OwnCount>();
        assert_caught(
            booking(),
            &reports,
            "forced_race",
            &["both booked", "sold more seats than there were"],
        );
        assert_caught(
            booking(),
            &reports,
            "one_customer",
            &["the box office had just sold", "returned true"],
        );
    }
}

#[test]
fn answers_learnt_by_heart_are_caught() {
    let reports = grade_variant::<fixtures::HardCoded>();
    assert_caught(booking(), &reports, "one_customer", &["expected"]);
}

#[test]
fn a_booking_that_never_sells_the_last_seats_is_caught() {
    let reports = grade_variant::<fixtures::OffByOne>();
    assert_caught(booking(), &reports, "one_customer", &["returned false"]);
}

#[test]
fn a_booking_that_turns_customers_away_when_busy_instead_of_waiting_is_caught() {
    for _ in 0..5 {
        let reports = grade_variant::<fixtures::TurnsAwayWhenBusy>();
        assert_caught(
            booking(),
            &reports,
            "many_customers",
            &["customers tried 100 bookings", "expected 100 and 0"],
        );
    }
}

#[test]
fn a_booking_that_deadlocks_is_stopped_by_the_time_limit_and_reported_as_timed_out() {
    assert_every_check_times_out(booking(), &safe_booking::runs::<fixtures::Relocks>());
}

#[test]
fn a_booking_that_checks_again_under_the_guard_it_takes_with_passes_too() {
    for run in 1..=5 {
        let reports = grade_variant::<fixtures::ChecksAgain>();
        assert!(all_passed(&reports), "run {run}:{}", describe(&reports));
    }
}

#[test]
fn a_lock_of_its_own_around_one_guard_of_the_seats_does_no_harm() {
    let reports = grade_variant::<fixtures::OwnLockAroundOneGuard>();
    assert!(all_passed(&reports), "{}", describe(&reports));
}
