//! Exercise "own_reentrant_lock": build a reentrant lock from a `Mutex` and a `Condvar`.
//!
//! `with_lock(work)` runs `work` while holding the lock. The starter wraps a plain `Mutex<()>`:
//! other threads wait, as they should, but the holder cannot enter again: its second
//! `with_lock` waits for itself. Make the lock reentrant, without `parking_lot`'s:
//! - the thread that holds the lock may call `with_lock` again inside `work`, as deep as it likes;
//! - every other thread waits (not spins, not gives up) until the holder has left every level;
//! - the lock is free again when the holder has left as many levels as it entered.
//!
//! The grader supplies the work that runs under your lock, and records on which thread and in
//! what order it runs. Grade it: `cargo grade --exercise own_reentrant_lock`. Stuck?
//! `cargo grade --hint own_reentrant_lock`.

use std::sync::Mutex;

use crate::own_reentrant_lock::ReentrantLock;

pub struct Lock {
    // TODO: remember who holds the lock and how many times, and let the others wait.
    inner: Mutex<()>,
}

impl ReentrantLock for Lock {
    fn new() -> Self {
        Lock {
            inner: Mutex::new(()),
        }
    }

    fn with_lock<R>(&self, work: impl FnOnce() -> R) -> R {
        let _held = self.inner.lock().unwrap();
        work()
    }
}
