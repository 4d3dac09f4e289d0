//! The tool's flags, against the repository's own exercises: nothing here builds the grader.

use std::ffi::OsString;
use std::process::Command;

use grade::catalog::Catalog;
use grade::options::parse;

fn grade(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(args)
        .output()
        .expect("could not start cargo grade")
}

#[test]
fn flags_combine_into_the_graders_arguments() {
    let args = [
        "--exercise",
        "a",
        "--json",
        "out.json",
        "--exercise=b",
        "--solutions",
        "--junit",
        "j.xml",
    ];
    let options = parse(args.iter().map(OsString::from)).unwrap().unwrap();
    let expected = [
        "--exercise",
        "a",
        "--exercise",
        "b",
        "--solutions",
        "--json",
        "out.json",
        "--junit",
        "j.xml",
    ];
    assert_eq!(options.grader_args(), expected.map(OsString::from));
    assert_eq!(parse(["--help"].map(OsString::from)), Ok(None));
}

#[test]
fn a_usage_error_exits_2_with_one_line_and_no_panic() {
    let id = &Catalog::load(&Catalog::repository()).unwrap().entries[0].id;
    for args in [
        &["--bogus"][..],
        &["--exercise"],
        &["--exercise", "no_such_exercise"],
        &["--watch", "--exercise", "no_such_exercise"],
        &["--hint", "no_such_exercise"],
        &["--reset", "no_such_exercise"],
        &["--hint", id, "--json", "x.json"],
        &["--hint", id, "--hint", id],
        &["--reset", id, "--watch"],
        &["--reset", id, "--exercise", id],
        &["--yes"],
        &["--watch", "--solutions"],
        &["--watch", "--junit", "j.xml"],
        &["stray"],
        &["--bo\ngus"],
    ] {
        test_kit::usage::assert_usage_error(&format!("{args:?}"), &grade(args));
    }
}

#[test]
fn an_unknown_exercise_is_answered_with_the_known_ones() {
    let output = grade(&["--exercise", "no_such_exercise"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"no_such_exercise\""), "{stderr}");
    for entry in Catalog::load(&Catalog::repository()).unwrap().entries {
        assert!(stderr.contains(&entry.id), "{stderr}");
    }
}

#[test]
fn a_hint_prints_the_hint_file_of_every_exercise() {
    let catalog = Catalog::load(&Catalog::repository()).unwrap();
    assert!(!catalog.entries.is_empty());
    for entry in &catalog.entries {
        let output = grade(&["--hint", &entry.id]);
        assert_eq!(output.status.code(), Some(0));
        let hint = std::fs::read_to_string(catalog.path(&entry.hint)).unwrap();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), hint);
    }
}

#[test]
fn help_prints_the_usage_and_exits_0() {
    let output = grade(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let usage = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--watch",
        "--reset ID",
        "--junit FILE",
        "--json FILE",
        "--summary FILE",
    ] {
        assert!(usage.contains(flag), "{flag} in {usage}");
    }
}
