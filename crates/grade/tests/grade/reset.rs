//! `cargo grade --reset ID` puts back the starter as shipped, found in the clone's history even
//! after the student committed their work; it asks first, and keeps their file.

use std::process::Command;

use crate::workbook::{SHIPPED, SOLVED, STARTER, Workbook, text};

fn git(workbook: &Workbook, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(workbook.root())
        .args([
            "-c",
            "user.name=Student",
            "-c",
            "user.email=student@example.com",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git is installed");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        text(&status.stderr)
    );
}

/// The workbook as a clone: shipped, then the student's work committed, then edited further.
fn cloned() -> Workbook {
    let workbook = Workbook::new();
    git(&workbook, &["init", "-q"]);
    git(&workbook, &["add", "."]);
    git(
        &workbook,
        &["commit", "-q", "-m", "the workbook as shipped"],
    );
    workbook.write(STARTER, "pub fn answer() -> u32 {\n    41\n}\n");
    git(&workbook, &["commit", "-q", "-am", "my first try"]);
    workbook.write(STARTER, SOLVED);
    workbook
}

#[test]
fn an_edited_file_is_put_back_only_after_a_yes_and_kept_as_a_backup() {
    let workbook = cloned();
    let declined = workbook.grade(&["--reset", "answer"], "n\n");
    assert_eq!(declined.status.code(), Some(1));
    assert!(
        text(&declined.stdout).contains("[y/N]"),
        "{}",
        text(&declined.stdout)
    );
    assert_eq!(workbook.read(STARTER), SOLVED, "a no changes nothing");

    let reset = workbook.grade(&["--reset", "answer"], "y\n");
    let stdout = text(&reset.stdout);
    assert_eq!(
        reset.status.code(),
        Some(0),
        "{stdout}{}",
        text(&reset.stderr)
    );
    assert_eq!(workbook.read(STARTER), SHIPPED);
    let backup = format!("{STARTER}.bak");
    assert_eq!(workbook.read(&backup), SOLVED);
    assert!(stdout.contains(&backup), "{stdout}");

    let again = workbook.grade(&["--reset", "answer"], "");
    assert_eq!(again.status.code(), Some(0));
    assert!(text(&again.stdout).contains("already is the starter"));

    // A second backup does not overwrite the first; --yes does not ask.
    workbook.write(STARTER, "pub fn answer() -> u32 { 7 }\n");
    let yes = workbook.grade(&["--reset", "answer", "--yes"], "");
    assert_eq!(yes.status.code(), Some(0), "{}", text(&yes.stderr));
    assert!(!text(&yes.stdout).contains("[y/N]"));
    assert_eq!(
        workbook.read(&format!("{STARTER}.bak.2")),
        "pub fn answer() -> u32 { 7 }\n"
    );
    assert_eq!(workbook.read(&backup), SOLVED);
}

#[test]
fn a_deleted_file_comes_back_without_a_question() {
    let workbook = cloned();
    std::fs::remove_file(workbook.root().join(STARTER)).unwrap();
    let reset = workbook.grade(&["--reset", "answer"], "");
    assert_eq!(reset.status.code(), Some(0), "{}", text(&reset.stderr));
    assert_eq!(workbook.read(STARTER), SHIPPED);
}

#[test]
fn without_the_shipped_starter_in_history_reset_says_why_in_one_line() {
    // Not a git clone at all.
    let workbook = Workbook::new();
    workbook.write(STARTER, SOLVED);
    let output = workbook.grade(&["--reset", "answer", "--yes"], "");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("git"), "{stderr}");
    assert_eq!(workbook.read(STARTER), SOLVED);

    // A clone whose history never held the starter as shipped.
    git(&workbook, &["init", "-q"]);
    git(&workbook, &["add", "."]);
    git(
        &workbook,
        &["commit", "-q", "-m", "edited before the first commit"],
    );
    let output = workbook.grade(&["--reset", "answer", "--yes"], "");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no version of"), "{stderr}");
    assert_eq!(workbook.read(STARTER), SOLVED);
}
