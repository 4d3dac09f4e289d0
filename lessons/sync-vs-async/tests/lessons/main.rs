//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/blocking_sleep.rs"]
mod blocking_sleep;

#[path = "../../examples/http_clients.rs"]
mod http_clients;

#[path = "../../examples/http_failures.rs"]
mod http_failures;

#[path = "../../examples/many_tasks.rs"]
mod many_tasks;

#[path = "../../examples/more_workers.rs"]
mod more_workers;

#[path = "../../examples/no_runtime.rs"]
mod no_runtime;

#[path = "../../examples/runtime_flavors.rs"]
mod runtime_flavors;

#[path = "../../examples/scraper.rs"]
mod scraper;

#[path = "../../examples/spawn_blocking.rs"]
mod spawn_blocking;

#[path = "../../examples/starvation.rs"]
mod starvation;

#[path = "../../examples/tokio_main.rs"]
mod tokio_main;

mod ctrl_c;
mod download_pages;
mod task_memory;
