//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and each wrong worker and result store kept here (popping the
//! task, acknowledging it before it runs, never, before its result is stored, on failure or on
//! death, taking the newest, running it off the queue, storing nothing; keeping results for ever,
//! for seconds instead of milliseconds, rounded to seconds, with the expiry on another key, or
//! taking a queued job for an expired one) is caught by the check that names its mistake, the
//! same way on every run. Each check starts a Redis server of its own and stops it: every test that
//! grades proves, check by check, that nothing is left behind, passed or failed.
//!
//! Without `redis-server`, every test that grades says it was skipped, and fails under `CI=true`.

use std::panic::catch_unwind;
use std::sync::Once;
use std::thread;
use std::time::Instant;

use beyond_one_machine::redis_server::{on_ci, program, say_skipped, skip_message};
use beyond_one_machine_exercises::ack_after_done::{self, Worker};
use beyond_one_machine_exercises::chapter;
use beyond_one_machine_exercises::expiring_result::{self, Results};
use beyond_one_machine_exercises::in_redis::started_here;
use exercise_kit::contract::{assert_caught, describe};
use exercise_kit::grading::{Check, CheckReport, Code, Exercise, ON_PURPOSE, Outcome};
use lesson_kit::timeout::{Failure, panic_message, run_with_timeout};
use nix::errno::Errno;
use nix::sys::signal::kill;
use nix::unistd::Pid;

// Beside this file, not in `tests/`, where cargo would take it for a test program of its own.
#[path = "exercises/fixtures.rs"]
mod fixtures;

/// Whether Redis is here to grade with: else the test says it was skipped (and fails on CI).
/// Finding the program is enough: every check starts a server and reports any other trouble.
fn redis_here(test: &str) -> bool {
    if program().is_some() {
        return true;
    }
    let message = skip_message(test, on_ci());
    assert!(!on_ci(), "{message}");
    say_skipped(&message);
    false
}

fn acking() -> &'static Exercise {
    chapter().exercise("ack_after_done")
}

fn expiring() -> &'static Exercise {
    chapter().exercise("expiring_result")
}

fn grade_worker<W: Worker>() -> Vec<CheckReport> {
    graded_leaving_nothing(&acking().bind(&ack_after_done::runs::<W>()))
}

fn grade_results<R: Results>() -> Vec<CheckReport> {
    graded_leaving_nothing(&expiring().bind(&expiring_result::runs::<R>()))
}

/// Grades `checks` side by side, each on a thread of its own under its time limit (each starts a
/// server of its own, so none can change another's outcome), and reports them in their order.
/// Panics unless every check started a Redis server and, once it returned, passed or failed,
/// that server is gone, process and folder.
fn graded_leaving_nothing(checks: &[Check]) -> Vec<CheckReport> {
    quiet_on_purpose();
    thread::scope(|scope| {
        let running: Vec<_> = checks
            .iter()
            .map(|check| scope.spawn(move || watched(check)))
            .collect();
        running
            .into_iter()
            .map(|check| {
                check
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Keeps the panics the checks cause on purpose (a worker that dies) out of the output: with
/// `RUST_BACKTRACE` set, each would print, and first resolve, a backtrace. Every other panic, a
/// failing test's own included, is reported as before.
fn quiet_on_purpose() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !panic_message(info.payload()).contains(ON_PURPOSE) {
                before(info);
            }
        }));
    });
}

/// Runs `check` as the grader does, then, on the thread that ran it (the servers it started are
/// recorded per thread), proves that none of them outlived it.
fn watched(check: &Check) -> CheckReport {
    let (name, run) = (check.name, check.run);
    let started = Instant::now();
    let ran = run_with_timeout(check.limit, move || {
        let outcome = match catch_unwind(run) {
            Ok(Ok(())) => Outcome::Passed,
            Ok(Err(message)) => Outcome::Failed(message),
            Err(payload) => {
                Outcome::Failed(Failure::Panicked(panic_message(payload.as_ref())).to_string())
            }
        };
        (outcome, started_here())
    });
    let outcome = match ran {
        Ok((outcome, servers)) => {
            assert!(!servers.is_empty(), "{name}: started no Redis server");
            for (pid, folder) in &servers {
                assert_eq!(
                    kill(Pid::from_raw(*pid as i32), None),
                    Err(Errno::ESRCH),
                    "{name}: the Redis server {pid} still exists ({outcome})"
                );
                assert!(
                    !folder.exists(),
                    "{name}: {} is still there ({outcome})",
                    folder.display()
                );
            }
            outcome
        }
        Err(Failure::TimedOut(limit)) => Outcome::TimedOut(limit),
        Err(failure) => panic!("{name}: the grader's own thread failed: {failure}"),
    };
    CheckReport {
        name,
        points: check.points,
        limit: check.limit,
        outcome,
        elapsed: started.elapsed(),
    }
}

// The contract every chapter's exercises keep (`exercise_kit::contract_tests!`), written out so
// that grading the solutions waits for Redis: without it, they would fail for want of a server.

