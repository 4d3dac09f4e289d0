//! What `cargo grade` prints for the student: each check as it ends, each exercise's points, and
//! the totals.

use std::io::Write;

use exercise_kit::grading::{CheckReport, Code, Exercise, Outcome, Report};

/// Writes to stdout, ignoring a reader that went away (`cargo grade | head`): the exit code
/// must still say how the grading went, and a panic would not.
pub fn emit(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

pub fn intro(code: Code) -> String {
    match code {
        Code::Starter => "Grading your exercises.\n\n".into(),
        Code::Solution => "Grading the reference solutions.\n\n".into(),
    }
}

pub fn header(exercise: &Exercise, code: Code) -> String {
    let state = match code {
        Code::Starter if exercise.starter_untouched() => " (not edited yet)",
        Code::Starter => " (edited)",
        Code::Solution => "",
    };
    format!(
        "{}: {} ({})\n  {}{state}\n",
        exercise.id,
        exercise.title,
        exercise.chapter,
        exercise.file(code)
    )
}

pub fn check(check: &CheckReport) -> String {
    let status = match check.outcome {
        Outcome::Passed => "ok",
        Outcome::Failed(_) => "FAILED",
        Outcome::TimedOut(_) => "TIMED OUT",
    };
    let mut line = format!(
        "  {status:<9} {:>2}/{:<2} {}\n",
        check.earned(),
        check.points,
        check.name
    );
    if check.outcome != Outcome::Passed {
        line += &format!("{:18}{}\n", "", check.outcome);
    }
    line
}

pub fn footer(report: &Report) -> String {
    let points = format!("  {}/{} points", report.earned(), report.possible());
    if report.complete() || report.code == Code::Solution {
        return format!("{points}\n\n");
    }
    let exercise = report.exercise;
    format!(
        "{points}. Stuck? `cargo grade --hint {}`, or read {}\n\n",
        exercise.id, exercise.hint
    )
}

pub fn total(reports: &[Report]) -> String {
    let complete = reports.iter().filter(|report| report.complete()).count();
    let (passed, failed) = crate::results::counts(reports);
    format!(
        "Total: {}/{} points; {complete} of {} exercises with full points.\n\
         {passed} passed, {failed} failed\n",
        reports.iter().map(Report::earned).sum::<u32>(),
        reports.iter().map(Report::possible).sum::<u32>(),
        reports.len()
    )
}
