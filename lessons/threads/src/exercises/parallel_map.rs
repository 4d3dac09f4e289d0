//! The exercise "parallel_map": its contract, and the checks that grade it.
//!
//! The student edits `exercises/parallel_map.rs` (at the root of this crate); the reference
//! solution is `solutions/parallel_map.rs`. Both implement [`ParallelMap`], so an edited starter
//! is graded by exactly the checks the reference passes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use exercise_kit::grading::{Check, Code};

use lesson_kit::meeting::Meeting;

#[path = "../../exercises/parallel_map.rs"]
pub mod starter;

#[path = "../../solutions/parallel_map.rs"]
pub mod solution;

/// A map that runs every item on its own thread, as every version of the exercise offers it.
pub trait ParallelMap {
    /// Calls `f` on every item, each on its own scoped thread, all at the same time, and returns
    /// the results in the order of `items`.
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R>;
}

/// Mapping takes milliseconds; reaching this means a deadlock or an endless loop.
const LIMIT: Duration = Duration::from_secs(5);

/// How long the calls of the parallel check wait for each other; see [`Meeting`].
const PATIENCE: Duration = Duration::from_secs(1);

/// The checks of either version of the exercise, for the grader.
pub fn checks_of(code: Code) -> Vec<Check> {
    match code {
        Code::Starter => checks::<starter::Mapper>(),
        Code::Solution => checks::<solution::Mapper>(),
    }
}

/// The checks, for any mapper.
pub fn checks<M: ParallelMap>() -> Vec<Check> {
    vec![
        Check {
            name: "results come back in the order of the items, even when later items finish first",
            points: 3,
            limit: LIMIT,
            run: keeps_the_order::<M>,
        },
        Check {
            name: "4 items are mapped on 4 threads at the same time",
            points: 5,
            limit: LIMIT + PATIENCE,
            run: runs_at_once::<M>,
        },
        Check {
            name: "no items give no results, and 100 items give 100 results from 100 calls",
            points: 2,
            limit: LIMIT,
            run: every_item_once::<M>,
        },
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