#[test]
fn the_declaration_and_the_check_functions_agree() {
    assert_eq!(chapter().exercises.len(), 2);
}

/// Both solutions at once: the checks' servers are their own.
#[test]
fn every_reference_solution_gets_full_points() {
    if !redis_here("every_reference_solution_gets_full_points") {
        return;
    }
    thread::scope(|scope| {
        for exercise in &chapter().exercises {
            scope.spawn(move || {
                let reports = graded_leaving_nothing(&exercise.checks_of(Code::Solution));
                assert!(
                    reports
                        .iter()
                        .all(|report| report.outcome == Outcome::Passed),
                    "{}:{}",
                    exercise.id,
                    describe(&reports)
                );
            });
        }
    });
}

#[test]
fn the_files_on_disk_are_the_ones_compiled_in_and_every_hint_is_plain_paragraphs() {
    exercise_kit::contract::assert_files_match(chapter());
}

#[test]
fn your_work_lists_every_exercise_in_order() {
    let declared: Vec<&str> = chapter().exercises.iter().map(|e| e.id).collect();
    assert_eq!(declared, ["ack_after_done", "expiring_result"]);
}

/// `cargo test` grades the student's files (`cargo test -p beyond-one-machine-exercises
/// your_work::<id>`): an untouched starter must fail, an edited one fails until it earns full
/// points.
mod your_work {
    use super::chapter;
    use exercise_kit::contract::assert_your_work;

    #[test]
    fn ack_after_done() {
        assert_your_work(chapter().exercise("ack_after_done"));
    }

    #[test]
    fn expiring_result() {
        assert_your_work(chapter().exercise("expiring_result"));
    }
}

/// Grades `version` unless Redis is missing (then says the test was skipped).
fn graded(test: &str, version: impl FnOnce() -> Vec<CheckReport>) -> Option<Vec<CheckReport>> {
    redis_here(test).then(version)
}

#[test]
fn the_untouched_starters_fail_saying_what_redis_held() {
    let test = "the_untouched_starters_fail_saying_what_redis_held";
    if acking().starter_untouched()
        && let Some(reports) = graded(test, || {
            graded_leaving_nothing(&acking().checks_of(Code::Starter))
        })
    {
        let words = ["on neither the queue", "nor the processing list", "BLMOVE"];
        assert_caught(acking(), &reports, "held_while_it_runs", &words);
        assert_caught(acking(), &reports, "death_loses_nothing", &["nowhere"]);
    }
    if expiring().starter_untouched()
        && let Some(reports) = graded(test, || {
            graded_leaving_nothing(&expiring().checks_of(Code::Starter))
        })
    {
        let words = ["has no expiry (PTTL -1)"];
        assert_caught(expiring(), &reports, "stored_with_its_expiry", &words);
        let words = ["gave Expired, not Fetched::NotDone"];
        assert_caught(expiring(), &reports, "not_done_is_not_expired", &words);
    }
}

#[test]
fn popping_the_task_is_caught_while_it_runs_on_failure_and_on_death() {
    let test = "popping_the_task_is_caught_while_it_runs_on_failure_and_on_death";
    let Some(reports) = graded(test, grade_worker::<fixtures::Pops>) else {
        return;
    };
    let words = [
        "on neither the queue",
        "a worker that died now would lose it",
    ];
    assert_caught(acking(), &reports, "held_while_it_runs", &words);
    assert_caught(
        acking(),
        &reports,
        "failure_keeps_the_task",
        &["was nowhere"],
    );
    assert_caught(acking(), &reports, "death_loses_nothing", &["was nowhere"]);
}

#[test]
fn acknowledging_before_running_is_caught_by_redis_record() {
    let test = "acknowledging_before_running_is_caught_by_redis_record";
    let Some(reports) = graded(test, grade_worker::<fixtures::AcknowledgesBeforeRunning>) else {
        return;
    };
    let words = ["acknowledged (removed from it) before it ran"];
    assert_caught(acking(), &reports, "held_while_it_runs", &words);
}

#[test]
fn never_acknowledging_is_caught() {
    let Some(reports) = graded(
        "never_acknowledging_is_caught",
        grade_worker::<fixtures::NeverAcknowledges>,
    ) else {
        return;
    };
    let words = ["the processing list still held", "never acknowledged"];
    assert_caught(acking(), &reports, "stored_then_acknowledged", &words);
}

#[test]
fn acknowledging_before_storing_the_result_is_caught_by_redis_record() {
    let test = "acknowledging_before_storing_the_result_is_caught_by_redis_record";
    let Some(reports) = graded(test, grade_worker::<fixtures::AcknowledgesThenStores>) else {
        return;
    };
    let words = [
        "was acknowledged before its result was stored",
        "writes after it ran: [\"lrem\"",
    ];
    assert_caught(acking(), &reports, "stored_then_acknowledged", &words);
}

