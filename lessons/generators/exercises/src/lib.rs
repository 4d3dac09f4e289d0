//! The exercises of the chapter "Generators": declared in `exercises.toml`, with their starters
//! and hints beside it, and one module of checks per exercise here (`src/<id>.rs`), which
//! compiles in the starter and the reference solution (`../solutions/<id>.rs`).
//!
//! `cargo grade` grades them. `tests/exercises.rs` proves that every reference solution passes
//! and that the checks catch the wrong solutions kept there; the tests `your_work::<id>` that
//! `contract_tests!` writes prove that every untouched starter fails, and grade an edited one. After an
//! intended change to a starter, update its `starter_sha256` in `exercises.toml` (`sha256sum` of
//! the file; the failing test under `WORKBOOK_STARTERS_AS_SHIPPED`, which `.ci/run` sets, prints
//! the value too).

pub mod lazy_collatz;
pub mod running_average;

exercise_kit::chapter!(
    include_str!("../exercises.toml"),
    [
        lazy_collatz => lazy_collatz::runs_of,
        running_average => running_average::runs_of,
    ]
);
