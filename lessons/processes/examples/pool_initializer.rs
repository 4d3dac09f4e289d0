//! Lesson: set-up once per worker process, the notes' `Pool(initializer=set_global_session)`.
//!
//! A process shares no memory with the others, so each needs its own session (an HTTP client, a
//! database connection); opening one per task would waste the work. The initializer runs once, as
//! each worker starts, and the session lives as long as the process. Here each worker opens a
//! [`Session`](processes::pool::worker::Session) and says `init <pid>`; every task's result
//! carries the pid of the worker that ran it. The notes print no figure for this.
//!
//! Run: `cargo run --example pool_initializer` (try `-- --workers 3`).

use std::collections::BTreeSet;
use std::time::Duration;

use lesson_kit::process::{self, Program};
use lesson_kit::{Figure, cli};
use processes::child::ROLES;
use processes::pool::worker::SESSION_ROLE;
use processes::pool::{ProcessPool, TaskId};

const USAGE: &str = "\
Set-up once per worker process: count the sessions opened for 40 tasks.

usage: cargo run --example pool_initializer -- [--workers N]

  --workers N  worker processes (default 4; from 1 to 16)
  -h, --help   show this text
";

const TASKS: usize = 40;
const LIMIT: Duration = Duration::from_secs(30);

/// What the run saw: the pids that said `init`, and per task, the pid its result names and the
/// pid the pool sent it to.
pub struct Seen {
    pub inits: Vec<u32>,
    pub ran: Vec<(u32, u32)>,
    pub started: Vec<u32>,
}

// ANCHOR: run
pub fn run(program: &Program, workers: usize) -> Result<Seen, String> {
    let mut pool = ProcessPool::start(program, SESSION_ROLE, workers, LIMIT)?;
    let tasks: Vec<TaskId> = (0..TASKS)
        .map(|n| pool.apply_async(format!("squares 0 {n}")))
        .collect();
    pool.close();
    let finished = pool.join()?;
    // Every line each worker printed, `init <pid>` among them, comes back with its end.
    let inits = finished
        .iter()
        .flat_map(|worker| &worker.lines)
        .filter_map(|line| line.strip_prefix("init ")?.parse().ok())
        .collect();
    let mut ran = Vec::new();
    for task in tasks {
        let result = task.get(&mut pool).map_err(|failed| failed.reason)?;
        let named: u32 = result
            .split(' ')
            .next()
            .and_then(|pid| pid.parse().ok())
            .unwrap_or(0);
        ran.push((named, pool.ran_on(task).unwrap_or(0)));
    }
    Ok(Seen {
        inits,
        ran,
        started: pool.pids(),
    })
}
// ANCHOR_END: run

fn main() {
    process::play_if_child(ROLES);
    let workers = cli::only_number(USAGE, "workers", 4, 1..=16);
    println!("{TASKS} tasks on a pool of {workers} worker processes, each opening a session.\n");
    let seen = run(&Program::this(), workers).unwrap_or_else(|error| panic!("{error}"));
    let inits: BTreeSet<u32> = seen.inits.iter().copied().collect();
    let ran: BTreeSet<u32> = seen.ran.iter().map(|&(named, _)| named).collect();
    for pid in &inits {
        let count = seen.ran.iter().filter(|&&(named, _)| named == *pid).count();
        println!("worker pid {pid}: one session, {count} tasks");
    }
    Figure::new(format!(
        "sessions opened for {TASKS} tasks on {workers} processes"
    ))
    .notes("no figure: the initializer runs once in each worker process")
    .this_run(seen.inits.len())
    .ideal(format!("{workers} (one per process, not one per task)"))
    .print();

    // ANCHOR: asserts
    assert_eq!(
        seen.inits.len(),
        workers,
        "expected one initialisation per process, got {} for {TASKS} tasks",
        seen.inits.len()
    );
    assert_eq!(
        inits.len(),
        workers,
        "expected each process to initialise once: {inits:?}"
    );
    let started: BTreeSet<u32> = seen.started.iter().copied().collect();
    assert_eq!(
        inits, started,
        "expected exactly the pool's processes to initialise"
    );
    for (named, sent_to) in &seen.ran {
        assert_eq!(
            named, sent_to,
            "expected a result to name the pid it was sent to"
        );
    }
    assert_eq!(
        ran, inits,
        "expected the tasks to run on exactly the initialised processes"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: {workers} sessions for {TASKS} tasks, each task run by one of them.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_worker_initialises_once_and_runs_tasks_with_that_session() {
        let child = Program::at(env!("CARGO_BIN_EXE_processes-child"));
        for workers in [1, 4] {
            let seen = run(&child, workers).unwrap();
            assert_eq!(seen.inits.len(), workers, "{:?}", seen.inits);
            let inits: BTreeSet<u32> = seen.inits.iter().copied().collect();
            let named: BTreeSet<u32> = seen.ran.iter().map(|&(named, _)| named).collect();
            assert_eq!(inits, named);
            assert_eq!(inits, seen.started.iter().copied().collect());
            assert!(seen.ran.iter().all(|(named, sent_to)| named == sent_to));
            assert_eq!(seen.ran.len(), TASKS);
        }
    }
}