#[test]
fn acknowledging_a_failed_task_is_caught() {
    let test = "acknowledging_a_failed_task_is_caught";
    let Some(reports) = graded(test, grade_worker::<fixtures::AcknowledgesFailures>) else {
        return;
    };
    let words = ["after its task function failed", "was nowhere"];
    assert_caught(acking(), &reports, "failure_keeps_the_task", &words);
}

#[test]
fn acknowledging_when_the_worker_dies_is_caught() {
    let test = "acknowledging_when_the_worker_dies_is_caught";
    let Some(reports) = graded(test, grade_worker::<fixtures::AcknowledgesOnPanic>) else {
        return;
    };
    let words = ["after the worker died while it ran the task", "was nowhere"];
    assert_caught(acking(), &reports, "death_loses_nothing", &words);
}

#[test]
fn taking_the_newest_task_is_caught() {
    let test = "taking_the_newest_task_is_caught";
    let Some(reports) = graded(test, grade_worker::<fixtures::TakesNewest>) else {
        return;
    };
    let words = [
        "but the oldest task waiting was",
        "the oldest is at the right",
    ];
    assert_caught(acking(), &reports, "held_while_it_runs", &words);
}

#[test]
fn running_a_task_still_on_the_queue_is_caught() {
    let test = "running_a_task_still_on_the_queue_is_caught";
    let Some(reports) = graded(test, grade_worker::<fixtures::PeeksThenRemoves>) else {
        return;
    };
    let words = [
        "it was still on the queue",
        "another worker would take it too",
    ];
    assert_caught(acking(), &reports, "held_while_it_runs", &words);
}

#[test]
fn storing_no_result_is_caught() {
    let Some(reports) = graded(
        "storing_no_result_is_caught",
        grade_worker::<fixtures::StoresNothing>,
    ) else {
        return;
    };
    let words = [
        "held no result for",
        "store what the task function returned",
    ];
    assert_caught(acking(), &reports, "stored_then_acknowledged", &words);
}

#[test]
fn a_result_kept_for_ever_is_caught() {
    let Some(reports) = graded(
        "a_result_kept_for_ever_is_caught",
        grade_results::<fixtures::NoExpiry>,
    ) else {
        return;
    };
    let words = ["has no expiry (PTTL -1)", "stay in Redis for ever"];
    assert_caught(expiring(), &reports, "stored_with_its_expiry", &words);
    let words = [
        "has no expiry (PTTL -1)",
        "with a ttl of 80ms",
        "never be removed",
    ];
    assert_caught(expiring(), &reports, "done_then_expired", &words);
}

#[test]
fn milliseconds_given_as_seconds_are_caught() {
    let test = "milliseconds_given_as_seconds_are_caught";
    let Some(reports) = graded(test, grade_results::<fixtures::SecondsForMilliseconds>) else {
        return;
    };
    let words = [
        "more than the 2900 ms asked",
        "EXPIRE and SET ... EX take seconds",
    ];
    assert_caught(expiring(), &reports, "stored_with_its_expiry", &words);
    // Redis tells at once that the result would outlive its 80 ms: no waiting it out.
    let words = ["will live", "more than the 80 ms asked"];
    assert_caught(expiring(), &reports, "done_then_expired", &words);
}

#[test]
fn a_ttl_rounded_to_seconds_is_caught() {
    let test = "a_ttl_rounded_to_seconds_is_caught";
    let Some(reports) = graded(test, grade_results::<fixtures::WholeSeconds>) else {
        return;
    };
    let words = ["with a ttl of 2900 ms", "Rounded to whole seconds?"];
    assert_caught(expiring(), &reports, "stored_with_its_expiry", &words);
    // Below a second it keeps the result a whole second, which Redis tells at once.
    let words = ["will live", "more than the 80 ms asked"];
    assert_caught(expiring(), &reports, "done_then_expired", &words);
}

#[test]
fn an_expiry_on_another_key_is_caught() {
    let test = "an_expiry_on_another_key_is_caught";
    let Some(reports) = graded(test, grade_results::<fixtures::ExpiryOnAnotherKey>) else {
        return;
    };
    let words = ["has no expiry (PTTL -1)", "on the result's own key"];
    assert_caught(expiring(), &reports, "stored_with_its_expiry", &words);
}

#[test]
fn a_queued_job_taken_for_an_expired_one_is_caught() {
    let test = "a_queued_job_taken_for_an_expired_one_is_caught";
    let Some(reports) = graded(test, grade_results::<fixtures::QueuedIsExpired>) else {
        return;
    };
    let words = [
        "for a job queued and not done yet",
        "gave Expired, not Fetched::NotDone",
    ];
    assert_caught(expiring(), &reports, "not_done_is_not_expired", &words);
}

#[test]
fn a_queued_mark_left_behind_is_caught() {
    let test = "a_queued_mark_left_behind_is_caught";
    let Some(reports) = graded(test, grade_results::<fixtures::KeepsTheMark>) else {
        return;
    };
    let words = [
        "gave NotDone, not Fetched::Expired",
        "still there, with no expiry",
        "must end the job's mark",
    ];
    assert_caught(expiring(), &reports, "not_done_is_not_expired", &words);
}
