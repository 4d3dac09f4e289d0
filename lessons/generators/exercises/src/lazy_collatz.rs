//! The exercise "lazy_collatz": its contract, and the checks that grade it.
//!
//! The student edits `lazy_collatz.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/lazy_collatz.rs`. Both are compiled in below and implement
//! [`Sequence`], so an edited starter is graded by exactly the checks the reference passes. The
//! checks' names, points and time limits are declared in `exercises.toml`; the sequences are
//! short, so reaching a limit means an endless loop.
//!
//! The grader hands the sequence its `step` function and counts the calls: that count is the
//! work the sequence did, and it proves whether a term was computed before anyone asked for it.

use std::cell::Cell;
use std::rc::Rc;

use exercise_kit::grading::{Code, Runs};

#[path = "../lazy_collatz.rs"]
pub mod starter;

#[path = "../../solutions/lazy_collatz.rs"]
pub mod solution;

/// The rule that computes a term from the one before it.
pub type Step = Box<dyn FnMut(u64) -> u64>;

/// A sequence that starts at a number and ends with the first term equal to 1, as every version
/// of the exercise offers it.
pub trait Sequence: Iterator<Item = u64> + Sized + 'static {
    /// The sequence whose first term is `start` (at least 1) and whose every later term is
    /// `step` of the term before it; it ends after the first term equal to 1.
    fn new(start: u64, step: Step) -> Self;
}

/// The Collatz rule: half of an even number, three times an odd one plus one.
pub fn collatz_step(n: u64) -> u64 {
    if n.is_multiple_of(2) {
        n / 2
    } else {
        3 * n + 1
    }
}

/// More calls of `step` than any check needs: past it, the sequence is computing on its own.
const BUDGET: usize = 1000;

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Collatz>(),
        Code::Solution => runs::<solution::Collatz>(),
    }
}

/// The checks' functions for any sequence, under the names `exercises.toml` declares (the tests
/// also grade small broken variants).
pub fn runs<S: Sequence>() -> Runs {
    exercise_kit::runs![values::<S>, one_step_per_term::<S>, endless::<S>]
}

/// `rule` with a counter of its calls. Past [`BUDGET`] calls it answers 1, which ends any loop
/// that waits for 1: an eager sequence whose rule never reaches 1 then stops, and fails its
/// check by the count, instead of filling the machine's memory.
fn counted(rule: fn(u64) -> u64) -> (Step, Rc<Cell<usize>>) {
    let calls = Rc::new(Cell::new(0));
    let counter = Rc::clone(&calls);
    let step = Box::new(move |n| {
        counter.set(counter.get() + 1);
        if counter.get() > BUDGET { 1 } else { rule(n) }
    });
    (step, calls)
}

fn values<S: Sequence>() -> Result<(), String> {
    let cases: [(u64, &[u64]); 3] = [
        (6, &[6, 3, 10, 5, 16, 8, 4, 2, 1]),
        (1, &[1]),
        (5, &[5, 16, 8, 4, 2, 1]),
    ];
    for (start, expected) in cases {
        let (step, _) = counted(collatz_step);
        let got: Vec<u64> = S::new(start, step).take(expected.len() + 5).collect();
        if got != expected {
            return Err(format!(
                "starting at {start}, the sequence gave {got:?}; expected {expected:?}"
            ));
        }
    }
    let (step, _) = counted(collatz_step);
    let long: Vec<u64> = S::new(27, step).take(200).collect();
    let highest = long.iter().max().copied();
    if (long.len(), highest, long.last()) != (112, Some(9232), Some(&1)) {
        return Err(format!(
            "starting at 27, expected 112 terms, the highest 9232, the last 1; got {} terms, \
             the highest {highest:?}, the last {:?}",
            long.len(),
            long.last()
        ));
    }
    Ok(())
}

fn one_step_per_term<S: Sequence>() -> Result<(), String> {
    let (step, calls) = counted(collatz_step);
    let mut sequence = S::new(6, step);
    if calls.get() != 0 {
        return Err(format!(
            "new(6, step) called step {} times; a lazy sequence computes nothing until \
             next() asks for a term",
            calls.get()
        ));
    }
    for k in 1..=9 {
        let term = sequence.next();
        if term.is_none() {
            return Err(format!("next() number {k} gave None; 6 has 9 terms"));
        }
        if calls.get() != k - 1 {
            return Err(format!(
                "after {k} terms step was called {} times; expected {}: the first term is \
                 `start` itself, and each later term costs one call, made when it is asked for",
                calls.get(),
                k - 1
            ));
        }
    }
    for _ in 0..2 {
        if let Some(term) = sequence.next() {
            return Err(format!(
                "after the term 1, next() gave {term}; expected None"
            ));
        }
    }
    if calls.get() != 8 {
        return Err(format!(
            "after the sequence ended, step had been called {} times; expected 8: the end \
             after 1 needs no call",
            calls.get()
        ));
    }
    Ok(())
}

fn endless<S: Sequence>() -> Result<(), String> {
    // Counting up from 2 never reaches 1: only laziness lets anyone take a few terms.
    let (step, calls) = counted(|n| n + 1);
    let mut sequence = S::new(2, step);
    let first: Vec<u64> = sequence.by_ref().take(5).collect();
    if first != [2, 3, 4, 5, 6] {
        return Err(format!(
            "with the rule n + 1 from 2, the first 5 terms were {first:?}; expected [2, 3, 4, 5, 6]"
        ));
    }
    match calls.get() {
        4 => {}
        called if called > BUDGET => {
            return Err(format!(
                "5 terms of an endless sequence called step more than {BUDGET} times (then the \
                 grader answered 1 to stop it); expected 4: it computes terms nobody asked for"
            ));
        }
        called => {
            return Err(format!(
                "5 terms of an endless sequence called step {called} times; expected 4"
            ));
        }
    }
    Ok(())
}
