//! Wrong versions of the exercise "running_average", each with the mistake its doc comment
//! names, and one unusual right one, for the tests to prove what the checks catch. Not
//! exercises.

use std::cell::Cell;

use generators_exercises::running_average::{Averager, Closed};

/// The total, the count and whether it is closed: what a right version keeps, for the wrong
/// ones below to get wrong one way each.
#[derive(Default)]
struct Sums {
    total: f64,
    count: u32,
    closed: bool,
}

impl Sums {
    fn average(&self) -> Option<f64> {
        (self.count > 0).then(|| self.total / f64::from(self.count))
    }
}

/// Right while open; treats a value sent after close as a bug and panics.
#[derive(Default)]
pub struct PanicsWhenClosed(Sums);

impl Averager for PanicsWhenClosed {
    fn new() -> Self {
        Self::default()
    }

    fn send(&mut self, value: f64) -> Result<f64, Closed> {
        assert!(!self.0.closed, "sent a value after close");
        self.0.total += value;
        self.0.count += 1;
        Ok(self.0.total / f64::from(self.0.count))
    }

    fn close(&mut self) -> Option<f64> {
        self.0.closed = true;
        self.0.average()
    }
}

/// Refuses a value after close, as asked, but counts it all the same: the refusal is only the
/// answer, not the behaviour.
#[derive(Default)]
pub struct CountsAfterClose(Sums);

impl Averager for CountsAfterClose {
    fn new() -> Self {
        Self::default()
    }

    fn send(&mut self, value: f64) -> Result<f64, Closed> {
        self.0.total += value;
        self.0.count += 1;
        if self.0.closed {
            return Err(Closed);
        }
        Ok(self.0.total / f64::from(self.0.count))
    }

    fn close(&mut self) -> Option<f64> {
        self.0.closed = true;
        self.0.average()
    }
}

/// Hands the average out at close and starts over, so closing again says `None`.
#[derive(Default)]
pub struct EmptiesAtClose(Sums);

impl Averager for EmptiesAtClose {
    fn new() -> Self {
        Self::default()
    }

    fn send(&mut self, value: f64) -> Result<f64, Closed> {
        if self.0.closed {
            return Err(Closed);
        }
        self.0.total += value;
        self.0.count += 1;
        Ok(self.0.total / f64::from(self.0.count))
    }

    fn close(&mut self) -> Option<f64> {
        let average = self.0.average();
        self.0 = Sums {
            closed: true,
            ..Sums::default()
        };
        average
    }
}

/// Divides by the count even when it is 0: closing an averager that was sent nothing gives
/// `Some(NaN)` instead of `None`.
#[derive(Default)]
pub struct DividesByZero(Sums);

impl Averager for DividesByZero {
    fn new() -> Self {
        Self::default()
    }

    fn send(&mut self, value: f64) -> Result<f64, Closed> {
        if self.0.closed {
            return Err(Closed);
        }
        self.0.total += value;
        self.0.count += 1;
        Ok(self.0.total / f64::from(self.0.count))
    }

    fn close(&mut self) -> Option<f64> {
        self.0.closed = true;
        Some(self.0.total / f64::from(self.0.count))
    }
}

/// Keeps the protocol's outward form (a count, `Err(Closed)` after close, `None` when empty)
/// without averaging: it answers halfway between the first value and the last, which is the
/// average of any two values and of any evenly spaced run.
#[derive(Default)]
pub struct FirstAndLast {
    first: Option<f64>,
    last: f64,
    closed: bool,
}

impl Averager for FirstAndLast {
    fn new() -> Self {
        Self::default()
    }

    fn send(&mut self, value: f64) -> Result<f64, Closed> {
        if self.closed {
            return Err(Closed);
        }
        let first = *self.first.get_or_insert(value);
        self.last = value;
        Ok((first + value) / 2.0)
    }

    fn close(&mut self) -> Option<f64> {
        self.closed = true;
        self.first.map(|first| (first + self.last) / 2.0)
    }
}

/// Hard-coded: the answers a grader with fixed inputs expects, looked up by how many values came
/// before and the value sent; the answer to anything else is the value itself.
#[derive(Default)]
pub struct HardCoded {
    count: u32,
    last: Option<f64>,
    closed: bool,
}

impl Averager for HardCoded {
    fn new() -> Self {
        Self::default()
    }

    fn send(&mut self, value: f64) -> Result<f64, Closed> {
        if self.closed {
            return Err(Closed);
        }
        self.count += 1;
        let known = [
            (2, 20.0, 15.0),
            (3, 60.0, 30.0),
            (1000, 1000.0, 500.5),
            (2, 5.0, 4.0),
            (2, 4.0, 3.0),
            (2, 3.0, 2.0),
            (3, 5.0, 3.0),
        ];
        let answer = known
            .iter()
            .find(|&&(count, sent, _)| count == self.count && sent == value)
            .map_or(value, |&(_, _, answer)| answer);
        self.last = Some(answer);
        Ok(answer)
    }

    fn close(&mut self) -> Option<f64> {
        self.closed = true;
        self.last
    }
}

thread_local! {
    static TOTAL: Cell<f64> = const { Cell::new(0.0) };
    static COUNT: Cell<u32> = const { Cell::new(0) };
}

/// Keeps the total and the count in one place for every averager (as a module-level variable
/// would in Python), and starts them over in `new`: right for one averager at a time, wrong as
/// soon as two are open.
#[derive(Default)]
pub struct SharedTotals {
    closed: bool,
}

impl Averager for SharedTotals {
    fn new() -> Self {
        TOTAL.set(0.0);
        COUNT.set(0);
        Self::default()
    }

    fn send(&mut self, value: f64) -> Result<f64, Closed> {
        if self.closed {
            return Err(Closed);
        }
        TOTAL.set(TOTAL.get() + value);
        COUNT.set(COUNT.get() + 1);
        Ok(TOTAL.get() / f64::from(COUNT.get()))
    }

    fn close(&mut self) -> Option<f64> {
        self.closed = true;
        (COUNT.get() > 0).then(|| TOTAL.get() / f64::from(COUNT.get()))
    }
}

/// Right, with more memory than it needs.
#[derive(Default)]
pub struct KeepsAList {
    values: Vec<f64>,
    closed: bool,
}

impl KeepsAList {
    fn average(&self) -> Option<f64> {
        (!self.values.is_empty())
            .then(|| self.values.iter().sum::<f64>() / self.values.len() as f64)
    }
}

impl Averager for KeepsAList {
    fn new() -> Self {
        Self::default()
    }

    fn send(&mut self, value: f64) -> Result<f64, Closed> {
        if self.closed {
            return Err(Closed);
        }
        self.values.push(value);
        Ok(self.average().expect("a value was just pushed"))
    }

    fn close(&mut self) -> Option<f64> {
        self.closed = true;
        self.average()
    }
}
