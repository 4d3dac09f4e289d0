//! The exercises of the chapter "Inter-process communication": declared in `exercises.toml`,
//! with their starters and hints beside it, and one module of checks per exercise here
//! (`src/<id>.rs`), which compiles in the starter and the reference solution
//! (`../solutions/<id>.rs`).
//!
//! `cargo grade` grades them. `tests/exercises.rs` proves that every reference solution passes
//! and that the checks catch the wrong solutions kept there; the tests `your_work::<id>` that
//! `contract_tests!` writes there prove that every untouched starter fails, and grade an edited one. After an
//! intended change to a starter, update its `starter_sha256` in `exercises.toml` (`sha256sum` of
//! the file).

pub mod atomic_save;
pub mod frame_decoder;

exercise_kit::chapter!(
    include_str!("../exercises.toml"),
    [
        atomic_save => atomic_save::runs_of,
        frame_decoder => frame_decoder::runs_of,
    ]
);
