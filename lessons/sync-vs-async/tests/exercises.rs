//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not. Each exercise's own behaviour is tested in `tests/<id>.rs`.

use std::path::Path;

use exercise_kit::contract;
use sync_vs_async::exercises::{CHAPTER, EXERCISES};

#[test]
fn every_reference_solution_gets_full_points() {
    contract::assert_solutions_pass(EXERCISES);
}

#[test]
fn every_untouched_starter_fails_its_grading() {
    contract::assert_untouched_starters_fail(EXERCISES);
}

#[test]
fn the_list_names_the_files_compiled_in_and_every_hint_is_plain_paragraphs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    contract::assert_list_matches_files(EXERCISES, CHAPTER, &root);
}
