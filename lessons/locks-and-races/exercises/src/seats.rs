//! The theatre's seats, in their own lock, as the grader hands them to a booking office.
//!
//! A check must observe the work itself. The first version of this exercise asked the booking
//! to call a `pause()` between its check and its taking of the seats, and forced the race there;
//! but a racy booking could call that pause anywhere (after taking the seats, or under a lock it
//! dropped right after) and score full points. Here the booking can reach the seats only through
//! [`Seats::lock`], so the grader sees when the seats are locked and let go and what they hold
//! at each moment, and it picks the worst moments itself:
//!
//! - [`Watch::on_first_release`]: the moment the seats' lock is first let go, the grader runs
//!   another customer's whole booking before the first customer goes on. Whatever the first one
//!   saw before letting go is then out of date: a booking that checks under one lock and takes
//!   under another oversells on every run, and one that does both under one guard never does.
//!   If the other customer cannot get through (a lock of the booking's own keeps him out), the
//!   box office sells the free seats by phone as soon as the seats' lock is taken again: only
//!   the seats' own lock keeps them as the booking saw them.
//! - [`Watch::hold_first_lock`]: whoever first gets the seats keeps them until every other
//!   customer is waiting for them (or came back from a booking), so every customer really finds
//!   the seats busy.
//! - [`Watch::sell_by_phone`]: the box office sells seats between bookings, as it may at any
//!   moment when nobody holds the seats' lock.
//!
//! Why this cannot flake: a booking that is correct (check and take under one guard of the
//! seats' lock) gets the same outcome whatever the timing, since the grader only ever changes
//! the seats while nobody holds that lock. A booking that checks under one guard and takes under
//! another oversells whatever the timing too: if the other customer is slow to get through, the
//! box office's sale does the same harm. The waits are bounded by a grace that only decides how
//! long the grader gives the other customer.
//!
//! What no forcing can catch: a booking that times its own steps and behaves only when it is
//! slowed down, since every interference takes time. Only reading its code shows that.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The free seats of a theatre, in their own lock: the only way to look at them or change them.
/// Use it like a `std::sync::Mutex` holding an `i64`:
///
/// ```ignore
/// let mut free = seats.lock(); // waits while another customer holds the seats
/// if *free >= 2 {
///     *free -= 2; // under the same guard as the check
/// }
/// // the guard is dropped at the end of its scope, and the lock with it
/// ```
pub struct Seats {
    shared: Arc<Shared>,
}

/// The seats, locked: reads and changes the number of free seats (`*guard`) until it is dropped.
/// Below zero only if more seats were taken than there were.
pub struct SeatsGuard<'a> {
    shared: &'a Shared,
    /// `None` only while the guard is being dropped.
    free: Option<MutexGuard<'a, i64>>,
}

/// The grader's side of the seats: what happened to them, and when to make things worse.
pub(crate) struct Watch {
    shared: Arc<Shared>,
}

struct Shared {
    /// The seats' lock, the one the booking takes.
    free: Mutex<i64>,
    /// The grader's notes, locked only briefly and never while waiting for the seats.
    record: Mutex<Record>,
    changed: Condvar,
}

struct Record {
    /// The fewest free seats that anyone but the holder of the lock could ever see.
    lowest: i64,
    sold_by_phone: i64,
    plan: Plan,
    /// Another customer could not finish his booking while the seats' lock was free.
    kept_out: bool,
    /// The box office sells the free seats the next time the seats' lock is taken.
    phone_pending: bool,
    /// Threads waiting in [`Seats::lock`].
    waiting: usize,
    /// Customers who came back from at least one booking.
    came_back: BTreeSet<usize>,
}

/// The grader's one planned interference, used up when it happens.
enum Plan {
    Quiet,
    /// Runs on the first release of the seats' lock; says whether the other customer got through.
    OnFirstRelease(Box<dyn FnOnce() -> bool + Send>),
    HoldFirstLock {
        others: usize,
        grace: Duration,
    },
}

