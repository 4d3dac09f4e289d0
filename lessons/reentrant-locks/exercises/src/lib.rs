//! The exercises of the chapter "Reentrant locks": declared in `exercises.toml`, with their
//! starters and hints beside it, and one module of checks per exercise here (`src/<id>.rs`),
//! which compiles in the starter and the reference solution (`../solutions/<id>.rs`), with what
//! its checks need beside it (`seats`, the seats the grader watches).
//!
//! `cargo grade` grades them. `tests/exercises.rs` proves that every reference solution passes
//! and that the checks catch the wrong solutions kept there; the tests `your_work::<id>` that
//! `contract_tests!` writes prove that every untouched starter fails, and grade an edited one. After an
//! intended change to a starter, update its `starter_sha256` in `exercises.toml`.

pub mod family_booking;
pub mod own_reentrant_lock;
pub mod seats;

exercise_kit::chapter!(
    include_str!("../exercises.toml"),
    [
        family_booking => family_booking::runs_of,
        own_reentrant_lock => own_reentrant_lock::runs_of,
    ]
);
