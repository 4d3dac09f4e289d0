//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/forgotten_guard.rs"]
mod forgotten_guard;

#[path = "../../examples/guard_across_wait.rs"]
mod guard_across_wait;

#[path = "../../examples/guard_scope.rs"]
mod guard_scope;

#[path = "../../examples/lock_order.rs"]
mod lock_order;

#[path = "../../examples/poisoned_lock.rs"]
mod poisoned_lock;

#[path = "../../examples/race_by_luck.rs"]
mod race_by_luck;

#[path = "../../examples/race_condition.rs"]
mod race_condition;

#[path = "../../examples/shared_counter.rs"]
mod shared_counter;

#[path = "../../examples/simultaneous_acquire.rs"]
mod simultaneous_acquire;

mod compile_fail;
