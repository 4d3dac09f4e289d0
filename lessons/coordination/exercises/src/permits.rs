//! The semaphore's count, in a lock and a condition variable of the grader's own.
//!
//! A check must observe the work itself. A semaphore that keeps its count in a `std::sync::Mutex`
//! of its own can be racy (check the count under one guard, take the permit under another) and
//! still pass every check by luck, since the grader cannot choose the moment another thread
//! comes in. Here the semaphore is handed its count in [`Permits`], a `Mutex<usize>` look-alike,
//! and [`Returned`], a `Condvar` look-alike that waits on it. The grader sees every lock and
//! every release of the count, and who is asleep waiting for a permit, and it picks the worst
//! moment itself ([`Watch::on_first_release`]): the moment the count's lock is first let go
//! inside `acquire` (or `release`), another thread's whole `acquire` (or `release`) runs before
//! the first thread goes on. Whatever the first one saw before letting go is then out of date:
//! an `acquire` that checks under one guard and takes under another takes a permit that is no
//! longer there, and a `release` that reads under one guard and writes under another loses the
//! other thread's permit, on every run.
//!
//! Why this cannot flake: the grader waits for the other thread until it either came back from
//! `acquire` or `release` or fell asleep in [`Returned::wait_while`], things it sees itself; its
//! patience only bounds how long it gives a thread that a lock of the semaphore's own keeps out
//! (and such a lock, held across the check and the change, leaves nothing to race with).

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The number of free permits, in a lock: the only way to read it or change it. Use it like a
/// `std::sync::Mutex<usize>`, without the `unwrap`:
///
/// ```ignore
/// let mut free = permits.lock(); // waits while another thread holds the count
/// *free += 1;
/// // the guard is dropped at the end of its scope, and the lock with it
/// ```
pub struct Permits {
    shared: Arc<Shared>,
}

/// The count, locked: reads and changes the number of free permits (`*guard`) until it is
/// dropped.
pub struct PermitsGuard<'a> {
    shared: &'a Shared,
    /// `None` only while the guard is being dropped, or handed to a wait.
    free: Option<MutexGuard<'a, usize>>,
}

/// Threads waiting for a permit to come back: use it like a `std::sync::Condvar` on the
/// [`Permits`] it came with, without the `unwrap`.
pub struct Returned {
    shared: Arc<Shared>,
}

/// The grader's side of the permits: what happened to them, and when to make things worse.
pub(crate) struct Watch {
    shared: Arc<Shared>,
}

struct Shared {
    /// The count's lock, the one the semaphore takes.
    free: Mutex<usize>,
    /// The condition variable of [`Returned`], on `free`.
    returned: Condvar,
    /// The grader's notes, locked only briefly and never while waiting for the count.
    record: Mutex<Record>,
    changed: Condvar,
}

/// What the grader knows. The checks keep their own notes here too, so that one lock and one
/// condition variable cover everything they wait for.
#[derive(Default)]
pub(crate) struct Record {
    /// Threads asleep in [`Returned::wait_while`].
    pub(crate) asleep: usize,
    /// Threads of the check that came back from `acquire`.
    pub(crate) acquired: usize,
    /// Threads of the check that came back from `release`.
    pub(crate) released: usize,
    /// Threads of the check that hold a permit (came back from `acquire`, not yet released).
    pub(crate) holding: usize,
    /// The most that ever held a permit at once.
    pub(crate) peak: usize,
    /// Threads of the check that are over (returned or panicked).
    pub(crate) ended: usize,
    /// Runs on the first release of the count's lock after it was set.
    plan: Option<Box<dyn FnOnce() + Send>>,
}

impl Permits {
    /// Locks the count, waiting while another thread holds it, and returns the guard that reads
    /// and changes it. Locking it again on the same thread while you hold a guard never returns
    /// (or panics), as with a `std::sync::Mutex`.
    pub fn lock(&self) -> PermitsGuard<'_> {
        let shared = &*self.shared;
        // A semaphore that panicked under the lock poisons it; the grader reports that panic,
        // and the count itself is still a number.
        let free = shared.free.lock().unwrap_or_else(PoisonError::into_inner);
        PermitsGuard {
            shared,
            free: Some(free),
        }
    }
}

