//! The exercise "counting_semaphore": its contract, and the checks that grade it.
//!
//! The student edits `counting_semaphore.rs` (beside `src/`); the reference solution is
//! `../solutions/counting_semaphore.rs`. The checks never ask the semaphore what it did: the
//! grader hands it its count in a lock and a condition variable of the grader's own
//! ([`Permits`] and [`Returned`], `src/permits.rs`), reads the count between calls, and picks
//! the moment another thread comes in; its own threads call `acquire` and `release` around a
//! room of the grader's, and count how many are inside it at once, and whether they all were
//! when they should be.

use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use exercise_kit::grading::{Code, Runs};
use lesson_kit::meeting::Meeting;
use lesson_kit::timeout::panic_message;

use crate::permits::Watch;
pub use crate::permits::{Permits, PermitsGuard, Returned};

#[path = "../counting_semaphore.rs"]
pub mod starter;

#[path = "../../solutions/counting_semaphore.rs"]
pub mod solution;

/// A counting semaphore, as every version of the exercise offers it.
pub trait CountingSemaphore: Send + Sync + 'static {
    /// A semaphore whose free permits are `permits`, the count in a lock of the grader's (a
    /// `Mutex<usize>` look-alike), with `returned`, a `Condvar` look-alike on that lock.
    fn new(permits: Permits, returned: Returned) -> Self;
    /// Takes a permit, waiting while none is free.
    fn acquire(&self);
    /// Gives a permit back, and lets a waiting thread have it.
    fn release(&self);
}

/// How long the threads inside wait, once every thread has asked for a permit, for one more to
/// come in where none should. An `acquire` that does not wait returns in microseconds.
pub const SETTLE: Duration = Duration::from_millis(150);

/// How long the threads let in wait for each other in `lets_n_in`.
pub const PATIENCE: Duration = Duration::from_millis(600);

/// How long `forced_race` waits for the second thread to come back from `acquire` or fall asleep
/// in `wait_while`, and for a holder of the permit to see the other one do either. A semaphore
/// that takes the permit under the guard it checked it with never waits for it, and its outcome
/// never depends on it; only a lock of the semaphore's own, keeping the other thread out, makes
/// the grader wait it out.
pub const GRACE: Duration = Duration::from_millis(300);

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Semaphore>(),
        Code::Solution => runs::<solution::Semaphore>(),
    }
}

/// The checks' functions for any semaphore (the tests also grade broken ones).
pub fn runs<S: CountingSemaphore>() -> Runs {
    exercise_kit::runs![
        counts_in_the_permits::<S>,
        at_most_n::<S>,
        forced_race::<S>,
        lets_n_in::<S>,
        releases_wake_waiters::<S>
    ]
}

/// A semaphore of `free` permits, and the grader's watch over its count.
fn semaphore<S: CountingSemaphore>(free: usize) -> (Arc<S>, Watch) {
    let (permits, returned, watch) = Watch::permits(free);
    (Arc::new(S::new(permits, returned)), watch)
}

/// The grader's room: who is inside, the most ever inside, who asked for a permit.
#[derive(Default)]
struct Room {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    inside: usize,
    peak: usize,
    asked: usize,
    all_asked_at: Option<Instant>,
}

