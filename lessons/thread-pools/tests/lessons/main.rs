//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/uptime_checker.rs"]
mod uptime_checker;

#[path = "../../examples/drain_queue.rs"]
mod drain_queue;

#[path = "../../examples/session_per_worker.rs"]
mod session_per_worker;

#[path = "../../examples/pool_futures.rs"]
mod pool_futures;

#[path = "../../examples/rayon_pool.rs"]
mod rayon_pool;

#[path = "../../examples/rayon_blocking.rs"]
mod rayon_blocking;

#[path = "../../examples/choose_workers.rs"]
mod choose_workers;
