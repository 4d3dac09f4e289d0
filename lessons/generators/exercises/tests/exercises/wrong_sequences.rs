//! Wrong versions of the exercise "lazy_collatz", each with the mistake its doc comment names,
//! for the tests to prove that a check catches it. Not exercises.

use std::sync::mpsc::{Receiver, Sender, channel};

use generators_exercises::lazy_collatz::{Sequence, Step, collatz_step};

/// The shape of the notes' `fib()`: each call hands out a term and computes the next one at
/// once, so there is always one term computed that nobody asked for.
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

/// Lazy, but off by one at the start: the first term is `step(start)`, so `start` is never
/// handed out.
pub struct SkipsTheStart {
    last: Option<u64>,
    step: Step,
}

impl Sequence for SkipsTheStart {
    fn new(start: u64, step: Step) -> Self {
        SkipsTheStart {
            last: Some(start),
            step,
        }
    }
}

impl Iterator for SkipsTheStart {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let last = self.last.filter(|&last| last != 1)?;
        let term = (self.step)(last);
        self.last = Some(term);
        Some(term)
    }
}

/// Lazy, but off by one at the end: it stops when `step` answers 1, without handing out the 1.
pub struct StopsBeforeOne {
    last: Option<u64>,
    step: Step,
    started: bool,
}

impl Sequence for StopsBeforeOne {
    fn new(start: u64, step: Step) -> Self {
        StopsBeforeOne {
            last: Some(start),
            step,
            started: false,
        }
    }
}

impl Iterator for StopsBeforeOne {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let last = self.last?;
        if !self.started {
            self.started = true;
            return Some(last);
        }
        let term = (self.step)(last);
        self.last = (term != 1).then_some(term);
        self.last
    }
}

/// Calls `step` exactly as the contract asks (once per term after the first, with the term
/// before, when the term is asked for), but throws its answer away and hands out the Collatz
/// term it computes itself: the calls the grader counts are not the work.
pub struct IgnoresStep {
    last: Option<u64>,
    step: Step,
    started: bool,
}

impl Sequence for IgnoresStep {
    fn new(start: u64, step: Step) -> Self {
        IgnoresStep {
            last: Some(start),
            step,
            started: false,
        }
    }
}

impl Iterator for IgnoresStep {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let last = self.last?;
        if !self.started {
            self.started = true;
            return Some(last);
        }
        if last == 1 {
            self.last = None;
            return None;
        }
        let _ = (self.step)(last);
        let term = collatz_step(last);
        self.last = Some(term);
        Some(term)
    }
}

/// Hard-coded for the inputs a grader used to give: the Collatz terms it computes itself,
/// except from 2, where the old endless rule counted up; it calls `step` once per term, as
/// asked, and ignores the answer.
pub struct HardCoded {
    inner: IgnoresStep,
    counts_up: bool,
}

impl Sequence for HardCoded {
    fn new(start: u64, step: Step) -> Self {
        HardCoded {
            inner: IgnoresStep::new(start, step),
            counts_up: start == 2,
        }
    }
}

impl Iterator for HardCoded {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        if !self.counts_up || !self.inner.started {
            return self.inner.next();
        }
        let last = self.inner.last?;
        let _ = (self.inner.step)(last);
        self.inner.last = Some(last + 1);
        self.inner.last
    }
}

/// Eager behind a lazy face: `new` computes every Collatz term itself, and `next()` then calls
/// `step` once per term, as the contract asks, only to be counted.
pub struct EagerBehindTheCalls {
    terms: Vec<u64>,
    handed_out: usize,
    step: Step,
}

impl Sequence for EagerBehindTheCalls {
    fn new(start: u64, step: Step) -> Self {
        let mut terms = vec![start];
        while let Some(&last) = terms.last().filter(|&&last| last != 1) {
            terms.push(collatz_step(last));
        }
        EagerBehindTheCalls {
            terms,
            handed_out: 0,
            step,
        }
    }
}

impl Iterator for EagerBehindTheCalls {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let term = *self.terms.get(self.handed_out)?;
        if self.handed_out > 0 {
            let _ = (self.step)(self.terms[self.handed_out - 1]);
        }
        self.handed_out += 1;
        Some(term)
    }
}

/// Waits for its terms on a channel, as a generator on a thread would, but no thread was ever
/// started, and it keeps the sender itself, so the channel never closes: the first `next()`
/// blocks forever.
pub struct WaitsForAProducer {
    terms: Receiver<u64>,
    _sender: Sender<u64>,
    _step: Step,
}

impl Sequence for WaitsForAProducer {
    fn new(_start: u64, step: Step) -> Self {
        let (sender, terms) = channel();
        WaitsForAProducer {
            terms,
            _sender: sender,
            _step: step,
        }
    }
}

impl Iterator for WaitsForAProducer {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        self.terms.recv().ok()
    }
}
