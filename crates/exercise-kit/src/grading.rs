//! Grading exercises: run each check of an exercise under a time limit and add up its points.
//!
//! Each chapter declares its exercises once, in `lessons/<chapter>/exercises/exercises.toml`, and
//! its exercises crate binds every declared check to a Rust function
//! ([`crate::chapter`](mod@crate::chapter)).
//! The `grade` command grades them (`cargo grade`), and each chapter's tests prove that every
//! untouched starter fails and every reference solution passes ([`crate::contract`]).
//!
//! The starter and the solution of an exercise are graded by the same checks: the exercises crate
//! writes its check functions once, generic over a trait that both versions implement, and hands
//! the grader the functions for either [`Code`].

use std::fmt;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use lesson_kit::timeout::{Failure, run_with_timeout};

/// Which version of an exercise is graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The file the student edits.
    Starter,
    /// The reference solution.
    Solution,
}

/// A check's function: `Err` says what was expected and what happened instead.
pub type CheckFn = fn() -> Result<(), String>;

/// The functions of an exercise's checks for one version of its code, each under the name that
/// the declaration's `run = "..."` gives it. [`runs!`](crate::runs) writes the list.
pub type Runs = Vec<(&'static str, CheckFn)>;

/// One exercise, as its chapter declares it. The strings live as long as the program: a chapter's
/// declaration is read once per process, like the `static` list it stands for.
#[derive(Debug)]
pub struct Exercise {
    /// What the student types: `cargo grade --exercise <id>`. Unique in the whole workbook.
    pub id: &'static str,
    pub chapter: &'static str,
    pub title: &'static str,
    /// The file the student edits, from the repository root: `lessons/<chapter>/exercises/<id>.rs`.
    pub starter: &'static str,
    /// The reference solution, from the repository root: `lessons/<chapter>/solutions/<id>.rs`.
    pub solution: &'static str,
    /// The hint, from the repository root: `lessons/<chapter>/exercises/<id>.hint.md`; the book
    /// includes this file on its Exercises page.
    pub hint: &'static str,
    /// The hint's text, compiled in so that `cargo grade --hint` works from any directory.
    pub hint_text: &'static str,
    /// The starter's text as compiled (`include_str!`), to tell an untouched starter from an
    /// edited one.
    pub starter_text: &'static str,
    /// [`fingerprint`] of the starter as shipped.
    pub starter_sha256: &'static str,
    /// The checks as declared, in the order they are graded.
    pub checks: Vec<DeclaredCheck>,
    /// The checks' functions for either version of the code.
    pub runs: fn(Code) -> Runs,
}

/// One `[[exercise.check]]` of a declaration: a check without its function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredCheck {
    /// The name of the check's function in the exercises crate.
    pub run: &'static str,
    /// Says what is expected, so that a report line reads as a statement that held or did not.
    pub name: &'static str,
    pub points: u32,
    pub limit: Duration,
}

impl Exercise {
    /// Whether the starter is still the one shipped (line endings aside).
    pub fn starter_untouched(&self) -> bool {
        fingerprint(self.starter_text) == self.starter_sha256
    }

    /// The file graded for `code`, from the repository root.
    pub fn file(&self, code: Code) -> &'static str {
        match code {
            Code::Starter => self.starter,
            Code::Solution => self.solution,
        }
    }

    /// The checks that grade `code`.
    pub fn checks_of(&self, code: Code) -> Vec<Check> {
        self.bind(&(self.runs)(code))
    }

    /// The declared checks, each bound to the function of its name in `runs`: the checks of any
    /// version of the code, such as a wrong solution that a test grades. Panics if `runs` lacks
    /// a declared check's function (a chapter's own [`Runs`] are proven complete when it is
    /// declared).
    pub fn bind(&self, runs: &[(&'static str, CheckFn)]) -> Vec<Check> {
        self.checks
            .iter()
            .map(|declared| {
                let run = runs
                    .iter()
                    .find(|(name, _)| *name == declared.run)
                    .unwrap_or_else(|| {
                        panic!(
                            "exercise {}: no function `{}` for the check {:?}",
                            self.id, declared.run, declared.name
                        )
                    })
                    .1;
                Check {
                    name: declared.name,
                    points: declared.points,
                    limit: declared.limit,
                    run,
                }
            })
            .collect()
    }
}

/// One graded property of an exercise.
#[derive(Debug, Clone)]
pub struct Check {
    /// Says what is expected, so that a report line reads as a statement that held or did not.
    pub name: &'static str,
    pub points: u32,
    /// A generous bound: correct code takes a small fraction of it even on a loaded machine,
    /// so reaching it means a deadlock or an endless loop.
    pub limit: Duration,
    /// `Err` says what was expected and what happened instead.
    pub run: CheckFn,
}

/// How a check ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// The check failed or the code under test panicked; the message says what happened.
    Failed(String),
    /// Still running at the check's limit; its thread is left behind, blocked or spinning.
    TimedOut(Duration),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Passed => f.write_str("passed"),
            Outcome::Failed(message) => f.write_str(message),
            Outcome::TimedOut(limit) => Failure::TimedOut(*limit).fmt(f),
        }
    }
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub name: &'static str,
    pub points: u32,
    pub limit: Duration,
    pub outcome: Outcome,
    pub elapsed: Duration,
}

