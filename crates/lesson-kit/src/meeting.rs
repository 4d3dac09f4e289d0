//! Proving that work runs in parallel, without measuring speed: the workers must meet. Graders
//! hand [`Meeting::arrive`] to a student's code as part of the work.
//!
//! Each worker calls [`Meeting::arrive`] once, on its own thread, before it starts its part. A
//! worker that arrives waits there until all the others have arrived too. Workers that really run
//! at the same time all arrive within microseconds, and all go on. Workers run one after another
//! cannot meet: the first waits in vain. So that a wrong solution fails instead of hanging, a
//! worker waits at most `patience`; then the meeting has failed, and every later arrival goes on
//! at once.
//!
//! Why this cannot flake: correct code starts all its workers before any can finish waiting, so
//! they only have to be *started* within `patience` (a second; starting a thread takes
//! microseconds, milliseconds on a very busy machine). Serial code fails whatever the timing,
//! since its second worker only starts after the first has given up.

use std::collections::HashSet;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::Duration;

/// See the [module documentation](self).
#[derive(Debug)]
pub struct Meeting {
    parties: usize,
    patience: Duration,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    arrived: Vec<ThreadId>,
    gave_up: bool,
}

/// How a meeting went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// How many arrivals there were.
    pub arrivals: usize,
    /// On how many different threads.
    pub threads: usize,
    /// Whether all parties were waiting at one moment (so each on its own thread: a waiting
    /// thread can wait in one place only).
    pub met: bool,
}

impl Meeting {
    /// A meeting of `parties` workers, each waiting at most `patience` for the others.
    pub fn new(parties: usize, patience: Duration) -> Self {
        Meeting {
            parties,
            patience,
            state: Mutex::default(),
            changed: Condvar::new(),
        }
    }

    /// Called by each worker, once, before it starts its part; see the module documentation.
    /// Returns whether all the parties were there (`false` for a meeting that failed).
    pub fn arrive(&self) -> bool {
        let mut state = self.lock();
        state.arrived.push(thread::current().id());
        self.changed.notify_all();
        let (state, waited) = self
            .changed
            .wait_timeout_while(state, self.patience, |state| {
                !state.gave_up && state.arrived.len() < self.parties
            })
            .expect(POISONED);
        let mut state = state;
        if waited.timed_out() && state.arrived.len() < self.parties {
            state.gave_up = true;
            self.changed.notify_all();
        }
        !state.gave_up
    }

    /// How the meeting went, once the workers are done.
    pub fn outcome(&self) -> Outcome {
        let state = self.lock();
        let threads: HashSet<_> = state.arrived.iter().collect();
        Outcome {
            arrivals: state.arrived.len(),
            threads: threads.len(),
            met: !state.gave_up && state.arrived.len() >= self.parties,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect(POISONED)
    }
}

/// Only this module's code runs under its lock, and none of it panics.
const POISONED: &str = "the meeting's lock was poisoned";

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn workers_on_their_own_threads_meet_at_once() {
        let meeting = Meeting::new(4, Duration::from_secs(3600));
        let started = Instant::now();
        thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| assert!(meeting.arrive()));
            }
        });
        assert!(started.elapsed() < Duration::from_secs(60));
        assert_eq!(
            meeting.outcome(),
            Outcome {
                arrivals: 4,
                threads: 4,
                met: true
            }
        );
    }

    #[test]
    fn workers_one_after_another_never_meet_and_only_the_first_waits() {
        let patience = Duration::from_millis(50);
        let meeting = Meeting::new(3, patience);
        let started = Instant::now();
        for _ in 0..3 {
            thread::scope(|scope| {
                scope.spawn(|| assert!(!meeting.arrive()));
            });
        }
        let took = started.elapsed();
        assert!(took >= patience, "{took:?}");
        assert!(took < patience * 2 + Duration::from_secs(1), "{took:?}");
        let outcome = meeting.outcome();
        assert!(!outcome.met);
        assert_eq!((outcome.arrivals, outcome.threads), (3, 3));
    }

    #[test]
    fn arrivals_all_from_one_thread_are_counted_as_one_thread() {
        let meeting = Meeting::new(2, Duration::from_millis(10));
        meeting.arrive();
        meeting.arrive();
        let outcome = meeting.outcome();
        assert_eq!((outcome.arrivals, outcome.threads), (2, 1));
    }
}
