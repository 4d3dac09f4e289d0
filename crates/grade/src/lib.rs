//! The list of every exercise in the workbook, for the `grade` command and for the tests that hold
//! the book's Exercises page to it.

use exercise_kit::grading::Exercise;

/// Every chapter's exercises, in the order of the book; a new chapter appends its list.
pub fn exercises() -> Vec<&'static Exercise> {
    [
        foundations::exercises::EXERCISES,
        generators::exercises::EXERCISES,
        sync_vs_async::exercises::EXERCISES,
        threads::exercises::EXERCISES,
        locks_and_races::exercises::EXERCISES,
    ]
    .into_iter()
    .flatten()
    .collect()
}
