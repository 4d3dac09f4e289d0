//! Lessons for the chapter "Inter-process communication".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`, and every one
//! has two processes: the lesson and a copy of itself playing a role from [`child::ROLES`]. What
//! the lessons share, and what is scaffolding rather than the story, lives here; each module owns
//! the roles its lesson's children play.

pub mod child;
pub mod compare;
pub mod fifo;
pub mod file;
pub mod frame;
pub mod memory;
pub mod pipe;
pub mod scratch;
pub mod signal;
pub mod socket;
