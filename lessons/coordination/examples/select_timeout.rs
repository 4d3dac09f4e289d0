//! Lesson: `select!` waits on several channels at once, and a timeout ends a wait that nothing ends.
//!
//! A consumer with two queues (the notes' `queue.Queue`, twice) cannot block on one `get()`: the
//! other could fill up meanwhile. Python has no select over queues; `crossbeam_channel::select!`
//! waits on several operations and runs the arm of whichever is ready first, and its `default(d)`
//! arm runs when none is ready within `d`. A closed channel makes its `recv` arm ready with an
//! error, so the consumer also learns when each producer is done. Here a "results" producer sends
//! 5 items, a "logs" producer 3, then both stop; the consumer gives up after 50 ms of silence
//! (this lesson's scale).
//!
//! Run: `cargo run --example select_timeout` (try `-- --silence-ms 200`).

use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, never, select, unbounded};
use lesson_kit::cli;
use lesson_kit::{Figure, must_finish, seconds};

const USAGE: &str = "\
select! over two channels with a timeout: take from whichever is ready, give up after a silence.

usage: cargo run --example select_timeout -- [--silence-ms MS]

  --silence-ms MS  how long the consumer waits with nothing ready (default 50, from 10 to 5000)
  -h, --help       show this text
";

const RESULTS: u32 = 5;
const LOGS: u32 = 3;

/// What the consumer saw.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    results: Vec<u32>,
    logs: Vec<u32>,
    /// Whether each channel was seen to close.
    closed: (bool, bool),
    /// How long the final silence lasted before the timeout arm ran.
    silence: Duration,
}

// ANCHOR: select
fn consume(results: Receiver<u32>, logs: Receiver<u32>, silence: Duration) -> Seen {
    let (mut results, mut logs) = (Some(results), Some(logs));
    let mut seen = Seen {
        results: vec![],
        logs: vec![],
        closed: (false, false),
        silence: Duration::ZERO,
    };
    let never_ready = never();
    loop {
        let waiting = Instant::now();
        select! {
            // A closed channel is replaced by `never()`, which is never ready again.
            recv(results.as_ref().unwrap_or(&never_ready)) -> item => match item {
                Ok(item) => seen.results.push(item),
                Err(_) => { results = None; seen.closed.0 = true; }
            },
            recv(logs.as_ref().unwrap_or(&never_ready)) -> item => match item {
                Ok(item) => seen.logs.push(item),
                Err(_) => { logs = None; seen.closed.1 = true; }
            },
            default(silence) => {
                seen.silence = waiting.elapsed();
                return seen;
            }
        }
    }
}
// ANCHOR_END: select

fn run(silence: Duration) -> Seen {
    let (result_sender, results) = unbounded();
    let (log_sender, logs) = unbounded();
    // The producers finish (and drop their senders) before the consumer starts: every item and
    // both closings are ready at once, so the timeout can only end the final silence.
    thread::scope(|scope| {
        scope.spawn(move || (0..RESULTS).for_each(|n| result_sender.send(n).unwrap()));
        scope.spawn(move || (0..LOGS).for_each(|n| log_sender.send(100 + n).unwrap()));
    });
    consume(results, logs, silence)
}

fn main() {
    let silence = Duration::from_millis(cli::only_number(USAGE, "silence-ms", 50, 10..=5000));
    println!("A consumer selects over 'results' ({RESULTS} items) and 'logs' ({LOGS} items),");
    println!("and gives up after {silence:?} with nothing ready.\n");
    let seen = must_finish(Duration::from_secs(20), "the select loop", move || {
        run(silence)
    });
    println!("  results: {:?}\n  logs:    {:?}", seen.results, seen.logs);
    println!(
        "  closed: results {}, logs {}; the last wait lasted {}",
        seen.closed.0,
        seen.closed.1,
        seconds(seen.silence)
    );

    Figure::new("items received (results + logs) / channels seen closed / the timeout's wait")
        .notes("no figure: queue.get(timeout=...) waits on one queue only")
        .this_run(format!(
            "{} + {} / {} / {}",
            seen.results.len(),
            seen.logs.len(),
            u8::from(seen.closed.0) + u8::from(seen.closed.1),
            seconds(seen.silence)
        ))
        .ideal(format!(
            "{RESULTS} + {LOGS} / 2 / at least {}",
            seconds(silence)
        ))
        .print();

    assert_eq!(
        (seen.results.clone(), seen.logs.clone(), seen.closed),
        (
            (0..RESULTS).collect(),
            (100..100 + LOGS).collect(),
            (true, true)
        ),
        "expected every item of both channels, in order, and both seen closed"
    );
    assert!(
        seen.silence >= silence,
        "expected the timeout after {silence:?}, got {:?}",
        seen.silence
    );
    println!(
        "\nAs expected: both channels drained in order, both closings seen, then the timeout."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_takes_everything_from_both_channels_then_times_out() {
        for _ in 0..10 {
            let silence = Duration::from_millis(20);
            let seen = must_finish(Duration::from_secs(20), "the select loop", move || {
                run(silence)
            });
            assert_eq!(seen.results, (0..RESULTS).collect::<Vec<_>>());
            assert_eq!(seen.logs, (100..100 + LOGS).collect::<Vec<_>>());
            assert_eq!(seen.closed, (true, true));
            assert!(seen.silence >= silence);
        }
    }

    #[test]
    fn a_silent_open_channel_ends_in_the_timeout_and_not_in_a_closing() {
        let (_results_sender, results) = unbounded::<u32>();
        let (_logs_sender, logs) = unbounded::<u32>();
        let silence = Duration::from_millis(20);
        let seen = consume(results, logs, silence);
        assert_eq!(seen.closed, (false, false));
        assert!(seen.results.is_empty() && seen.logs.is_empty());
        assert!(seen.silence >= silence);
    }
}
