//! Lessons for the chapter "Coordination primitives".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`. What several
//! lessons share, and what is scaffolding rather than the story, lives here.