impl Seats {
    /// Locks the seats, waiting while another customer holds them, and returns the guard that
    /// reads and changes them. Locking them again on the same thread while you hold a guard
    /// never returns (or panics), as with a `std::sync::Mutex`.
    pub fn lock(&self) -> SeatsGuard<'_> {
        let shared = &*self.shared;
        shared.update(|record| record.waiting += 1);
        // A booking that panicked under the lock poisons it; the grader reports that panic, and
        // the seats themselves are still a number.
        let mut free = shared.free.lock().unwrap_or_else(PoisonError::into_inner);
        let hold = shared.update(|record| {
            record.waiting -= 1;
            if std::mem::take(&mut record.phone_pending) {
                let sold = (*free).max(0);
                *free -= sold;
                record.sold_by_phone += sold;
            }
            match std::mem::replace(&mut record.plan, Plan::Quiet) {
                Plan::HoldFirstLock { others, grace } => Some((others, grace)),
                other => {
                    record.plan = other;
                    None
                }
            }
        });
        if let Some((others, grace)) = hold {
            shared.wait_for_the_others(others, grace);
        }
        SeatsGuard {
            shared,
            free: Some(free),
        }
    }
}

impl Deref for SeatsGuard<'_> {
    type Target = i64;

    fn deref(&self) -> &i64 {
        self.free
            .as_deref()
            .expect("a guard is only emptied when dropped")
    }
}

impl DerefMut for SeatsGuard<'_> {
    fn deref_mut(&mut self) -> &mut i64 {
        self.free
            .as_deref_mut()
            .expect("a guard is only emptied when dropped")
    }
}

impl Drop for SeatsGuard<'_> {
    fn drop(&mut self) {
        let Some(free) = self.free.take() else {
            return;
        };
        let hook = self.shared.update(|record| {
            record.lowest = record.lowest.min(*free);
            match std::mem::replace(&mut record.plan, Plan::Quiet) {
                Plan::OnFirstRelease(hook) => Some(hook),
                other => {
                    record.plan = other;
                    None
                }
            }
        });
        // Released first: the other customer must be able to take the seats now.
        drop(free);
        if let Some(hook) = hook
            && !hook()
        {
            self.shared.update(|record| {
                record.kept_out = true;
                record.phone_pending = true;
            });
        }
    }
}

impl Shared {
    fn record(&self) -> MutexGuard<'_, Record> {
        self.record.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn update<R>(&self, change: impl FnOnce(&mut Record) -> R) -> R {
        let result = change(&mut self.record());
        self.changed.notify_all();
        result
    }

