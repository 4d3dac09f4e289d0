//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and each wrong office or lock kept here (racy, deadlocking,
//! hard-coded, or going through the motions without doing the work) is caught by the check that
//! names its mistake, the same way on every run.

use exercise_kit::contract::{assert_caught, run_all, run_stuck};
use exercise_kit::grading::{CheckReport, Exercise, Outcome};
use reentrant_locks_exercises::chapter;
use reentrant_locks_exercises::family_booking::{self, FamilyBooking};
use reentrant_locks_exercises::own_reentrant_lock::{self, ReentrantLock};

exercise_kit::contract_tests!(chapter(), [family_booking, own_reentrant_lock]);

// Beside this file, not in `tests/`, where cargo would take it for a test program of its own.
#[path = "exercises/fixtures.rs"]
mod fixtures;

fn family() -> &'static Exercise {
    chapter().exercise("family_booking")
}

fn own_lock() -> &'static Exercise {
    chapter().exercise("own_reentrant_lock")
}

fn grade_office<T: FamilyBooking>() -> Vec<CheckReport> {
    run_all(&family().bind(&family_booking::runs::<T>()))
}

fn grade_lock<T: ReentrantLock>() -> Vec<CheckReport> {
    run_all(&own_lock().bind(&own_reentrant_lock::runs::<T>()))
}

#[test]
fn a_family_booked_under_one_guard_per_member_loses_its_seats_to_the_box_office_every_time() {
    for _ in 0..10 {
        let reports = grade_office::<fixtures::PerMemberLocks>();
        assert_caught(
            family(),
            &reports,
            "families",
            &["took the seats' lock", "box office sold"],
        );
    }
}

#[test]
fn a_gate_of_its_own_locked_again_deadlocks_and_is_stopped_by_the_time_limit() {
    let reports = run_stuck(family().bind(&family_booking::runs::<fixtures::OwnGateRelocked>()));
    assert_caught(family(), &reports, "families", &["still running after"]);
    let families = reports
        .iter()
        .find(|r| r.name == family().checks[1].name)
        .unwrap();
    assert_eq!(families.outcome, Outcome::TimedOut(families.limit));
    assert!(families.elapsed >= families.limit);
}

#[test]
fn a_count_of_its_own_goes_through_the_motions_and_misses_the_box_office_sales() {
    let reports = grade_office::<fixtures::OwnCount>();
    assert_caught(
        family(),
        &reports,
        "single_customers",
        &["returned true", "expected false"],
    );
}

#[test]
fn an_office_that_says_yes_to_everyone_is_caught() {
    let reports = grade_office::<fixtures::AlwaysYes>();
    assert_caught(family(), &reports, "single_customers", &["returned true"]);
    assert_caught(family(), &reports, "families", &["took 0 seats"]);
}

#[test]
fn the_untouched_starter_is_told_it_locked_the_seats_again() {
    // An edited starter is the student's work, graded by `your_work::family_booking`, not an example.
    if !family().starter_untouched() {
        return;
    }
    let reports = run_all(&family().bind(&family_booking::runs_of(
        exercise_kit::grading::Code::Starter,
    )));
    assert_caught(
        family(),
        &reports,
        "families",
        &["locked again by the thread that already holds them"],
    );
}

#[test]
fn a_plain_mutex_deadlocks_on_reentry_and_is_stopped_by_the_time_limit() {
    let reports = run_stuck(own_lock().bind(&own_reentrant_lock::runs::<fixtures::Plain>()));
    for declared in &own_lock().checks {
        assert_caught(own_lock(), &reports, declared.run, &["still running after"]);
    }
}

#[test]
fn a_lock_that_locks_nothing_lets_the_other_thread_in_every_time() {
    for _ in 0..3 {
        let reports = grade_lock::<fixtures::NoLock>();
        assert_caught(own_lock(), &reports, "others_wait", &["two levels deep"]);
    }
}

#[test]
fn the_notes_myth_any_thread_may_reenter_is_caught_every_time() {
    for _ in 0..3 {
        let reports = grade_lock::<fixtures::AnyoneReenters>();
        assert_caught(
            own_lock(),
            &reports,
            "others_wait",
            &["only the thread that holds"],
        );
    }
}

#[test]
fn a_lock_freed_at_the_first_exit_lets_the_other_in_under_the_outer_level_every_time() {
    for _ in 0..3 {
        let reports = grade_lock::<fixtures::FreedAtFirstExit>();
        assert_caught(
            own_lock(),
            &reports,
            "others_wait",
            &["after the owner left the inner level"],
        );
    }
}

#[test]
fn a_lock_never_freed_after_the_last_exit_is_caught() {
    let reports = grade_lock::<fixtures::NeverFreed>();
    assert_caught(
        own_lock(),
        &reports,
        "owner_reenters",
        &["must be free after n exits"],
    );
}
