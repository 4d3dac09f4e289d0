//! The exercises of the chapter "Coordination primitives": declared in `exercises.toml`, with
//! their starters and hints beside it, and one module of checks per exercise here
//! (`src/<id>.rs`), which compiles in the starter and the reference solution
//! (`../solutions/<id>.rs`).
//!
//! `cargo grade` grades them. `tests/exercises.rs` proves that every reference solution passes
//! and that the checks catch the wrong solutions kept there; the tests `your_work::<id>` that
//! `contract_tests!` writes prove that every untouched starter fails, and grade an edited one. After an
//! intended change to a starter, update its `starter_sha256` in `exercises.toml` (`sha256sum` of
//! the file).

pub mod bounded_work_queue;
pub mod counting_semaphore;
pub mod permits;

exercise_kit::chapter!(
    include_str!("../exercises.toml"),
    [
        counting_semaphore => counting_semaphore::runs_of,
        bounded_work_queue => bounded_work_queue::runs_of,
    ]
);
