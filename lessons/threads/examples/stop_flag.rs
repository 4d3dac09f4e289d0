//! Lesson: a thread cannot be killed from outside; it stops when it decides to, so you ask it.
//!
//! The notes' session 12 is about stopping a background thread. Neither Python nor Rust lets one
//! thread kill another: a thread killed halfway could leave a lock held or data half-written.
//! The worker has to check, now and then, whether it was asked to stop, and return. Two ways:
//!
//! 1. A shared `AtomicBool` flag, checked between items of work (10 ms each here). The worker
//!    stops at most one item after the request, and returns everything it did through `join`.
//! 2. A channel, for a worker that mostly waits (a round every 10 s here): it waits on the
//!    channel (`recv_timeout`) instead of sleeping, so the stop message wakes it at once.
//!
//! Run: `cargo run --example stop_flag`

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::cli;
use lesson_kit::{Figure, must_finish};

const USAGE: &str = "\
Stopping a thread cooperatively: with an AtomicBool flag, and with a channel.

usage: cargo run --example stop_flag

  -h, --help  show this text
";

/// One item of the flag worker's work.
const ITEM: Duration = Duration::from_millis(10);

/// How often the periodic worker does its round; far longer than the lesson runs.
const PERIOD: Duration = Duration::from_secs(10);

/// Only a worker that ignores its stop request could make us wait this long.
const LIMIT: Duration = Duration::from_secs(20);

// ANCHOR: flag_worker
/// Works item after item until `stop` is set; checks it before every item. Returns every item
/// it finished, and keeps a count others can watch.
fn flag_worker(stop: &AtomicBool, done: &AtomicU64) -> Vec<u64> {
    let mut items = Vec::new();
    while !stop.load(Ordering::SeqCst) {
        thread::sleep(ITEM); // one item of work
        items.push(items.len() as u64);
        done.fetch_add(1, Ordering::SeqCst);
    }
    items
}
// ANCHOR_END: flag_worker

// ANCHOR: channel_worker
/// Does a round of work every `PERIOD`, and between rounds waits on the channel rather than
/// sleeping: a stop message, or the sender being dropped, ends the wait at once.
fn channel_worker(stop: mpsc::Receiver<()>, rounds: mpsc::Sender<u32>) -> u32 {
    let mut round = 0;
    loop {
        round += 1;
        let _ = rounds.send(round); // one round of work
        match stop.recv_timeout(PERIOD) {
            Err(RecvTimeoutError::Timeout) => continue,
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return round,
        }
    }
}
// ANCHOR_END: channel_worker

#[derive(Debug)]
struct FlagOutcome {
    items: Vec<u64>,
    done_when_asked: u64,
    stop_took: Duration,
}

// ANCHOR: stop_with_flag
fn run_flag_worker(items_before_stop: u64) -> FlagOutcome {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let worker = {
        let (stop, done) = (Arc::clone(&stop), Arc::clone(&done));
        thread::spawn(move || flag_worker(&stop, &done))
    };
    while done.load(Ordering::SeqCst) < items_before_stop {
        thread::sleep(Duration::from_millis(1));
    }
    let asked = Instant::now();
    stop.store(true, Ordering::SeqCst);
    let done_when_asked = done.load(Ordering::SeqCst);
    let items = worker.join().expect("the worker panicked");
    FlagOutcome {
        items,
        done_when_asked,
        stop_took: asked.elapsed(),
    }
}
// ANCHOR_END: stop_with_flag

/// Starts the periodic worker, waits for its first round, asks it to stop with `ask` (which
/// sends the stop message, or drops the sender); returns its rounds and how long it took to stop.
fn run_channel_worker(ask: impl FnOnce(mpsc::Sender<()>)) -> (u32, Duration) {
    let (stop, stop_received) = mpsc::channel();
    let (round_done, rounds) = mpsc::channel();
    let worker = thread::spawn(move || channel_worker(stop_received, round_done));
    rounds.recv().expect("the worker did no round");
    let asked = Instant::now();
    ask(stop);
    let rounds_done = worker.join().expect("the worker panicked");
    (rounds_done, asked.elapsed())
}

fn main() {
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));

    println!(
        "1. A worker doing items of {ITEM:?}, asked to stop through an AtomicBool after 5 items:"
    );
    let flag = must_finish(LIMIT, "the flag worker", || run_flag_worker(5));
    println!(
        "   {} items were done when main asked; the worker returned {} items, {:?} later.",
        flag.done_when_asked,
        flag.items.len(),
        flag.stop_took
    );

    println!("\n2. A worker with a round every {PERIOD:?}, asked to stop through a channel:");
    let (rounds, channel_took) = must_finish(LIMIT, "the channel worker", || {
        run_channel_worker(|stop| stop.send(()).expect("the worker is gone"))
    });
    println!("   it stopped after {rounds} round(s), {channel_took:?} after it was asked.");

    Figure::new("time from the stop request to the joined thread")
        .notes("(the notes show no code or figure; Python threads cannot be killed either)")
        .this_run(format!(
            "flag: {:?} (items of {ITEM:?}); channel: {channel_took:?} (period {PERIOD:?})",
            flag.stop_took
        ))
        .ideal(format!(
            "flag: at most one item, {ITEM:?}; channel: at once, whatever the period"
        ))
        .print();

    assert_eq!(
        flag.items,
        (0..flag.items.len() as u64).collect::<Vec<_>>(),
        "expected the worker to keep every item it finished, in order"
    );
    assert!(
        flag.done_when_asked >= 5 && flag.items.len() as u64 <= flag.done_when_asked + 1,
        "expected the worker to finish at most the item in progress after the request, got {flag:?}"
    );
    assert!(
        channel_took < PERIOD,
        "expected the channel to wake the worker before its {PERIOD:?} period, took {channel_took:?}"
    );
    println!("\nAs expected: both workers stopped when asked, and the flag worker kept its work.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_worker_stops_within_one_item_and_keeps_its_work() {
        for before in [0, 1, 3] {
            let outcome = must_finish(LIMIT, "the flag worker", move || run_flag_worker(before));
            let n = outcome.items.len() as u64;
            assert_eq!(outcome.items, (0..n).collect::<Vec<_>>());
            assert!(n >= before, "{outcome:?}");
            assert!(n <= outcome.done_when_asked + 1, "{outcome:?}");
        }
    }

    #[test]
    fn a_stop_message_or_a_dropped_sender_stops_the_channel_worker_long_before_its_period() {
        let asks: [fn(mpsc::Sender<()>); 2] = [|stop| stop.send(()).unwrap(), drop];
        for ask in asks {
            let (rounds, took) = must_finish(LIMIT, "the worker", move || run_channel_worker(ask));
            assert_eq!(rounds, 1);
            assert!(took < PERIOD, "{took:?}");
        }
    }
}
