//! The exercise "stop_worker": its contract, and the checks that grade it.
//!
//! The student edits `stop_worker.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/stop_worker.rs`. Both implement [`StoppableWorker`], so an edited
//! starter is graded by exactly the checks the reference passes. The checks' names, points and
//! time limits are declared in `exercises.toml`: items take milliseconds, so a worker that needs
//! a whole limit to stop never got the message.
//!
//! The grader supplies the work, `next_item` (module `source`), and judges what really happened:
//! on which thread each item was made, which values were made, whether an item was still in
//! progress or the worker still running when `stop` returned, and how many items were started
//! after the request.

mod source;

use std::time::{Duration, Instant};

use exercise_kit::grading::{Code, Runs};

use source::{Held, Log};

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

/// How long `stop` may take in "stops_soon", where the item in progress ends 50 ms after
/// `stop` is called: the rest is room for a busy machine. In "finishes_the_item_in_progress"
/// the item in progress ends this long after `stop` is called, so a `stop` that sleeps instead
/// of waiting for the thread fails one of the two checks, however long it sleeps.
pub const SOON: Duration = Duration::from_millis(800);

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

/// What a `stop` that passed [`stop_and_judge`] did.
struct Stopped {
    /// How long `stop` took.
    took: Duration,
    /// How many items were started after the held item, which was in progress when `stop` was
    /// called.
    started_after: u64,
}

/// Calls `stop` and judges what happened, as every check does: every item made on a thread of
/// its own, no item in progress and the worker ended when `stop` returned, and every value the
/// worker made returned, in order.
fn stop_and_judge<W: StoppableWorker>(worker: W, log: &Log) -> Result<Stopped, String> {
    let called = Instant::now();
    log.stop_called();
    let kept = worker.stop();
    let took = called.elapsed();
    let seen = log.stop_returned();
    if seen.on_the_callers_thread {
        return Err(on_the_callers_thread());
    }
    if seen.started > seen.made.len() as u64 {
        return Err(format!(
            "stop() returned while item {} was still in progress: it must wait for the worker \
             thread to finish that item and end (join), and keep the item",
            seen.made.len()
        ));
    }
    if !seen.source_dropped {
        return Err(
            "stop() returned while the worker thread was still running (it still held \
                    next_item): it must wait for the thread to end (join)"
                .to_owned(),
        );
    }
    if kept != seen.made {
        return Err(format!(
            "the worker made the items {} but stop() returned {}",
            shown(&seen.made),
            shown(&kept)
        ));
    }
    let started_after = match log.held() {
        Some(held) => seen.started - (held + 1),
        None => 0,
    };
    Ok(Stopped {
        took,
        started_after,
    })
}

fn on_the_callers_thread() -> String {
    "next_item was called on the thread that called start(): start() must hand the work to a \
     thread of its own and return at once"
        .to_owned()
}

/// At most 12 items, and how many there were.
fn shown(items: &[u64]) -> String {
    match items.len() {
        0..=12 => format!("{items:?}"),
        n => format!("{:?} ... ({n} items)", &items[..12]),
    }
}

/// Waits until the worker has started `count` items, or says that it stopped making them by
/// itself (or made them on the caller's thread) before it was asked to.
fn wait_until_started(log: &Log, count: u64) -> Result<(), String> {
    let patience = Duration::from_secs(1);
    let seen = log.wait_until_started(count, patience);
    if seen.on_the_callers_thread {
        return Err(on_the_callers_thread());
    }
    if seen.started < count {
        let made = match seen.made.len() {
            1 => "1 item".to_owned(),
            made => format!("{made} items"),
        };
        return Err(format!(
            "the worker made {made}, then none for {patience:?}, before stop() was called: it \
             must keep making items until it is asked to stop"
        ));
    }
    Ok(())
}

fn stops_soon<W: StoppableWorker>() -> Result<(), String> {
    // Item 4 is in progress when stop() is called, and lasts 50 ms more, then item 5 lasts
    // AFTER_HELD: a worker that looks for the request before each item starts item 5 only if
    // stop() was stalled that long before making its request, and never item 6.
    let held = Held {
        item: 4,
        after_stop: Duration::from_millis(50),
    };
    let log = Log::new(0x5eed_0001, Duration::from_millis(10), Some(held));
    let worker = W::start(log.source());
    wait_until_started(&log, held.item + 1)?;
    let stopped = stop_and_judge(worker, &log)?;
    if stopped.started_after > 1 {
        return Err(format!(
            "{} items were started after stop() was called, while item {} was in progress: \
             the worker must look for the request before each item",
            stopped.started_after, held.item
        ));
    }
    if stopped.took > SOON {
        return Err(format!(
            "stop() took {:?}, while the item in progress ended {:?} after it was called: it \
             should return right after that item, within {SOON:?}",
            stopped.took, held.after_stop
        ));
    }
    Ok(())
}

fn keeps_every_item<W: StoppableWorker>() -> Result<(), String> {
    let log = Log::new(0x5eed_0002, Duration::from_millis(1), None);
    let worker = W::start(log.source());
    wait_until_started(&log, 20)?;
    stop_and_judge(worker, &log).map(|_| ())
}

fn finishes_the_item_in_progress<W: StoppableWorker>() -> Result<(), String> {
    // Item 2 is in progress when stop() is called, and lasts until SOON after that.
    let held = Held {
        item: 2,
        after_stop: SOON,
    };
    let log = Log::new(0x5eed_0003, Duration::from_millis(2), Some(held));
    let worker = W::start(log.source());
    wait_until_started(&log, held.item + 1)?;
    let stopped = stop_and_judge(worker, &log)?;
    if stopped.started_after > 1 {
        return Err(format!(
            "{} items were started after item {} that was in progress when stop() was called: \
             the worker must look for the request before each item",
            stopped.started_after, held.item
        ));
    }
    Ok(())
}
