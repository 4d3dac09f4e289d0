//! Lessons for the chapter "Threads".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`. The code that
//! a lesson shares with its child processes and with the tests lives here.

pub mod child;
pub mod compare;
pub mod greeting;
pub mod processes;
pub mod work;
