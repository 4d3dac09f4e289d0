//! What `cargo grade` prints: lines for a student, or one JSON document for a teacher's tools.

use std::io::Write;

use exercise_kit::grading::{CheckReport, Code, Exercise, Outcome, Report};
use serde_json::{Value, json};

/// Bumped when a field changes meaning or goes away, so that teachers' tools can tell.
const JSON_FORMAT: u32 = 1;

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
    format!(
        "Total: {}/{} points; {complete} of {} exercises with full points.\n",
        reports.iter().map(Report::earned).sum::<u32>(),
        reports.iter().map(Report::possible).sum::<u32>(),
        reports.len()
    )
}

pub fn json(reports: &[Report], code: Code) -> String {
    let exercises: Vec<Value> = reports.iter().map(exercise_json).collect();
    let document = json!({
        "format": JSON_FORMAT,
        "graded": match code {
            Code::Starter => "starters",
            Code::Solution => "solutions",
        },
        "earned": reports.iter().map(Report::earned).sum::<u32>(),
        "possible": reports.iter().map(Report::possible).sum::<u32>(),
        "complete": reports.iter().all(Report::complete),
        "exercises": exercises,
    });
    format!("{document:#}\n")
}

fn exercise_json(report: &Report) -> Value {
    let exercise = report.exercise;
    let checks: Vec<Value> = report.checks.iter().map(check_json).collect();
    json!({
        "id": exercise.id,
        "chapter": exercise.chapter,
        "title": exercise.title,
        "file": exercise.file(report.code),
        "starter_untouched": exercise.starter_untouched(),
        "hint": exercise.hint,
        "earned": report.earned(),
        "possible": report.possible(),
        "complete": report.complete(),
        "checks": checks,
    })
}

fn check_json(check: &CheckReport) -> Value {
    let (status, message) = match &check.outcome {
        Outcome::Passed => ("passed", None),
        Outcome::Failed(message) => ("failed", Some(message.clone())),
        Outcome::TimedOut(_) => ("timed_out", Some(check.outcome.to_string())),
    };
    json!({
        "name": check.name,
        "points": check.points,
        "earned": check.earned(),
        "status": status,
        "message": message,
        "limit_ms": check.limit.as_millis(),
        "elapsed_ms": check.elapsed.as_millis(),
    })
}
