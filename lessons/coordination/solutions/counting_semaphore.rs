//! Reference solution of the exercise "counting_semaphore".
//!
//! One guard of the count's lock covers both the check and the taking of a permit: `wait_while`
//! hands back the guard it checked the count under, still locked, and the permit is taken
//! through it, so no other thread can take the same permit in between.

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
        let free = self.free.lock();
        // Checks the count again after every wake-up, so a spurious one changes nothing.
        let mut free = self.returned.wait_while(free, |free| *free == 0);
        *free -= 1;
    }

    fn release(&self) {
        *self.free.lock() += 1;
        self.returned.notify_one();
    }
}
