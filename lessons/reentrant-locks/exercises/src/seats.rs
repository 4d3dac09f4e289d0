//! The seats of the exercise "family_booking", as the grader hands them to a booking office:
//! a number in a lock of the grader's, which watches what happens to it. It counts every time
//! the lock is taken, remembers the fewest seats ever left, refuses (with a panic, instead of
//! waiting for ever) a thread that locks the seats again while it holds them, and, when asked,
//! lets the box office sell every free seat the next time the lock is let go.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};

/// The seats: `lock()` gives a guard, and `*guard` is the number of free seats.
pub struct Seats {
    shared: Arc<Shared>,
}

/// The guard of the seats' lock: read and change the free seats through it.
pub struct SeatsGuard<'a> {
    shared: &'a Shared,
    free: Option<MutexGuard<'a, i64>>,
}

/// The grader's side of the seats.
pub(crate) struct Watch {
    shared: Arc<Shared>,
}

struct Shared {
    free: Mutex<i64>,
    record: Mutex<Record>,
}

#[derive(Default)]
struct Record {
    holder: Option<ThreadId>,
    locks: usize,
    lowest: i64,
    sold_by_box_office: i64,
    box_office_waits: bool,
}

fn record(shared: &Shared) -> MutexGuard<'_, Record> {
    shared.record.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Seats {
    /// Locks the seats. Locking them again on the thread that holds them would wait for ever
    /// with a plain lock; here it panics and says so.
    pub fn lock(&self) -> SeatsGuard<'_> {
        let me = thread::current().id();
        assert!(
            record(&self.shared).holder != Some(me),
            "the seats were locked again by the thread that already holds them: a plain lock \
             would wait for ever here"
        );
        let free = self
            .shared
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut record = record(&self.shared);
        record.holder = Some(me);
        record.locks += 1;
        SeatsGuard {
            shared: &self.shared,
            free: Some(free),
        }
    }
}

impl Deref for SeatsGuard<'_> {
    type Target = i64;
    fn deref(&self) -> &i64 {
        self.free.as_deref().expect("emptied only when dropped")
    }
}

impl DerefMut for SeatsGuard<'_> {
    fn deref_mut(&mut self) -> &mut i64 {
        self.free.as_deref_mut().expect("emptied only when dropped")
    }
}

impl Drop for SeatsGuard<'_> {
    fn drop(&mut self) {
        let Some(free) = self.free.take() else { return };
        let box_office = {
            let mut record = record(self.shared);
            record.lowest = record.lowest.min(*free);
            record.holder = None;
            std::mem::take(&mut record.box_office_waits)
        };
        drop(free);
        if box_office {
            // The lock is free: the box office takes it, as anyone may, and sells what is left.
            let mut free = self
                .shared
                .free
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let sold = (*free).max(0);
            *free -= sold;
            record(self.shared).sold_by_box_office += sold;
        }
    }
}

impl Watch {
    /// `free` seats for a booking office, and the grader's watch over them.
    pub(crate) fn seats(free: i64) -> (Seats, Watch) {
        let shared = Arc::new(Shared {
            free: Mutex::new(free),
            record: Mutex::new(Record {
                lowest: free,
                ..Record::default()
            }),
        });
        (
            Seats {
                shared: Arc::clone(&shared),
            },
            Watch { shared },
        )
    }

    pub(crate) fn free(&self) -> i64 {
        *self
            .shared
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn lowest(&self) -> i64 {
        record(&self.shared).lowest
    }

    pub(crate) fn locks(&self) -> usize {
        record(&self.shared).locks
    }

    pub(crate) fn sold_by_box_office(&self) -> i64 {
        record(&self.shared).sold_by_box_office
    }

    /// The box office sells `seats` now, under the seats' lock.
    pub(crate) fn sell(&self, seats: i64) {
        *self
            .shared
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner) -= seats;
        record(&self.shared).sold_by_box_office += seats;
    }

    /// The next time the seats' lock is let go, the box office sells every free seat.
    pub(crate) fn box_office_at_next_release(&self) {
        record(&self.shared).box_office_waits = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_office_sells_what_is_free_at_the_next_release_only() {
        let (seats, watch) = Watch::seats(5);
        watch.box_office_at_next_release();
        *seats.lock() -= 2;
        assert_eq!((watch.free(), watch.sold_by_box_office()), (0, 3));
        *seats.lock() -= 0;
        watch.sell(0);
        assert_eq!((watch.locks(), watch.lowest()), (2, 0));
    }

    #[test]
    fn locking_again_on_the_holding_thread_panics_instead_of_hanging() {
        let (seats, _watch) = Watch::seats(5);
        let relocked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _held = seats.lock();
            let _again = seats.lock();
        }));
        assert!(relocked.is_err());
        assert_eq!(
            *seats.lock(),
            5,
            "the first guard was let go while unwinding"
        );
    }
}