    /// Called by the holder of the seats' lock: waits until `others` customers are waiting for
    /// the seats or came back from a booking, or until `grace` has passed.
    fn wait_for_the_others(&self, others: usize, grace: Duration) {
        let deadline = Instant::now() + grace;
        let mut record = self.record();
        while record.waiting + record.came_back.len() < others {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            record = self
                .changed
                .wait_timeout(record, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

impl Watch {
    /// `free` seats for a booking office, and the grader's watch over them.
    pub(crate) fn seats(free: u32) -> (Seats, Watch) {
        let free = i64::from(free);
        let shared = Arc::new(Shared {
            free: Mutex::new(free),
            record: Mutex::new(Record {
                lowest: free,
                sold_by_phone: 0,
                plan: Plan::Quiet,
                kept_out: false,
                phone_pending: false,
                waiting: 0,
                came_back: BTreeSet::new(),
            }),
            changed: Condvar::new(),
        });
        let watch = Watch {
            shared: Arc::clone(&shared),
        };
        (Seats { shared }, watch)
    }

    pub(crate) fn free(&self) -> i64 {
        *self
            .shared
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn lowest(&self) -> i64 {
        self.shared.record().lowest
    }

    pub(crate) fn sold_by_phone(&self) -> i64 {
        self.shared.record().sold_by_phone
    }

    /// Whether another customer was kept out while the seats' lock was free.
    pub(crate) fn kept_out(&self) -> bool {
        self.shared.record().kept_out
    }

    /// The box office sells `seats` under the seats' lock, as it may whenever nobody holds it.
    pub(crate) fn sell_by_phone(&self, seats: i64) {
        let mut free = self
            .shared
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *free -= seats;
        self.shared.update(|record| {
            record.sold_by_phone += seats;
            record.lowest = record.lowest.min(*free);
        });
    }

    /// Runs `other_customer` right after the seats' lock is first let go, before the thread
    /// that let go can go on; it says whether the other customer finished his booking. If he
    /// did not, the box office sells the free seats the next time the lock is taken.
    pub(crate) fn on_first_release(&self, other_customer: impl FnOnce() -> bool + Send + 'static) {
        self.shared
            .update(|record| record.plan = Plan::OnFirstRelease(Box::new(other_customer)));
    }

    /// Whoever first takes the seats' lock keeps it until `others` customers are waiting for it
    /// or came back from a booking, or until `grace` has passed.
    pub(crate) fn hold_first_lock(&self, others: usize, grace: Duration) {
        self.shared
            .update(|record| record.plan = Plan::HoldFirstLock { others, grace });
    }

    /// Customer number `customer` came back from a booking.
    pub(crate) fn came_back(&self, customer: usize) {
        self.shared.update(|record| {
            record.came_back.insert(customer);
        });
    }
}

impl fmt::Debug for Seats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Seats { .. }")
    }
}

impl fmt::Debug for SeatsGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SeatsGuard").field(&**self).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lesson_kit::run_with_timeout;
    use std::sync::mpsc;
    use std::thread;

    /// A broken watch must fail these tests, not hang them.
    const LIMIT: Duration = Duration::from_secs(10);

    #[test]
    fn the_other_customer_runs_once_after_the_first_release_and_finds_the_lock_free() {
        let (seats, watch) = Watch::seats(5);
        let seats = Arc::new(seats);
        let (saw, seen) = mpsc::channel();
        let other = Arc::clone(&seats);
        watch.on_first_release(move || {
            let mut free = other.lock();
            *free -= 1;
            saw.send(*free).is_ok()
        });
        let first = *seats.lock();
        let second = *seats.lock();
        assert_eq!(
            (first, second, seen.try_iter().collect::<Vec<_>>()),
            (5, 4, vec![4])
        );
        assert!(!watch.kept_out());
    }

    #[test]
    fn a_kept_out_customer_makes_the_box_office_sell_the_free_seats_at_the_next_lock() {
        let (seats, watch) = Watch::seats(3);
        watch.on_first_release(|| false);
        drop(seats.lock());
        assert_eq!(
            watch.free(),
            3,
            "nothing is sold while nobody holds the lock"
        );
        let mut free = seats.lock();
        assert_eq!(*free, 0);
        *free -= 2;
        drop(free);
        assert!(watch.kept_out());
        assert_eq!(
            (watch.sold_by_phone(), watch.lowest(), watch.free()),
            (3, -2, -2)
        );
    }

    #[test]
    fn the_first_lock_is_held_until_the_others_wait_for_it() {
        // An hour of grace: only the other's arrival can end the hold within the limit.
        let (seats, watch) = Watch::seats(2);
        let (seats, watch) = (Arc::new(seats), Arc::new(watch));
        watch.hold_first_lock(1, Duration::from_secs(3600));
        let customer = || {
            let (seats, watch) = (Arc::clone(&seats), Arc::clone(&watch));
            // How many waited for the seats when this one got them.
            thread::spawn(move || {
                let _free = seats.lock();
                watch.shared.record().waiting
            })
        };
        let (one, two) = (customer(), customer());
        let mut waited =
            run_with_timeout(LIMIT, move || [one.join(), two.join()].map(Result::unwrap))
                .expect("the hold must end when the other customer waits");
        waited.sort_unstable();
        // The first kept the seats until the second was waiting; the second found nobody.
        assert_eq!(waited, [0, 1]);
    }

    #[test]
    fn the_hold_ends_after_the_grace_when_nobody_comes() {
        let (seats, watch) = Watch::seats(2);
        let grace = Duration::from_millis(50);
        watch.hold_first_lock(3, grace);
        let started = Instant::now();
        drop(seats.lock());
        assert!(started.elapsed() >= grace);
        watch.sell_by_phone(1);
        assert_eq!((watch.free(), watch.sold_by_phone()), (1, 1));
    }
}
