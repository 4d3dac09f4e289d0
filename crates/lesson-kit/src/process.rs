//! A lesson that compares threads with processes starts copies of itself as its child
//! processes: the same program, told by an environment variable which part to play.
//!
//! ```no_run
//! use lesson_kit::process;
//!
//! fn main() {
//!     if let Some(role) = process::role() {
//!         // A child: do the one piece of work `role` names, print the result, and stop.
//!         assert_eq!(role, "crunch");
//!         return;
//!     }
//!     let output = process::child("crunch").output().expect("the lesson can start itself");
//!     assert!(output.status.success());
//! }
//! ```
//!
//! This works for a lesson run with `cargo run --example`. Inside a test, the running program is
//! the test harness, which cannot play a role: tests start a `[[bin]]` of their crate instead
//! (`env!("CARGO_BIN_EXE_<name>")`).

use std::process::Command;

/// The environment variable that carries a child's role.
pub const ROLE_VARIABLE: &str = "WORKBOOK_LESSON_ROLE";

/// The role this process was started to play, or `None` for the lesson itself.
pub fn role() -> Option<String> {
    std::env::var(ROLE_VARIABLE).ok()
}

/// A command that starts this same program as a child playing `role`; add arguments and run it.
///
/// # Panics
/// If the program cannot find its own file, which only a deleted or moved executable causes.
pub fn child(role: &str) -> Command {
    let program = std::env::current_exe().expect("a running program can find its own file");
    let mut command = Command::new(program);
    command.env(ROLE_VARIABLE, role);
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_child_command_names_its_role() {
        let command = child("sleeper");
        let role = command
            .get_envs()
            .find(|(name, _)| *name == ROLE_VARIABLE)
            .and_then(|(_, value)| value);
        assert_eq!(role, Some(std::ffi::OsStr::new("sleeper")));
        assert_eq!(command.get_program(), std::env::current_exe().unwrap());
    }
}