impl CheckReport {
    /// All the points or none: a check is one property, and half of a property does not hold.
    pub fn earned(&self) -> u32 {
        if self.outcome == Outcome::Passed {
            self.points
        } else {
            0
        }
    }
}

/// The result of grading one version of one exercise.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub exercise: &'a Exercise,
    pub code: Code,
    pub checks: Vec<CheckReport>,
}

impl Report<'_> {
    pub fn earned(&self) -> u32 {
        self.checks.iter().map(CheckReport::earned).sum()
    }

    pub fn possible(&self) -> u32 {
        self.checks.iter().map(|check| check.points).sum()
    }

    /// Full points. An exercise without checks is never complete: it would pass unseen.
    pub fn complete(&self) -> bool {
        !self.checks.is_empty() && self.earned() == self.possible()
    }
}

/// Grades `code` of `exercise`, one check after the other.
pub fn grade(exercise: &Exercise, code: Code) -> Report<'_> {
    grade_each(exercise, code, |_| {})
}

/// Like [`grade`], telling `each` about every check as soon as it ends, so that a slow
/// check (a timeout takes its whole limit) does not leave the student looking at nothing.
pub fn grade_each(
    exercise: &Exercise,
    code: Code,
    mut each: impl FnMut(&CheckReport),
) -> Report<'_> {
    let checks = exercise
        .checks_of(code)
        .iter()
        .map(|check| {
            let report = run_check(check);
            each(&report);
            report
        })
        .collect();
    Report {
        exercise,
        code,
        checks,
    }
}

/// Runs one check on a thread of its own, so that a deadlock in the code under test costs the
/// check's limit and nothing more.
pub fn run_check(check: &Check) -> CheckReport {
    let started = Instant::now();
    let outcome = match run_with_timeout(check.limit, check.run) {
        Ok(Ok(())) => Outcome::Passed,
        Ok(Err(message)) => Outcome::Failed(message),
        Err(Failure::TimedOut(limit)) => Outcome::TimedOut(limit),
        Err(panicked @ Failure::Panicked(_)) => Outcome::Failed(panicked.to_string()),
    };
    CheckReport {
        name: check.name,
        points: check.points,
        limit: check.limit,
        outcome,
        elapsed: started.elapsed(),
    }
}

