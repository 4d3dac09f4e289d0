//! The workflow file a teacher copies into a class's repository (`classroom/grade.yml`) is valid:
//! it parses, every step is a known action given only the inputs that action documents (and those
//! it requires), and its `cargo grade` command takes the flags it passes and writes the files it
//! uploads.

use std::ffi::OsString;

use grade::catalog::Catalog;
use grade::options::parse;
use yaml_rust2::{Yaml, YamlLoader};

/// The inputs each action used documents in its `action.yml` (actions/checkout v4,
/// actions/upload-artifact v4), and those it requires.
const ACTIONS: &[(&str, &[&str], &[&str])] = &[
    (
        "actions/checkout@v4",
        &[
            "repository",
            "ref",
            "token",
            "ssh-key",
            "ssh-known-hosts",
            "ssh-strict",
            "ssh-user",
            "persist-credentials",
            "path",
            "clean",
            "filter",
            "sparse-checkout",
            "sparse-checkout-cone-mode",
            "fetch-depth",
            "fetch-tags",
            "show-progress",
            "lfs",
            "submodules",
            "set-safe-directory",
            "github-server-url",
        ],
        &[],
    ),
    (
        "actions/upload-artifact@v4",
        &[
            "name",
            "path",
            "if-no-files-found",
            "retention-days",
            "compression-level",
            "overwrite",
            "include-hidden-files",
        ],
        &["path"],
    ),
];

/// The keys a step may have (GitHub's workflow syntax).
const STEP_KEYS: &[&str] = &[
    "id",
    "if",
    "name",
    "uses",
    "run",
    "working-directory",
    "shell",
    "with",
    "env",
    "continue-on-error",
    "timeout-minutes",
];

fn workflow() -> Yaml {
    let path = Catalog::repository().join("classroom/grade.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut documents = YamlLoader::load_from_str(&text).expect("valid YAML");
    assert_eq!(documents.len(), 1);
    documents.remove(0)
}

fn keys(map: &Yaml) -> Vec<&str> {
    map.as_hash()
        .expect("a mapping")
        .keys()
        .map(|key| key.as_str().expect("a string key"))
        .collect()
}

/// A command line split as the shell would split this simple one: spaces, and double quotes
/// around a word.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for character in line.chars() {
        match character {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            other => word.push(other),
        }
    }
    assert!(!quoted, "an unclosed quote in {line}");
    words.extend((!word.is_empty()).then_some(word));
    words
}

#[test]
fn the_class_workflow_grades_on_every_push_and_uploads_what_the_grader_writes() {
    let workflow = workflow();
    assert!(keys(&workflow).contains(&"name"));
    assert!(
        !workflow["on"]["push"].is_badvalue(),
        "it runs on every push"
    );
    let jobs = keys(&workflow["jobs"]);
    assert_eq!(jobs.len(), 1);
    let job = &workflow["jobs"][jobs[0]];
    assert!(job["runs-on"].as_str().is_some());
    let steps = job["steps"].as_vec().expect("a list of steps");

    let mut grading = None;
    let mut uploaded = Vec::new();
    for step in steps {
        for key in keys(step) {
            assert!(STEP_KEYS.contains(&key), "unknown step key {key}");
        }
        match (step["uses"].as_str(), step["run"].as_str()) {
            (Some(action), None) => {
                let (_, documented, required) = ACTIONS
                    .iter()
                    .find(|(name, _, _)| *name == action)
                    .unwrap_or_else(|| panic!("an action whose inputs are not checked: {action}"));
                let given = if step["with"].is_badvalue() {
                    Vec::new()
                } else {
                    keys(&step["with"])
                };
                for input in &given {
                    assert!(documented.contains(input), "{action} has no input {input}");
                }
                for input in *required {
                    assert!(given.contains(input), "{action} requires {input}");
                }
                if action.starts_with("actions/upload-artifact@") {
                    assert_eq!(
                        step["if"].as_str(),
                        Some("always()"),
                        "upload also after a failed grade"
                    );
                    uploaded.push(step["with"]["path"].as_str().unwrap().to_owned());
                }
            }
            (None, Some(run)) => {
                for line in run.lines() {
                    let words = words(line);
                    if words.starts_with(&["cargo".into(), "grade".into()]) {
                        let options = parse(words[2..].iter().map(OsString::from))
                            .unwrap_or_else(|error| panic!("{line}: {error}"))
                            .expect("grading, not --help");
                        grading = Some(options);
                    }
                }
            }
            other => panic!("a step needs one of uses and run: {other:?}"),
        }
    }
    let grading = grading.expect("a step that runs cargo grade");
    assert_eq!(
        grading.summary.as_deref().and_then(|file| file.to_str()),
        Some("$GITHUB_STEP_SUMMARY"),
        "the points go to the job summary"
    );
    for file in [
        grading.junit.expect("--junit"),
        grading.json.expect("--json"),
    ] {
        assert!(
            uploaded.iter().any(|folder| file.starts_with(folder)),
            "{} is not uploaded ({uploaded:?})",
            file.display()
        );
    }
    assert!(!grading.solutions && !grading.watch && grading.ids.is_empty());
}

#[test]
fn the_command_line_splitter_keeps_quoted_words_whole() {
    assert_eq!(words(r#"a  "b c" d"#), ["a", "b c", "d"]);
}
