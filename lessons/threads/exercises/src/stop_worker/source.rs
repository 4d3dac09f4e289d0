//! The work the grader hands to a worker, `next_item`, and the log of what the worker really did
//! with it: how many items it started and made, their values, on which thread, and whether it
//! still held `next_item` when `stop` returned.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// An item that stays in progress until a while after `stop` is called, or until `stop`
/// returns, whichever comes first, so that the checks can call `stop` in the middle of it.
///
/// The item after it, if the worker starts one, lasts [`AFTER_HELD`]: a worker that looks for
/// the request before each item never starts it, unless `stop` was kept from making its request
/// in time (its thread stalled on a busy machine); then it starts that one item, and the checks
/// allow it. Only a worker that does not look before each item starts two or more.
#[derive(Debug, Clone, Copy)]
pub struct Held {
    /// Which item (0 is the first).
    pub item: u64,
    /// How long after `stop` is called it ends, at the latest.
    pub after_stop: Duration,
}

/// How long the item after a held one lasts; see [`Held`].
pub const AFTER_HELD: Duration = Duration::from_millis(400);

/// What the worker did, as `next_item` saw it.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// How many items were started.
    pub started: u64,
    /// The values of the items made, in the order they were made.
    pub made: Vec<u64>,
    /// Whether an item was made on the thread that called `start` and `stop`.
    pub on_the_callers_thread: bool,
    /// Whether `next_item` was dropped, which a worker thread does when it ends.
    pub source_dropped: bool,
}

#[derive(Debug, Default)]
struct State {
    seen: Seen,
    stop_called: Option<Instant>,
    stop_returned: bool,
}

#[derive(Debug)]
struct Shared {
    /// Chooses the values: they follow no pattern a worker could make up (0, 1, 2, ...).
    seed: u64,
    /// How long each item takes, but the held one and the one after it.
    pause: Duration,
    held: Option<Held>,
    /// The check's thread, which calls `start` and `stop`.
    grader: ThreadId,
    state: Mutex<State>,
    changed: Condvar,
}

/// The grader's side: see the [module documentation](self).
#[derive(Debug)]
pub struct Log(Arc<Shared>);

impl Log {
    /// A log for items of `pause` each (but `held`), whose values depend on `seed`; the calling
    /// thread is the grader's.
    pub fn new(seed: u64, pause: Duration, held: Option<Held>) -> Self {
        Log(Arc::new(Shared {
            seed,
            pause,
            held,
            grader: thread::current().id(),
            state: Mutex::default(),
            changed: Condvar::new(),
        }))
    }

    /// The `next_item` to hand to `start`: an endless source of items.
    pub fn source(&self) -> impl FnMut() -> u64 + Send + 'static {
        let mut source = Source {
            shared: Arc::clone(&self.0),
            next: 0,
        };
        move || source.next()
    }

    /// The index of the held item, if any.
    pub fn held(&self) -> Option<u64> {
        self.0.held.map(|held| held.item)
    }

    /// Waits until `count` items have started, or until none started for `patience`, or one
    /// was made on the grader's thread.
    pub fn wait_until_started(&self, count: u64, patience: Duration) -> Seen {
        let mut state = self.0.lock();
        loop {
            let before = state.seen.started;
            let (now, waited) = self
                .0
                .changed
                .wait_timeout_while(state, patience, |state| {
                    state.seen.started == before
                        && state.seen.started < count
                        && !state.seen.on_the_callers_thread
                })
                .expect(POISONED);
            state = now;
            if waited.timed_out() || state.seen.started >= count || state.seen.on_the_callers_thread
            {
                return state.seen.clone();
            }
        }
    }

    /// Notes that `stop` is about to be called.
    pub fn stop_called(&self) {
        self.0.lock().stop_called = Some(Instant::now());
        self.0.changed.notify_all();
    }

    /// Notes that `stop` has returned, and gives what the worker had done by then. Only then
    /// is a held item let go.
    pub fn stop_returned(&self) -> Seen {
        let mut state = self.0.lock();
        let seen = state.seen.clone();
        state.stop_returned = true;
        self.0.changed.notify_all();
        seen
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect(POISONED)
    }

    /// Keeps the held item in progress; see [`Held`]. Should `stop` never be called, it lets go
    /// after a while that is longer than any check's time limit.
    fn hold(&self, held: Held) {
        let give_up = Instant::now() + Duration::from_secs(30);
        let mut state = self.lock();
        loop {
            let until = match state.stop_called {
                Some(called) => called + held.after_stop,
                None => give_up,
            };
            let now = Instant::now();
            if state.stop_returned || now >= until.min(give_up) {
                return;
            }
            state = self
                .changed
                .wait_timeout(state, until.min(give_up) - now)
                .expect(POISONED)
                .0;
        }
    }
}

/// The worker's side: the state behind `next_item`, which the worker owns.
struct Source {
    shared: Arc<Shared>,
    next: u64,
}

impl Source {
    fn next(&mut self) -> u64 {
        let shared = &*self.shared;
        let item = self.next;
        self.next += 1;
        let on_the_callers_thread = thread::current().id() == shared.grader;
        {
            let mut state = shared.lock();
            state.seen.started += 1;
            state.seen.on_the_callers_thread |= on_the_callers_thread;
        }
        shared.changed.notify_all();
        match shared.held {
            // Held on the grader's thread, it would wait for a stop() that thread cannot call.
            Some(held) if held.item == item && !on_the_callers_thread => shared.hold(held),
            Some(held) if held.item + 1 == item => thread::sleep(AFTER_HELD),
            _ => thread::sleep(shared.pause),
        }
        // Below 1000, to keep messages short, and seeded so that no simple rule gives them.
        let value = exercise_kit::seeded::below(shared.seed, item, 1000);
        shared.lock().seen.made.push(value);
        shared.changed.notify_all();
        value
    }
}

impl Drop for Source {
    fn drop(&mut self) {
        self.shared.lock().seen.source_dropped = true;
    }
}

/// No code that runs under the lock panics.
const POISONED: &str = "the log's lock was poisoned";
