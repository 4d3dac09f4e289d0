//! Building the grader with the student's files: the compiler's messages about those files alone,
//! one line saying what to do, exit code 2, and files for teachers' tools that say so.

use std::io::Cursor;

use grade::compile::{normalize, sort};

use crate::workbook::{SOLVED, STARTER, Workbook, text};

/// What cargo prints for a build that fails in a starter, with an error in the checks that
/// follows from it (trimmed to the fields read).
const FAILED_BUILD: &str = r#"{"reason":"compiler-message","message":{"level":"error","rendered":"error[E0308]: in the starter\n","spans":[{"file_name":"lessons/x/exercises/src/../demo.rs","is_primary":true}]}}
{"reason":"compiler-message","message":{"level":"error","rendered":"error[E0277]: in the checks\n","spans":[{"file_name":"lessons/x/exercises/demo.rs","is_primary":false},{"file_name":"lessons/x/exercises/src/demo.rs","is_primary":true}]}}
{"reason":"compiler-message","message":{"level":"warning","rendered":"warning: unused\n","spans":[{"file_name":"lessons/x/exercises/demo.rs","is_primary":true}]}}
{"reason":"compiler-message","message":{"level":"error","rendered":"error: aborting due to 2 previous errors\n","spans":[]}}
{"reason":"compiler-artifact","target":{"name":"grader","kind":["bin"]},"executable":null}
not JSON: a line of something else
{"reason":"build-finished","success":false}
"#;

#[test]
fn cargos_messages_are_sorted_into_the_students_errors_and_the_rest() {
    let messages = sort(
        Cursor::new(FAILED_BUILD),
        "grader",
        &["lessons/x/exercises/demo.rs"],
    );
    assert_eq!(
        messages.yours,
        [(
            "lessons/x/exercises/demo.rs".to_owned(),
            "error[E0308]: in the starter\n".to_owned()
        )]
    );
    assert_eq!(messages.others, ["error[E0277]: in the checks\n"]);
    assert_eq!(
        (messages.succeeded, messages.executable),
        (Some(false), None)
    );

    let built = r#"{"reason":"compiler-artifact","target":{"name":"other"},"executable":"/t/other"}
{"reason":"compiler-artifact","target":{"name":"grader"},"executable":"/t/debug/grader"}
{"reason":"build-finished","success":true}"#;
    let messages = sort(Cursor::new(built), "grader", &[]);
    assert_eq!(
        messages.executable.unwrap().to_str(),
        Some("/t/debug/grader")
    );
    assert_eq!(messages.succeeded, Some(true));
}

#[test]
fn paths_lose_their_dots_and_backslashes() {
    for (path, normal) in [
        (
            "lessons/x/exercises/src/../demo.rs",
            "lessons/x/exercises/demo.rs",
        ),
        ("./a/./b/../c.rs", "a/c.rs"),
        ("a\\src\\..\\b.rs", "a/b.rs"),
        ("/abs/src/../x.rs", "/abs/x.rs"),
        ("../up.rs", "../up.rs"),
    ] {
        assert_eq!(normalize(path), normal, "{path}");
    }
}

#[test]
fn a_starter_that_does_not_compile_gets_its_own_messages_one_line_exit_2_and_files_that_say_so() {
    let workbook = Workbook::new();
    // The starter's mistake also breaks the grader's code that calls it: only the first is the
    // student's to see.
    workbook.write(STARTER, "pub fn answer() -> String {\n    42\n}\n");
    let files = workbook.root().join("out");
    let (junit, summary) = (files.join("junit.xml"), files.join("summary.md"));
    let output = workbook.grade(
        &[
            "--junit",
            junit.to_str().unwrap(),
            "--summary",
            summary.to_str().unwrap(),
        ],
        "",
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("{STARTER}:2:5")), "{stderr}");
    assert!(
        !stderr.contains("main.rs"),
        "the grader's own error must stay hidden: {stderr}"
    );
    let last = stderr.lines().last().unwrap();
    assert!(
        last.starts_with(&format!("error: {STARTER} does not compile")),
        "{stderr}"
    );
    assert!(text(&output.stdout).is_empty(), "nothing was graded");

    let xml = std::fs::read_to_string(&junit).unwrap();
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let case = document
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert_eq!(
        case.attribute("name"),
        Some(format!("{STARTER} compiles").as_str())
    );
    let failure = case.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert!(
        failure.text().unwrap().contains("mismatched types"),
        "{xml}"
    );
    let markdown = std::fs::read_to_string(&summary).unwrap();
    assert!(
        markdown.starts_with("## cargo grade (starters): 0/3 points"),
        "{markdown}"
    );
}

#[test]
fn a_file_that_compiles_is_graded_by_the_grader_built_with_it() {
    let workbook = Workbook::new();
    let output = workbook.grade(&[], "");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("the answer is 0"),
        "{}",
        text(&output.stdout)
    );

    workbook.write(STARTER, SOLVED);
    let output = workbook.grade(&["--exercise", "answer", "--json", "grade.json"], "");
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(stdout.contains("the answer is 42"), "{stdout}");
    // The grader is asked for what the student asked, and keeps the progress record.
    assert!(
        stdout.contains(r#"["--exercise", "answer", "--json", "grade.json", "--record""#),
        "{stdout}"
    );
}
