//! What threads that raced for one lock did, for the lesson `simultaneous_acquire`, and how long
//! its watchdog waits for them before it calls them stuck.

use std::sync::atomic::AtomicU64;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// What the threads did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// How many times the lock was taken: the protected counter's final value.
    pub acquisitions: u64,
    /// How many attempts found the lock already taken, and had to wait for their turn.
    pub found_taken: u64,
}

impl Tally {
    /// What the counter under the lock and the count of collisions say, once the threads are done.
    pub fn of(counter: Mutex<u64>, found_taken: AtomicU64) -> Self {
        Tally {
            // Nothing panics while holding the counter; a poisoned count is still the count.
            acquisitions: counter.into_inner().unwrap_or_else(PoisonError::into_inner),
            found_taken: found_taken.into_inner(),
        }
    }

    /// `threads` threads that all found the lock taken, and all got in.
    pub fn all_waited_and_got_in(threads: u64) -> Self {
        Tally {
            acquisitions: threads,
            found_taken: threads,
        }
    }
}

/// A deadline far beyond what `threads` threads taking a lock `rounds` times need, even on a
/// loaded machine: if it passes, the threads are stuck, which is exactly what the notes predict
/// and the lesson refutes.
pub fn watchdog_limit(threads: usize, rounds: u64) -> Duration {
    Duration::from_secs(30) + Duration::from_micros(500 * threads as u64 * rounds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watchdog_grows_with_the_work_from_half_a_minute() {
        assert_eq!(watchdog_limit(2, 0), Duration::from_secs(30));
        assert_eq!(watchdog_limit(8, 2000), Duration::from_secs(38));
        let all = Tally::all_waited_and_got_in(3);
        assert_eq!((all.acquisitions, all.found_taken), (3, 3));
        assert_eq!(Tally::of(Mutex::new(3), AtomicU64::new(3)), all);
    }
}
