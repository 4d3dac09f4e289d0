//! Reference solution of the exercise "running_average" (the starter is
//! `exercises/running_average.rs`).
//!
//! The fields are what a Python generator would keep in its local variables between two
//! `yield`s: a total, a count, and whether it has been closed. No list of values is needed.

use crate::running_average::{Averager, Closed};

pub struct Average {
    total: f64,
    count: u32,
    closed: bool,
}

impl Average {
    fn average(&self) -> Option<f64> {
        (self.count > 0).then(|| self.total / f64::from(self.count))
    }
}

impl Averager for Average {
    fn new() -> Self {
        Average {
            total: 0.0,
            count: 0,
            closed: false,
        }
    }

    fn send(&mut self, value: f64) -> Result<f64, Closed> {
        if self.closed {
            return Err(Closed);
        }
        self.total += value;
        self.count += 1;
        Ok(self.total / f64::from(self.count))
    }

    fn close(&mut self) -> Option<f64> {
        self.closed = true;
        self.average()
    }
}
