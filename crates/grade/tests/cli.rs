//! `cargo grade` end to end: the real binary, its output and its exit codes.

use std::process::{Command, Output};

use exercise_kit::grading::Code;
use grade::exercises;
use serde_json::Value;

fn grade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(args)
        .output()
        .expect("could not start the grade binary")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("the grader prints UTF-8")
}

fn parse_json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output))
        .unwrap_or_else(|error| panic!("not JSON ({error}):\n{}", stdout(output)))
}

#[test]
fn the_reference_solutions_get_full_points_and_exit_0() {
    let output = grade(&["--solutions"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    let possible: u32 = exercises()
        .into_iter()
        .flat_map(|exercise| exercise.checks_of(Code::Solution))
        .map(|check| check.points)
        .sum();
    assert!(
        text.contains(&format!("Total: {possible}/{possible} points")),
        "{text}"
    );
    for exercise in exercises() {
        assert!(text.contains(exercise.solution), "{text}");
    }
}

#[test]
fn the_json_report_parses_and_adds_up() {
    let output = grade(&["--solutions", "--json"]);
    let report = parse_json(&output);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert_eq!(report["format"], 1);
    assert_eq!(report["graded"], "solutions");
    assert_eq!(report["complete"], true);
    let exercises = report["exercises"].as_array().expect("a list of exercises");
    assert_eq!(exercises.len(), grade::exercises().len());
    let mut earned = 0;
    for exercise in exercises {
        let checks = exercise["checks"].as_array().expect("a list of checks");
        let points: u64 = checks
            .iter()
            .map(|check| check["earned"].as_u64().unwrap())
            .sum();
        assert_eq!(exercise["earned"], points, "{exercise:#}");
        for check in checks {
            assert_eq!(check["status"], "passed", "{check:#}");
            assert_eq!(check["message"], Value::Null, "{check:#}");
            assert!(check["name"].is_string() && check["limit_ms"].is_u64());
        }
        earned += points;
    }
    assert_eq!(report["earned"], earned);
    assert_eq!(report["possible"], earned);
}

#[test]
fn grading_the_starters_exits_1_exactly_when_points_are_missing() {
    // Whatever state the student's files are in, the exit code and the report must agree. Two
    // exercises whose starters fail at once keep this quick; the lesson crates' own tests grade
    // every starter.
    let output = grade(&[
        "--json",
        "--exercise",
        "lazy_collatz",
        "--exercise",
        "running_average",
    ]);
    let report = parse_json(&output);
    let complete = report["complete"].as_bool().expect("complete is a boolean");
    assert_eq!(output.status.code(), Some(if complete { 0 } else { 1 }));
    let graded_ones = report["exercises"].as_array().unwrap();
    assert_eq!(graded_ones.len(), 2, "{report:#}");
    for graded in graded_ones {
        let exercise = exercises()
            .into_iter()
            .find(|exercise| graded["id"] == exercise.id)
            .unwrap_or_else(|| panic!("an exercise the grader does not know: {graded:#}"));
        assert_eq!(graded["starter_untouched"], exercise.starter_untouched());
        if exercise.starter_untouched() {
            assert_eq!(graded["complete"], false, "{graded:#}");
        }
    }
}

#[test]
fn one_exercise_can_be_graded_and_a_failing_one_points_to_its_hint() {
    let exercise = exercises()[0];
    let output = grade(&["--exercise", exercise.id]);
    let text = stdout(&output);
    assert!(text.contains(exercise.starter), "{text}");
    if exercise.starter_untouched() {
        assert_eq!(output.status.code(), Some(1), "{text}");
        assert!(text.contains(exercise.hint), "{text}");
        assert!(text.contains("FAILED"), "{text}");
    }
}

#[test]
fn a_hint_prints_the_hint_file() {
    for exercise in exercises() {
        let output = grade(&["--hint", exercise.id]);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(stdout(&output), exercise.hint_text);
    }
}

#[test]
fn a_usage_error_exits_2_with_one_line_and_no_panic() {
    for args in [
        &["--bogus"][..],
        &["--exercise"],
        &["--exercise", "no_such_exercise"],
        &["--hint", "no_such_exercise"],
        &["--hint", "safe_booking", "--json"],
        &["stray"],
        &["--bo\ngus"],
    ] {
        let output = grade(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn help_prints_the_usage_and_exits_0() {
    let output = grade(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("usage: cargo grade"));
}
