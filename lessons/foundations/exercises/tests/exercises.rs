//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and the checks catch the usual wrong answers (serial, racy,
//! deadlocking, hard-coded, and ones that call what they are given without doing the work), each
//! in the check that names its mistake, the same way on every run.
//!
//! One test program: the wrong versions of each exercise, with their tests, are modules in
//! `tests/exercises/`.

use exercise_kit::contract::assert_every_check_times_out;
use foundations_exercises::{chapter, spread_the_sum, survive_a_panic};

exercise_kit::contract_tests!(chapter(), [spread_the_sum, survive_a_panic]);

#[path = "exercises/runners.rs"]
mod runners;
#[path = "exercises/sums.rs"]
mod sums;

// The versions that deadlock, here rather than beside the other wrong versions: each waits out
// its time limits, and tests start in the order of their names, so these start first and the
// test program ends sooner.

#[test]
fn a_deadlocking_sum_a_channel_that_never_closes_is_stopped_by_the_time_limit() {
    assert_every_check_times_out(
        sums::exercise(),
        &spread_the_sum::runs::<sums::ChannelNeverCloses>(),
    );
}

#[test]
fn a_deadlocking_runner_that_holds_the_lock_while_it_joins_is_stopped_by_the_time_limit() {
    assert_every_check_times_out(
        runners::exercise(),
        &survive_a_panic::runs::<runners::HoldsTheLock>(),
    );
}
