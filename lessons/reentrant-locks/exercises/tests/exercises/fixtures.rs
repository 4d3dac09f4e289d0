//! Small wrong offices and locks, to show what the checks catch. Not exercises. Each one's
//! documentation says its mistake.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread::{self, ThreadId};

use reentrant_locks_exercises::family_booking::{FamilyBooking, Seats};
use reentrant_locks_exercises::own_reentrant_lock::ReentrantLock;

fn take(free: &mut i64, wanted: u32) -> bool {
    let enough = *free >= i64::from(wanted);
    if enough {
        *free -= i64::from(wanted);
    }
    enough
}

/// Racy: checks the family under one guard, lets go, then books each member under a guard of
/// its own: the box office gets in between.
pub struct PerMemberLocks {
    seats: Seats,
}

impl FamilyBooking for PerMemberLocks {
    fn new(seats: Seats) -> Self {
        PerMemberLocks { seats }
    }
    fn book(&self, wanted: u32) -> bool {
        take(&mut self.seats.lock(), wanted)
    }
    fn book_family(&self, family: &[u32]) -> bool {
        let enough = *self.seats.lock() >= i64::from(family.iter().sum::<u32>());
        enough && family.iter().all(|&member| self.book(member))
    }
}

/// Deadlocks: a gate of its own, a plain `Mutex`, taken by `book_family` and again by the
/// `book` it calls, on the same thread.
pub struct OwnGateRelocked {
    gate: Mutex<()>,
    seats: Seats,
}

impl FamilyBooking for OwnGateRelocked {
    fn new(seats: Seats) -> Self {
        OwnGateRelocked {
            gate: Mutex::new(()),
            seats,
        }
    }
    fn book(&self, wanted: u32) -> bool {
        let _gate = self.gate.lock().unwrap();
        take(&mut self.seats.lock(), wanted)
    }
    fn book_family(&self, family: &[u32]) -> bool {
        let _gate = self.gate.lock().unwrap();
        let enough = *self.seats.lock() >= i64::from(family.iter().sum::<u32>());
        enough && family.iter().all(|&member| self.book(member))
    }
}

/// Goes through the motions: takes the seats' lock once per call, as asked, and changes the
/// seats under it, but decides by a count of its own, which the box office's sales never reach.
pub struct OwnCount {
    count: AtomicI64,
    seats: Seats,
}

impl FamilyBooking for OwnCount {
    fn new(seats: Seats) -> Self {
        let count = AtomicI64::new(*seats.lock());
        OwnCount { count, seats }
    }
    fn book(&self, wanted: u32) -> bool {
        self.book_family(&[wanted])
    }
    fn book_family(&self, family: &[u32]) -> bool {
        let mut free = self.seats.lock();
        let wanted = i64::from(family.iter().sum::<u32>());
        let enough = self.count.load(Ordering::SeqCst) >= wanted;
        if enough {
            self.count.fetch_sub(wanted, Ordering::SeqCst);
            *free -= wanted;
        }
        enough
    }
}

/// Hard-coded: says yes to everyone and takes nothing.
pub struct AlwaysYes {
    _seats: Seats,
}

impl FamilyBooking for AlwaysYes {
    fn new(seats: Seats) -> Self {
        AlwaysYes { _seats: seats }
    }
    fn book(&self, _: u32) -> bool {
        true
    }
    fn book_family(&self, _: &[u32]) -> bool {
        true
    }
}

/// The state every wrong lock below keeps.
#[derive(Default)]
pub struct State {
    holder: Option<ThreadId>,
    levels: usize,
}

/// A plain mutex: its holder waits for itself when it enters again (a deadlock).
pub struct Plain(Mutex<()>);

impl ReentrantLock for Plain {
    fn new() -> Self {
        Plain(Mutex::new(()))
    }
    fn with_lock<R>(&self, work: impl FnOnce() -> R) -> R {
        let _held = self.0.lock().unwrap();
        work()
    }
}

/// Calls the work as asked, and locks nothing: every thread is let in.
pub struct NoLock;

impl ReentrantLock for NoLock {
    fn new() -> Self {
        NoLock
    }
    fn with_lock<R>(&self, work: impl FnOnce() -> R) -> R {
        work()
    }
}

/// The notes' myth: "any number of threads can acquire it": enters whenever the lock is already
/// held, by whoever holds it, and waits only when it is free... which it never needs to.
pub struct AnyoneReenters(Mutex<State>, Condvar);

impl ReentrantLock for AnyoneReenters {
    fn new() -> Self {
        AnyoneReenters(Mutex::new(State::default()), Condvar::new())
    }
    fn with_lock<R>(&self, work: impl FnOnce() -> R) -> R {
        self.0.lock().unwrap().levels += 1;
        let result = work();
        let mut state = self.0.lock().unwrap();
        state.levels -= 1;
        if state.levels == 0 {
            self.1.notify_one();
        }
        result
    }
}

/// Knows its holder but keeps no count: the first exit, however deep, frees the lock.
pub struct FreedAtFirstExit(Mutex<State>, Condvar);

impl ReentrantLock for FreedAtFirstExit {
    fn new() -> Self {
        FreedAtFirstExit(Mutex::new(State::default()), Condvar::new())
    }
    fn with_lock<R>(&self, work: impl FnOnce() -> R) -> R {
        let me = thread::current().id();
        let mut state = self.0.lock().unwrap();
        if state.holder != Some(me) {
            state = self
                .1
                .wait_while(state, |state| state.holder.is_some())
                .unwrap();
            state.holder = Some(me);
        }
        drop(state);
        let result = work();
        self.0.lock().unwrap().holder = None;
        self.1.notify_one();
        result
    }
}

/// Counts the levels in and forgets to count them out: the lock is never free again.
pub struct NeverFreed(Mutex<State>, Condvar);

impl ReentrantLock for NeverFreed {
    fn new() -> Self {
        NeverFreed(Mutex::new(State::default()), Condvar::new())
    }
    fn with_lock<R>(&self, work: impl FnOnce() -> R) -> R {
        let me = thread::current().id();
        let mut state = self.0.lock().unwrap();
        if state.holder != Some(me) {
            state = self
                .1
                .wait_while(state, |state| state.holder.is_some())
                .unwrap();
            state.holder = Some(me);
        }
        state.levels += 1;
        drop(state);
        work()
    }
}
