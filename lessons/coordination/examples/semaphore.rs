//! Lesson: a semaphore lets at most N threads in at once, and no more.
//!
//! The notes name `threading.Semaphore`: access to a resource for several threads at the same
//! time, up to a number. std has no semaphore (tokio's is for async tasks), so this lesson builds a
//! counting one from a `Mutex` and a `Condvar`: the mutex guards the count of free permits, the
//! condvar lets a thread sleep until one comes back. 8 workers share 3 permits; each holds its
//! permit for 30 ms (the notes give no time: 30 ms is this lesson's unit). A live counter inside
//! the permit records how many are in at once: the peak is exactly 3.
//!
//! Run: `cargo run --example semaphore` (try `-- --permits 5`, or `-- --svg semaphore.svg`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::cli::{self, Arg};
use lesson_kit::live::{Live, wait_until};
use lesson_kit::{Chart, Figure, Timeline, must_finish, seconds};

const USAGE: &str = "\
A counting semaphore built from a Mutex and a Condvar: at most N workers hold a permit at once.

usage: cargo run --example semaphore -- [--permits N] [--svg PATH]

  --permits N  how many permits (default 3, from 1 to 8); there are 8 workers
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
";

const WORKERS: usize = 8;
const HOLD: Duration = Duration::from_millis(30);

// ANCHOR: semaphore
/// A counting semaphore: `acquire` takes one of the free permits, or sleeps until one is free.
pub struct Semaphore {
    free: Mutex<usize>,
    returned: Condvar,
}

/// One permit, given back when it is dropped.
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Semaphore {
    pub fn new(permits: usize) -> Self {
        Semaphore {
            free: Mutex::new(permits),
            returned: Condvar::new(),
        }
    }

    pub fn acquire(&self) -> Permit<'_> {
        let free = self.free.lock().unwrap();
        // Sleeps while no permit is free; re-checks after every wake-up, spurious or not.
        let mut free = self.returned.wait_while(free, |free| *free == 0).unwrap();
        *free -= 1;
        Permit { semaphore: self }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.semaphore.free.lock().unwrap() += 1;
        // One permit came back: one sleeper can have it.
        self.semaphore.returned.notify_one();
    }
}
// ANCHOR_END: semaphore

// ANCHOR: workers
/// `WORKERS` threads, each holding a permit for `HOLD`; returns the live counter's peak.
fn share_permits(permits: usize, timeline: &Timeline) -> usize {
    let semaphore = Semaphore::new(permits);
    let live = Live::new();
    let tickets = AtomicUsize::new(0);
    thread::scope(|scope| {
        for worker in 0..WORKERS {
            let (semaphore, live, tickets) = (&semaphore, &live, &tickets);
            thread::Builder::new()
                .name(format!("worker-{worker}"))
                .spawn_scoped(scope, move || {
                    let _permit = semaphore.acquire();
                    live.inside(|| {
                        timeline.record("permit", || {
                            // The first holders wait until every permit is taken, so the peak
                            // reaches N on any machine; then everyone works for HOLD.
                            if tickets.fetch_add(1, Ordering::SeqCst) < permits {
                                wait_until("every permit taken", || live.peak() >= permits);
                            }
                            thread::sleep(HOLD);
                        })
                    })
                })
                .expect("the OS refused to start a thread");
        }
    });
    live.peak()
}
// ANCHOR_END: workers

fn main() {
    let mut permits: usize = 3;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("permits") => permits = cli::number(parser, "--permits", 1..=WORKERS)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    println!("{WORKERS} workers share {permits} permits; each holds one for {HOLD:?}.\n");
    let started = Instant::now();
    let (peak, run) = must_finish(Duration::from_secs(30), "the workers", move || {
        let timeline = Timeline::new();
        let peak = share_permits(permits, &timeline);
        (peak, timeline.finish(format!("{permits} permits")))
    });
    let wall = started.elapsed();
    Chart::new(format!("{WORKERS} workers, {permits} permits"))
        .run(run.clone())
        .show("semaphore", svg.as_deref());

    let rounds = WORKERS.div_ceil(permits) as u32;
    Figure::new("most workers holding a permit at once")
        .notes("no figure: threading.Semaphore(N) lets N threads in at once")
        .this_run(format!("{peak} (timeline: {})", run.peak_overlap()))
        .ideal(permits)
        .print();
    Figure::new(format!("wall time of {WORKERS} holds of {HOLD:?}"))
        .notes("no figure")
        .this_run(seconds(wall))
        .ideal(format!(
            "{} ({rounds} rounds of {permits})",
            seconds(HOLD * rounds)
        ))
        .print();

    assert_eq!(
        peak, permits,
        "expected exactly {permits} workers in at once at the peak, the live counter says {peak}"
    );
    assert!(
        run.peak_overlap() <= permits && run.spans.len() == WORKERS,
        "expected {WORKERS} holds, never more than {permits} overlapping: {run:?}"
    );
    println!("\nAs expected: never more than {permits} at once, and {permits} at the busiest.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_is_exactly_the_number_of_permits() {
        for permits in [1, 2, 3, 8] {
            let timeline = Timeline::new();
            let peak = must_finish(Duration::from_secs(20), "the workers", move || {
                share_permits(permits, &timeline)
            });
            assert_eq!(peak, permits);
        }
    }

    #[test]
    fn a_waiter_sleeps_until_a_permit_comes_back() {
        let semaphore = Semaphore::new(1);
        let held = semaphore.acquire();
        thread::scope(|scope| {
            let waiter = scope.spawn(|| {
                let _permit = semaphore.acquire();
                Instant::now()
            });
            thread::sleep(Duration::from_millis(30));
            let released = Instant::now();
            drop(held);
            assert!(waiter.join().unwrap() >= released);
        });
    }
}
