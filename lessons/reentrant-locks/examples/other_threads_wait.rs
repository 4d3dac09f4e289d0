//! Lesson (a myth): "with an RLock any number of threads can acquire it". Only its owner can.
//!
//! The notes say that where a `Lock` lets one thread acquire it, an `RLock` lets any number do
//! so. Reentrance is about one thread only: the thread that holds the lock may take it again;
//! every other thread waits, exactly as with a plain mutex. Here the owner holds the lock (and
//! re-enters it, to show it may) while other threads try with a time limit: every one is refused.
//! Then the owner lets go and they all get in, one at a time: a counter of threads inside never
//! goes above 1.
//!
//! Run: `cargo run --example other_threads_wait` (try `-- --threads 8`, or `-- --svg PATH`).

use std::path::PathBuf;
use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Chart, Figure, Timeline};
use parking_lot::ReentrantMutex;

const USAGE: &str = "\
Only the owner of a reentrant lock re-enters it; every other thread waits.

usage: cargo run --example other_threads_wait -- [--threads N] [--svg PATH]

  --threads N  how many other threads try the lock (default 4, from 1 to 64)
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
";

/// How long each other thread tries while the owner holds the lock.
const PATIENCE: Duration = Duration::from_millis(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Outcome {
    /// How many times the owner locked the lock it held.
    owner_reentered: usize,
    /// Other threads that got the lock while the owner held it.
    got_in_while_held: usize,
    /// Other threads that got it after the owner let go.
    got_in_after: usize,
    /// The most threads ever inside at once.
    most_inside: usize,
}

// ANCHOR: others_try
fn others_try_while_the_owner_holds(others: usize, timeline: &Timeline) -> Outcome {
    let lock = ReentrantMutex::new(());
    let (inside, most_inside) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let (tried, owner_let_go) = (Barrier::new(others + 1), Barrier::new(others + 1));
    let (held_by_owner, got_in_while_held) = (lock.lock(), AtomicUsize::new(0));
    let again: Vec<_> = (0..2).map(|_| lock.lock()).collect(); // the owner re-enters: fine
    let owner_reentered = again.len();
    thread::scope(|scope| {
        for number in 1..=others {
            let name = format!("thread {number}");
            let (lock, inside, most_inside) = (&lock, &inside, &most_inside);
            let (tried, owner_let_go, got_in_while_held) =
                (&tried, &owner_let_go, &got_in_while_held);
            thread::Builder::new()
                .name(name)
                .spawn_scoped(scope, move || {
                    let attempt = timeline.record("refused", || lock.try_lock_for(PATIENCE));
                    got_in_while_held.fetch_add(usize::from(attempt.is_some()), Ordering::SeqCst);
                    drop(attempt);
                    tried.wait();
                    owner_let_go.wait();
                    let _guard = lock.lock();
                    timeline.record("holds", || {
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        most_inside.fetch_max(now, Ordering::SeqCst);
                        thread::sleep(Duration::from_millis(2)); // time for another to barge in
                        inside.fetch_sub(1, Ordering::SeqCst);
                    });
                })
                .unwrap();
        }
        tried.wait(); // every other thread has tried, and given up
        drop(again);
        drop(held_by_owner);
        owner_let_go.wait();
    });
    Outcome {
        owner_reentered,
        got_in_while_held: got_in_while_held.into_inner(),
        got_in_after: timeline
            .finish("")
            .spans
            .iter()
            .filter(|s| s.label == "holds")
            .count(),
        most_inside: most_inside.into_inner(),
    }
}
// ANCHOR_END: others_try

fn main() {
    let mut others = 4;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("threads") => others = cli::number(parser, "--threads", 1..=64)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    println!("The owner holds a reentrant lock and locks it twice more; {others} other threads");
    println!("try it for {PATIENCE:?} each. Then the owner lets go and they take it in turn.\n");
    let timeline = Timeline::new();
    let outcome = others_try_while_the_owner_holds(others, &timeline);
    println!("   the owner re-entered {} times", outcome.owner_reentered);
    println!(
        "   {} of {others} other threads got in while the owner held it",
        outcome.got_in_while_held
    );
    println!(
        "   {} of {others} got in after the owner let go; at most {} inside at once",
        outcome.got_in_after, outcome.most_inside
    );
    Chart::new(format!(
        "{others} threads try a reentrant lock its owner holds, then take it"
    ))
    .run(timeline.finish("reentrant lock"))
    .show("other_threads_wait", svg.as_deref());

    Figure::new("threads inside a reentrant lock at once")
        .notes("any number of threads can acquire an RLock")
        .this_run(format!(
            "{} of {others} others while the owner held it; afterwards at most {}",
            outcome.got_in_while_held, outcome.most_inside
        ))
        .ideal("1: the owner (as deep as it likes), or one other thread at a time")
        .print();

    assert_eq!(
        outcome,
        Outcome {
            owner_reentered: 2,
            got_in_while_held: 0,
            got_in_after: others,
            most_inside: 1
        },
        "expected the owner alone to re-enter, and the others to get in one at a time after it"
    );
    println!("\nAs expected: only the owner re-entered; every other thread waited its turn.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_other_thread_ever_gets_in_while_the_owner_holds_and_they_go_one_at_a_time() {
        for others in [1, 3, 8] {
            let outcome = others_try_while_the_owner_holds(others, &Timeline::new());
            assert_eq!(outcome.got_in_while_held, 0, "{outcome:?}");
            assert_eq!(
                (outcome.got_in_after, outcome.most_inside),
                (others, 1),
                "{outcome:?}"
            );
        }
    }

    #[test]
    fn the_refused_attempts_overlap_each_other_and_the_turns_never_do() {
        let timeline = Timeline::new();
        others_try_while_the_owner_holds(4, &timeline);
        let run = timeline.finish("");
        let only = |label: &str| lesson_kit::timeline::Run {
            title: label.into(),
            spans: run
                .spans
                .iter()
                .filter(|s| s.label == label)
                .cloned()
                .collect(),
        };
        assert!(only("refused").spans.iter().all(|s| s.length() >= PATIENCE));
        assert_eq!(only("holds").peak_overlap(), 1, "{run:?}");
    }
}
