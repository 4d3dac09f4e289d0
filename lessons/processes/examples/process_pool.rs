//! Lesson: a pool of worker processes, the notes' `multiprocessing.Pool` with `apply_async`,
//! `close`, `join` and `get()`. Each task is a line sent down a worker's input pipe; its result is
//! a line read back from the worker's output pipe (`processes::pool`).
//!
//! The notes split a sum over `cpu_count()` tasks; here the sum of `i * i` for `i` below 4 000 000
//! is split into 8 tasks (a scale the notes do not give: they print no figure for this), plus one
//! task submitted FIRST that waits for the parent's word. The parent says that word only after
//! every other task's result came back, so the first task really finishes last; the results still
//! come back in the order the tasks were submitted, because each handle asks for its own task.
//! Run: `cargo run --example process_pool` (try `-- --workers 4`, or `-- --svg process_pool.svg`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Program};
use lesson_kit::work::sum_of_squares;
use lesson_kit::{Chart, Figure, Timeline, cores, seconds};
use processes::child::ROLES;
use processes::pool::worker::POOL_ROLE;
use processes::pool::{ProcessPool, TaskId};

const USAGE: &str = "\
A pool of worker processes: apply_async, close, join, get, and results in submission order.

usage: cargo run --example process_pool -- [--workers N] [--svg PATH]

  --workers N  worker processes (default: the cores, at least 2; from 2 to 16)
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
";

const LIMIT: Duration = Duration::from_secs(30);
const NUMBERS: u64 = 4_000_000;
const PARTS: u64 = 8;

/// What one run gives: each task's result in submission order, and the order they finished in.
pub struct Batch {
    pub results: Vec<String>,
    pub finished: Vec<TaskId>,
    pub held: TaskId,
}

// ANCHOR: batch
/// Runs the batch on `workers` processes of `program`; the workers' spans go on `timeline`.
pub fn run_batch(program: &Program, workers: usize, timeline: &Timeline) -> Result<Batch, String> {
    let mut pool = ProcessPool::start(program, POOL_ROLE, workers, LIMIT)?;
    // The first task waits for our word, which we give only once every other task is done.
    let held = pool.apply_async("hold first-task");
    let tasks: Vec<TaskId> = (0..PARTS)
        .map(|part| {
            let (from, to) = (NUMBERS * part / PARTS, NUMBERS * (part + 1) / PARTS);
            pool.apply_async(format!("squares {from} {to}"))
        })
        .collect();
    pool.close();
    for task in &tasks {
        task.get(&mut pool).map_err(|failed| failed.reason)?;
    }
    pool.tell(held, "go on")?;
    for worker in pool.join()? {
        worker.record_on(timeline);
    }
    let mut results = Vec::new();
    for task in std::iter::once(held).chain(tasks) {
        results.push(task.get(&mut pool).map_err(|failed| failed.reason)?);
    }
    let finished = pool.finishing_order().to_vec();
    Ok(Batch {
        results,
        finished,
        held,
    })
}
// ANCHOR_END: batch

/// The results a correct pool gives, computed here in one piece.
fn expected() -> Vec<String> {
    let parts = (0..PARTS).map(|p| sum_of_squares(NUMBERS * p / PARTS..NUMBERS * (p + 1) / PARTS));
    let mut expected = vec!["released first-task".to_owned()];
    expected.extend(parts.map(|sum| sum.to_string()));
    expected
}

fn main() {
    process::play_if_child(ROLES);
    let mut workers = cores().clamp(2, 16);
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("workers") => workers = cli::number(parser, "--workers", 2..=16)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    println!("The sum of i*i for i below {NUMBERS}, in {PARTS} tasks, plus one held task first;");
    println!("{workers} worker processes.\n");
    let timeline = Timeline::new();
    let started = Instant::now();
    let batch = run_batch(&Program::this(), workers, &timeline)
        .unwrap_or_else(|error| panic!("the pool failed: {error}"));
    let wall = started.elapsed();
    Chart::new(format!("{workers} worker processes, {} tasks", PARTS + 1))
        .run(timeline.finish("pool"))
        .show("process_pool", svg.as_deref());

    // ANCHOR: results
    let order: Vec<usize> = batch.finished.iter().map(|task| task.0).collect();
    println!("\nFinishing order of the tasks: {order:?}");
    for (i, result) in batch.results.iter().enumerate() {
        println!("task {i}: {result}");
    }
    let total: u128 = batch.results[1..]
        .iter()
        .map(|r| r.parse::<u128>().unwrap_or(0))
        .sum();
    println!("Total: {total} (in {})", seconds(wall));
    // ANCHOR_END: results
    Figure::new("results of the pool's tasks, read with get()")
        .notes("no figure: each task.get() prints its task's result")
        .this_run(format!(
            "{} results in submission order, total {total}",
            batch.results.len()
        ))
        .ideal(format!("the same, total {}", sum_of_squares(0..NUMBERS)))
        .print();

    // ANCHOR: asserts
    let submitted: Vec<TaskId> = (0..=PARTS as usize).map(TaskId).collect();
    let mut sorted = batch.finished.clone();
    sorted.sort();
    assert_eq!(
        sorted, submitted,
        "expected every task to finish exactly once"
    );
    assert_ne!(batch.finished, submitted, "expected an out-of-order finish");
    assert_eq!(
        batch.finished.last(),
        Some(&batch.held),
        "expected the held first task to finish last: {order:?}"
    );
    assert_eq!(batch.results, expected(), "expected submission order");
    assert_eq!(total, sum_of_squares(0..NUMBERS), "expected the whole sum");
    // ANCHOR_END: asserts
    println!("\nAs expected: the first task finished last; get() gave the submission order.");
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHILD: &str = env!("CARGO_BIN_EXE_processes-child");

    #[test]
    fn results_come_back_in_submission_order_though_the_first_task_finished_last() {
        for workers in [2, 3] {
            let timeline = Timeline::new();
            let batch = run_batch(&Program::at(CHILD), workers, &timeline).unwrap();
            assert_eq!(batch.results, expected());
            assert_eq!(
                batch.finished.last(),
                Some(&batch.held),
                "{:?}",
                batch.finished
            );
            let lanes = timeline.finish("pool");
            assert_eq!(lanes.spans.len(), PARTS as usize + 1, "one span per task");
            assert!(lanes.lanes().len() <= workers);
        }
    }

    #[test]
    fn a_closed_pool_takes_no_more_tasks_and_join_reaps_every_worker() {
        let mut pool = ProcessPool::start(&Program::at(CHILD), POOL_ROLE, 2, LIMIT).unwrap();
        let task = pool.apply_async("squares 0 10");
        pool.close();
        let taken = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool.apply_async("squares 0 1")
        }));
        assert!(taken.is_err(), "expected apply_async after close to panic");
        let workers = pool.join().unwrap();
        assert_eq!(task.get(&mut pool), Ok("285".to_owned()));
        assert!(workers.iter().all(|worker| worker.success()), "{workers:?}");
        assert!(pool.pids().iter().all(|&pid| processes::pool::gone(pid)));
    }
}
