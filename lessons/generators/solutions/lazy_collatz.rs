//! Reference solution of the exercise "lazy_collatz" (the starter is `exercises/lazy_collatz.rs`).
//!
//! The sequence remembers only where it is, as a small state machine, and computes a term when
//! `next()` asks for it: the Rust form of a Python generator with a `while` loop and a `yield`.

use crate::lazy_collatz::{Sequence, Step};

pub struct Collatz {
    state: State,
    step: Step,
}

/// Where the sequence is between two calls of `next()`.
enum State {
    /// Nothing handed out yet; the first term is the start.
    Start(u64),
    /// The last term handed out; the next one is computed from it when it is asked for.
    After(u64),
    /// 1 has been handed out: the sequence is over.
    Ended,
}

impl Sequence for Collatz {
    fn new(start: u64, step: Step) -> Self {
        Collatz {
            state: State::Start(start),
            step,
        }
    }
}

impl Iterator for Collatz {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let term = match self.state {
            State::Start(start) => start,
            // Ending costs no call of `step`: the term 1 is the last.
            State::After(1) | State::Ended => {
                self.state = State::Ended;
                return None;
            }
            State::After(last) => (self.step)(last),
        };
        self.state = State::After(term);
        Some(term)
    }
}
