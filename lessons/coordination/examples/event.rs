//! Lesson: an event wakes every waiter once it is set, none before, and never makes a late one wait.
//!
//! The notes name `threading.Event` ("a message from one process to another about an event"; in
//! Python it is a thread primitive, `multiprocessing.Event` is the process one). std has no `Event`
//! type; a `bool` in a `Mutex` with a `Condvar` is one, and `OnceLock::wait` (Rust 1.86) is a
//! one-shot one that carries a value. Here 4 waiters wait while a setter thread works for 50 ms,
//! then sets the event; a fifth waiter comes after it is set. The scale: 50 ms of work.
//!
//! Run: `cargo run --example event` (or `-- --svg event.svg`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Barrier, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::live::wait_until;
use lesson_kit::{Chart, Figure, Timeline, must_finish};

const USAGE: &str = "\
An event: waiters sleep until it is set, all wake then, and a late waiter does not wait.

usage: cargo run --example event -- [--svg PATH]

  --svg PATH  also draw the timeline as an SVG file
  -h, --help  show this text
";

const WAITERS: usize = 4;
const WORK: Duration = Duration::from_millis(50);

// ANCHOR: event
/// Python's `threading.Event`: a flag that threads can wait for.
#[derive(Default)]
pub struct Event {
    set: Mutex<bool>,
    changed: Condvar,
    /// How many waiters found the flag down (for the lesson's timeline, not the event's work).
    sleepers: AtomicUsize,
}

impl Event {
    pub fn set(&self) {
        *self.set.lock().unwrap() = true;
        self.changed.notify_all();
    }

    /// Waits until the event is set; says whether it had to wait at all.
    pub fn wait(&self) -> bool {
        let set = self.set.lock().unwrap();
        let had_to_wait = !*set;
        if had_to_wait {
            self.sleepers.fetch_add(1, Ordering::SeqCst);
        }
        let _set = self.changed.wait_while(set, |set| !*set).unwrap();
        had_to_wait
    }
}
// ANCHOR_END: event

/// What the waiters saw.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    /// Waiters that woke and found the setter had not yet called `set`.
    woke_early: usize,
    /// Waiters that had to wait (the early ones should; a late one should not).
    waited: Vec<bool>,
}

// ANCHOR: story
fn signal(timeline: &Timeline) -> Seen {
    let event = Event::default();
    let setting = AtomicBool::new(false);
    let all_waiting = Barrier::new(WAITERS + 1);
    let seen = thread::scope(|scope| {
        let waiters: Vec<_> = (0..WAITERS)
            .map(|number| {
                let (event, setting, all_waiting) = (&event, &setting, &all_waiting);
                thread::Builder::new()
                    .name(format!("waiter-{number}"))
                    .spawn_scoped(scope, move || {
                        all_waiting.wait();
                        let waited = timeline.record("wait", || event.wait());
                        // The setter raises `setting` before it calls `set`.
                        (!setting.load(Ordering::SeqCst), waited)
                    })
                    .unwrap()
            })
            .collect();
        all_waiting.wait();
        let setter = thread::Builder::new().name("setter".into());
        let setter = setter.spawn_scoped(scope, || {
            // However slowly the waiters start, all of them find the flag down.
            wait_until("all waiters asleep", || {
                event.sleepers.load(Ordering::SeqCst) == WAITERS
            });
            timeline.record("work", || thread::sleep(WORK));
            setting.store(true, Ordering::SeqCst);
            event.set();
        });
        setter.unwrap().join().unwrap();
        let seen: Vec<_> = waiters.into_iter().map(|w| w.join().unwrap()).collect();
        seen
    });
    // A waiter that comes after the event is set.
    let late = thread::scope(|scope| {
        let late = thread::Builder::new().name("late".into());
        let late = late.spawn_scoped(scope, || timeline.record("wait", || event.wait()));
        late.unwrap().join().unwrap()
    });
    let mut waited: Vec<bool> = seen.iter().map(|&(_, waited)| waited).collect();
    waited.push(late);
    Seen {
        woke_early: seen.iter().filter(|&&(early, _)| early).count(),
        waited,
    }
}
// ANCHOR_END: story

fn main() {
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    println!("{WAITERS} waiters wait for the event; a setter works {WORK:?}, then sets it.");
    println!("Then one more waiter arrives, after the event is set.\n");
    let (seen, run) = must_finish(Duration::from_secs(10), "the event", || {
        let timeline = Timeline::new();
        let seen = signal(&timeline);
        (seen, timeline.finish("event"))
    });
    Chart::new("waiters and the event")
        .run(run.clone())
        .show("event", svg.as_deref());

    let early_waited = seen.waited[..WAITERS].iter().filter(|&&w| w).count();
    Figure::new(
        "waiters woken before the event was set / early waiters that waited / late one waited",
    )
    .notes("no figure: Event.wait() blocks until set()")
    .this_run(format!(
        "{} / {early_waited} of {WAITERS} / {}",
        seen.woke_early, seen.waited[WAITERS]
    ))
    .ideal(format!("0 / {WAITERS} of {WAITERS} / false"))
    .print();

    assert_eq!(
        seen,
        Seen {
            woke_early: 0,
            waited: [vec![true; WAITERS], vec![false]].concat()
        },
        "expected no waiter to wake before set(), every early one to wait, the late one not to"
    );
    println!("\nAs expected: nobody woke before the event was set, and the late waiter went on.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiters_wake_only_once_the_event_is_set_and_a_late_one_does_not_wait() {
        for _ in 0..5 {
            let seen = must_finish(Duration::from_secs(10), "the event", || {
                signal(&Timeline::new())
            });
            assert_eq!(seen.woke_early, 0);
            assert_eq!(seen.waited, [vec![true; WAITERS], vec![false]].concat());
        }
    }

    #[test]
    fn the_waits_end_after_the_work_never_before() {
        let run = must_finish(Duration::from_secs(10), "the event", || {
            let timeline = Timeline::new();
            signal(&timeline);
            timeline.finish("event")
        });
        let work = run
            .spans
            .iter()
            .find(|s| s.label == "work")
            .unwrap()
            .clone();
        for wait in run
            .spans
            .iter()
            .filter(|s| s.label == "wait" && s.lane != "late")
        {
            assert!(wait.end >= work.end, "{wait:?} ended before {work:?}");
        }
    }

    #[test]
    fn once_lock_wait_is_a_one_shot_event_with_a_value() {
        let ready = std::sync::OnceLock::new();
        thread::scope(|scope| {
            let waiter = scope.spawn(|| *ready.wait());
            thread::sleep(Duration::from_millis(10));
            ready.set(42).unwrap();
            assert_eq!(waiter.join().unwrap(), 42);
        });
    }
}
