//! The exercises of the chapter "Sync vs async": declared in `exercises.toml`, with their starters
//! and hints beside it, and one module of checks per exercise here (`src/<id>.rs`), which
//! compiles in the starter and the reference solution (`../solutions/<id>.rs`). They build on the
//! chapter's own code (`sync_vs_async`): its downloads and its tokio timeline.
//!
//! `cargo grade` grades them. `tests/exercises.rs` proves that every reference solution passes
//! and that the checks catch the wrong solutions kept there; the tests `your_work::<id>` that
//! `contract_tests!` writes prove that every untouched starter fails, and grade an edited one. After an
//! intended change to a starter, update its `starter_sha256` in `exercises.toml` (`sha256sum` of
//! the file; the failing test under `WORKBOOK_STARTERS_AS_SHIPPED`, which `.ci/run` sets, prints
//! the value too).

pub mod async_pipeline;
pub mod bounded_downloads;

exercise_kit::chapter!(
    include_str!("../exercises.toml"),
    [
        async_pipeline => async_pipeline::runs_of,
        bounded_downloads => bounded_downloads::runs_of,
    ]
);
