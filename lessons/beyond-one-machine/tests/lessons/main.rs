//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/job_queue.rs"]
mod job_queue;

#[path = "../../examples/expiring_results.rs"]
mod expiring_results;

#[path = "../../examples/uptime_distributed.rs"]
mod uptime_distributed;

#[path = "../../examples/killed_worker.rs"]
mod killed_worker;

#[path = "../../examples/uptime_worker.rs"]
mod uptime_worker;
