//! The files `cargo grade` writes for teachers' tools: JSON (`--json`), JUnit XML (`--junit`,
//! one test case per check, as CI services read test results) and a Markdown summary
//! (`--summary`, appended, as GitHub's job summary file expects). They are written to files, never
//! to standard output, where the student's own `println!` would mix in.

use std::time::Duration;

use exercise_kit::grading::{CheckReport, Code, Outcome, Report};
use exercise_kit::output::{markdown_cell as cell, xml_escape as escape};
use serde_json::{Value, json};

/// Bumped when a field changes meaning or goes away, so that teachers' tools can tell.
const JSON_FORMAT: u32 = 1;

/// How many checks passed, and how many did not (failed or timed out).
pub fn counts(reports: &[Report]) -> (usize, usize) {
    let checks = reports.iter().flat_map(|report| &report.checks);
    let passed = checks
        .clone()
        .filter(|check| check.outcome == Outcome::Passed)
        .count();
    (passed, checks.count() - passed)
}

fn graded(code: Code) -> &'static str {
    match code {
        Code::Starter => "starters",
        Code::Solution => "solutions",
    }
}

pub fn json(reports: &[Report], code: Code) -> String {
    let (passed, failed) = counts(reports);
    let document = json!({
        "format": JSON_FORMAT,
        "graded": graded(code),
        "earned": reports.iter().map(Report::earned).sum::<u32>(),
        "possible": reports.iter().map(Report::possible).sum::<u32>(),
        "complete": reports.iter().all(Report::complete),
        "passed": passed,
        "failed": failed,
        "exercises": reports.iter().map(exercise_json).collect::<Vec<Value>>(),
    });
    format!("{document:#}\n")
}

fn exercise_json(report: &Report) -> Value {
    let exercise = report.exercise;
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
        "checks": report.checks.iter().map(check_json).collect::<Vec<Value>>(),
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

/// JUnit XML: a test suite per exercise and a test case per check, with the points as
/// properties; a check that did not pass is a `<failure>` whose `type` says whether it failed or
/// timed out.
pub fn junit(reports: &[Report], code: Code) -> String {
    let (passed, failed) = counts(reports);
    let seconds = |checks: &[CheckReport]| {
        let total: Duration = checks.iter().map(|check| check.elapsed).sum();
        format!("{:.3}", total.as_secs_f64())
    };
    let all: Vec<CheckReport> = reports.iter().flat_map(|r| r.checks.clone()).collect();
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cargo grade ({})\" \
         tests=\"{}\" failures=\"{failed}\" errors=\"0\" time=\"{}\">\n",
        graded(code),
        passed + failed,
        seconds(&all)
    );
    for report in reports {
        let exercise = report.exercise;
        let failures = report
            .checks
            .iter()
            .filter(|c| c.outcome != Outcome::Passed);
        xml += &format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{}\">\n    \
             <properties>\n",
            escape(exercise.id),
            report.checks.len(),
            failures.count(),
            seconds(&report.checks)
        );
        let properties = [
            ("title", exercise.title.to_owned()),
            ("chapter", exercise.chapter.to_owned()),
            ("file", exercise.file(report.code).to_owned()),
            ("earned", report.earned().to_string()),
            ("possible", report.possible().to_string()),
        ];
        for (name, value) in properties {
            xml += &format!(
                "      <property name=\"{name}\" value=\"{}\"/>\n",
                escape(&value)
            );
        }
        xml += "    </properties>\n";
        for check in &report.checks {
            xml += &testcase(exercise.id, check);
        }
        xml += "  </testsuite>\n";
    }
    xml + "</testsuites>\n"
}

fn testcase(id: &str, check: &CheckReport) -> String {
    let mut xml = format!(
        "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\">\n      <properties>\n        \
         <property name=\"points\" value=\"{}\"/>\n        <property name=\"earned\" \
         value=\"{}\"/>\n      </properties>\n",
        escape(id),
        escape(check.name),
        check.elapsed.as_secs_f64(),
        check.points,
        check.earned()
    );
    let kind = match check.outcome {
        Outcome::Passed => None,
        Outcome::Failed(_) => Some("failed"),
        Outcome::TimedOut(_) => Some("timed_out"),
    };
    if let Some(kind) = kind {
        let message = check.outcome.to_string();
        xml += &format!(
            "      <failure type=\"{kind}\" message=\"{}\">{}</failure>\n",
            escape(&lesson_kit::text::one_line(&message)),
            escape(&message)
        );
    }
    xml + "    </testcase>\n"
}

/// Markdown for a CI job summary: the points, one row per exercise, and every failed check with
/// its message.
pub fn summary(reports: &[Report], code: Code) -> String {
    let (passed, failed) = counts(reports);
    let complete = reports.iter().filter(|report| report.complete()).count();
    let mut markdown = format!(
        "## cargo grade ({}): {}/{} points\n\n{complete} of {} exercises with full points; \
         {passed} passed, {failed} failed.\n\n| Exercise | Chapter | Points |\n|---|---|---|\n",
        graded(code),
        reports.iter().map(Report::earned).sum::<u32>(),
        reports.iter().map(Report::possible).sum::<u32>(),
        reports.len()
    );
    for report in reports {
        let exercise = report.exercise;
        markdown += &format!(
            "| `{}` {} | {} | {}/{}{} |\n",
            exercise.id,
            cell(exercise.title),
            cell(exercise.chapter),
            report.earned(),
            report.possible(),
            if report.complete() { "" } else { " ✗" }
        );
    }
    let failures: Vec<String> = reports
        .iter()
        .flat_map(|report| {
            report
                .checks
                .iter()
                .filter(|check| check.outcome != Outcome::Passed)
                .map(|check| {
                    format!(
                        "- `{}`, {}: {}\n",
                        report.exercise.id,
                        cell(check.name),
                        cell(&check.outcome.to_string())
                    )
                })
        })
        .collect();
    if !failures.is_empty() {
        markdown += "\n### Checks that did not pass\n\n";
        markdown += &failures.concat();
    }
    markdown + "\n"
}
