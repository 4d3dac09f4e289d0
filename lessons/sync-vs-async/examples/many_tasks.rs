//! Lesson: a tokio task costs far less than an OS thread. The notes call greenlets (gevent's
//! micro-threads) very cheap to create and to switch, and give no figure. Tokio's tasks are
//! Rust's cheap concurrent units; this lesson measures them against threads.
//!
//! It starts 10 000 tasks, all alive at once, then lets them finish; then 10 000 threads, the
//! same way. Each side runs in its own child process (a copy of this program), so that the memory
//! of one cannot count against the other, and each child reports its time and its peak memory
//! (`getrusage`'s `ru_maxrss`). If the system refuses that many threads, the lesson says how many
//! it allowed and goes on with those.
//!
//! Run: `cargo run --example many_tasks` (try `-- --count 50000`).

use std::time::Duration;

use lesson_kit::cli;
use lesson_kit::process::{self, Program};
use lesson_kit::{Figure, cores};
use sync_vs_async::child::ROLES;
use sync_vs_async::runtimes::many::{TASKS_ROLE, THREADS_ROLE, print_report, run_child};

const USAGE: &str = "\
10 000 tokio tasks, then 10 000 OS threads, all alive at once: time and memory of each.

usage: cargo run --example many_tasks -- [--count N]

  --count N   how many tasks, and how many threads (default 10000, from 1 to 1000000)
  -h, --help  show this text
";

/// Only a stuck child could take this long; it is killed and the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(120);

/// A thread needs at least this much more memory than a task, on any machine, loaded or not.
/// Measured: about 20 times more, idle or under two busy loops (memory does not depend on load).
const MARGIN: f64 = 4.0;

fn main() {
    process::play_if_child(ROLES);
    let count: usize = cli::only_number(USAGE, "count", 10_000, 1..=1_000_000);
    println!(
        "{count} units of each kind, all alive at once, then all finished; {} cores seen.\n",
        cores()
    );

    // ANCHOR: two_children
    println!("1. {count} tokio tasks on a current-thread runtime, in a child process:");
    let tasks = run_child(Program::this().role(TASKS_ROLE), count, LIMIT)
        .unwrap_or_else(|error| panic!("the tasks' child failed: {error}"));
    print_report(&tasks);

    println!("\n2. {count} OS threads, in another child process:");
    let threads = run_child(Program::this().role(THREADS_ROLE), count, LIMIT)
        .unwrap_or_else(|error| panic!("the threads' child failed: {error}"));
    print_report(&threads);
    // ANCHOR_END: two_children

    let ratio = threads.kib_per_unit() / tasks.kib_per_unit().max(0.001);
    Figure::new("the cost of one concurrent unit: start it; memory while alive")
        .notes("greenlets: very cheap to create and to switch (no figure)")
        .this_run(format!(
            "task {:.2} µs, {:.2} KiB; thread {:.2} µs, {:.2} KiB ({ratio:.0}x the memory of a task)",
            tasks.spawn_micros(),
            tasks.kib_per_unit(),
            threads.spawn_micros(),
            threads.kib_per_unit()
        ))
        .ideal("a task: its future and a small header, a fraction of a KiB; a thread: a stack of its own, at least a 4 KiB page")
        .print();
    Figure::new("letting every unit finish and joining it, per unit")
        .notes("(no figure)")
        .this_run(format!(
            "task {:.2} µs; thread {:.2} µs",
            tasks.finish_micros(),
            threads.finish_micros()
        ))
        .ideal("a task: a wake-up and a poll on the same thread; a thread: the kernel must wake and schedule it")
        .print();

    // ANCHOR: asserts
    assert!(
        tasks.alive == count && tasks.ran == count,
        "expected all {count} tasks alive at once and run to the end, got {tasks:?}"
    );
    assert!(
        threads.alive > 0 && threads.ran == threads.alive,
        "expected every thread the system allowed to run to the end, got {threads:?}"
    );
    assert!(
        threads.kib_per_unit() > MARGIN * tasks.kib_per_unit(),
        "expected a thread to need over {MARGIN} times the memory of a task, got {:.2} KiB per \
         thread and {:.2} KiB per task",
        threads.kib_per_unit(),
        tasks.kib_per_unit()
    );
    // ANCHOR_END: asserts
    println!(
        "\nAs expected: all {count} tasks ran; each thread needed {ratio:.0} times the memory of a task."
    );
}

#[cfg(test)]
mod tests {
    // The memory comparison needs each side in a process of its own, which the test harness
    // cannot start: it is in tests/lessons/task_memory.rs, with the crate's `sync-vs-async-child`.
    use sync_vs_async::runtimes::many::{tasks, threads};

    #[test]
    fn every_task_is_alive_at_once_and_runs_to_the_end() {
        let report = tasks(2_000);
        assert_eq!(
            (report.asked, report.alive, report.ran),
            (2_000, 2_000, 2_000)
        );
        assert_eq!(report.refused, None);
    }

    #[test]
    fn every_thread_is_alive_at_once_and_runs_to_the_end() {
        let report = threads(300);
        assert_eq!(
            (report.asked, report.alive, report.ran),
            (300, 300, 300),
            "{report:?}"
        );
    }
}
