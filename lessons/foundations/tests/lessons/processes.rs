//! Processes against threads, with the crate's `foundations-child` program as the child (inside a
//! test the running program is the test harness, which cannot play a child's part).

use std::process::Command;
use std::time::Duration;

use foundations::roles;
use foundations::spawning::{children_cpu_time, process_once, thread_once};
use foundations::thread_cpu_time;
use lesson_kit::must_finish;
use lesson_kit::process::{Program, ROLE_VARIABLE};

const CHILD: &str = env!("CARGO_BIN_EXE_foundations-child");

/// Far more than any child here needs; one that takes longer is killed and the test fails.
const LIMIT: Duration = Duration::from_secs(60);

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
    must_finish(LIMIT, "10 processes that exit at once", || {
        let exit = Program::at(CHILD).role(roles::EXIT);
        for _ in 0..10 {
            let (_, status) = process_once(&mut exit.command());
            assert!(status.success(), "{status}");
        }
    });
    // Other tests' children may be counted too; they can only add to the process side.
    let per_process = (children_cpu_time() - before) / 10;
    assert!(
        per_process > per_thread,
        "expected a process ({per_process:?} of CPU time) to cost more than a thread ({per_thread:?})"
    );
}

#[test]
fn a_child_that_panics_exits_with_101_and_the_parent_carries_on() {
    let panicked = Program::at(CHILD).role(roles::PANIC).run(LIMIT).unwrap();
    assert_eq!(panicked.status.code(), Some(101), "{panicked:?}");
    assert_eq!(panicked.ending(), "exit code 101");
    assert!(
        panicked
            .stderr
            .contains("the child process crashed on purpose"),
        "{panicked:?}"
    );
    // Still here, and able to start another child.
    let exit = Program::at(CHILD).role(roles::EXIT).run(LIMIT).unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn a_child_that_aborts_is_killed_by_sigabrt_and_the_parent_carries_on() {
    let aborted = Program::at(CHILD).role(roles::ABORT).run(LIMIT).unwrap();
    assert_eq!(aborted.signal(), Some(libc::SIGABRT), "{aborted:?}");
    assert_eq!(aborted.ending(), "killed by signal 6 (SIGABRT)");
    let exit = Program::at(CHILD).role(roles::EXIT).run(LIMIT).unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn the_child_without_a_role_explains_itself_and_exits_2() {
    let output = Command::new(CHILD)
        .env_remove(ROLE_VARIABLE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains(ROLE_VARIABLE));
}

#[test]
fn a_role_the_child_does_not_play_is_refused_with_exit_code_2() {
    let refused = Program::at(CHILD).role("juggle").run(LIMIT).unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(refused.stderr.contains("unknown role"), "{refused:?}");
}
