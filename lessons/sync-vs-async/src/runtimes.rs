//! Shared code of the runtime lessons: `runtime_flavors`, `many_tasks` and `ctrl_c`.
//!
//! - [`flavors`]: the same workloads on tokio's current-thread and multi-thread runtimes.
//! - [`many`]: thousands of tasks, or of threads, alive at once, each in its own child process.
//! - [`shutdown`]: a loop of work that stops gracefully on Ctrl-C.
//! - [`supervise`]: how a lesson or a test watches a child process, with a deadline on every wait.

pub mod flavors;
pub mod many;
pub mod shutdown;
pub mod supervise;

/// The value after `flag` in a child's arguments, or `default` if the flag is absent.
///
/// # Panics
/// If the value is not a number: the parent that started the child made a mistake.
pub fn arg(args: &[String], flag: &str, default: u64) -> u64 {
    match args.iter().position(|arg| arg == flag) {
        None => default,
        Some(at) => args
            .get(at + 1)
            .and_then(|text| text.parse().ok())
            .unwrap_or_else(|| panic!("the child needs {flag} <number>, got {args:?}")),
    }
}
