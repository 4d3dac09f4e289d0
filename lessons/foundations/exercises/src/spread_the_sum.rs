//! The exercise "spread_the_sum": its contract, and the checks that grade it.
//!
//! The student edits `spread_the_sum.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/spread_the_sum.rs`. Both implement [`SpreadSum`] and are graded by
//! the same checks, whose names, points and time limits `exercises.toml` declares: summing two
//! million squares takes milliseconds, so reaching a limit means something is stuck; the checks
//! where the parts meet may wait [`PATIENCE`] of it.
//!
//! The checks never take the student's word for anything: the work of a part is the grader's own
//! `Work::sum_part`, which records every call (which numbers, what it returned) and, where the
//! parts must run at the same time, makes each call wait inside the work for the others. Only
//! calls that really overlap, on as many threads, get past that wait together. And the values it
//! adds up are, in most checks, scrambled numbers that only it knows: a total computed any other
//! way than by adding up what it returned (a formula, a serial loop on the side) cannot match.

use std::ops::Range;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use exercise_kit::grading::{Code, Runs};

use lesson_kit::meeting::Meeting;

use crate::count;

#[path = "../spread_the_sum.rs"]
pub mod starter;

#[path = "../../solutions/spread_the_sum.rs"]
pub mod solution;

/// The work of one part, as the grader hands it over: the sum of the part's values.
pub type SumPart<'a> = &'a (dyn Fn(Range<u64>) -> u128 + Sync);

/// The spread sum, as every version of the exercise offers it.
pub trait SpreadSum {
    /// Cuts `0..n` into `workers` parts of nearly equal length, calls `sum_part` once per part,
    /// each on its own thread, all at the same time, and returns the sum of what those calls
    /// return.
    fn spread_sum(n: u64, workers: usize, sum_part: SumPart<'_>) -> u128;
}

/// How long a part waits in `sum_part` for the others: ample for threads to start, even on a
/// loaded machine, and the only wait a serial version pays before it fails.
pub const PATIENCE: Duration = Duration::from_secs(1);

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Workers>(),
        Code::Solution => runs::<solution::Workers>(),
    }
}

/// The checks' functions for any version, under the names `exercises.toml` declares (the tests
/// also grade wrong versions).
pub fn runs<S: SpreadSum>() -> Runs {
    exercise_kit::runs![right_sums::<S>, four_workers_meet::<S>, big_sum_on_two::<S>]
}

/// What the grader's `sum_part` adds up for each number of a part.
#[derive(Debug, Clone, Copy)]
enum Values {
    /// `i * i`: the lesson's work.
    Squares,
    /// A number of 24 bits computed from `i` and the seed, that no formula sums up.
    Scrambled(u64),
}

impl Values {
    fn of(self, i: u64) -> u128 {
        match self {
            Values::Squares => u128::from(i) * u128::from(i),
            Values::Scrambled(seed) => u128::from(exercise_kit::seeded::mix(i ^ seed) >> 40),
        }
    }

    /// The sum of the values of the numbers in `part`. A plain loop: a debug build runs it
    /// several times faster than an iterator chain, which keeps the checks light on a busy
    /// machine.
    fn sum(self, part: Range<u64>) -> u128 {
        let mut sum = 0;
        let mut i = part.start;
        while i < part.end {
            sum += self.of(i);
            i += 1;
        }
        sum
    }

    /// The right total: the values of every number below `n`.
    fn total(self, n: u64) -> u128 {
        match self {
            // (n - 1) n (2n - 1) / 6, since the loop would take as long as the work itself.
            Values::Squares if n > 0 => {
                let last = u128::from(n - 1);
                last * (last + 1) * (2 * last + 1) / 6
            }
            _ => self.sum(0..n),
        }
    }
}

/// The grader's work, handed to the student's code as `sum_part`.
struct Work {
    values: Values,
    /// Where each call waits for the other parts, in the checks that want them all at once.
    meeting: Option<Meeting>,
    /// Every finished call: its part, and what it returned.
    calls: Mutex<Vec<(Range<u64>, u128)>>,
}

impl Work {
    fn new(values: Values, meeting: Option<Meeting>) -> Self {
        Work {
            values,
            meeting,
            calls: Mutex::default(),
        }
    }

    /// The sum of the values of the numbers in `part`, worked out here, on the caller's thread.
    fn sum_part(&self, part: Range<u64>) -> u128 {
        if let Some(meeting) = &self.meeting {
            meeting.arrive();
        }
        let sum = self.values.sum(part.clone());
        self.calls().push((part, sum));
        sum
    }

