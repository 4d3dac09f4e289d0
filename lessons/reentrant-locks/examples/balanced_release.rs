//! Lesson: a reentrant lock is free only when its owner has dropped its last guard.
//!
//! The notes: as many `release()` calls as `acquire()` calls. In Rust each `lock()` gives a
//! guard, and the lock counts them: the owner here takes three, nested, and drops them one by
//! one, innermost first. Another thread tries the lock all along. The owner drops a guard only
//! after the other has been refused again since the last drop, so the other surely tried at every
//! depth; it gets the lock after the last drop, and not before. The order is what is asserted, not
//! a time; each guard is kept a few milliseconds so that the timeline can be read.
//!
//! Run: `cargo run --example balanced_release` (try `-- --depth 5`, or `-- --svg PATH`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Chart, Figure, Timeline};
use parking_lot::ReentrantMutex;

const USAGE: &str = "\
A reentrant lock is free only after its owner's last guard is dropped.

usage: cargo run --example balanced_release -- [--depth N] [--svg PATH]

  --depth N   how many nested guards the owner takes (default 3, from 1 to 20)
  --svg PATH  also draw the timeline as an SVG file
  -h, --help  show this text
";

/// How long the owner waits for the other thread to try again: far more than it needs.
const LIMIT: Duration = Duration::from_secs(10);

/// What the other thread saw.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    /// How many of the owner's guards had been dropped when the other thread got the lock.
    dropped_when_it_got_in: usize,
    /// How many times the other thread was refused while `depth - i` guards were alive, for
    /// each `i`.
    refused_at_each_depth: Vec<usize>,
}

// ANCHOR: balance
fn release_one_by_one(depth: usize, keep: Duration, timeline: &Timeline) -> Outcome {
    let lock = ReentrantMutex::new(());
    let (refused, dropped) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let owner_ready = std::sync::Barrier::new(2);
    thread::scope(|scope| {
        let other = thread::Builder::new().name("other thread".into());
        let other = other
            .spawn_scoped(scope, || {
                owner_ready.wait();
                let trying = timeline.begin("other thread", "refused");
                let guard = loop {
                    match lock.try_lock() {
                        Some(guard) => break guard,
                        None => refused.fetch_add(1, Ordering::SeqCst),
                    };
                    thread::yield_now();
                };
                let got_in = dropped.load(Ordering::SeqCst);
                drop(trying);
                timeline.record("holds", || drop(guard));
                got_in
            })
            .unwrap();
        let mut guards = Vec::new();
        let mut refused_at_each_depth = Vec::new();
        for level in 1..=depth {
            guards.push((
                lock.lock(),
                timeline.begin(format!("owner guard {level}"), "held"),
            ));
        }
        owner_ready.wait();
        while let Some((guard, held)) = guards.pop() {
            let before = refused.load(Ordering::SeqCst);
            thread::sleep(keep);
            wait_until(|| refused.load(Ordering::SeqCst) > before);
            refused_at_each_depth.push(refused.load(Ordering::SeqCst) - before);
            dropped.fetch_add(1, Ordering::SeqCst); // counted before the drop: never late
            drop(guard);
            drop(held);
        }
        let got_in = other.join().expect("the other thread panicked");
        Outcome {
            dropped_when_it_got_in: got_in,
            refused_at_each_depth,
        }
    })
}
// ANCHOR_END: balance

/// Waits, politely, until `done` says yes; panics after [`LIMIT`] instead of hanging.
fn wait_until(done: impl Fn() -> bool) {
    let deadline = Instant::now() + LIMIT;
    while !done() {
        assert!(Instant::now() < deadline, "the other thread stopped trying");
        thread::yield_now();
    }
}

fn main() {
    let mut depth = 3;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("depth") => depth = cli::number(parser, "--depth", 1..=20)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    println!("The owner takes {depth} nested guards, then drops them one by one, innermost");
    println!("first, each after the other thread was refused again; each is kept 5 ms.\n");
    let timeline = Timeline::new();
    let outcome = release_one_by_one(depth, Duration::from_millis(5), &timeline);
    for (i, refused) in outcome.refused_at_each_depth.iter().enumerate() {
        println!(
            "   {} guard(s) alive: the other thread was refused {refused} time(s)",
            depth - i
        );
    }
    println!(
        "   the other thread got in after {} of {depth} guards were dropped",
        outcome.dropped_when_it_got_in
    );
    Chart::new(format!(
        "{depth} nested guards, dropped one by one; the other thread tries all along"
    ))
    .run(timeline.finish("reentrant lock"))
    .show("balanced_release", svg.as_deref());

    Figure::new("guards dropped when another thread gets the lock")
        .notes("as many release() as acquire() calls")
        .this_run(format!("{} of {depth}", outcome.dropped_when_it_got_in))
        .ideal(format!("{depth} of {depth}: the last one, never before"))
        .print();

    assert!(
        outcome.dropped_when_it_got_in == depth
            && outcome
                .refused_at_each_depth
                .iter()
                .all(|&refused| refused > 0),
        "expected the other thread to be refused at every depth and to get in after all {depth} \
         guards were dropped: {outcome:?}"
    );
    println!("\nAs expected: the lock was free only when the owner's last guard was dropped.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_thread_gets_in_only_after_the_last_guard_at_every_depth() {
        for depth in 1..=6 {
            for _ in 0..5 {
                let outcome = release_one_by_one(depth, Duration::ZERO, &Timeline::new());
                assert_eq!(outcome.dropped_when_it_got_in, depth, "{outcome:?}");
                assert_eq!(outcome.refused_at_each_depth.len(), depth);
                assert!(
                    outcome.refused_at_each_depth.iter().all(|&n| n > 0),
                    "{outcome:?}"
                );
            }
        }
    }

    #[test]
    fn the_timeline_shows_the_other_thread_holding_only_after_the_outermost_guard() {
        let timeline = Timeline::new();
        release_one_by_one(3, Duration::from_millis(1), &timeline);
        let run = timeline.finish("reentrant lock");
        let span = |lane: &str| {
            run.spans
                .iter()
                .find(|span| span.lane == lane)
                .unwrap()
                .clone()
        };
        let (outer, inner) = (span("owner guard 1"), span("owner guard 3"));
        let holds = run.spans.iter().find(|span| span.label == "holds").unwrap();
        assert!(
            inner.end <= outer.end && outer.end <= holds.start,
            "{run:?}"
        );
    }
}
