//! The book's Exercises page and the grader agree: every exercise the grader knows is on the page
//! with its command, its file, its hint and its checks' points, and every starter file in a lesson
//! crate is an exercise the grader knows.

use exercise_kit::grading::Code;
use grade::exercises;
use std::fs;
use std::path::Path;

fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn exercises_page() -> String {
    fs::read_to_string(repository().join("book/exercises.md")).expect("book/exercises.md exists")
}

#[test]
fn every_exercise_is_on_the_exercises_page_with_its_command_file_hint_and_points() {
    let page = exercises_page();
    for exercise in exercises() {
        let id = exercise.id;
        let anchor = format!("{{#{}}}", id.replace('_', "-"));
        let expected = [
            anchor,
            format!("cargo grade --exercise {id}"),
            format!("`{}`", exercise.starter),
            format!("{{{{#include ../{}}}}}", exercise.hint),
        ];
        for text in expected {
            assert!(
                page.contains(&text),
                "book/exercises.md lacks `{text}` for exercise {id}"
            );
        }
        for check in (exercise.checks)(Code::Starter) {
            let row = format!("| {} | {} |", check.name, check.points);
            assert!(
                page.contains(&row),
                "book/exercises.md lacks the row `{row}` of exercise {id}"
            );
        }
    }
}

#[test]
fn every_starter_file_in_a_lesson_crate_is_an_exercise_the_grader_knows() {
    let known: Vec<&str> = exercises()
        .iter()
        .map(|exercise| exercise.starter)
        .collect();
    let lessons = repository().join("lessons");
    for lesson in fs::read_dir(&lessons).unwrap() {
        let folder = lesson.unwrap().path().join("exercises");
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path
                    .strip_prefix(repository())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                assert!(
                    known.contains(&relative.as_str()),
                    "{relative} looks like an exercise, but crates/grade/src/lib.rs does not list it"
                );
            }
        }
    }
}