impl Room {
    fn update<R>(&self, change: impl FnOnce(&mut State) -> R) -> R {
        let result = change(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner));
        self.changed.notify_all();
        result
    }

    fn peak(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .peak
    }

    /// Inside the room: waits until one too many is inside, or until every one of `total`
    /// threads asked for a permit `SETTLE` ago.
    fn stay(&self, permits: usize) {
        let cap = Instant::now() + Duration::from_secs(1);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let now = Instant::now();
            let until = state.all_asked_at.map_or(cap, |at| (at + SETTLE).min(cap));
            if state.inside > permits || now >= until {
                return;
            }
            state = self
                .changed
                .wait_timeout(state, until - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

/// Runs `threads` threads that each ask `semaphore` for a permit and, holding it, run `inside`.
fn crowd<S: CountingSemaphore>(
    semaphore: &Arc<S>,
    room: &Arc<Room>,
    threads: usize,
    cycles: usize,
    inside: impl Fn(&Room) + Send + Sync + 'static,
) -> Result<(), String> {
    let inside = Arc::new(inside);
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (semaphore, room, inside) =
                (Arc::clone(semaphore), Arc::clone(room), Arc::clone(&inside));
            thread::spawn(move || {
                for _ in 0..cycles {
                    room.update(|state| {
                        state.asked += 1;
                        if state.asked == threads {
                            state.all_asked_at = Some(Instant::now());
                        }
                    });
                    semaphore.acquire();
                    room.update(|state| {
                        state.inside += 1;
                        state.peak = state.peak.max(state.inside);
                    });
                    inside(&room);
                    room.update(|state| state.inside -= 1);
                    semaphore.release();
                }
            })
        })
        .collect();
    for handle in handles {
        handle
            .join()
            .map_err(|panic| format!("the semaphore panicked: {}", panic_message(&*panic)))?;
    }
    Ok(())
}

fn at_most_n<S: CountingSemaphore>() -> Result<(), String> {
    for permits in [2, 4, 3] {
        let threads = permits + 3;
        let ((semaphore, _watch), room) = (semaphore::<S>(permits), Arc::new(Room::default()));
        crowd(&semaphore, &room, threads, 1, move |room| {
            room.stay(permits)
        })?;
        let peak = room.peak();
        if peak > permits {
            return Err(format!(
                "{threads} threads shared a semaphore of {permits} permits, and {peak} held one \
                 at once: acquire must wait while no permit is free"
            ));
        }
    }
    Ok(())
}

fn lets_n_in<S: CountingSemaphore>() -> Result<(), String> {
    for permits in [3, 5, 4] {
        let ((semaphore, _watch), room) = (semaphore::<S>(permits), Arc::new(Room::default()));
        let meeting = Arc::new(Meeting::new(permits, PATIENCE));
        let inside = Arc::clone(&meeting);
        crowd(&semaphore, &room, permits, 1, move |_| {
            inside.arrive();
        })?;
        if !meeting.outcome().met {
            return Err(format!(
                "{permits} threads asked a semaphore of {permits} permits for one each, but \
                 never all held one at once (at most {} did, waiting {PATIENCE:?} for the \
                 others): every permit must be usable at the same time",
                room.peak()
            ));
        }
    }
    Ok(())
}

/// Both permits held, a third thread asleep waiting for one (the grader's condition variable
/// counts it), then one release: the sleeper must wake and get the permit. A release that wakes
/// nobody leaves it asleep for good, on every run, and the check runs out of time; a crowd alone
/// could happen never to leave anyone asleep at the wrong moment.
fn wakes_a_sleeper<S: CountingSemaphore>(semaphore: &Arc<S>, watch: &Watch) -> Result<(), String> {
    semaphore.acquire();
    semaphore.acquire();
    let sleeper = Arc::clone(semaphore);
    let waiter = thread::spawn(move || sleeper.acquire());
    // A semaphore that waits some other way than in `wait_while` is never counted asleep: it gets
    // GRACE to start waiting before the release comes anyway.
    watch.wait_until(GRACE, |record| record.asleep == 1);
    semaphore.release();
    if waiter.join().is_err() {
        return Err("acquire panicked in a thread that waited for a permit".to_owned());
    }
    semaphore.release();
    semaphore.release();
    Ok(())
}

