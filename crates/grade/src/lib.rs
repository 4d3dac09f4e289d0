//! The list of every exercise in the workbook, for the `grade` command and its tests.

use exercise_kit::grading::Exercise;

/// Every chapter's exercises, in the order of the book; a new chapter appends its exercises
/// crate (`lessons/<chapter>/exercises`).
pub fn exercises() -> Vec<&'static Exercise> {
    [
        foundations_exercises::exercises(),
        generators_exercises::exercises(),
        sync_vs_async_exercises::exercises(),
        threads_exercises::exercises(),
        locks_and_races_exercises::exercises(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
