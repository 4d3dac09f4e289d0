//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/balanced_release.rs"]
mod balanced_release;

#[path = "../../examples/lock_cost.rs"]
mod lock_cost;

#[path = "../../examples/other_threads_wait.rs"]
mod other_threads_wait;

#[path = "../../examples/reentrant_deadlock.rs"]
mod reentrant_deadlock;

#[path = "../../examples/relock.rs"]
mod relock;

#[path = "../../examples/shared_access.rs"]
mod shared_access;

mod compile_fail;
