//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/coroutine_send.rs"]
mod coroutine_send;

#[path = "../../examples/coroutine_thread.rs"]
mod coroutine_thread;

#[path = "../../examples/countdown_machine.rs"]
mod countdown_machine;

#[path = "../../examples/fibonacci.rs"]
mod fibonacci;

#[path = "../../examples/lazy_next.rs"]
mod lazy_next;

#[path = "../../examples/poll_by_hand.rs"]
mod poll_by_hand;
