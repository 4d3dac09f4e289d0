//! Lessons for the chapter "Generators".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`.

pub mod exercises;