    fn calls(&self) -> std::sync::MutexGuard<'_, Vec<(Range<u64>, u128)>> {
        // Nothing panics under this lock; a poisoned one still holds every call recorded.
        self.calls.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Grades `got`, the total that the student's code returned for `n` numbers and `workers`
    /// parts, against what this work saw. Says what went wrong first, if anything.
    fn verdict(&self, n: u64, workers: usize, got: u128) -> Result<(), String> {
        let calls = self.calls();
        let parts: Vec<Range<u64>> = calls.iter().map(|(part, _)| part.clone()).collect();
        if self.meeting.is_some() && parts.len() != workers {
            return Err(format!(
                "sum_part was called {} for {}; expected once per part, one part per worker",
                count(parts.len(), "time"),
                count(workers, "worker")
            ));
        }
        if parts.is_empty() && n > 0 {
            return Err(format!(
                "sum_part was never called, so the total {got} was not worked out from the \
                 numbers below {n}; expected {}",
                self.values.total(n)
            ));
        }
        cover(&parts, n)?;
        if let Some(meeting) = &self.meeting {
            // A fair share, give or take a remainder however it is dealt out: one busy worker
            // among idle ones is far beyond it.
            let fair = n / workers as u64;
            let most = fair + workers as u64;
            if let Some(big) = parts
                .iter()
                .find(|part| part.end.saturating_sub(part.start) > most)
            {
                return Err(format!(
                    "the part {big:?} had {} of the {n} numbers, more than {most}: the work was \
                     not spread evenly over the {workers} workers (about {fair} each)",
                    big.end - big.start
                ));
            }
            let outcome = meeting.outcome();
            if !outcome.met {
                return Err(format!(
                    "the first call of sum_part waited {PATIENCE:?} for the {}, in vain: the \
                     parts ran one after another (on {}), not at the same time",
                    count(workers - 1, "other part"),
                    count(outcome.threads, "thread")
                ));
            }
        }
        let returned: u128 = calls.iter().map(|(_, sum)| sum).sum();
        if got != returned {
            return Err(format!(
                "with n = {n} and {} the total was {got}, but the sums that sum_part returned \
                 add up to {returned}: each part's sum must be added to the total once, and the \
                 total made of nothing else",
                count(workers, "worker")
            ));
        }
        Ok(())
    }
}

/// Whether `parts` cover every number below `n` exactly once (empty parts aside).
fn cover(parts: &[Range<u64>], n: u64) -> Result<(), String> {
    let mut sorted: Vec<&Range<u64>> = parts.iter().filter(|part| !part.is_empty()).collect();
    sorted.sort_by_key(|part| (part.start, part.end));
    // In order, each part must start where the one before it ended.
    let mut next = 0;
    let contiguous = sorted.iter().all(|part| {
        let follows = part.start == next;
        next = part.end;
        follows
    });
    if contiguous && next == n {
        return Ok(());
    }
    // In order, as they cover the numbers; the threads may have finished them in any order.
    let mut shown: Vec<&Range<u64>> = parts.iter().collect();
    shown.sort_by_key(|part| (part.start, part.end));
    let shown: Vec<String> = shown
        .iter()
        .take(6)
        .map(|part| format!("{part:?}"))
        .collect();
    let more = if parts.len() > 6 { ", ..." } else { "" };
    Err(format!(
        "sum_part was given the parts [{}{more}]: together they must cover every number below \
         {n} exactly once",
        shown.join(", ")
    ))
}

/// Runs the student's sum of `n` numbers on `workers` parts with `work`, and grades it.
fn grade<S: SpreadSum>(n: u64, workers: usize, work: &Work) -> Result<(), String> {
    let got = S::spread_sum(n, workers, &|part| work.sum_part(part));
    work.verdict(n, workers, got)
}

/// The numbers and workers `right_sums` tries: none, fewer numbers than workers, a remainder
/// left over or not, one worker or five. Each try starts a thread per worker, so only a handful,
/// which keeps the check quick on a busy machine.
const TRIES: [(u64, usize); 9] = [
    (0, 3),
    (1, 1),
    (2, 5),
    (3, 2),
    (10, 4),
    (10, 5),
    (1000, 3),
    (100_001, 1),
    (100_001, 4),
];

fn right_sums<S: SpreadSum>() -> Result<(), String> {
    for (seed, (n, workers)) in TRIES.into_iter().enumerate() {
        let work = Work::new(Values::Scrambled(seed as u64), None);
        grade::<S>(n, workers, &work)?;
    }
    Ok(())
}

/// The parts of `n` numbers on `workers` workers, each waiting in `sum_part` for all the others.
fn meet<S: SpreadSum>(n: u64, workers: usize, values: Values) -> Result<(), String> {
    let work = Work::new(values, Some(Meeting::new(workers, PATIENCE)));
    grade::<S>(n, workers, &work)
}

fn four_workers_meet<S: SpreadSum>() -> Result<(), String> {
    // Not a multiple of 4, so that the parts differ in length.
    meet::<S>(10_003, 4, Values::Scrambled(4))
}

fn big_sum_on_two<S: SpreadSum>() -> Result<(), String> {
    meet::<S>(2_000_000, 2, Values::Squares)
}
