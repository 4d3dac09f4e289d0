//! Reference solution of the exercise "own_reentrant_lock" (the starter is
//! `exercises/own_reentrant_lock.rs`).
//!
//! The state, under a plain `Mutex` held only for a moment: which thread holds the reentrant
//! lock, and how many levels deep. The holder re-enters by counting; any other thread waits on a
//! `Condvar` until nobody holds it. Leaving is done by a value's `drop`, so it happens however
//! `work` ends, a panic included.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};

use crate::own_reentrant_lock::ReentrantLock;

pub struct Lock {
    state: Mutex<State>,
    free: Condvar,
}

struct State {
    holder: Option<ThreadId>,
    levels: usize,
}

/// One level of the holder's; leaving it is its drop.
struct Level<'a>(&'a Lock);

impl Lock {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Level<'_> {
    fn drop(&mut self) {
        let mut state = self.0.state();
        state.levels -= 1;
        if state.levels == 0 {
            state.holder = None;
            self.0.free.notify_one();
        }
    }
}

impl ReentrantLock for Lock {
    fn new() -> Self {
        Lock {
            state: Mutex::new(State {
                holder: None,
                levels: 0,
            }),
            free: Condvar::new(),
        }
    }

    fn with_lock<R>(&self, work: impl FnOnce() -> R) -> R {
        let me = thread::current().id();
        let mut state = self.state();
        if state.holder != Some(me) {
            state = self
                .free
                .wait_while(state, |state| state.holder.is_some())
                .unwrap_or_else(PoisonError::into_inner);
            state.holder = Some(me);
        }
        state.levels += 1;
        drop(state);
        let _level = Level(self);
        work()
    }
}
