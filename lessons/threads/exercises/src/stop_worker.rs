//! The exercise "stop_worker": its contract, and the checks that grade it.
//!
//! The student edits `stop_worker.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/stop_worker.rs`. Both implement [`StoppableWorker`], so an edited
//! starter is graded by exactly the checks the reference passes. The checks' names, points and
//! time limits are declared in `exercises.toml`: items take milliseconds, so a worker that needs
//! a whole limit to stop never got the message.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use exercise_kit::grading::{Code, Runs};

#[path = "../stop_worker.rs"]
pub mod starter;

#[path = "../../solutions/stop_worker.rs"]
pub mod solution;

/// A background worker that can be asked to stop, as every version of the exercise offers it.
pub trait StoppableWorker: Sized {
    /// Starts a thread that calls `next_item` again and again and keeps every value it returns.
    fn start(next_item: impl FnMut() -> u64 + Send + 'static) -> Self;

    /// Asks the thread to stop before its next item, waits until it has ended, and returns
    /// every value it produced, in order. An item in progress is finished and kept.
    fn stop(self) -> Vec<u64>;
}

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Worker>(),
        Code::Solution => runs::<solution::Worker>(),
    }
}

/// The checks' functions for any worker, under the names `exercises.toml` declares.
pub fn runs<W: StoppableWorker>() -> Runs {
    exercise_kit::runs![
        stops_soon::<W>,
        keeps_every_item::<W>,
        finishes_the_item_in_progress::<W>
    ]
}

/// An endless source of items 0, 1, 2, ..., each taking `pause` (and item `slow`, if any,
/// taking `slow_pause` and announcing on `entered` that it started). `finished` counts the
/// items handed back, so the check can compare with what `stop` returns.
fn items(
    pause: Duration,
    slow: Option<(u64, Duration, mpsc::Sender<()>)>,
) -> (impl FnMut() -> u64 + Send + 'static, Arc<AtomicU64>) {
    let finished = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&finished);
    let mut next = 0;
    let source = move || {
        let item = next;
        next += 1;
        match &slow {
            Some((at, slow_pause, entered)) if *at == item => {
                let _ = entered.send(());
                thread::sleep(*slow_pause);
            }
            _ => thread::sleep(pause),
        }
        counter.fetch_add(1, Ordering::SeqCst);
        item
    };
    (source, finished)
}

fn wait_for(finished: &AtomicU64, at_least: u64) {
    while finished.load(Ordering::SeqCst) < at_least {
        thread::sleep(Duration::from_millis(1));
    }
}

/// Whether `kept` is exactly the items 0.. that the source handed back, once the worker is
/// surely gone (a worker still running after `stop` would hand back more).
fn all_kept(kept: &[u64], finished: &AtomicU64) -> Result<(), String> {
    thread::sleep(Duration::from_millis(50));
    let handed_back = finished.load(Ordering::SeqCst);
    let expected: Vec<u64> = (0..handed_back).collect();
    if kept == expected {
        return Ok(());
    }
    let shown = |items: &[u64]| match items.len() {
        0..=12 => format!("{items:?}"),
        n => format!("{:?} ... ({n} items)", &items[..12]),
    };
    Err(format!(
        "the worker produced the items {} but stop() returned {}",
        shown(&expected),
        shown(kept)
    ))
}

fn stops_soon<W: StoppableWorker>() -> Result<(), String> {
    let (source, finished) = items(Duration::from_millis(5), None);
    let worker = W::start(source);
    wait_for(&finished, 3);
    let asked = Instant::now();
    let kept = worker.stop();
    let took = asked.elapsed();
    if took > Duration::from_secs(1) {
        return Err(format!(
            "stop() took {took:?}, while each item takes 5 ms: it should wait for one item at most"
        ));
    }
    if kept.len() < 3 {
        return Err(format!(
            "the worker had produced at least 3 items, but stop() returned {kept:?}"
        ));
    }
    Ok(())
}

fn keeps_every_item<W: StoppableWorker>() -> Result<(), String> {
    let (source, finished) = items(Duration::from_millis(2), None);
    let worker = W::start(source);
    wait_for(&finished, 10);
    let kept = worker.stop();
    all_kept(&kept, &finished)
}

fn finishes_the_item_in_progress<W: StoppableWorker>() -> Result<(), String> {
    let (entered, slow_started) = mpsc::channel();
    let slow = (2, Duration::from_millis(300), entered);
    let (source, finished) = items(Duration::from_millis(2), Some(slow));
    let worker = W::start(source);
    // Item 2 has started, and takes 300 ms: stop() is called in the middle of it.
    slow_started
        .recv()
        .map_err(|_| "the worker never started item 2".to_owned())?;
    let kept = worker.stop();
    if kept.len() < 3 {
        return Err(format!(
            "stop() was called while item 2 was in progress and returned {kept:?}: it should \
             wait for that item and keep it"
        ));
    }
    all_kept(&kept, &finished)
}
