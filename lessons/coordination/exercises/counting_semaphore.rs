//! Exercise "counting_semaphore": build a counting semaphore from a lock and a condition variable.
//!
//! std has no semaphore. Build one: `acquire` takes a permit, waiting while none is free, and
//! `release` gives one back and lets a waiting thread have it. The grader hands you the count of
//! free permits in a lock of its own, `Permits` (use it like a `Mutex<usize>`: `lock()` gives a
//! guard, and `*guard` is the number of free permits, to read and to change), and `Returned`, a
//! condition variable on that lock (use it like a `Condvar`: `wait_while(guard, condition)`,
//! `notify_one()`). Neither needs an `unwrap`. The grader reads the count between your calls,
//! lets another thread in the moment you let go of the lock inside `acquire` or `release`, and
//! counts how many of its threads hold a permit at once: never more than the permits, and, when
//! enough threads ask, all of them.
//!
//! Grade it: `cargo grade --exercise counting_semaphore`. Stuck? `cargo grade --hint counting_semaphore`.

use crate::counting_semaphore::{CountingSemaphore, Permits, Returned};

pub struct Semaphore {
    free: Permits,
    returned: Returned,
}

impl CountingSemaphore for Semaphore {
    fn new(free: Permits, returned: Returned) -> Self {
        Semaphore { free, returned }
    }

    fn acquire(&self) {
        // TODO: wait while no permit is free, then take one.
        let _free = self.free.lock();
        let _ = &self.returned;
    }

    fn release(&self) {
        // TODO: give the permit back, and wake one waiting thread.
    }
}
