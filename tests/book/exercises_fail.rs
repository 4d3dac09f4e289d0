//! The Exercises page's rules, each broken on purpose: a declaration the page does not show, a
//! directive without its declaration, and every way a declaration can be wrong, which fails the
//! build with a message that names the file and the place.

use crate::common::{assert_reported, copy_of_repository, edit};
use mdbook_i18n_helpers::renderers::Xgettext;
use std::fs;
use workbook::build::{build_site, load_book};
use workbook::checks::exercise_page_problems;
use workbook::project::{Project, SOURCE_LANGUAGE};

/// The error the book's preprocessors stop with, as `cargo run -- build` would report it.
fn preprocessing_error(project: &Project) -> String {
    let book = load_book(project, SOURCE_LANGUAGE).expect("the book loads");
    match book.preprocess_book(&Xgettext) {
        Ok(_) => panic!("the book was preprocessed without an error"),
        Err(error) => format!("{error:#}"),
    }
}

fn assert_mentions(error: &str, words: &[&str]) {
    assert!(
        words.iter().all(|word| error.contains(word)),
        "expected an error mentioning {words:?}, got: {error}"
    );
}

#[test]
fn a_declaration_no_page_shows_is_reported() {
    let (_folder, project) = copy_of_repository();
    edit(
        &project.book_dir().join("exercises.md"),
        "{{#exercises threads}}\n",
        "",
    );
    assert_reported(
        &exercise_page_problems(&project).unwrap(),
        &[
            "lessons/threads/exercises/exercises.toml",
            "\"Threads\"",
            "on no page",
            "{{#exercises threads}}",
        ],
    );
}

#[test]
fn a_directive_whose_declaration_does_not_exist_is_reported() {
    let (_folder, project) = copy_of_repository();
    fs::remove_file(
        project
            .lessons_dir()
            .join("threads/exercises/exercises.toml"),
    )
    .unwrap();
    edit(
        &project.book_dir().join("exercises.md"),
        "{{#exercises threads}}\n",
        "{{#exercises threads}}\n\n{{#exercises no-such-chapter}}\n",
    );
    let problems = exercise_page_problems(&project).unwrap();
    assert_reported(
        &problems,
        &[
            "book/exercises.md:",
            "{{#exercises threads}}",
            "lessons/threads/exercises/exercises.toml, which does not exist",
        ],
    );
    assert_reported(
        &problems,
        &[
            "{{#exercises no-such-chapter}}",
            "lessons/no-such-chapter/exercises/exercises.toml, which does not exist",
        ],
    );
}

#[test]
fn a_check_worth_0_points_fails_the_build_and_is_reported() {
    let (folder, project) = copy_of_repository();
    let declaration = project
        .lessons_dir()
        .join("locks-and-races/exercises/exercises.toml");
    edit(&declaration, "points = 5\n", "points = 0\n");
    let error = format!(
        "{:#}",
        build_site(&project, &folder.path().join("site"), false).unwrap_err()
    );
    assert_mentions(
        &error,
        &[
            "lessons/locks-and-races/exercises/exercises.toml",
            "`safe_booking`",
            "check 2",
            "0 points",
        ],
    );
    assert_reported(
        &exercise_page_problems(&project).unwrap(),
        &["locks-and-races/exercises/exercises.toml", "0 points"],
    );
}

#[test]
fn a_malformed_or_missing_declaration_fails_the_build() {
    let (_folder, project) = copy_of_repository();
    let declaration = project
        .lessons_dir()
        .join("threads/exercises/exercises.toml");
    edit(&declaration, "points = 3\n", "points = \"three\"\n");
    assert_mentions(
        &preprocessing_error(&project),
        &[
            "lessons/threads/exercises/exercises.toml",
            "`points` must be a whole number",
        ],
    );
    edit(
        &declaration,
        "points = \"three\"\n",
        "points = 3\nweight = 1\n",
    );
    assert_mentions(
        &preprocessing_error(&project),
        &["lessons/threads/exercises/exercises.toml", "weight"],
    );
    fs::remove_file(&declaration).unwrap();
    assert_mentions(
        &preprocessing_error(&project),
        &[
            "book/exercises.md:",
            "lessons/threads/exercises/exercises.toml does not exist",
        ],
    );
}

#[test]
fn a_duplicate_id_fails_the_build() {
    let (_folder, project) = copy_of_repository();
    // Within one chapter.
    let threads = project
        .lessons_dir()
        .join("threads/exercises/exercises.toml");
    edit(&threads, "id = \"parallel_map\"", "id = \"stop_worker\"");
    assert_mentions(
        &preprocessing_error(&project),
        &[
            "lessons/threads/exercises/exercises.toml",
            "`stop_worker`",
            "unique",
        ],
    );
    // And across chapters, each valid on its own.
    edit(&threads, "id = \"stop_worker\"", "id = \"safe_booking\"");
    fs::copy(
        project
            .lessons_dir()
            .join("threads/exercises/stop_worker.rs"),
        project
            .lessons_dir()
            .join("threads/exercises/safe_booking.rs"),
    )
    .unwrap();
    fs::copy(
        project
            .lessons_dir()
            .join("threads/exercises/stop_worker.hint.md"),
        project
            .lessons_dir()
            .join("threads/exercises/safe_booking.hint.md"),
    )
    .unwrap();
    assert_mentions(
        &preprocessing_error(&project),
        &[
            "lessons/locks-and-races/exercises/exercises.toml",
            "`safe_booking`",
            "lessons/threads/exercises/exercises.toml",
        ],
    );
}

#[test]
fn a_directive_naming_an_unknown_chapter_fails_the_build() {
    let (_folder, project) = copy_of_repository();
    edit(
        &project.book_dir().join("exercises.md"),
        "{{#exercises threads}}",
        "{{#exercises thread}}",
    );
    assert_mentions(
        &preprocessing_error(&project),
        &[
            "book/exercises.md:",
            "{{#exercises thread}}",
            "unknown chapter",
            "lessons/thread",
        ],
    );
}

#[test]
fn a_missing_hint_fails_the_build() {
    let (_folder, project) = copy_of_repository();
    fs::remove_file(
        project
            .lessons_dir()
            .join("generators/exercises/lazy_collatz.hint.md"),
    )
    .unwrap();
    assert_mentions(
        &preprocessing_error(&project),
        &[
            "lessons/generators/exercises/exercises.toml",
            "`lazy_collatz`",
            "lessons/generators/exercises/lazy_collatz.hint.md does not exist",
        ],
    );
}
