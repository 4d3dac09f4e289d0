//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and the checks tell an eager or one-ahead generator and a
//! coroutine that panics when closed from correct ones, the same way on every run.

use exercise_kit::contract::{describe, run_all};
use exercise_kit::grading::{CheckReport, Code, Outcome};
use generators_exercises::chapter;
use generators_exercises::lazy_collatz::{self, Sequence};
use generators_exercises::running_average::{self, Averager};

exercise_kit::contract_tests!(chapter());

#[test]
fn the_eager_starter_gives_the_right_values_but_fails_both_laziness_checks() {
    let checks = run_all(&chapter().exercise("lazy_collatz").checks_of(Code::Starter));
    let [values, ahead, endless] = &checks[..] else {
        panic!("expected 3 checks:{}", describe(&checks));
    };
    assert_eq!(values.outcome, Outcome::Passed, "{}", describe(&checks));
    assert!(
        matches!(&ahead.outcome, Outcome::Failed(m) if m.contains("new(6, step) called step 8 times")),
        "{}",
        describe(&checks)
    );
    // The grader's budget stops the eager loop on the endless rule, long before the time limit:
    // it fails fast, and never fills the memory.
    assert!(
        matches!(&endless.outcome, Outcome::Failed(m) if m.contains("more than 1000 times")),
        "{}",
        describe(&checks)
    );
}

fn grade_sequence<S: Sequence>() -> Vec<CheckReport> {
    run_all(
        &chapter()
            .exercise("lazy_collatz")
            .bind(&lazy_collatz::runs::<S>()),
    )
}

fn grade_averager<A: Averager>() -> Vec<CheckReport> {
    run_all(
        &chapter()
            .exercise("running_average")
            .bind(&running_average::runs::<A>()),
    )
}

#[test]
fn a_generator_that_computes_one_term_ahead_is_caught_on_every_run() {
    for run in 1..=10 {
        let checks = grade_sequence::<fixtures::OneAhead>();
        let [values, ahead, endless] = &checks[..] else {
            panic!("expected 3 checks:{}", describe(&checks));
        };
        assert_eq!(
            values.outcome,
            Outcome::Passed,
            "run {run}:{}",
            describe(&checks)
        );
        assert!(
            matches!(&ahead.outcome, Outcome::Failed(m) if m.contains("after 1 terms step was called 1 times")),
            "run {run}:{}",
            describe(&checks)
        );
        assert!(
            matches!(&endless.outcome, Outcome::Failed(m) if m.contains("called step 5 times")),
            "run {run}:{}",
            describe(&checks)
        );
    }
}

#[test]
fn a_generator_that_does_not_stop_at_1_fails_the_values() {
    let checks = grade_sequence::<fixtures::NeverEnds>();
    assert!(
        matches!(&checks[0].outcome, Outcome::Failed(m) if m.contains("starting at 6")),
        "{}",
        describe(&checks)
    );
}

#[test]
fn an_averager_that_panics_when_closed_loses_only_the_closed_check() {
    let checks = grade_averager::<fixtures::PanicsWhenClosed>();
    let failed: Vec<&str> = checks
        .iter()
        .filter(|check| check.outcome != Outcome::Passed)
        .map(|check| check.name)
        .collect();
    assert_eq!(
        failed,
        ["after close(), send() is Err(Closed) and changes nothing"],
        "{}",
        describe(&checks)
    );
    assert!(
        matches!(&checks[2].outcome, Outcome::Failed(m) if m.contains("panicked")),
        "{}",
        describe(&checks)
    );
}

#[test]
fn an_averager_that_keeps_every_value_in_a_list_passes_too() {
    let checks = grade_averager::<fixtures::KeepsAList>();
    assert!(
        checks.iter().all(|check| check.outcome == Outcome::Passed),
        "{}",
        describe(&checks)
    );
}

/// Small broken and unusual versions, to show what the checks catch. Not exercises.
mod fixtures {
    use super::{Averager, Sequence};
    use generators_exercises::lazy_collatz::Step;
    use generators_exercises::running_average::Closed;

    /// The shape of the notes' `fib()`: each call hands out a term and computes the next one
    /// at once, so there is always one term computed that nobody asked for.
    pub struct OneAhead {
        next: Option<u64>,
        step: Step,
    }

    impl Sequence for OneAhead {
        fn new(start: u64, step: Step) -> Self {
            OneAhead {
                next: Some(start),
                step,
            }
        }
    }

    impl Iterator for OneAhead {
        type Item = u64;

        fn next(&mut self) -> Option<u64> {
            let term = self.next?;
            self.next = (term != 1).then(|| (self.step)(term));
            Some(term)
        }
    }

    /// Lazy, but goes on after 1: 1, 4, 2, 1, ...
    pub struct NeverEnds {
        next: u64,
        step: Step,
        started: bool,
    }

    impl Sequence for NeverEnds {
        fn new(start: u64, step: Step) -> Self {
            NeverEnds {
                next: start,
                step,
                started: false,
            }
        }
    }

    impl Iterator for NeverEnds {
        type Item = u64;

        fn next(&mut self) -> Option<u64> {
            if self.started {
                self.next = (self.step)(self.next);
            }
            self.started = true;
            Some(self.next)
        }
    }

    /// Right while open; treats a value sent after close as a bug and panics.
    pub struct PanicsWhenClosed {
        total: f64,
        count: u32,
        closed: bool,
    }

    impl Averager for PanicsWhenClosed {
        fn new() -> Self {
            PanicsWhenClosed {
                total: 0.0,
                count: 0,
                closed: false,
            }
        }

        fn send(&mut self, value: f64) -> Result<f64, Closed> {
            assert!(!self.closed, "sent a value after close");
            self.total += value;
            self.count += 1;
            Ok(self.total / f64::from(self.count))
        }

        fn close(&mut self) -> Option<f64> {
            self.closed = true;
            (self.count > 0).then(|| self.total / f64::from(self.count))
        }
    }

    /// Correct, with more memory than it needs.
    pub struct KeepsAList {
        values: Vec<f64>,
        closed: bool,
    }

    impl Averager for KeepsAList {
        fn new() -> Self {
            KeepsAList {
                values: Vec::new(),
                closed: false,
            }
        }

        fn send(&mut self, value: f64) -> Result<f64, Closed> {
            if self.closed {
                return Err(Closed);
            }
            self.values.push(value);
            Ok(self.values.iter().sum::<f64>() / self.values.len() as f64)
        }

        fn close(&mut self) -> Option<f64> {
            self.closed = true;
            (!self.values.is_empty())
                .then(|| self.values.iter().sum::<f64>() / self.values.len() as f64)
        }
    }
}
