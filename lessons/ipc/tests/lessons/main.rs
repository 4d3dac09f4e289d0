//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/half_written_file.rs"]
mod half_written_file;

#[path = "../../examples/pipe_eof.rs"]
mod pipe_eof;

#[path = "../../examples/named_pipe.rs"]
mod named_pipe;

#[path = "../../examples/hello_sockets.rs"]
mod hello_sockets;

#[path = "../../examples/graceful_shutdown.rs"]
mod graceful_shutdown;

#[path = "../../examples/shared_memory.rs"]
mod shared_memory;

#[path = "../../examples/framed_messages.rs"]
mod framed_messages;

#[path = "../../examples/ipc_compare.rs"]
mod ipc_compare;
