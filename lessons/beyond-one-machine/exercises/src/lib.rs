//! The exercises of the chapter "Beyond one machine": declared in `exercises.toml`, with their
//! starters and hints beside it, and one module of checks per exercise here (`src/<id>.rs`),
//! which compiles in the starter and the reference solution (`../solutions/<id>.rs`). Every
//! check starts a Redis server of its own ([`in_redis`]) and observes what the code did in it.
//!
//! `cargo grade` grades them. `tests/exercises.rs` proves that every reference solution passes
//! and that the checks catch the wrong solutions kept there; the tests `your_work::<id>` there
//! prove that every untouched starter fails, and grade an edited one. After an intended change to
//! a starter, update its `starter_sha256` in `exercises.toml` (`sha256sum` of the file).

pub mod ack_after_done;
pub mod expiring_result;
pub mod in_redis;

exercise_kit::chapter!(
    include_str!("../exercises.toml"),
    [
        ack_after_done => ack_after_done::runs_of,
        expiring_result => expiring_result::runs_of,
    ]
);