impl Returned {
    /// Like `std::sync::Condvar::wait_while`: while `condition` holds for the count, lets go of
    /// the lock and sleeps until woken, then locks the count again and checks once more. Returns
    /// the guard, locked, once `condition` is false.
    pub fn wait_while<'a>(
        &self,
        mut guard: PermitsGuard<'a>,
        mut condition: impl FnMut(&mut usize) -> bool,
    ) -> PermitsGuard<'a> {
        assert!(
            std::ptr::eq(guard.shared, &*self.shared),
            "wait_while was given a guard of other permits than its own"
        );
        let shared = guard.shared;
        let mut free = guard
            .free
            .take()
            .expect("a guard is only emptied when dropped");
        while condition(&mut free) {
            shared.update(|record| record.asleep += 1);
            free = shared
                .returned
                .wait(free)
                .unwrap_or_else(PoisonError::into_inner);
            shared.update(|record| record.asleep -= 1);
        }
        PermitsGuard {
            shared,
            free: Some(free),
        }
    }

    /// Wakes one thread asleep in [`Returned::wait_while`], if there is one.
    pub fn notify_one(&self) {
        self.shared.returned.notify_one();
    }

    /// Wakes every thread asleep in [`Returned::wait_while`].
    pub fn notify_all(&self) {
        self.shared.returned.notify_all();
    }
}

impl Deref for PermitsGuard<'_> {
    type Target = usize;

    fn deref(&self) -> &usize {
        self.free
            .as_deref()
            .expect("a guard is only emptied when dropped")
    }
}

impl DerefMut for PermitsGuard<'_> {
    fn deref_mut(&mut self) -> &mut usize {
        self.free
            .as_deref_mut()
            .expect("a guard is only emptied when dropped")
    }
}

impl Drop for PermitsGuard<'_> {
    fn drop(&mut self) {
        let Some(free) = self.free.take() else {
            return;
        };
        // Released first: the other thread must be able to take the count now.
        drop(free);
        if let Some(plan) = self.shared.update(|record| record.plan.take()) {
            plan();
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
}

impl Watch {
    /// `free` permits for a semaphore, the condition variable that goes with them, and the
    /// grader's watch over both.
    pub(crate) fn permits(free: usize) -> (Permits, Returned, Watch) {
        let shared = Arc::new(Shared {
            free: Mutex::new(free),
            returned: Condvar::new(),
            record: Mutex::new(Record::default()),
            changed: Condvar::new(),
        });
        let (returned, watch) = (
            Returned {
                shared: Arc::clone(&shared),
            },
            Watch {
                shared: Arc::clone(&shared),
            },
        );
        (Permits { shared }, returned, watch)
    }

    /// The number of free permits now (waits while the semaphore holds the lock).
    pub(crate) fn free(&self) -> usize {
        *self
            .shared
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Changes the grader's notes, and wakes whoever waits for them to change.
    pub(crate) fn update<R>(&self, change: impl FnOnce(&mut Record) -> R) -> R {
        self.shared.update(change)
    }

    /// Reads the grader's notes.
    pub(crate) fn read<R>(&self, read: impl FnOnce(&Record) -> R) -> R {
        read(&self.shared.record())
    }

    /// Waits until `done` holds for the notes, or until `patience` has passed; says whether it
    /// holds.
    pub(crate) fn wait_until(&self, patience: Duration, done: impl Fn(&Record) -> bool) -> bool {
        let deadline = Instant::now() + patience;
        let mut record = self.shared.record();
        while !done(&record) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            record = self
                .shared
                .changed
                .wait_timeout(record, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }

    /// Runs `plan` right after the count's lock is next let go (by a guard's drop, not by a
    /// wait), on the thread that let go, before it can go on.
    pub(crate) fn on_first_release(&self, plan: impl FnOnce() + Send + 'static) {
        self.shared
            .update(|record| record.plan = Some(Box::new(plan)));
    }

    /// Drops the plan of [`Watch::on_first_release`] if it has not run yet.
    pub(crate) fn forget_plan(&self) {
        drop(self.shared.update(|record| record.plan.take()));
    }
}

impl fmt::Debug for Permits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Permits { .. }")
    }
}

impl fmt::Debug for PermitsGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PermitsGuard").field(&**self).finish()
    }
}

impl fmt::Debug for Returned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Returned { .. }")
    }
}
