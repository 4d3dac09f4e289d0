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
//! Past the Collatz values, `step` is a rule of the grader's own that no version can know (a
//! seeded scramble), so a term can only come from calling it: a version that calls `step` to be
//! counted but computes its terms another way gives wrong terms, and fails.

use std::cell::Cell;
use std::rc::Rc;

use exercise_kit::grading::{Code, Runs};

use exercise_kit::seeded;

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
    exercise_kit::runs![
        values::<S>,
        follows_step::<S>,
        one_step_per_term::<S>,
        endless::<S>
    ]
}

/// A rule of the grader's own, which no version can know in advance: it scrambles a term into
/// another of 4 digits (never 1), by a seeded hash, and answers 1 for the term `ends_at`. A
/// sequence can only give its terms by calling `step`, so the calls the grader counts are the
/// work itself, not a signal that a version could send without doing it.
#[derive(Debug, Clone, Copy)]
struct Scrambled {
    seed: u64,
    ends_at: Option<u64>,
}

impl Scrambled {
    /// A rule that never reaches 1.
    fn endless(seed: u64) -> Self {
        Scrambled {
            seed,
            ends_at: None,
        }
    }

    /// A rule whose sequence from `start` has `terms` terms (at least 2), the last one 1.
    fn ending(seed: u64, start: u64, terms: usize) -> Self {
        let mut rule = Scrambled::endless(seed);
        let before_the_end = (2..terms).fold(start, |term, _| rule.apply(term));
        rule.ends_at = Some(before_the_end);
        rule
    }

    fn apply(self, n: u64) -> u64 {
        if Some(n) == self.ends_at {
            1
        } else {
            1000 + seeded::below(self.seed, n, 9000)
        }
    }

    /// The first `at_most` terms from `start`, up to and with the first 1.
    fn terms(self, start: u64, at_most: usize) -> Vec<u64> {
        let mut terms = vec![start];
        while terms.len() < at_most && terms.last() != Some(&1) {
            terms.push(self.apply(*terms.last().expect("never empty")));
        }
        terms
    }
}

/// `rule` as the `step` a sequence is handed, with a counter of its calls. Past [`BUDGET`]
/// calls it answers 1, which ends any loop that waits for 1: an eager sequence whose rule never
/// reaches 1 then stops, and fails its check by the count, instead of filling the memory.
fn counted(rule: impl Fn(u64) -> u64 + 'static) -> (Step, Rc<Cell<usize>>) {
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

fn follows_step<S: Sequence>() -> Result<(), String> {
    // Rules of the grader's own, of several lengths: a version that computes its terms any
    // other way than by `step`, or passes `step` anything but the term before, gives others.
    for (seed, start, length) in [(13, 1913, 12), (12, 7, 7), (11, 4242, 2)] {
        let rule = Scrambled::ending(seed, start, length);
        let expected = rule.terms(start, length + 5);
        let (step, _) = counted(move |n| rule.apply(n));
        let got: Vec<u64> = S::new(start, step).take(expected.len() + 5).collect();
        if got != expected {
            return Err(format!(
                "with a rule of the grader's own, starting at {start}, the sequence gave \
                 {got:?}; expected {expected:?}: each term after the first is what step \
                 returns for the term before, and 1 is the last"
            ));
        }
    }
    Ok(())
}

fn one_step_per_term<S: Sequence>() -> Result<(), String> {
    let start = 5150;
    let rule = Scrambled::ending(21, start, 9);
    let expected = rule.terms(start, 20);
    let (step, calls) = counted(move |n| rule.apply(n));
    let mut sequence = S::new(start, step);
    if calls.get() != 0 {
        return Err(format!(
            "new({start}, step) called step {} times; a lazy sequence computes nothing until \
             next() asks for a term",
            calls.get()
        ));
    }
    for (k, &wanted) in (1..).zip(&expected) {
        let Some(term) = sequence.next() else {
            return Err(format!(
                "next() number {k} gave None; this sequence has {} terms",
                expected.len()
            ));
        };
        // Only a term that `step` computed shows, by the count, when it was computed.
        if term != wanted {
            return Err(format!(
                "term {k} was {term}; expected {wanted}, what step returns for the term \
                 before: a term computed without step is work the grader cannot see"
            ));
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
    if calls.get() != expected.len() - 1 {
        return Err(format!(
            "after the sequence ended, step had been called {} times; expected {}: the end \
             after 1 needs no call",
            calls.get(),
            expected.len() - 1
        ));
    }
    Ok(())
}

fn endless<S: Sequence>() -> Result<(), String> {
    // A rule of the grader's own that never reaches 1: only laziness lets anyone take a few
    // terms, and only `step` can compute them.
    let (start, rule) = (3907, Scrambled::endless(31));
    let expected = rule.terms(start, 5);
    let (step, calls) = counted(move |n| rule.apply(n));
    let mut sequence = S::new(start, step);
    let first: Vec<u64> = sequence.by_ref().take(5).collect();
    if first != expected {
        return Err(format!(
            "with a rule of the grader's own that never reaches 1, starting at {start}, the \
             first 5 terms were {first:?}; expected {expected:?}, each what step returns for \
             the term before"
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
