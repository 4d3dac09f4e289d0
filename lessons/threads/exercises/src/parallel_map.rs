//! The exercise "parallel_map": its contract, and the checks that grade it.
//!
//! The student edits `parallel_map.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/parallel_map.rs`. Both implement [`ParallelMap`], so an edited
//! starter is graded by exactly the checks the reference passes. The checks' names, points and
//! time limits are declared in `exercises.toml`: mapping takes milliseconds, so reaching a limit
//! means a deadlock or an endless loop; the check where the calls meet has [`PATIENCE`] more.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use exercise_kit::grading::{Code, Runs};

use lesson_kit::meeting::Meeting;

#[path = "../parallel_map.rs"]
pub mod starter;

#[path = "../../solutions/parallel_map.rs"]
pub mod solution;

/// A map that runs every item on its own thread, as every version of the exercise offers it.
pub trait ParallelMap {
    /// Calls `f` on every item, each on its own scoped thread, all at the same time, and returns
    /// the results in the order of `items`.
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R>;
}

/// How long the calls of the parallel check wait for each other; see [`Meeting`].
pub const PATIENCE: Duration = Duration::from_secs(1);

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Mapper>(),
        Code::Solution => runs::<solution::Mapper>(),
    }
}

/// The checks' functions for any mapper, under the names `exercises.toml` declares.
pub fn runs<M: ParallelMap>() -> Runs {
    exercise_kit::runs![
        keeps_the_order::<M>,
        runs_at_once::<M>,
        every_item_once::<M>
    ]
}

fn keeps_the_order<M: ParallelMap>() -> Result<(), String> {
    let items: Vec<u64> = (0..8).collect();
    // Later items sleep less, so on threads they finish first.
    let results = M::map(&items, |&item| {
        thread::sleep(Duration::from_millis((8 - item) * 5));
        format!("item {item}")
    });
    let expected: Vec<String> = items.iter().map(|item| format!("item {item}")).collect();
    if results == expected {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, got {results:?}"))
    }
}

fn runs_at_once<M: ParallelMap>() -> Result<(), String> {
    let meeting = Meeting::new(4, PATIENCE);
    let met = M::map(&[0, 1, 2, 3], |_| meeting.arrive());
    let together = met.iter().filter(|&&met| met).count();
    match (met.len(), together) {
        (4, 4) => Ok(()),
        (4, _) => Err(format!(
            "the calls for the 4 items did not all run at once: each waited {PATIENCE:?} for \
             the others, and {together} of 4 met them. Calls made one after another, or a few \
             threads taking several items each, cannot all meet"
        )),
        (n, _) => Err(format!("expected 4 results, got {n}")),
    }
}

fn every_item_once<M: ParallelMap>() -> Result<(), String> {
    let none: Vec<u32> = M::map(&[] as &[u32], |&item| item);
    if !none.is_empty() {
        return Err(format!("no items gave the results {none:?}"));
    }
    let calls = AtomicUsize::new(0);
    let items: Vec<u32> = (0..100).collect();
    let results = M::map(&items, |&item| {
        calls.fetch_add(1, Ordering::SeqCst);
        item * 2
    });
    let expected: Vec<u32> = items.iter().map(|item| item * 2).collect();
    let calls = calls.into_inner();
    if calls != 100 {
        return Err(format!("100 items made {calls} calls of f, instead of 100"));
    }
    if results != expected {
        return Err(format!(
            "100 items gave {} results, not their doubles in order: {results:?}",
            results.len()
        ));
    }
    Ok(())
}
