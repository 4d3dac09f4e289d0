//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/crunch_numbers.rs"]
mod crunch_numbers;

#[path = "../../examples/many_threads.rs"]
mod many_threads;

#[path = "../../examples/only_sleep.rs"]
mod only_sleep;

#[path = "../../examples/scoped_threads.rs"]
mod scoped_threads;

#[path = "../../examples/spawn_join.rs"]
mod spawn_join;

#[path = "../../examples/stop_flag.rs"]
mod stop_flag;

#[path = "../../examples/two_greeters.rs"]
mod two_greeters;

mod processes;
