//! Wrong versions of "spread_the_sum", each graded, and caught by the check that names its
//! mistake. Only the tests here use them: they are not exercises.

use std::ops::Range;
use std::sync::{Mutex, PoisonError, mpsc};
use std::thread;

use exercise_kit::contract::{assert_caught, describe, run_at_once};
use exercise_kit::grading::{CheckReport, Exercise, Outcome};
use foundations_exercises::chapter;
use foundations_exercises::spread_the_sum::{self, SpreadSum, SumPart};

pub fn exercise() -> &'static Exercise {
    chapter().exercise("spread_the_sum")
}

/// Grades a version with its checks side by side: a version whose parts run one after another
/// waits out the patience in two checks, and pays it once.
fn grade<S: SpreadSum>() -> Vec<CheckReport> {
    run_at_once(&exercise().bind(&spread_the_sum::runs::<S>()))
}

#[test]
fn the_serial_starter_sums_right_but_is_caught_running_one_part_after_another() {
    // An edited starter is the student's work, graded by `your_work::spread_the_sum`, not an example.
    if !exercise().starter_untouched() {
        return;
    }
    let checks = grade::<spread_the_sum::starter::Workers>();
    assert_eq!(checks[0].outcome, Outcome::Passed, "{}", describe(&checks));
    assert_caught(
        exercise(),
        &checks,
        "four_workers_meet",
        &["one after another"],
    );
    assert_caught(
        exercise(),
        &checks,
        "big_sum_on_two",
        &["one after another"],
    );
}

#[test]
fn threads_joined_as_soon_as_they_are_spawned_still_run_one_after_another() {
    // The wait inside the work makes this a certainty, not a likelihood: one run proves it.
    let checks = grade::<SpawnThenJoin>();
    assert_eq!(checks[0].outcome, Outcome::Passed, "{}", describe(&checks));
    assert_caught(
        exercise(),
        &checks,
        "four_workers_meet",
        &["one after another"],
    );
}

#[test]
fn threads_that_take_turns_under_one_lock_run_one_after_another() {
    let checks = grade::<TakeTurns>();
    assert_caught(
        exercise(),
        &checks,
        "four_workers_meet",
        &["one after another"],
    );
}

#[test]
fn one_thread_doing_every_number_while_the_others_idle_is_caught() {
    let checks = grade::<OneBusyThread>();
    assert_caught(
        exercise(),
        &checks,
        "four_workers_meet",
        &["not spread evenly"],
    );
}

#[test]
fn calling_sum_part_as_asked_but_summing_on_the_calling_thread_is_caught() {
    let checks = grade::<IgnoresTheWork>();
    assert_caught(
        exercise(),
        &checks,
        "right_sums",
        &["sum_part returned add up to"],
    );
}

#[test]
fn calling_sum_part_once_in_parallel_and_again_for_the_total_is_caught() {
    let checks = grade::<WorksTwice>();
    assert_caught(
        exercise(),
        &checks,
        "four_workers_meet",
        &["called 8 times"],
    );
}

#[test]
fn a_formula_instead_of_the_work_is_caught() {
    let checks = grade::<Formula>();
    assert_caught(exercise(), &checks, "right_sums", &["never called"]);
}

#[test]
fn parts_that_drop_the_remainder_are_caught() {
    let checks = grade::<DropsTheRemainder>();
    assert_caught(
        exercise(),
        &checks,
        "right_sums",
        &["cover every number below"],
    );
}

#[test]
fn a_total_read_before_the_work_and_written_after_it_loses_parts_every_time() {
    // The parts wait for each other inside the work, so every worker reads the total before any
    // writes it: forced, not lucky.
    for _ in 0..3 {
        let checks = grade::<LostUpdates>();
        for run in ["four_workers_meet", "big_sum_on_two"] {
            assert_caught(exercise(), &checks, run, &["sum_part returned add up to"]);
        }
    }
}

/// Cuts `0..n` into `workers` parts of nearly equal length, as the starter does.
fn parts(n: u64, workers: usize) -> Vec<Range<u64>> {
    let workers = workers.max(1) as u64;
    (0..workers)
        .map(|part| (n * part / workers)..(n * (part + 1) / workers))
        .collect()
}

/// Serial: each thread is joined before the next is spawned, the classic lazy-iterator mistake.
struct SpawnThenJoin;

impl SpreadSum for SpawnThenJoin {
    fn spread_sum(n: u64, workers: usize, sum_part: SumPart<'_>) -> u128 {
        thread::scope(|scope| {
            parts(n, workers)
                .into_iter()
                .map(|part| scope.spawn(move || sum_part(part)))
                .map(|thread| thread.join().unwrap())
                .sum()
        })
    }
}

