//! The notes' comparison, in this process: run the same job N times one after another on the
//! main thread, then on N threads at once. (The third way, N processes, is in [`processes`].)
//! Each job prints who ran it, like the notes do, and is recorded on the run's timeline.
//!
//! [`processes`]: crate::processes

use std::thread;

use lesson_kit::Timeline;
use lesson_kit::timeline::Run;

use crate::work::who_line;

// ANCHOR: serial
/// Runs `job` `workers` times, one after another, on the calling thread (lane `main`).
pub fn serial<T>(workers: usize, label: &str, timeline: &Timeline, job: impl Fn() -> T) -> Vec<T> {
    (0..workers)
        .map(|_| {
            println!("   {}", who_line("main"));
            // Lane `main` by name: in a test, the calling thread is named after the test.
            let _span = timeline.begin("main", label);
            job()
        })
        .collect()
}
// ANCHOR_END: serial

// ANCHOR: threads
/// Runs `job` on `workers` threads named `thread-0`, `thread-1`, ..., all started before any is
/// joined, like the notes' list of threads. Scoped threads may borrow `job` and `timeline`.
pub fn threads<T: Send>(
    workers: usize,
    label: &str,
    timeline: &Timeline,
    job: impl Fn() -> T + Sync,
) -> Vec<T> {
    let job = &job;
    thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|i| {
                thread::Builder::new()
                    .name(format!("thread-{i}"))
                    .spawn_scoped(scope, move || {
                        println!("   {}", who_line("main"));
                        timeline.record(label, job)
                    })
                    .expect("the OS refused to start a thread")
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a worker thread panicked"))
            .collect()
    })
}
// ANCHOR_END: threads

/// The spans of `run` labelled `label`: the jobs alone, without the processes' `start` spans.
pub fn only(run: &Run, label: &str) -> Run {
    Run {
        title: run.title.clone(),
        spans: run
            .spans
            .iter()
            .filter(|span| span.label == label)
            .cloned()
            .collect(),
    }
}

pub use lesson_kit::timeline::{Measured, measure};
