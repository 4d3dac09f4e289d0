//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/semaphore.rs"]
mod semaphore;

#[path = "../../examples/event.rs"]
mod event;

#[path = "../../examples/condition.rs"]
mod condition;

#[path = "../../examples/barrier.rs"]
mod barrier;

#[path = "../../examples/channel_capacity.rs"]
mod channel_capacity;

#[path = "../../examples/shared_queue.rs"]
mod shared_queue;

#[path = "../../examples/select_timeout.rs"]
mod select_timeout;
