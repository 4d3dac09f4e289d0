//! Lessons for the chapter "Beyond one machine": the work of one program shared by worker
//! processes through a real Redis server, the way Celery and RQ share it.
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`. Every lesson
//! and test starts a Redis server of its own ([`redis_server`]) and stops it when it ends.

pub mod child;
pub mod jobs;
pub mod queue;
pub mod redis_server;
pub mod uptime;