/// SHA-256 of `text` with Windows line endings read as Unix ones, in lowercase hex: the same
/// value as `sha256sum` gives for the file checked out with Unix line endings, and unchanged by
/// a checkout that converts them.
pub fn fingerprint(text: &str) -> String {
    let digest = Sha256::digest(text.replace("\r\n", "\n").as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The words a check's own panic message carries when the check makes a job panic on purpose, to
/// see whether the student's code survives it.
pub const ON_PURPOSE: &str = "on purpose";

/// Panics during grading are reported by the checks themselves (a panicking check is a failed
/// check with its message). This hook keeps the terminal readable: it says nothing about panics
/// the checks cause [`ON_PURPOSE`], and one line, without a backtrace, about any other.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = lesson_kit::timeout::panic_message(info.payload());
        if message.contains(ON_PURPOSE) {
            return;
        }
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("unnamed");
        let place = info
            .location()
            .map(|location| format!(" at {}:{}", location.file(), location.line()))
            .unwrap_or_default();
        eprintln!("(a panic in thread '{name}'{place}: {message})");
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

    /// For the check that never ends: its cost in every run of these tests.
    const SHORT: Duration = Duration::from_millis(300);

    fn check(points: u32, run: fn() -> Result<(), String>) -> Check {
        Check {
            name: "a check",
            points,
            // Far beyond what the other checks need, even on a loaded machine with
            // RUST_BACKTRACE set, where a panic takes a while to print its backtrace.
            limit: Duration::from_secs(30),
            run,
        }
    }

    fn never_ending_check() -> Check {
        Check {
            limit: SHORT,
            ..check(1, never_ends)
        }
    }

    fn passes() -> Result<(), String> {
        Ok(())
    }

    fn fails() -> Result<(), String> {
        Err("expected 0, got -2".into())
    }

    fn panics() -> Result<(), String> {
        panic!("attempt to subtract with overflow")
    }

    fn never_ends() -> Result<(), String> {
        Barrier::new(2).wait();
        Ok(())
    }

    #[test]
    fn each_outcome_is_told_apart_and_only_a_pass_earns_points() {
        let cases = [
            (check(2, passes), Outcome::Passed, 2),
            (
                check(3, fails),
                Outcome::Failed("expected 0, got -2".into()),
                0,
            ),
            (
                check(5, panics),
                Outcome::Failed("panicked: attempt to subtract with overflow".into()),
                0,
            ),
            (never_ending_check(), Outcome::TimedOut(SHORT), 0),
        ];
        for (check, outcome, earned) in cases {
            let report = run_check(&check);
            assert_eq!(report.outcome, outcome);
            assert_eq!(report.earned(), earned, "for {outcome:?}");
        }
    }

    #[test]
    fn a_timed_out_check_costs_its_limit_and_not_much_more() {
        let report = run_check(&never_ending_check());
        assert!(report.elapsed >= SHORT, "{report:?}");
        // Generous: only a grader that waits for the stuck thread would come near it.
        assert!(report.elapsed < Duration::from_secs(10), "{report:?}");
    }

    /// Two checks worth 2 and 3 points, declared once; only the solution passes the second.
    fn two_checks() -> Vec<DeclaredCheck> {
        [("first", 2), ("second", 3)]
            .into_iter()
            .map(|(run, points)| DeclaredCheck {
                run,
                name: run,
                points,
                limit: Duration::from_secs(30),
            })
            .collect()
    }

    fn two_runs(code: Code) -> Runs {
        match code {
            Code::Starter => vec![("first", passes), ("second", fails)],
            Code::Solution => vec![("second", passes), ("first", passes)],
        }
    }

    fn exercise(checks: Vec<DeclaredCheck>) -> Exercise {
        Exercise {
            id: "example",
            chapter: "Examples",
            title: "An example",
            starter: "exercises/example.rs",
            solution: "solutions/example.rs",
            hint: "exercises/example.hint.md",
            hint_text: "Look again.\n",
            starter_text: "fn main() {}\n",
            starter_sha256: "536e506bb90914c243a12b397b9a998f85ae2cbd9ba02dfd03a9e155ca5ca0f4",
            checks,
            runs: two_runs,
        }
    }

    #[test]
    fn a_report_adds_up_the_points_of_the_version_graded() {
        let exercise = exercise(two_checks());
        let starter = grade(&exercise, Code::Starter);
        assert_eq!((starter.earned(), starter.possible()), (2, 5));
        assert!(!starter.complete());
        let solution = grade(&exercise, Code::Solution);
        assert_eq!((solution.earned(), solution.possible()), (5, 5));
        assert!(solution.complete());
        assert_eq!(exercise.file(Code::Solution), "solutions/example.rs");
    }

    #[test]
    fn an_exercise_without_checks_is_never_complete() {
        assert!(!grade(&exercise(Vec::new()), Code::Solution).complete());
    }

    #[test]
    fn grade_each_reports_every_check_as_it_ends() {
        let exercise = exercise(two_checks());
        let mut seen = Vec::new();
        let report = grade_each(&exercise, Code::Starter, |check| seen.push(check.clone()));
        assert_eq!(seen, report.checks);
    }

    #[test]
    fn the_fingerprint_is_sha256_of_the_text_with_unix_line_endings() {
        // `printf 'fn main() {}\n' | sha256sum`
        let unix = "fn main() {}\n";
        assert_eq!(
            fingerprint(unix),
            "536e506bb90914c243a12b397b9a998f85ae2cbd9ba02dfd03a9e155ca5ca0f4"
        );
        assert_eq!(fingerprint("fn main() {}\r\n"), fingerprint(unix));
        assert_ne!(fingerprint("fn main() { }\n"), fingerprint(unix));
    }

    #[test]
    fn an_edited_starter_is_told_from_an_untouched_one() {
        let mut exercise = exercise(two_checks());
        assert!(exercise.starter_untouched());
        exercise.starter_text = "fn main() { todo!() }\n";
        assert!(!exercise.starter_untouched());
    }
}
