//! The grader's parts: the list of every exercise in the workbook, what it prints for the
//! student ([`render`]), the files it writes for teachers' tools ([`results`]) and the record of
//! each exercise's last grade that the progress count adds up ([`progress`]).

pub mod progress;
pub mod render;
pub mod results;

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
        reentrant_locks_exercises::exercises(),
        coordination_exercises::exercises(),
        thread_pools_exercises::exercises(),
        processes_exercises::exercises(),
        ipc_exercises::exercises(),
        beyond_one_machine_exercises::exercises(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
