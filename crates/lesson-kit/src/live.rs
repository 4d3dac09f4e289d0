//! A live counter: how many threads are inside a section right now, and the most there ever were.
//! Lessons use it to prove how much ran at once without timing anything.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the threads inside a section, and remembers the peak.
#[derive(Debug, Default)]
pub struct Live {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Live {
    /// A counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `work` counted as inside the section.
    pub fn inside<T>(&self, work: impl FnOnce() -> T) -> T {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        let value = work();
        self.now.fetch_sub(1, Ordering::SeqCst);
        value
    }

    /// How many are inside now.
    pub fn now(&self) -> usize {
        self.now.load(Ordering::SeqCst)
    }

    /// The most that were ever inside at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

/// Waits until `done` holds, looking every millisecond; panics after 5 s, saying `what` never
/// happened, so that a lesson fails instead of hanging.
pub fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} never happened"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}
