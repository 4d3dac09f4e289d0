//! Lesson: a channel's capacity decides how far a fast producer can run ahead of its consumer.
//!
//! The notes name `queue.Queue`: one side adds, the other takes. `crossbeam-channel` gives the three
//! kinds `queue.Queue(maxsize)` covers, with one more:
//!
//! - `bounded(2)`: `send` blocks while 2 items wait. A producer with no work of its own is held to
//!   the consumer's pace: back-pressure, drawn as a timeline.
//! - `unbounded()`: `send` never blocks; the producer finishes before the consumer takes anything,
//!   and the items pile up in memory (`queue.Queue()` with no maxsize).
//! - `bounded(0)`: no room at all; `send` waits for a receiver to take the item from its hand, a
//!   rendezvous (Python's `queue` has none).
//!
//! The consumer takes 8 items, 20 ms each (this lesson's scale).
//!
//! Run: `cargo run --example channel_capacity` (or `-- --svg channel_capacity.svg`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, unbounded};
use lesson_kit::cli::{self, Arg};
use lesson_kit::{Chart, Figure, Timeline, must_finish, seconds};

const USAGE: &str = "\
Channel capacity: bounded holds a fast producer back, unbounded lets it run ahead, zero is a rendezvous.

usage: cargo run --example channel_capacity -- [--svg PATH]

  --svg PATH  also draw the bounded channel's timeline as an SVG file
  -h, --help  show this text
";

const ITEMS: usize = 8;
const CAPACITY: usize = 2;
const WORK: Duration = Duration::from_millis(20);

// ANCHOR: bounded
/// A producer with nothing else to do sends `ITEMS` into a `bounded(CAPACITY)` channel; the
/// consumer works `WORK` on each. Returns the most items the producer was ever ahead of the
/// consumer, counted right after each send.
fn back_pressure(timeline: &Timeline) -> usize {
    let (sender, receiver) = bounded(CAPACITY);
    let taken = AtomicUsize::new(0);
    thread::scope(|scope| {
        let taken = &taken;
        thread::Builder::new()
            .name("consumer".into())
            .spawn_scoped(scope, move || {
                for item in receiver {
                    taken.fetch_add(1, Ordering::SeqCst);
                    timeline.record(format!("work {item}"), || thread::sleep(WORK));
                }
            })
            .unwrap();
        let producer = thread::Builder::new().name("producer".into());
        let producer = producer.spawn_scoped(scope, move || {
            let mut ahead = 0;
            for item in 0..ITEMS {
                // Blocks while CAPACITY items wait: the time spent here is the back-pressure.
                timeline.record(format!("send {item}"), || sender.send(item).unwrap());
                ahead = ahead.max(item + 1 - taken.load(Ordering::SeqCst));
            }
            ahead
            // The sender is dropped here, which closes the channel: the consumer's loop ends.
        });
        producer.unwrap().join().unwrap()
    })
}
// ANCHOR_END: bounded

// ANCHOR: unbounded
/// The same producer with an unbounded channel, and a consumer that only starts once the
/// producer is done: every send returned at once. Returns how many items were waiting.
fn run_ahead() -> usize {
    let (sender, receiver) = unbounded();
    for item in 0..ITEMS {
        sender.send(item).unwrap(); // never blocks
    }
    let waiting = receiver.len();
    drop(sender);
    assert_eq!(receiver.iter().count(), ITEMS);
    waiting
}
// ANCHOR_END: unbounded

// ANCHOR: rendezvous
/// `bounded(0)`: the send returns only once the receiver, which comes `late` later, has taken
/// the item. Returns how long the send took and whether it ended after the receive began.
fn rendezvous(late: Duration) -> (Duration, bool) {
    let (sender, receiver) = bounded::<&str>(0);
    thread::scope(|scope| {
        let receiving = scope.spawn(move || {
            thread::sleep(late);
            let began = Instant::now();
            assert_eq!(receiver.recv().unwrap(), "hand-over");
            began
        });
        let started = Instant::now();
        sender.send("hand-over").unwrap();
        let ended = Instant::now();
        let began = receiving.join().unwrap();
        (ended - started, ended >= began)
    })
}
// ANCHOR_END: rendezvous

