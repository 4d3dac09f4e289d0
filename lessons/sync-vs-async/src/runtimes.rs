//! Shared code of the runtime lessons: `runtime_flavors`, `many_tasks` and `ctrl_c`.
//!
//! - [`flavors`]: the same workloads on tokio's current-thread and multi-thread runtimes.
//! - [`many`]: thousands of tasks, or of threads, alive at once, each in its own child process.
//! - [`shutdown`]: a loop of work that stops gracefully on Ctrl-C.
//!
//! The child processes are started, watched and reaped with `lesson_kit::process`.

pub mod flavors;
pub mod many;
pub mod shutdown;