/// Serial: one thread per part, all started at once, but each holds one shared lock while it
/// works, so only one works at a time.
struct TakeTurns;

impl SpreadSum for TakeTurns {
    fn spread_sum(n: u64, workers: usize, sum_part: SumPart<'_>) -> u128 {
        let turn = Mutex::new(());
        thread::scope(|scope| {
            let threads: Vec<_> = parts(n, workers)
                .into_iter()
                .map(|part| {
                    let turn = &turn;
                    scope.spawn(move || {
                        let _turn = turn.lock().unwrap_or_else(PoisonError::into_inner);
                        sum_part(part)
                    })
                })
                .collect();
            threads
                .into_iter()
                .map(|thread| thread.join().unwrap())
                .sum()
        })
    }
}

/// Serial in effect: one thread per worker, all at once, but the first gets every number and
/// the others nothing.
struct OneBusyThread;

impl SpreadSum for OneBusyThread {
    fn spread_sum(n: u64, workers: usize, sum_part: SumPart<'_>) -> u128 {
        thread::scope(|scope| {
            let threads: Vec<_> = (0..workers)
                .map(|worker| {
                    let part = if worker == 0 { 0..n } else { n..n };
                    scope.spawn(move || sum_part(part))
                })
                .collect();
            threads
                .into_iter()
                .map(|thread| thread.join().unwrap())
                .sum()
        })
    }
}

/// Calls the work as asked, once per part, each on its own thread, all at once; then throws its
/// results away and sums the squares itself, on the calling thread.
struct IgnoresTheWork;

impl SpreadSum for IgnoresTheWork {
    fn spread_sum(n: u64, workers: usize, sum_part: SumPart<'_>) -> u128 {
        thread::scope(|scope| {
            for part in parts(n, workers) {
                scope.spawn(move || sum_part(part));
            }
        });
        (0..n).map(|i| u128::from(i) * u128::from(i)).sum()
    }
}

/// Calls the work once per part on threads, all at once, and then again, part after part on
/// the calling thread, for the total it returns.
struct WorksTwice;

impl SpreadSum for WorksTwice {
    fn spread_sum(n: u64, workers: usize, sum_part: SumPart<'_>) -> u128 {
        thread::scope(|scope| {
            for part in parts(n, workers) {
                scope.spawn(move || sum_part(part));
            }
        });
        parts(n, workers).into_iter().map(sum_part).sum()
    }
}

/// Hard-coded: the sum of the squares below `n` by its formula, without the work.
struct Formula;

impl SpreadSum for Formula {
    fn spread_sum(n: u64, _workers: usize, _sum_part: SumPart<'_>) -> u128 {
        let n = u128::from(n);
        (n * n.saturating_sub(1) * (2 * n).saturating_sub(1)) / 6
    }
}

/// Off by a few: every part has `n / workers` numbers, so the last `n % workers` are dropped.
struct DropsTheRemainder;

impl SpreadSum for DropsTheRemainder {
    fn spread_sum(n: u64, workers: usize, sum_part: SumPart<'_>) -> u128 {
        let size = n / workers as u64;
        thread::scope(|scope| {
            let threads: Vec<_> = (0..workers as u64)
                .map(|part| scope.spawn(move || sum_part(part * size..(part + 1) * size)))
                .collect();
            threads
                .into_iter()
                .map(|thread| thread.join().unwrap())
                .sum()
        })
    }
}

/// Racy: each worker reads the shared total, does its part, and writes back what it read plus
/// its part's sum, so the workers overwrite each other's additions.
struct LostUpdates;

impl SpreadSum for LostUpdates {
    fn spread_sum(n: u64, workers: usize, sum_part: SumPart<'_>) -> u128 {
        let total = Mutex::new(0);
        thread::scope(|scope| {
            for part in parts(n, workers) {
                let total = &total;
                scope.spawn(move || {
                    let before = *total.lock().unwrap();
                    let sum = sum_part(part);
                    *total.lock().unwrap() = before + sum;
                });
            }
        });
        total.into_inner().unwrap()
    }
}

/// Deadlocks: the workers send their sums over a channel, and the calling thread reads it to
/// its end; but it still holds a sender itself, so the end never comes.
pub struct ChannelNeverCloses;

impl SpreadSum for ChannelNeverCloses {
    fn spread_sum(n: u64, workers: usize, sum_part: SumPart<'_>) -> u128 {
        let (sums, received) = mpsc::channel();
        thread::scope(|scope| {
            for part in parts(n, workers) {
                let sums = sums.clone();
                scope.spawn(move || sums.send(sum_part(part)).unwrap());
            }
            received.iter().sum()
        })
    }
}
