//! Forcing the worst interleaving of two customers, without luck and without deadlocking a
//! correct booking.
//!
//! The code under test calls a pause between its check and its act. The grader starts the first
//! customer alone and waits until it is paused there; only then does it start the second one,
//! while the first keeps waiting in its pause for the second to arrive at its own pause:
//!
//! - Racy code (no lock, or a lock released between check and act): nothing stops the second
//!   customer, which passes the same check and arrives within microseconds. Both leave their
//!   pauses and both act: the oversell happens on every run.
//! - Correct code with a lock: the first customer holds the lock in its pause, so the second is
//!   blocked on that lock and can never arrive. The first stops waiting `grace` after the second
//!   started its booking, acts, and releases the lock; the second then sees no seats left.
//! - Correct lock-free code (`compare_exchange` in a loop): both arrive, both try to act, one
//!   wins, the other checks again and is refused. Pauses after the first meeting return at once.
//!
//! Why this cannot flake: a racy booking escapes only if the second customer, already running,
//! needs longer than `grace` to get from the start of its booking through its check — a few
//! instructions. And if it has passed the check but is slow to arrive, the first customer acts
//! alone, and the late one then takes seats it checked before: oversold all the same. A correct
//! booking passes whatever the timing, since the grace only decides when the first customer goes
//! on. The clock starts when the second customer starts, not when the first pauses, so the time
//! it takes the operating system to start a thread is never counted against the code.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Where two customers meet between check and act; see the [module documentation](self).
#[derive(Debug)]
pub struct Rendezvous {
    grace: Duration,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    first_paused: bool,
    first_returned: bool,
    second_started: Option<Instant>,
    second_paused: bool,
}

impl Rendezvous {
    pub fn new(grace: Duration) -> Self {
        Rendezvous {
            grace,
            state: Mutex::default(),
            changed: Condvar::new(),
        }
    }

    /// Runs the first customer's booking, handing it the pause to call between check and act.
    pub fn first_customer<R>(&self, book: impl FnOnce(&dyn Fn()) -> R) -> R {
        // Noted even if the booking panics, so that `first_is_paused` cannot wait forever.
        struct Returned<'a>(&'a Rendezvous);
        impl Drop for Returned<'_> {
            fn drop(&mut self) {
                self.0.update(|state| state.first_returned = true);
            }
        }
        let _returned = Returned(self);
        book(&|| self.first_pause())
    }

    /// Waits until the first customer is paused inside its booking (`true`), or its booking
    /// returned without pausing (`false`). Start the second customer only after this.
    pub fn first_is_paused(&self) -> bool {
        let state = self
            .changed
            .wait_while(self.lock(), |state| {
                !state.first_paused && !state.first_returned
            })
            .expect(POISONED);
        state.first_paused
    }

    /// Runs the second customer's booking, handing it its pause.
    pub fn second_customer<R>(&self, book: impl FnOnce(&dyn Fn()) -> R) -> R {
        self.update(|state| state.second_started = Some(Instant::now()));
        // The first customer is already waiting, so the second only announces its arrival.
        book(&|| {
            self.update(|state| state.second_paused = true);
        })
    }

    /// Waits for the second customer to pause too, or for `grace` to pass after the second
    /// started booking. Called again, as by a lock-free booking that lost to the second
    /// customer, it returns at once: the second has paused by then.
    fn first_pause(&self) {
        let mut state = self.lock();
        state.first_paused = true;
        self.changed.notify_all();
        while !state.second_paused {
            state = match state.second_started {
                None => self.changed.wait(state).expect(POISONED),
                Some(started) => {
                    let left = self.grace.saturating_sub(started.elapsed());
                    if left.is_zero() {
                        return;
                    }
                    self.changed.wait_timeout(state, left).expect(POISONED).0
                }
            };
        }
    }

    fn update(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.lock());
        self.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect(POISONED)
    }
}

/// Only this module's code runs under its lock, and none of it panics.
const POISONED: &str = "the rendezvous lock was poisoned";

#[cfg(test)]
mod tests {
    use super::*;
    use lesson_kit::run_with_timeout;
    use std::sync::Arc;
    use std::thread;

    /// A broken rendezvous must fail these tests, not hang them.
    const LIMIT: Duration = Duration::from_secs(10);

    fn first_customer(meeting: &Arc<Rendezvous>) -> thread::JoinHandle<()> {
        let meeting = Arc::clone(meeting);
        thread::spawn(move || meeting.first_customer(|pause| pause()))
    }

    #[test]
    fn the_first_customer_waits_for_the_second_to_arrive() {
        // An hour of grace: only the arrival can release the first customer within the limit.
        let meeting = Arc::new(Rendezvous::new(Duration::from_secs(3600)));
        let first = first_customer(&meeting);
        let outcome = run_with_timeout(LIMIT, move || {
            assert!(meeting.first_is_paused());
            meeting.second_customer(|pause| pause());
            first.join().is_ok()
        });
        assert_eq!(outcome, Ok(true));
    }

    #[test]
    fn the_first_customer_goes_on_after_the_grace_when_the_second_never_arrives() {
        let grace = Duration::from_millis(50);
        let meeting = Arc::new(Rendezvous::new(grace));
        let first = first_customer(&meeting);
        let waited = run_with_timeout(LIMIT, move || {
            assert!(meeting.first_is_paused());
            let started = Instant::now();
            // A second customer blocked before its pause, as on a lock the first one holds.
            meeting.second_customer(|_| ());
            first.join().expect("the first customer panicked");
            started.elapsed()
        });
        assert!(
            waited.as_ref().is_ok_and(|waited| *waited >= grace),
            "{waited:?}"
        );
    }

    #[test]
    fn a_first_booking_that_returns_or_panics_without_pausing_is_noticed() {
        let returned = Arc::new(Rendezvous::new(Duration::from_millis(50)));
        returned.first_customer(|_| ());
        assert_eq!(
            run_with_timeout(LIMIT, move || returned.first_is_paused()),
            Ok(false)
        );

        let panicked = Arc::new(Rendezvous::new(Duration::from_millis(50)));
        let first = thread::spawn({
            let panicked = Arc::clone(&panicked);
            move || panicked.first_customer(|_| panic!("a bug before the pause"))
        });
        assert_eq!(
            run_with_timeout(LIMIT, move || panicked.first_is_paused()),
            Ok(false)
        );
        assert!(first.join().is_err());
    }
}