fn main() {
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    println!(
        "1. bounded({CAPACITY}): a producer with no work sends {ITEMS} items to a consumer that works {WORK:?} on each."
    );
    let (ahead, run) = must_finish(Duration::from_secs(10), "the bounded channel", || {
        let timeline = Timeline::new();
        let ahead = back_pressure(&timeline);
        (ahead, timeline.finish(format!("bounded({CAPACITY})")))
    });
    let producer_done = run
        .spans
        .iter()
        .filter(|s| s.lane == "producer")
        .map(|s| s.end)
        .max()
        .unwrap();
    Chart::new(format!(
        "a fast producer and a {WORK:?} consumer, bounded({CAPACITY})"
    ))
    .run(run.clone())
    .show("channel_capacity", svg.as_deref());

    println!("\n2. unbounded(): the same sends, the consumer starting after the last.");
    let waiting = run_ahead();
    println!("   {waiting} items were waiting in the channel when the producer finished");

    let late = Duration::from_millis(50);
    println!("\n3. bounded(0): the receiver comes {late:?} late.");
    let (send_took, after_receive) =
        must_finish(Duration::from_secs(10), "the rendezvous", move || {
            rendezvous(late)
        });
    println!(
        "   send took {}; it ended after the receive began: {after_receive}",
        seconds(send_took)
    );

    Figure::new(format!(
        "most items the producer was ahead: bounded({CAPACITY}) / unbounded"
    ))
    .notes("no figure: Queue(maxsize).put() blocks while the queue is full")
    .this_run(format!("{ahead} / {waiting}"))
    .ideal(format!("at most {} / {ITEMS}", CAPACITY + 1))
    .print();
    Figure::new(format!(
        "when the bounded producer finished its {ITEMS} sends"
    ))
    .notes("no figure")
    .this_run(seconds(producer_done))
    .ideal(format!(
        "{} (the consumer's pace: {} items of {WORK:?} before the last send)",
        seconds(WORK * (ITEMS - CAPACITY - 1) as u32),
        ITEMS - CAPACITY - 1
    ))
    .print();

    assert!(
        ahead <= CAPACITY + 1,
        "expected the producer never more than {CAPACITY} + 1 items ahead, it was {ahead} ahead"
    );
    assert!(
        producer_done >= WORK * (ITEMS - CAPACITY - 1) as u32,
        "expected the producer held back to the consumer's pace, it finished at {producer_done:?}"
    );
    assert_eq!(
        waiting, ITEMS,
        "expected all {ITEMS} items waiting in the unbounded channel"
    );
    assert!(
        send_took >= late && after_receive,
        "expected the zero-capacity send to wait for the receiver: took {send_took:?}"
    );
    println!(
        "\nAs expected: bounded held the producer back, unbounded let it run ahead, zero handed over."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_channel_keeps_the_producer_within_its_capacity_of_the_consumer() {
        let timeline = Timeline::new();
        let ahead = must_finish(Duration::from_secs(10), "the channel", move || {
            back_pressure(&timeline)
        });
        assert!(ahead <= CAPACITY + 1, "{ahead}");
        assert!(ahead >= 1);
    }

    #[test]
    fn the_producer_ends_no_sooner_than_the_consumer_allows() {
        let run = must_finish(Duration::from_secs(10), "the channel", || {
            let timeline = Timeline::new();
            back_pressure(&timeline);
            timeline.finish("bounded")
        });
        let works: Vec<_> = run
            .spans
            .iter()
            .filter(|s| s.label.starts_with("work"))
            .collect();
        let last_send = run
            .spans
            .iter()
            .find(|s| s.label == format!("send {}", ITEMS - 1))
            .unwrap();
        // The last send could only finish once the consumer had started item ITEMS - CAPACITY - 1.
        assert!(last_send.end >= works[ITEMS - CAPACITY - 2].end, "{run:?}");
        assert_eq!(works.len(), ITEMS);
    }

    #[test]
    fn an_unbounded_channel_never_blocks_the_producer() {
        assert_eq!(run_ahead(), ITEMS);
    }

    #[test]
    fn a_zero_capacity_send_waits_for_the_receiver() {
        let late = Duration::from_millis(30);
        let (took, after) = must_finish(Duration::from_secs(10), "the rendezvous", move || {
            rendezvous(late)
        });
        assert!(took >= late && after, "{took:?}");
    }
}
