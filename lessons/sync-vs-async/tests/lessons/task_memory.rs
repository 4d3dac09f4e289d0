//! The `many_tasks` lesson's children, started as the crate's `sync-vs-async-child` program: each
//! side in a process of its own, so that the peak memory of one cannot count against the other.

use std::time::Duration;

use lesson_kit::process::Program;
use sync_vs_async::runtimes::many::{TASKS_ROLE, THREADS_ROLE, run_child};

const LIMIT: Duration = Duration::from_secs(120);
const CHILD: &str = env!("CARGO_BIN_EXE_sync-vs-async-child");

#[test]
fn a_thread_needs_many_times_the_memory_of_a_task() {
    let count = 2_000;
    let tasks = run_child(Program::at(CHILD).role(TASKS_ROLE), count, LIMIT).unwrap();
    let threads = run_child(Program::at(CHILD).role(THREADS_ROLE), count, LIMIT).unwrap();
    assert_eq!((tasks.alive, tasks.ran), (count, count), "{tasks:?}");
    assert_eq!((threads.alive, threads.ran), (count, count), "{threads:?}");
    // Measured with 2 000 of each: about 0.5 KiB per task and 9.5 KiB per thread, idle or
    // under two busy loops (memory does not depend on the load).
    assert!(
        threads.kib_per_unit() > 4.0 * tasks.kib_per_unit(),
        "tasks {tasks:?}, threads {threads:?}"
    );
    // A thread's stack takes at least one 4 KiB page once the thread runs.
    assert!(threads.kib_per_unit() >= 4.0, "{threads:?}");
    assert!(tasks.kib_per_unit() < 4.0, "{tasks:?}");
}

#[test]
fn an_unknown_role_is_refused_with_exit_code_2() {
    let refused = Program::at(CHILD).role("juggle").run(LIMIT).unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(refused.stderr.contains("unknown role"), "{refused:?}");
}
