//! The files teachers' tools read: JSON, JUnit XML, a Markdown summary, and the record behind the
//! progress count.

use std::fs;

use exercise_kit::grading::{Code, Exercise};
use exercise_kit::output::xml_escape as escape;
use grader::exercises;
use serde_json::Value;

use crate::{grader, quickest_first, stdout};

#[test]
fn the_reference_solutions_get_full_points_and_the_files_for_teachers_agree() {
    let folder = tempfile::tempdir().unwrap();
    let file = |name: &str| folder.path().join(name).to_string_lossy().into_owned();
    // In a folder that does not exist yet: the grader creates it.
    let (json, junit, summary) = (
        file("out/grade.json"),
        file("out/junit.xml"),
        file("summary.md"),
    );
    fs::write(&summary, "earlier steps wrote this\n").unwrap();
    // Three exercises are enough to prove the files agree (every chapter's own tests prove that
    // each of its solutions gets full points); the quickest keep this test from growing.
    let chosen: Vec<&Exercise> = quickest_first().into_iter().take(3).collect();
    let mut args = vec!["--solutions"];
    for exercise in &chosen {
        args.extend(["--exercise", exercise.id]);
    }
    let output = grader(
        &[
            &args[..],
            &["--json", &json, "--junit", &junit, "--summary", &summary],
        ]
        .concat(),
    );
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    let points: Vec<u32> = chosen
        .iter()
        .flat_map(|exercise| exercise.checks_of(Code::Solution))
        .map(|check| check.points)
        .collect();
    let possible: u32 = points.iter().sum();
    let closing = format!(
        "Total: {possible}/{possible} points; {0} of {0} exercises with full points.\n{1} \
         passed, 0 failed\n",
        chosen.len(),
        points.len()
    );
    assert!(text.ends_with(&closing), "{text}");
    for exercise in &chosen {
        assert!(text.contains(exercise.solution), "{text}");
    }

    let report: Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["format"], 1);
    assert_eq!(report["graded"], "solutions");
    assert_eq!(report["complete"], true);
    assert_eq!(report["failed"], 0);
    let listed = report["exercises"].as_array().expect("a list of exercises");
    assert_eq!(listed.len(), chosen.len());
    let (mut earned, mut checks) = (0, 0);
    for exercise in listed {
        let graded = exercise["checks"].as_array().expect("a list of checks");
        let points: u64 = graded.iter().map(|c| c["earned"].as_u64().unwrap()).sum();
        assert_eq!(exercise["earned"], points, "{exercise:#}");
        for check in graded {
            assert_eq!(check["status"], "passed", "{check:#}");
            assert_eq!(check["message"], Value::Null, "{check:#}");
            assert!(check["name"].is_string() && check["limit_ms"].is_u64());
        }
        earned += points;
        checks += graded.len();
    }
    assert_eq!(
        (report["earned"].clone(), report["possible"].clone()),
        (earned.into(), earned.into())
    );
    assert_eq!(report["passed"], checks);

    let xml = fs::read_to_string(&junit).unwrap();
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some(checks.to_string().as_str()));
    assert_eq!(root.attribute("failures"), Some("0"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), chosen.len());
    for (suite, exercise) in suites.iter().zip(&chosen) {
        assert_eq!(suite.attribute("name"), Some(exercise.id));
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), exercise.checks.len());
        for (case, check) in cases.iter().zip(&exercise.checks) {
            assert_eq!(case.attribute("name"), Some(check.name));
            let points = case
                .descendants()
                .find(|n| n.attribute("name") == Some("points"))
                .and_then(|n| n.attribute("value"));
            assert_eq!(points, Some(check.points.to_string().as_str()));
            assert!(!case.children().any(|n| n.has_tag_name("failure")));
        }
    }

    let markdown = fs::read_to_string(&summary).unwrap();
    assert!(
        markdown.starts_with("earlier steps wrote this\n## cargo grade (solutions): "),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!(": {earned}/{earned} points")),
        "{markdown}"
    );
    for exercise in &chosen {
        assert!(
            markdown.contains(&format!("| `{}` ", exercise.id)),
            "{markdown}"
        );
    }
    assert!(!markdown.contains("did not pass"), "{markdown}");
}

#[test]
fn a_failed_check_is_a_junit_failure_with_its_message_and_a_summary_line() {
    let Some(exercise) = quickest_first().into_iter().find(|e| e.starter_untouched()) else {
        return; // every starter edited: nothing here is known to fail
    };
    let folder = tempfile::tempdir().unwrap();
    let junit = folder
        .path()
        .join("junit.xml")
        .to_string_lossy()
        .into_owned();
    let summary = folder
        .path()
        .join("summary.md")
        .to_string_lossy()
        .into_owned();
    let output = grader(&[
        "--exercise",
        exercise.id,
        "--junit",
        &junit,
        "--summary",
        &summary,
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let xml = fs::read_to_string(&junit).unwrap();
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let failures: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert!(!failures.is_empty(), "{xml}");
    let failed = document.root_element().attribute("failures").unwrap();
    assert_eq!(failed, failures.len().to_string());
    for failure in failures {
        assert!(matches!(
            failure.attribute("type"),
            Some("failed" | "timed_out")
        ));
        assert!(!failure.text().unwrap_or_default().is_empty(), "{xml}");
    }
    let markdown = fs::read_to_string(&summary).unwrap();
    assert!(
        markdown.contains("### Checks that did not pass"),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!("- `{}`, ", exercise.id)),
        "{markdown}"
    );
}

#[test]
fn text_that_xml_forbids_or_reserves_is_escaped() {
    let nasty = "a <b> & \"c\" 'd' \u{1b}[31mred\u{0} \u{fffe}";
    let escaped = escape(nasty);
    let xml = format!("<m a=\"{escaped}\">{escaped}</m>");
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let text = document.root_element().text().unwrap();
    assert_eq!(text, "a <b> & \"c\" 'd' \u{fffd}[31mred\u{fffd} \u{fffd}");
    assert_eq!(document.root_element().attribute("a"), Some(text));
}

#[test]
fn the_record_counts_exercises_with_full_points_until_their_file_changes() {
    let folder = tempfile::tempdir().unwrap();
    let record = folder.path().join("progress.json");
    let record = record.to_string_lossy();
    let (first, second) = (quickest_first()[0], quickest_first()[1]);
    let output = grader(&["--exercise", first.id, "--record", &record]);
    let text = stdout(&output);
    let total = exercises().len();
    let expected = if output.status.success() { 1 } else { 0 };
    assert!(
        text.contains(&format!(
            "Progress: {expected} of {total} exercises with full points"
        )),
        "{text}"
    );
    let kept: Value = serde_json::from_str(&fs::read_to_string(&*record).unwrap()).unwrap();
    let grade = &kept["exercises"][first.id];
    assert_eq!(grade["complete"], output.status.success(), "{kept:#}");
    assert_eq!(
        grade["sha256"],
        exercise_kit::grading::fingerprint(first.starter_text),
        "{kept:#}"
    );

    // A grade recorded for another version of the file does not count.
    let stale = serde_json::json!({"format": 1, "exercises": {
        first.id: {"sha256": "0".repeat(64), "complete": true}
    }});
    fs::write(&*record, stale.to_string()).unwrap();
    let output = grader(&["--exercise", second.id, "--record", &record]);
    let text = stdout(&output);
    let expected = usize::from(output.status.success());
    assert!(
        text.contains(&format!(
            "Progress: {expected} of {total} exercises with full points"
        )),
        "{text}"
    );
}
