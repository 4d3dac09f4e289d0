//! Lessons for the chapter "Sync vs async".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`. The code that
//! a lesson shares with its child processes, its exercises and the tests lives here.

pub mod basics;
pub mod blocking;
pub mod child;
pub mod clients;
pub mod downloads;
pub mod runtimes;
pub mod scraper;
pub mod starvation;
