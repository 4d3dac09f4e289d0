//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/busy_cores.rs"]
mod busy_cores;

#[path = "../../examples/concurrency_vs_parallelism.rs"]
mod concurrency_vs_parallelism;

#[path = "../../examples/crash_isolation.rs"]
mod crash_isolation;

#[path = "../../examples/send_sync.rs"]
mod send_sync;

#[path = "../../examples/sync_vs_async.rs"]
mod sync_vs_async;

mod compile_fail;
mod processes;
