//! Lessons for the chapter "Processes".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`. What several
//! lessons share, and what is scaffolding rather than the story, lives here; [`child`] lists
//! what a child process of this crate can do.

pub mod child;
pub mod costs;
pub mod cpu;
pub mod pool;
pub mod split;
pub mod start;
