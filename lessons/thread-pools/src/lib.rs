//! Lessons for the chapter "Thread pools".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`. What several
//! lessons share, and what is scaffolding rather than the story, lives here: the notes' 33 web
//! sites on the local server ([`sites`]), the uptime checker in every style ([`uptime`]), a small
//! thread pool written out in full ([`pool`]), and what a child process does ([`child`]).

pub mod blocking_requests;
pub mod child;
pub mod flags;
pub mod pool;
pub mod quiet_panics;
pub mod roll_call;
pub mod sites;
pub mod square_chunks;
pub mod sweep;
pub mod turns;
pub mod uptime;
