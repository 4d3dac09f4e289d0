//! Lessons for the chapter "Locks and races".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`. What several
//! lessons share, and what is scaffolding rather than the story, lives here.

pub mod booking;
pub mod named;
pub mod show;
pub mod tally;
pub mod waiting;

/// The natural first attempt at a shared counter, `compile-fail/shared_counter.rs` (the book
/// shows that file): several threads adding to one plain local variable. The compiler rejects
/// it, and this doctest fails the day it compiles. Stable rustdoc ignores the error code after
/// `compile_fail` (only nightly checks it), so `tests/lessons/compile_fail.rs` checks the code itself.
///
/// ```compile_fail,E0373
#[doc = include_str!("../compile-fail/shared_counter.rs")]
/// ```
#[cfg(doctest)]
pub struct SharedCounterDoesNotCompile;