fn releases_wake_waiters<S: CountingSemaphore>() -> Result<(), String> {
    const PERMITS: usize = 2;
    const THREADS: usize = 6;
    const CYCLES: usize = 40;
    let ((semaphore, watch), room) = (semaphore::<S>(PERMITS), Arc::new(Room::default()));
    wakes_a_sleeper(&semaphore, &watch)?;
    crowd(&semaphore, &room, THREADS, CYCLES, |_| thread::yield_now())?;
    if room.peak() > PERMITS {
        return Err(format!(
            "{} threads held one of {PERMITS} permits at once",
            room.peak()
        ));
    }
    let free = watch.free();
    if free != PERMITS {
        return Err(format!(
            "after {THREADS} threads took and gave back permits {CYCLES} times each, the count \
             says {free} free instead of {PERMITS}: release must give each permit back"
        ));
    }
    // Every permit came back: all of them can be held at once again.
    let meeting = Arc::new(Meeting::new(PERMITS, PATIENCE));
    let inside = Arc::clone(&meeting);
    crowd(
        &semaphore,
        &Arc::new(Room::default()),
        PERMITS,
        1,
        move |_| {
            inside.arrive();
        },
    )?;
    if meeting.outcome().met {
        Ok(())
    } else {
        Err(format!(
            "after {THREADS} threads took and gave back permits {CYCLES} times each, {PERMITS} \
             threads could no longer hold the {PERMITS} permits at once: release must give \
             each permit back"
        ))
    }
}

fn counts_in_the_permits<S: CountingSemaphore>() -> Result<(), String> {
    const PERMITS: usize = 3;
    let (semaphore, watch) = semaphore::<S>(PERMITS);
    let (mut calls, mut expected) = (Vec::new(), PERMITS);
    // One thread, never asking for a permit when none is free: nothing to wait for.
    for acquire in [true, true, false, true, true, false, false, false] {
        if acquire {
            semaphore.acquire();
            expected -= 1;
        } else {
            semaphore.release();
            expected += 1;
        }
        calls.push(if acquire { "acquire" } else { "release" });
        let free = watch.free();
        if free != expected {
            return Err(format!(
                "a semaphore of {PERMITS} permits was called {}: then the permits you were \
                 given count {free} free, expected {expected}; keep the count in the permits \
                 you were given: acquire takes one from it, release gives one back",
                calls.join(", ")
            ));
        }
    }
    Ok(())
}

fn forced_race<S: CountingSemaphore>() -> Result<(), String> {
    acquire_race::<S>()?;
    release_race::<S>()
}

/// Two threads want the only permit, and the second goes the moment the first lets go of the
/// count's lock inside `acquire`.
fn acquire_race<S: CountingSemaphore>() -> Result<(), String> {
    let (semaphore, watch) = semaphore::<S>(1);
    let watch = Arc::new(watch);
    // The second thread waits for its turn: the moment the first one first lets go of the
    // count's lock inside `acquire`, whatever it did under it. The first waits until the second
    // came back from `acquire` or fell asleep waiting for a permit.
    let (go, turn) = mpsc::channel::<()>();
    let go = Arc::new(Mutex::new(Some(go)));
    let send_second = move || {
        if let Some(go) = go.lock().unwrap_or_else(PoisonError::into_inner).take() {
            let _ = go.send(());
        }
    };
    let came_back_between = Arc::new(Mutex::new(false));
    watch.on_first_release({
        let (watch, send_second, came_back_between) = (
            Arc::clone(&watch),
            send_second.clone(),
            Arc::clone(&came_back_between),
        );
        move || {
            send_second();
            watch.wait_until(GRACE, |record| {
                record.acquired > 0 || record.asleep > 0 || record.ended > 0
            });
            *came_back_between
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = watch.read(|record| record.acquired > 0);
        }
    });
    let first = holder("the first thread", &semaphore, &watch, || {}, {
        let (watch, send_second) = (Arc::clone(&watch), send_second.clone());
        move || {
            // Too late for the plan once `acquire` is over.
            watch.forget_plan();
            send_second();
        }
    });
    let second = holder(
        "the second thread",
        &semaphore,
        &watch,
        move || {
            let _ = turn.recv();
        },
        || {},
    );
    let first = first.join();
    // The second goes now if the first never let go of the count, and is never left waiting.
    watch.forget_plan();
    send_second();
    let second = second.join();
    let came_back_between = *came_back_between
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let peak = watch.read(|record| record.peak);
    let between = "the moment the first let go of the permits' lock inside acquire";
    let advice = "acquire must take the permit under the guard it checked it with";
    if peak > 1 {
        return Err(if came_back_between {
            format!(
                "two threads held the only permit at once: the second took it {between}, and \
                 the first took it too: {advice}"
            )
        } else {
            "two threads held the only permit at once: acquire must wait while no permit is \
             free"
                .to_string()
        });
    }
    if let Err(panic) = &first
        && came_back_between
    {
        return Err(format!(
            "the first thread's acquire panicked ({}) after the second took the only permit \
             {between}: there was no permit left to take; {advice}",
            panic_message(&**panic)
        ));
    }
    for (who, outcome) in [("first", first), ("second", second)] {
        outcome.map_err(|panic| {
            format!(
                "the semaphore panicked on the {who} thread: {}",
                panic_message(&*panic)
            )
        })?;
    }
    let free = watch.free();
    if free == 1 {
        Ok(())
    } else {
        Err(format!(
            "two threads took and gave back the only permit of a semaphore, one after the \
             other, and then the count says {free} free instead of 1"
        ))
    }
}

