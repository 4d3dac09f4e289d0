//! The exercise "parallel_map": its contract, and the checks that grade it.
//!
//! The student edits `parallel_map.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/parallel_map.rs`. Both implement [`ParallelMap`], so an edited
//! starter is graded by exactly the checks the reference passes. The checks' names, points and
//! time limits are declared in `exercises.toml`: mapping takes milliseconds, and a call of `f`
//! waits at most [`PATIENCE`] for the others, so reaching a limit means a deadlock or an endless
//! loop.
//!
//! The grader supplies `f`, the work itself, and `f` records what really happened: which calls
//! met on threads of their own, which call finished first, how many calls there were. Nothing
//! the student calls besides `f` counts as evidence.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
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

/// How long a call of `f` waits for the other calls; see [`Meeting`].
pub const PATIENCE: Duration = Duration::from_secs(1);

/// The numbers of items that must all be mapped at once: more than a pool of a few threads, or
/// a machine's cores, can take one thread each, so only a thread per item passes, whatever the
/// count and whatever the machine.
pub const AT_ONCE: [usize; 3] = [4, 10, 100];

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
        runs_at_once::<M>,
        keeps_the_order::<M>,
        every_item_once::<M>
    ]
}

/// Makes the calls of `f` finish from the last item to the first, whatever the timing: each
/// call returns only after the call for the next item has returned. Sleeps of different lengths
/// would leave that to the scheduler. Calls made one after another would wait forever, so the
/// first wait that lasts [`PATIENCE`] ends the chain, and every later call returns at once.
struct LastFinishesFirst {
    /// Which items' calls have finished, and whether a wait was given up.
    state: Mutex<(Vec<bool>, bool)>,
    changed: Condvar,
}

impl LastFinishesFirst {
    fn new(items: usize) -> Self {
        LastFinishesFirst {
            state: Mutex::new((vec![false; items], false)),
            changed: Condvar::new(),
        }
    }

    /// Waits until the call for `item + 1` has finished, then marks `item` finished.
    fn finish(&self, item: usize) {
        let state = self.state.lock().expect("only this type locks it");
        let (mut state, waited) = self
            .changed
            .wait_timeout_while(state, PATIENCE, |(finished, gave_up)| {
                !*gave_up && finished.get(item + 1) == Some(&false)
            })
            .expect("only this type locks it");
        if waited.timed_out() {
            state.1 = true;
        }
        drop(state);
        // A little room, so that what the later call does after returning (pushing its result,
        // say) is done before this call returns.
        thread::sleep(Duration::from_millis(2));
        self.state.lock().expect("only this type locks it").0[item] = true;
        self.changed.notify_all();
    }
}

fn keeps_the_order<M: ParallelMap>() -> Result<(), String> {
    let items: Vec<usize> = (0..8).collect();
    let chain = LastFinishesFirst::new(items.len());
    let results = M::map(&items, |&item| {
        chain.finish(item);
        format!("item {item}")
    });
    let expected: Vec<String> = items.iter().map(|item| format!("item {item}")).collect();
    if results == expected {
        Ok(())
    } else {
        Err(format!(
            "expected {expected:?}, got {results:?}: the results must follow the items, not the \
             order in which the calls finish (here from item 7 back to item 0)"
        ))
    }
}

fn runs_at_once<M: ParallelMap>() -> Result<(), String> {
    for count in AT_ONCE {
        let meeting = Meeting::new(count, PATIENCE);
        let items: Vec<usize> = (0..count).collect();
        let met = M::map(&items, |_| meeting.arrive());
        if met.len() != count {
            return Err(format!("expected {count} results, got {}", met.len()));
        }
        let together = met.iter().filter(|&&met| met).count();
        if together != count {
            let threads = match meeting.outcome().threads {
                1 => "1 thread".to_owned(),
                threads => format!("{threads} threads"),
            };
            return Err(format!(
                "the calls for the {count} items did not all run at once: each waited \
                 {PATIENCE:?} for the others, and {together} of {count} met them; the calls ran \
                 on {threads} in all. Calls made one after another, or a few threads taking \
                 several items each, cannot all meet"
            ));
        }
    }
    Ok(())
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
