//! Lessons for the chapter "Generators".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`. What several
//! lessons share, and what is scaffolding rather than the story, lives here.

pub mod coroutine;
pub mod counting;
pub mod notes;
pub mod poll;
pub mod screen;
