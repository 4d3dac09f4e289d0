//! The exercise "running_average": its contract, and the checks that grade it.
//!
//! The student edits `running_average.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/running_average.rs`. Both are compiled in below and implement
//! [`Averager`], so an edited starter is graded by exactly the checks the reference passes. The
//! checks' names, points and time limits are declared in `exercises.toml`; averaging takes
//! nanoseconds, so reaching a limit means an endless loop.

use std::fmt;

use exercise_kit::grading::{Code, Runs};

#[path = "../running_average.rs"]
pub mod starter;

#[path = "../../solutions/running_average.rs"]
pub mod solution;

/// What `send` gives after `close`: the coroutine takes no more values (Python raises
/// `StopIteration`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed;

impl fmt::Display for Closed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the averager is closed")
    }
}

impl std::error::Error for Closed {}

/// A coroutine that is sent numbers and answers each with the average so far, as every version
/// of the exercise offers it.
pub trait Averager: Sized + 'static {
    /// A new averager, ready for values (no priming needed).
    fn new() -> Self;

    /// Takes `value` and returns the average of every value sent so far, this one included.
    /// After `close`, takes nothing and returns `Err(Closed)`.
    fn send(&mut self, value: f64) -> Result<f64, Closed>;

    /// Stops taking values, and returns the average of all the values it took, or `None` if it
    /// took none. Closing again changes nothing and returns the same.
    fn close(&mut self) -> Option<f64>;
}

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Average>(),
        Code::Solution => runs::<solution::Average>(),
    }
}

/// The checks' functions for any averager, under the names `exercises.toml` declares (the tests
/// also grade small broken variants).
pub fn runs<A: Averager>() -> Runs {
    exercise_kit::runs![
        averages::<A>,
        close_returns_the_average::<A>,
        closed_refuses::<A>,
        separate_state::<A>,
    ]
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Sends each value and checks each answer against `expected`.
fn send_all(averager: &mut impl Averager, sends: &[(f64, f64)], who: &str) -> Result<(), String> {
    for &(value, expected) in sends {
        match averager.send(value) {
            Ok(average) if same(average, expected) => {}
            got => {
                return Err(format!(
                    "{who}: send({value}) returned {got:?}; expected Ok({expected})"
                ));
            }
        }
    }
    Ok(())
}

fn averages<A: Averager>() -> Result<(), String> {
    send_all(
        &mut A::new(),
        &[(10.0, 10.0), (20.0, 15.0), (60.0, 30.0)],
        "a new averager",
    )?;
    let mut many = A::new();
    for value in 1..=999 {
        many.send(f64::from(value))
            .map_err(|closed| format!("send({value}) to an open averager: {closed}"))?;
    }
    send_all(&mut many, &[(1000.0, 500.5)], "after 1 to 999")
}

fn close_returns_the_average<A: Averager>() -> Result<(), String> {
    let mut averager = A::new();
    send_all(&mut averager, &[(3.0, 3.0), (5.0, 4.0)], "a new averager")?;
    match averager.close() {
        Some(average) if same(average, 4.0) => {}
        got => {
            return Err(format!(
                "after 3 and 5, close() returned {got:?}; expected Some(4.0)"
            ));
        }
    }
    let got = A::new().close();
    if got.is_some() {
        return Err(format!(
            "close() of an averager that was sent nothing returned {got:?}; expected None"
        ));
    }
    Ok(())
}

fn closed_refuses<A: Averager>() -> Result<(), String> {
    let mut averager = A::new();
    send_all(&mut averager, &[(2.0, 2.0), (4.0, 3.0)], "a new averager")?;
    averager.close();
    let got = averager.send(100.0);
    if got != Err(Closed) {
        return Err(format!(
            "send(100) after close() returned {got:?}; expected Err(Closed)"
        ));
    }
    match averager.close() {
        Some(average) if same(average, 3.0) => {}
        got => {
            return Err(format!(
                "after 2 and 4, close(), a refused send(100) and close() again, the average \
                 was {got:?}; expected Some(3.0): a closed averager takes nothing"
            ));
        }
    }
    let mut never_used = A::new();
    never_used.close();
    let got = never_used.send(1.0);
    if got != Err(Closed) {
        return Err(format!(
            "send(1) after close() of a new averager returned {got:?}; expected Err(Closed)"
        ));
    }
    Ok(())
}

fn separate_state<A: Averager>() -> Result<(), String> {
    let (mut a, mut b) = (A::new(), A::new());
    send_all(&mut a, &[(1.0, 1.0)], "averager a")?;
    send_all(&mut b, &[(100.0, 100.0)], "averager b")?;
    send_all(&mut a, &[(3.0, 2.0)], "averager a, sent 1 before")?;
    b.close();
    send_all(&mut a, &[(5.0, 3.0)], "averager a, after b was closed")?;
    Ok(())
}
