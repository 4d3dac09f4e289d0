//! One timed run: the work's value, its wall time, and its timeline.

use std::time::{Duration, Instant};

use super::{Run, Timeline};

/// One run: its timeline, its wall time from just before the work to just after it, and what the
/// work returned.
#[derive(Debug)]
pub struct Measured<T = ()> {
    pub run: Run,
    pub wall: Duration,
    pub value: T,
}

/// Runs `work` on a fresh timeline, and times it.
pub fn measure<T>(title: &str, work: impl FnOnce(&Timeline) -> T) -> Measured<T> {
    let timeline = Timeline::new();
    let started = Instant::now();
    let value = work(&timeline);
    let wall = started.elapsed();
    Measured {
        run: timeline.finish(title),
        wall,
        value,
    }
}
