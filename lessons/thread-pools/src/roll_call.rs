//! A roll call of a pool's workers: proof that every worker is alive and taking tasks.

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use lesson_kit::meeting::Meeting;

use crate::pool::Pool;

/// Submits one task per worker; the tasks meet, so each must run on a worker of its own, and
/// return that worker's name. The names come back sorted. Panics if the tasks never met within
/// `patience` (a worker gone, or busy for good).
pub fn roll_call(pool: &Pool, patience: Duration) -> Vec<String> {
    let meeting = Arc::new(Meeting::new(pool.workers(), patience));
    let names: Vec<_> = (0..pool.workers())
        .map(|_| {
            let meeting = Arc::clone(&meeting);
            pool.submit(move || {
                assert!(meeting.arrive(), "the workers never met");
                thread::current().name().unwrap().to_owned()
            })
        })
        .collect();
    let mut names: Vec<String> = names.into_iter().map(|h| h.wait().unwrap()).collect();
    names.sort();
    names
}
