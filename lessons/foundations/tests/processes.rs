//! Processes against threads, with the crate's `foundations-child` program as the child (inside a
//! test the running program is the test harness, which cannot play a child's part).

use std::process::Command;

use foundations::roles;
use foundations::spawning::{children_cpu_time, process_once, thread_once};
use foundations::thread_cpu_time;
use lesson_kit::process::ROLE_VARIABLE;

fn child(role: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_foundations-child"));
    command.env(ROLE_VARIABLE, role);
    command
}

#[test]
fn starting_a_process_costs_more_than_starting_a_thread() {
    // CPU time, not wall time: under two busy loops, even the fastest of 30 thread starts once
    // waited longer for a core than the fastest process start. Time spent on a core cannot be
    // inflated by waiting, and a process must spend it loading a whole program.
    let before = thread_cpu_time();
    for _ in 0..30 {
        thread_once();
    }
    let per_thread = (thread_cpu_time() - before) / 30;
    let before = children_cpu_time();
    for _ in 0..10 {
        let (_, status) = process_once(&mut child(roles::EXIT));
        assert!(status.success(), "{status}");
    }
    // Other tests' children may be counted too; they can only add to the process side.
    let per_process = (children_cpu_time() - before) / 10;
    assert!(
        per_process > per_thread,
        "expected a process ({per_process:?} of CPU time) to cost more than a thread ({per_thread:?})"
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
