//! The grader end to end: the real binary, what it prints, the files it writes for teachers'
//! tools, and its exit codes; and that it grades every chapter's exercises.

mod exercises_page;
mod files;

use std::process::{Command, Output};

use grader::exercises;

pub fn grader(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(args)
        .output()
        .expect("could not start the grader")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("the grader prints UTF-8")
}

/// Exercises graded in milliseconds, starter and solution alike: their wrong versions fail
/// without waiting out a time limit. A test that needs some exercise, any, takes these, so that
/// exercises with slow checks added to the workbook do not make it slower.
const QUICK: [&str; 3] = ["lazy_collatz", "running_average", "family_booking"];

/// The [`QUICK`] exercises, in that order.
pub fn quickest_first() -> Vec<&'static exercise_kit::grading::Exercise> {
    let quick: Vec<_> = QUICK
        .iter()
        .filter_map(|id| exercises().into_iter().find(|exercise| exercise.id == *id))
        .collect();
    assert_eq!(quick.len(), QUICK.len(), "an exercise of {QUICK:?} is gone");
    quick
}

#[test]
fn one_untouched_exercise_fails_points_to_its_hint_and_counts_its_failed_checks() {
    let Some(exercise) = quickest_first()
        .into_iter()
        .find(|exercise| exercise.starter_untouched())
    else {
        return; // every starter edited: nothing here is known to fail
    };
    let output = grader(&["--exercise", exercise.id]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    for words in [exercise.starter, exercise.hint, "FAILED", " failed\n"] {
        assert!(text.contains(words), "{words:?} in {text}");
    }
    assert!(!text.contains(" 0 failed"), "{text}");
}

#[test]
fn a_usage_error_exits_2_with_one_line_and_no_panic() {
    for args in [
        &["--bogus"][..],
        &["--exercise"],
        &["--exercise", "no_such_exercise"],
        &["--json"],
        &["stray"],
        &["--bo\ngus"],
    ] {
        test_kit::usage::assert_usage_error(&format!("{args:?}"), &grader(args));
    }
}

#[test]
fn help_prints_the_usage_and_exits_0() {
    let output = grader(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("usage: grader"));
}
