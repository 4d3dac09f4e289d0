//! Processes against threads, with the crate's `foundations-child` program as the child (inside a
//! test the running program is the test harness, which cannot play a child's part).

use std::process::Command;
use std::time::Duration;

use foundations::roles;
use foundations::spawning::{median, process_once, thread_once};
use lesson_kit::process::ROLE_VARIABLE;

fn child(role: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_foundations-child"));
    command.env(ROLE_VARIABLE, role);
    command
}

#[test]
fn starting_a_process_costs_more_than_starting_a_thread() {
    let threads: Vec<Duration> = (0..30).map(|_| thread_once()).collect();
    let processes: Vec<Duration> = (0..10)
        .map(|_| {
            let (took, status) = process_once(&mut child(roles::EXIT));
            assert!(status.success(), "{status}");
            took
        })
        .collect();
    // Medians: a busy moment of the machine slows one start, not the middle one.
    let (thread, process) = (median(&threads), median(&processes));
    assert!(
        process > thread,
        "expected a process ({process:?}) to cost more than a thread ({thread:?})"
    );
}

#[test]
fn a_child_that_panics_exits_with_101_and_the_parent_carries_on() {
    let output = child(roles::PANIC).output().unwrap();
    assert_eq!(output.status.code(), Some(101), "{:?}", output.status);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the child process crashed on purpose"),
        "{stderr}"
    );
    // Still here, and able to start another child.
    assert!(child(roles::EXIT).status().unwrap().success());
}

#[cfg(unix)]
#[test]
fn a_child_that_aborts_is_killed_by_sigabrt_and_the_parent_carries_on() {
    use std::os::unix::process::ExitStatusExt;
    let status = child(roles::ABORT).status().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGABRT), "{status:?}");
    assert!(child(roles::EXIT).status().unwrap().success());
}

#[test]
fn the_child_without_a_role_explains_itself_and_exits_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_foundations-child"))
        .env_remove(ROLE_VARIABLE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains(ROLE_VARIABLE));
}
