//! Exercise "running_average": a coroutine that takes values with `send` and stops at `close`.
//!
//! In Python this is a generator that receives numbers through `send()` and answers each one
//! with the average of all the numbers so far:
//!
//! ```text
//! averager.send(10)  ->  10.0
//! averager.send(20)  ->  15.0
//! averager.send(60)  ->  30.0
//! ```
//!
//! Rust has no such generators on stable, so `Average` is a state machine: its fields are the
//! generator's local variables, and its methods run the code between two `yield`s. As shipped,
//! it forgets every value as soon as it has answered, and `close` closes nothing.
//!
//! The contract the grader relies on (`Averager` in `src/running_average.rs`):
//! - `send(value)` returns `Ok(average of every value sent so far)`;
//! - `close()` returns the average of all the values taken, or `None` if there were none;
//! - after `close()`, `send` returns `Err(Closed)` and counts nothing; closing again is harmless.
//!
//! Grade it: `cargo grade --exercise running_average`. Stuck? `cargo grade --hint running_average`.

use crate::running_average::{Averager, Closed};

pub struct Average {
    // TODO: the state that must survive from one `send` to the next.
}

impl Averager for Average {
    fn new() -> Self {
        Average {}
    }

    fn send(&mut self, value: f64) -> Result<f64, Closed> {
        // TODO: remember the value, answer with the average of all of them, and refuse values
        // once closed.
        Ok(value)
    }

    fn close(&mut self) -> Option<f64> {
        // TODO: stop taking values, and give the final average.
        None
    }
}
