//! Every test of this chapter's lessons, in one test program: `cargo test` starts one program
//! for the chapter instead of one per lesson, and runs the lessons' tests side by side. Each
//! lesson is compiled here as a module, with the `#[test]`s written inside it; the book's checks
//! (`cargo run -- check`) fail if a lesson with tests is missing from this list.

// A lesson's `main` and what only `main` uses are not called from the tests.
#![allow(dead_code)]

#[path = "../../examples/square_roots.rs"]
mod square_roots;

#[path = "../../examples/sum_of_squares.rs"]
mod sum_of_squares;

#[path = "../../examples/process_pool.rs"]
mod process_pool;

#[path = "../../examples/start_worker.rs"]
mod start_worker;

#[path = "../../examples/pool_initializer.rs"]
mod pool_initializer;

#[path = "../../examples/crashing_workers.rs"]
mod crashing_workers;

#[path = "../../examples/process_costs.rs"]
mod process_costs;
