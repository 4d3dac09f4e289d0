//! The exercise "own_reentrant_lock": its contract, and the checks that grade it.
//!
//! The student edits `own_reentrant_lock.rs` (beside `src/`); the reference solution is
//! `../solutions/own_reentrant_lock.rs`. The work that runs under the lock is the grader's: it
//! records on which thread, at what depth and in what order it ran, so a lock is judged by what
//! really happened inside it.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, ThreadId};
use std::time::Duration;

use exercise_kit::grading::{Code, Runs};
use exercise_kit::seeded;

#[path = "../own_reentrant_lock.rs"]
pub mod starter;

#[path = "../../solutions/own_reentrant_lock.rs"]
pub mod solution;

/// A reentrant lock, as every version of the exercise offers it.
pub trait ReentrantLock: Send + Sync + 'static {
    /// A lock that nobody holds.
    fn new() -> Self;

    /// Runs `work` on the calling thread while holding the lock, and returns what it returns.
    /// The thread that holds the lock may call `with_lock` again inside `work`; any other
    /// thread waits until the holder has left every level.
    fn with_lock<R>(&self, work: impl FnOnce() -> R) -> R;
}

/// How long the owner gives another thread to break in, when a correct lock keeps it out.
pub const CHANCE: Duration = Duration::from_millis(200);

/// How long another thread is given to get the lock once it is free.
const FREE_IN: Duration = Duration::from_millis(800);

pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Lock>(),
        Code::Solution => runs::<solution::Lock>(),
    }
}

pub fn runs<T: ReentrantLock>() -> Runs {
    exercise_kit::runs![owner_reenters::<T>, others_wait::<T>]
}

/// Enters `lock` `levels` times, one inside the other, and writes down each level reached and
/// the thread it ran on.
fn nest<T: ReentrantLock>(
    lock: &T,
    level: usize,
    levels: usize,
    seen: &mut Vec<(usize, ThreadId)>,
) {
    lock.with_lock(|| {
        seen.push((level, thread::current().id()));
        if level < levels {
            nest(lock, level + 1, levels, seen);
        }
    });
}

fn owner_reenters<T: ReentrantLock>() -> Result<(), String> {
    let lock = Arc::new(T::new());
    for round in 0..4 {
        let levels = 2 + seeded::below(0x0e_e7e4, round, 7) as usize;
        let mut seen = Vec::new();
        nest(&*lock, 1, levels, &mut seen);
        let me = thread::current().id();
        let expected: Vec<_> = (1..=levels).map(|level| (level, me)).collect();
        if seen != expected {
            return Err(format!(
                "entering the lock {levels} times, one inside the other, ran the work at levels \
                 {:?} (on this thread: {}); expected every level from 1 to {levels}, on the \
                 calling thread",
                seen.iter().map(|(level, _)| level).collect::<Vec<_>>(),
                seen.iter().all(|(_, thread)| *thread == me)
            ));
        }
        // Left every level: another thread must get the lock now.
        let (done, answer) = mpsc::channel();
        let other = Arc::clone(&lock);
        thread::spawn(move || other.with_lock(|| done.send(()).ok()));
        if answer.recv_timeout(FREE_IN).is_err() {
            return Err(format!(
                "after the owner entered {levels} levels and left all {levels}, another thread \
                 did not get the lock within {FREE_IN:?}: a lock entered n times must be free \
                 after n exits"
            ));
        }
    }
    Ok(())
}

fn others_wait<T: ReentrantLock>() -> Result<(), String> {
    let lock = Arc::new(T::new());
    let log = Arc::new(Mutex::new(Vec::<&str>::new()));
    let write = |log: &Mutex<Vec<&'static str>>, event| {
        log.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(event);
    };
    let (entered, other_in) = mpsc::channel();
    let (calling, other_calls) = mpsc::channel();
    let mut broke_in = None;
    lock.with_lock(|| {
        write(&log, "owner entered");
        let (other, other_log) = (Arc::clone(&lock), Arc::clone(&log));
        thread::spawn(move || {
            let _ = calling.send(());
            other.with_lock(|| {
                other_log
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push("other entered");
                let _ = entered.send(());
            });
        });
        let _ = other_calls.recv_timeout(FREE_IN);
        lock.with_lock(|| {
            write(&log, "owner entered again");
            if other_in.recv_timeout(CHANCE).is_ok() {
                broke_in = Some("while the owner held it two levels deep");
            }
            write(&log, "owner left the inner level");
        });
        if broke_in.is_none() && other_in.recv_timeout(CHANCE).is_ok() {
            broke_in =
                Some("after the owner left the inner level, while it still held the outer one");
        }
        write(&log, "owner left the outer level");
    });
    let log_now = || {
        log.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .join(", ")
    };
    if let Some(when) = broke_in {
        return Err(format!(
            "another thread got into the lock {when}: only the thread that holds a reentrant lock \
             may enter it again, every other thread waits until it has left every level ({})",
            log_now()
        ));
    }
    if other_in.recv_timeout(FREE_IN).is_err() {
        return Err(format!(
            "another thread waiting for the lock did not get it within {FREE_IN:?} after the \
             owner left every level ({})",
            log_now()
        ));
    }
    Ok(())
}
