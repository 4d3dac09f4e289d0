//! Exercise "lazy_collatz": make the Collatz sequence a lazy generator.
//!
//! The Collatz sequence starts at a number and steps on until it reaches 1: half of an even
//! number, three times an odd one plus one. From 6 it goes 6, 3, 10, 5, 16, 8, 4, 2, 1.
//!
//! This `Collatz` gives the right terms, but like a function that returns a list, it computes all
//! of them in `new`, before anyone asks for the first. Make it a generator: `new` computes
//! nothing, and each call of `next()` computes just the term it returns.
//!
//! The contract the grader relies on (`Sequence` in `src/lazy_collatz.rs`):
//! - `new(start, step)`: the first term is `start`, and every later term is `step(previous term)`;
//! - the sequence ends (`next()` gives `None`) after the first term equal to 1;
//! - `step` is called once per term after the first, when that term is asked for, and never
//!   otherwise: the grader counts the calls, and its `step` may never reach 1.
//!
//! Grade it: `cargo grade --exercise lazy_collatz`. Stuck? `cargo grade --hint lazy_collatz`.

use std::collections::VecDeque;

use crate::lazy_collatz::{Sequence, Step};

pub struct Collatz {
    terms: VecDeque<u64>,
}

impl Sequence for Collatz {
    fn new(start: u64, mut step: Step) -> Self {
        // TODO: this computes every term up front, and never ends if the terms never reach 1.
        // Keep only what the next call of `next()` needs to know instead.
        let mut terms = VecDeque::from([start]);
        let mut term = start;
        while term != 1 {
            term = step(term);
            terms.push_back(term);
        }
        Collatz { terms }
    }
}

impl Iterator for Collatz {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        self.terms.pop_front()
    }
}
