//! The exercise "running_average": its contract, and the checks that grade it.
//!
//! The student edits `running_average.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/running_average.rs`. Both are compiled in below and implement
//! [`Averager`], so an edited starter is graded by exactly the checks the reference passes. The
//! checks' names, points and time limits are declared in `exercises.toml`; averaging takes
//! nanoseconds, so reaching a limit means an endless loop.
//!
//! Past one small example per check, the values sent are the grader's own (seeded, see
//! `exercise_kit::seeded`), and the expected answers are computed from them: only averaging gives them, not
//! a table of the answers a grader with fixed inputs would expect.

use std::fmt;

use exercise_kit::grading::{Code, Runs};

use exercise_kit::seeded;

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

/// `count` values of the grader's own, from 0 to 999.99, different for every `seed`.
fn values(seed: u64, count: usize) -> Vec<f64> {
    (0..count as u64)
        .map(|index| seeded::below(seed, index, 100_000) as f64 / 100.0)
        .collect()
}

/// The average of `values`, or `None` for none.
fn average(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Each of `values` with the average of it and all the values before it.
fn with_running_averages(values: &[f64]) -> Vec<(f64, f64)> {
    (1..=values.len())
        .map(|sent| {
            (
                values[sent - 1],
                average(&values[..sent]).expect("sent > 0"),
            )
        })
        .collect()
}

/// Sends each value and checks each answer against `expected`.
fn send_all(averager: &mut impl Averager, sends: &[(f64, f64)], who: &str) -> Result<(), String> {
    for (number, &(value, expected)) in (1..).zip(sends) {
        match averager.send(value) {
            Ok(average) if same(average, expected) => {}
            got => {
                return Err(format!(
                    "{who}: value {number}, send({value}), returned {got:?}; expected \
                     Ok({expected})"
                ));
            }
        }
    }
    Ok(())
}

/// Checks that closing gives `expected`.
fn close_gives(
    averager: &mut impl Averager,
    expected: Option<f64>,
    who: &str,
) -> Result<(), String> {
    match (averager.close(), expected) {
        (Some(got), Some(expected)) if same(got, expected) => Ok(()),
        (None, None) => Ok(()),
        (got, _) => Err(format!(
            "{who}: close() returned {got:?}; expected {expected:?}"
        )),
    }
}

fn averages<A: Averager>() -> Result<(), String> {
    send_all(
        &mut A::new(),
        &[(10.0, 10.0), (20.0, 15.0), (60.0, 30.0)],
        "a new averager",
    )?;
    for (seed, count) in [(1, 5), (2, 40), (3, 1000)] {
        send_all(
            &mut A::new(),
            &with_running_averages(&values(seed, count)),
            &format!("a new averager sent {count} values of the grader's own"),
        )?;
    }
    Ok(())
}

fn close_returns_the_average<A: Averager>() -> Result<(), String> {
    let mut averager = A::new();
    send_all(&mut averager, &[(3.0, 3.0), (5.0, 4.0)], "a new averager")?;
    close_gives(&mut averager, Some(4.0), "after 3 and 5")?;
    close_gives(&mut A::new(), None, "an averager that was sent nothing")?;
    let sent = values(4, 17);
    let mut averager = A::new();
    send_all(
        &mut averager,
        &with_running_averages(&sent),
        "a new averager",
    )?;
    close_gives(
        &mut averager,
        average(&sent),
        "after 17 values of the grader's own",
    )
}

fn closed_refuses<A: Averager>() -> Result<(), String> {
    let sent = values(5, 6);
    let final_average = average(&sent);
    let mut averager = A::new();
    send_all(
        &mut averager,
        &with_running_averages(&sent),
        "a new averager",
    )?;
    close_gives(&mut averager, final_average, "after 6 values")?;
    for value in values(6, 3) {
        let got = averager.send(value);
        if got != Err(Closed) {
            return Err(format!(
                "send({value}) after close() returned {got:?}; expected Err(Closed)"
            ));
        }
    }
    close_gives(
        &mut averager,
        final_average,
        "closed after 6 values, sent 3 more that it refused, and closed again (a closed \
         averager takes nothing)",
    )?;
    let mut never_used = A::new();
    close_gives(&mut never_used, None, "a new averager")?;
    let got = never_used.send(1.0);
    if got != Err(Closed) {
        return Err(format!(
            "send(1) after close() of a new averager returned {got:?}; expected Err(Closed)"
        ));
    }
    close_gives(&mut never_used, None, "closing a new averager again")
}

fn separate_state<A: Averager>() -> Result<(), String> {
    // Three averagers open at once, sent the grader's values in an order of its own; halfway,
    // b is closed, and a and c go on.
    let names = ["a", "b", "c"];
    let mut averagers = [A::new(), A::new(), A::new()];
    let mut sent: [Vec<f64>; 3] = Default::default();
    for (index, value) in (0..).zip(values(7, 30)) {
        if index == 15 {
            close_gives(&mut averagers[1], average(&sent[1]), "averager b, of three")?;
        }
        let which = if index < 15 {
            seeded::below(8, index, 3) as usize
        } else {
            2 * seeded::below(8, index, 2) as usize
        };
        sent[which].push(value);
        let expected = average(&sent[which]).expect("just pushed");
        match averagers[which].send(value) {
            Ok(got) if same(got, expected) => {}
            got => {
                return Err(format!(
                    "with a, b and c open at once (sent {}, {} and {} values, this one \
                     included), averager {name}: send({value}) returned {got:?}; expected \
                     Ok({expected}), the average of the values sent to {name} only",
                    sent[0].len(),
                    sent[1].len(),
                    sent[2].len(),
                    name = names[which],
                ));
            }
        }
    }
    Ok(())
}