/// Two threads each give back a permit of a semaphore with none free, and the second goes the
/// moment the first lets go of the count's lock inside `release`.
fn release_race<S: CountingSemaphore>() -> Result<(), String> {
    const PERMITS: usize = 2;
    // Both permits are out: nothing to acquire first, nothing that could keep the check waiting.
    let (semaphore, watch) = semaphore::<S>(0);
    let watch = Arc::new(watch);
    let (go, turn) = mpsc::channel::<()>();
    let go = Arc::new(Mutex::new(Some(go)));
    let send_second = move || {
        if let Some(go) = go.lock().unwrap_or_else(PoisonError::into_inner).take() {
            let _ = go.send(());
        }
    };
    let second = {
        let (semaphore, watch) = (Arc::clone(&semaphore), Arc::clone(&watch));
        thread::Builder::new()
            .name("the second thread".into())
            .spawn(move || {
                let _over = Over(&watch);
                let _ = turn.recv();
                semaphore.release();
                watch.update(|record| record.released += 1);
            })
            .expect("the OS refused to start a thread")
    };
    watch.on_first_release({
        let (watch, send_second) = (Arc::clone(&watch), send_second.clone());
        move || {
            send_second();
            watch.wait_until(GRACE, |record| record.released > 0 || record.ended > 0);
        }
    });
    semaphore.release();
    watch.forget_plan();
    send_second();
    second
        .join()
        .map_err(|panic| format!("the semaphore panicked: {}", panic_message(&*panic)))?;
    let free = watch.free();
    if free == PERMITS {
        Ok(())
    } else {
        Err(format!(
            "two threads each gave back a permit of a semaphore with none free, the second the \
             moment the first let go of the permits' lock inside release, and then the count says \
             {free} free instead of {PERMITS}: release must add its permit under the guard it \
             read the count with"
        ))
    }
}

/// A thread of `forced_race`, named `name`: `before`, `acquire`, `then`, then it holds the permit
/// until the other thread holds one too, waits for one, or is over (or for `GRACE`), then
/// `release`.
fn holder<S: CountingSemaphore>(
    name: &str,
    semaphore: &Arc<S>,
    watch: &Arc<Watch>,
    before: impl FnOnce() + Send + 'static,
    then: impl FnOnce() + Send + 'static,
) -> JoinHandle<()> {
    let (semaphore, watch) = (Arc::clone(semaphore), Arc::clone(watch));
    thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let _over = Over(&watch);
            before();
            semaphore.acquire();
            then();
            watch.update(|record| {
                record.acquired += 1;
                record.holding += 1;
                record.peak = record.peak.max(record.holding);
            });
            watch.wait_until(GRACE, |record| {
                record.holding > 1 || record.asleep > 0 || record.ended > 0
            });
            watch.update(|record| record.holding -= 1);
            semaphore.release();
        })
        .expect("the OS refused to start a thread")
}

/// Counts a thread of `forced_race` as over when dropped, even by a panic.
struct Over<'a>(&'a Watch);

impl Drop for Over<'_> {
    fn drop(&mut self) {
        self.0.update(|record| record.ended += 1);
    }
}
