//! The exercise "ordered_results": its contract, and the checks that grade it.
//!
//! The student edits `ordered_results.rs` (beside `src/`); the reference solution is
//! `../solutions/ordered_results.rs`. The workers are the grader's real processes
//! ([`Workers`]), and the records are theirs: each worker process says when it starts a task, and
//! `Workers` refuses, with the reason, a task sent to a busy worker, a task sent twice, and a wait
//! for a result while a worker idles with tasks left. The grader also steers the order: the first
//! task is held until another worker has given its result and gone on to its next task, so
//! results kept as they come are out of order every time; in `all_workers_at_once` the first
//! tasks are held until every worker runs one. What a task computes is drawn from a seed.

use exercise_kit::grading::{Code, Runs};
use exercise_kit::seeded;

use crate::workers::{Plan, Task, Workers, attempt, check_runs};

#[path = "../ordered_results.rs"]
pub mod starter;

#[path = "../../solutions/ordered_results.rs"]
pub mod solution;

/// A pool of worker processes that returns results in the order the tasks were given, as every
/// version of the exercise offers it.
pub trait OrderedResults {
    /// Runs every task of `tasks` exactly once on the worker processes of `workers`, at most one
    /// task per worker at a time and every worker busy while tasks are left, and returns the
    /// tasks' results in the order of `tasks`.
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<u64>;
}

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Pool>(),
        Code::Solution => runs::<solution::Pool>(),
    }
}

/// The checks' functions for any pool (the tests also grade broken ones).
pub fn runs<P: OrderedResults>() -> Runs {
    exercise_kit::runs![
        every_result_in_its_place::<P>,
        all_workers_at_once::<P>,
        fewer_tasks_than_workers::<P>
    ]
}

/// Runs the pool with `count` workers on `tasks` tasks, and compares what comes back, place by
/// place, with what the tasks computed; checks that the worker processes started every task
/// exactly once.
fn run<P: OrderedResults>(
    count: usize,
    tasks: usize,
    seed: u64,
    plan: Plan,
) -> Result<Workers, String> {
    let (mut workers, tasks) = Workers::start(count, tasks, seed, plan)?;
    let results = attempt(&mut workers, |workers| P::run_all(workers, &tasks))?;
    check_runs(
        &workers,
        |_| 1,
        |_| "every task runs exactly once, on a worker".to_owned(),
    )?;
    if results.len() != tasks.len() {
        return Err(format!(
            "{} results came back for {} tasks: one per task",
            results.len(),
            tasks.len()
        ));
    }
    for (place, &got) in results.iter().enumerate() {
        let wanted = workers.expected(place);
        if got != wanted {
            return Err(format!(
                "with {count} workers, place {place} of the results holds {}, where {} belongs: \
                 each result goes in the place of its task, however the tasks finish",
                workers.name(got),
                workers.name(wanted)
            ));
        }
    }
    Ok(workers)
}

fn every_result_in_its_place<P: OrderedResults>() -> Result<(), String> {
    for (round, count) in [3, 1, 2].into_iter().enumerate() {
        let round = round as u64;
        let tasks = 6 + seeded::below(0x0DE7, round, 6) as usize;
        let plan = Plan {
            hold_first: true,
            ..Plan::default()
        };
        run::<P>(count, tasks, 0x0DE8 + round, plan)?;
    }
    Ok(())
}

fn all_workers_at_once<P: OrderedResults>() -> Result<(), String> {
    for (round, count) in [4, 2].into_iter().enumerate() {
        let round = round as u64;
        let tasks = 2 * count + seeded::below(0xA11, round, 4) as usize;
        let plan = Plan {
            meeting: true,
            ..Plan::default()
        };
        let workers = run::<P>(count, tasks, 0xA12 + round, plan)?;
        let peak = workers.peak();
        if peak != count {
            return Err(format!(
                "with {count} workers and {tasks} tasks, the worker processes never ran more \
                 than {peak} tasks at once: all {count} must work side by side"
            ));
        }
    }
    Ok(())
}

fn fewer_tasks_than_workers<P: OrderedResults>() -> Result<(), String> {
    for (round, (count, tasks)) in [(4, 2), (3, 0), (2, 1)].into_iter().enumerate() {
        run::<P>(count, tasks, 0xFE3 + round as u64, Plan::default())?;
    }
    Ok(())
}
