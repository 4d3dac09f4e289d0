//! The exercise "survive_a_crash": its contract, and the checks that grade it.
//!
//! The student edits `survive_a_crash.rs` (beside `src/`); the reference solution is
//! `../solutions/survive_a_crash.rs`. The workers are the grader's real processes ([`Workers`]),
//! and the grader chooses which attempts at which tasks end their worker, and how: an exit with a
//! code, an abort, a panic, or a SIGKILL from the grader while the worker holds the task. The
//! checks read the records: how many times the worker processes started each task, which
//! processes were started and how each ended, and whether every worker that ended was replaced.
//! `Workers` refuses, with the reason, a task sent a third time, a task sent to a worker that
//! ended, and a wait for a result while a worker idles (or is gone) with tasks left.

use exercise_kit::grading::{Code, Runs};

use crate::workers::{Fate, Plan, Task, Workers, attempt, check_runs};

#[path = "../survive_a_crash.rs"]
pub mod starter;

#[path = "../../solutions/survive_a_crash.rs"]
pub mod solution;

/// A pool of worker processes that survives workers that crash, as every version of the
/// exercise offers it.
pub trait SurviveACrash {
    /// Runs every task of `tasks` on the worker processes of `workers`, at most one task per
    /// worker at a time and every worker busy while tasks are left, and returns one result per
    /// task, in the order of `tasks`. A task whose worker ends while running it is sent again,
    /// once, after the worker is replaced; a task that ends two workers gives `Err` with how the
    /// second one ended.
    fn run_all(workers: &mut Workers, tasks: &[Task]) -> Vec<Result<u64, String>>;
}

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Pool>(),
        Code::Solution => runs::<solution::Pool>(),
    }
}

/// The checks' functions for any pool (the tests also grade broken ones).
pub fn runs<P: SurviveACrash>() -> Runs {
    exercise_kit::runs![
        lost_tasks_run_again::<P>,
        twice_is_an_error::<P>,
        the_pool_keeps_its_size::<P>
    ]
}

/// How the worker ends on each attempt at a task, in words, as `describe` says it.
fn how(fate: Fate) -> String {
    match fate {
        Fate::Finish => "it finishes".to_owned(),
        Fate::Exit(code) => format!("exit code {code}"),
        Fate::Abort => "killed by signal 6 (SIGABRT)".to_owned(),
        Fate::Panic => "exit code 101".to_owned(),
        Fate::Killed => "killed by signal 9 (SIGKILL)".to_owned(),
    }
}

/// Runs the pool with `count` workers on `tasks` tasks whose attempts go as `fates` says, and
/// checks each result in its place, how many times each task was started, and that every worker
/// that ended was replaced by a new process.
fn run<P: SurviveACrash>(
    count: usize,
    tasks: usize,
    seed: u64,
    fates: Vec<(usize, Vec<Fate>)>,
) -> Result<(), String> {
    let plan = Plan {
        fates: fates.clone(),
        ..Plan::default()
    };
    let crashes_of = |index: usize| {
        (fates.iter())
            .find(|(task, _)| *task == index)
            .map_or(&[][..], |(_, fates)| &fates[..])
    };
    let (mut workers, tasks) = Workers::start(count, tasks, seed, plan)?;
    let results = attempt(&mut workers, |workers| P::run_all(workers, &tasks))?;
    // A pool that lost workers is told so first: it may have had none left for the tasks. One
    // that replaced each has started one new process per worker that ended (`replace` refuses
    // a worker still running).
    if let Some(worker) = workers.gone().first() {
        let how = (workers.processes().iter().rev())
            .find(|process| process.slot == *worker)
            .and_then(|process| process.ended.clone())
            .unwrap_or_default();
        return Err(format!(
            "worker {worker}'s process ended ({how}) and no new one took its place: replace \
             every worker that ends, so that the pool ends as large as it began ({count} workers)"
        ));
    }
    check_runs(
        &workers,
        |index| crashes_of(index).len().min(2) + usize::from(crashes_of(index).len() < 2),
        |index| match crashes_of(index) {
            [] => "a task whose worker does not end runs once".to_owned(),
            [first] => format!(
                "its worker ended while running it ({}), so it must be sent again, once, to a \
                 new worker",
                how(*first)
            ),
            _ => "after two workers ended while running it, it must be sent no more".to_owned(),
        },
    )?;
    if results.len() != tasks.len() {
        return Err(format!(
            "{} results came back for {} tasks: one per task",
            results.len(),
            tasks.len()
        ));
    }
    for (place, got) in results.iter().enumerate() {
        let crashes = crashes_of(place);
        let (wanted, said) = if crashes.len() >= 2 {
            let second = how(crashes[1]);
            let right = matches!(got, Err(reason) if reason.contains(&second));
            (
                right,
                format!("an Err that says how its second worker ended: {second}"),
            )
        } else {
            let value = workers.expected(place);
            (*got == Ok(value), format!("Ok({})", workers.name(value)))
        };
        if !wanted {
            let got = match got {
                Ok(value) => format!("Ok({})", workers.name(*value)),
                Err(reason) => format!("Err({reason:?})"),
            };
            let story = match crashes {
                [] => "its worker did not end".to_owned(),
                [first] => format!(
                    "its first worker ended ({}), the second finished",
                    how(*first)
                ),
                [first, second, ..] => {
                    format!("its workers ended: {}, then {}", how(*first), how(*second))
                }
            };
            return Err(format!(
                "place {place} of the results holds {got}, where {said} belongs: task {} \
                 ({story})",
                workers.id(place)
            ));
        }
    }
    Ok(())
}

fn lost_tasks_run_again<P: SurviveACrash>() -> Result<(), String> {
    let fates = vec![
        (1, vec![Fate::Exit(3)]),
        (4, vec![Fate::Killed]),
        (5, vec![Fate::Abort]),
        (8, vec![Fate::Panic]),
    ];
    run::<P>(3, 10, 0xC4A5, fates)?;
    run::<P>(
        2,
        7,
        0xC4A6,
        vec![(0, vec![Fate::Exit(7)]), (2, vec![Fate::Killed])],
    )
}

fn twice_is_an_error<P: SurviveACrash>() -> Result<(), String> {
    let fates = vec![
        (2, vec![Fate::Abort, Fate::Exit(4)]),
        (3, vec![Fate::Exit(9)]),
        (6, vec![Fate::Killed, Fate::Panic]),
    ];
    run::<P>(3, 9, 0x7A1CE, fates)?;
    run::<P>(2, 5, 0x7A1CF, vec![(0, vec![Fate::Exit(5), Fate::Killed])])
}

fn the_pool_keeps_its_size<P: SurviveACrash>() -> Result<(), String> {
    // The last tasks end their workers, when no other task is left to send: a pool that resends
    // a lost task to a worker that is still there, without replacing the one that ended, shrinks.
    let fates = vec![
        (4, vec![Fate::Exit(6)]),
        (5, vec![Fate::Abort, Fate::Killed]),
    ];
    run::<P>(3, 6, 0x512E, fates)
}
