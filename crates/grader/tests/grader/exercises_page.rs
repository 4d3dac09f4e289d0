//! The book's Exercises page and the grader agree. The page is generated from each chapter's
//! declaration, `lessons/<chapter>/exercises/exercises.toml` (the book's own tests check that),
//! and the grader grades what the same declarations say (each exercises crate's tests check that
//! its compiled declaration is the file on disk). What remains is that the grader leaves no
//! chapter out: every declaration, and every starter file in a chapter's exercises folder, is
//! one it grades.

use grader::exercises;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Every `lessons/<chapter>/exercises` folder.
fn exercise_folders() -> Vec<PathBuf> {
    let lessons = repository().join("lessons");
    let mut folders: Vec<PathBuf> = fs::read_dir(&lessons)
        .unwrap()
        .map(|lesson| lesson.unwrap().path().join("exercises"))
        .filter(|folder| folder.is_dir())
        .collect();
    folders.sort();
    folders
}

fn relative(path: &Path) -> String {
    path.strip_prefix(repository())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_declaration_of_exercises_is_a_chapter_the_grader_grades() {
    // `lessons/<chapter>/exercises/<id>.rs` -> `lessons/<chapter>/exercises`
    let graded: BTreeSet<&str> = exercises()
        .iter()
        .map(|exercise| &exercise.starter[..exercise.starter.rfind('/').unwrap()])
        .collect();
    let mut declared = 0;
    for folder in exercise_folders() {
        if folder.join("exercises.toml").is_file() {
            declared += 1;
            let folder = relative(&folder);
            assert!(
                graded.contains(folder.as_str()),
                "{folder}/exercises.toml declares exercises, but the grader does not grade them: \
                 add the chapter's exercises crate to crates/grader (Cargo.toml and src/lib.rs)"
            );
        }
    }
    assert_eq!(declared, graded.len(), "{graded:?}");
}

#[test]
fn every_starter_file_in_a_lesson_crate_is_an_exercise_the_grader_knows() {
    let known: Vec<&str> = exercises()
        .iter()
        .map(|exercise| exercise.starter)
        .collect();
    for folder in exercise_folders() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = relative(&path);
                assert!(
                    known.contains(&relative.as_str()),
                    "{relative} looks like an exercise, but no exercises.toml declares it"
                );
            }
        }
    }
}
