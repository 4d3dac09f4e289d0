//! Lesson: a crashed process does not take the others down. Workers die here by a panic (exit
//! code 101), an abort (SIGABRT) and the parent's SIGKILL; the parent says how each ended, the pool
//! starts a replacement and sends the dead worker's task again, ONCE: a task that kills two
//! workers fails, with both endings as its reason. The notes print no figure for this.
//! Run: `cargo run --example crashing_workers` (try `-- --workers 4`).

use std::time::Duration;

use lesson_kit::process::{self, Program};
use lesson_kit::{Figure, cli};
use processes::child::ROLES;
use processes::pool::worker::{POOL_ROLE, answer};
use processes::pool::{Crash, ProcessPool, TaskFailed, TaskId, gone};

const USAGE: &str = "\
Workers that panic, abort and are killed: the pool replaces them and every other task finishes.

usage: cargo run --example crashing_workers -- [--workers N]

  --workers N  worker processes (default 3; from 1 to 16)
  -h, --help   show this text
";

const LIMIT: Duration = Duration::from_secs(30);
/// The tasks, in submission order: sums, and three that end their worker.
#[rustfmt::skip]
const TASKS: &[&str] = &["squares 0 10", "panic", "squares 0 20", "abort", "squares 0 30",
    "hold victim", "squares 0 40", "squares 0 50", "squares 0 60", "squares 0 70", "squares 0 80"];

/// What a run saw: each task's outcome, the dead workers, every worker's ending, every pid.
pub struct Seen {
    pub outcomes: Vec<Result<String, TaskFailed>>,
    pub crashes: Vec<Crash>,
    pub endings: Vec<(String, String)>,
    pub pids: Vec<u32>,
}

// ANCHOR: run
pub fn run(program: &Program, workers: usize) -> Result<Seen, String> {
    let mut pool = ProcessPool::start(program, POOL_ROLE, workers, LIMIT)?;
    let tasks: Vec<TaskId> = TASKS.iter().map(|task| pool.apply_async(*task)).collect();
    pool.close();
    let victim = tasks[5];
    // Its worker says `holding victim` once it runs it: kill that worker, from outside.
    pool.wait_note(|line| line == "holding victim")?;
    pool.signal(victim, libc::SIGKILL)?;
    // The task is sent again, to another worker; this time it is let finish.
    pool.wait_note(|line| line == "holding victim")?;
    pool.tell(victim, "go on")?;
    let finished = pool.join()?;
    let endings = finished
        .iter()
        .map(|w| (w.name.clone(), w.ending()))
        .collect();
    let outcomes = tasks.into_iter().map(|task| task.get(&mut pool)).collect();
    let crashes = pool.crashes().to_vec();
    Ok(Seen {
        outcomes,
        crashes,
        endings,
        pids: pool.pids(),
    })
}
// ANCHOR_END: run

fn main() {
    process::play_if_child(ROLES);
    let workers = cli::only_number(USAGE, "workers", 3, 1..=16);
    let count = TASKS.len();
    println!("{count} tasks on {workers} workers; 3 of them end their worker.\n");
    let seen = run(&Program::this(), workers).unwrap_or_else(|error| panic!("{error}"));
    // ANCHOR: report
    for crash in &seen.crashes {
        let task = crash
            .task
            .map_or("no task".to_owned(), |t| format!("task {:?}", TASKS[t.0]));
        let fate = if crash.resent { "sent again" } else { "failed" };
        println!(
            "{} (pid {}) ended: {}, running {task} ({fate}); {} started in its place",
            crash.worker, crash.pid, crash.ending, crash.replacement
        );
    }
    for (task, outcome) in TASKS.iter().zip(&seen.outcomes) {
        match outcome {
            Ok(result) => println!("{task:>14}: {result}"),
            Err(failed) => println!("{task:>14}: FAILED, {}", failed.reason),
        }
    }
    // ANCHOR_END: report
    let done = seen
        .outcomes
        .iter()
        .filter(|outcome| outcome.is_ok())
        .count();
    Figure::new("tasks finished despite the crashes")
        .notes("no figure: a crashed process does not take the others down")
        .this_run(format!(
            "{done} of {}, {} workers died",
            TASKS.len(),
            seen.crashes.len()
        ))
        .ideal(format!(
            "{} of {} (panic and abort fail twice each)",
            TASKS.len() - 2,
            TASKS.len()
        ))
        .print();
    check(&seen, workers);
    println!("\nAs expected: every crash was seen and named, and every other task finished.");
}

// ANCHOR: asserts
fn check(seen: &Seen, workers: usize) {
    let endings = |task: &str| -> Vec<&str> {
        let crashes = seen
            .crashes
            .iter()
            .filter(|c| c.task.is_some_and(|t| TASKS[t.0] == task));
        crashes.map(|crash| crash.ending.as_str()).collect()
    };
    assert_eq!(
        endings("panic"),
        ["exit code 101"; 2],
        "expected a panic twice"
    );
    assert_eq!(
        endings("abort"),
        ["killed by signal 6 (SIGABRT)"; 2],
        "expected SIGABRT twice"
    );
    assert_eq!(
        endings("hold victim"),
        ["killed by signal 9 (SIGKILL)"],
        "expected one SIGKILL"
    );
    assert_eq!(
        seen.crashes.len(),
        5,
        "expected five dead workers: {:?}",
        seen.crashes
    );
    assert_eq!(
        seen.pids.len(),
        workers + 5,
        "expected one replacement per dead worker"
    );
    for (task, outcome) in TASKS.iter().zip(&seen.outcomes) {
        match *task {
            "panic" | "abort" => {
                let reason = &outcome
                    .as_ref()
                    .expect_err("expected the task to fail")
                    .reason;
                assert!(reason.starts_with("two workers died"), "{task}: {reason}");
            }
            "hold victim" => assert_eq!(outcome.as_deref(), Ok("released victim")),
            _ => assert_eq!(
                outcome.as_deref(),
                Ok(answer(task).as_str()),
                "expected {task}'s sum"
            ),
        }
    }
    for (worker, ending) in &seen.endings {
        let crashed = seen.crashes.iter().any(|crash| crash.worker == *worker);
        assert!(
            crashed || ending == "exit code 0",
            "expected {worker} to end well: {ending}"
        );
    }
    assert!(
        seen.pids.iter().all(|&pid| gone(pid)),
        "expected every worker reaped"
    );
}
// ANCHOR_END: asserts

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dead_workers_are_named_replaced_and_their_task_resent_once() {
        let child = Program::at(env!("CARGO_BIN_EXE_processes-child"));
        for workers in [1, 3] {
            let seen = run(&child, workers).unwrap();
            check(&seen, workers);
        }
    }
}
