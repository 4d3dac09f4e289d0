//! Lesson: a task that never gives control back stops every other task (the Russian summary's
//! event loop, with its lists of ready and waiting tasks).
//!
//! On a current-thread runtime, one thread runs every task, one turn at a time, and a task's turn
//! ends only at an `.await` that has to wait. A busy task that computes and never waits keeps the
//! thread for its whole run: a second task, a heartbeat that counts its turns, does not beat once
//! meanwhile. An `.await` on an `async fn` that finishes at once changes nothing. A
//! `tokio::task::yield_now().await` after each step of work does: the busy task goes to the back
//! of the ready tasks, and the heartbeat beats once per step. A runtime with 2 worker threads
//! keeps the heartbeat alive beside one busy task, but not beside two.
//!
//! Every result here is a count of heartbeats, not a time, so it is the same on every run.
//!
//! Run: `cargo run --example starvation` (try `-- --steps 5 --step-work 1000000`).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use lesson_kit::Timeline;
use lesson_kit::cli::{self, Arg};
use lesson_kit::timeline::Run;
use lesson_kit::{Chart, Figure};
use sync_vs_async::basics::{crunch, tokio_timeline};

const USAGE: &str = "\
A busy task that never waits, beside a heartbeat task: on one thread, then on 2 worker threads.

usage: cargo run --example starvation -- [--steps N] [--step-work N] [--svg PATH]

  --steps N      steps of work of the busy task (default 20, from 1 to 1000)
  --step-work N  numbers added up in each step (default 200000, from 1 to 100000000)
  --svg PATH     also draw the timeline of the one-thread runs as an SVG file
  -h, --help     show this text
";

/// Only a stuck run could take this long; the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(60);

/// How the busy task behaves between two steps of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Between {
    /// Straight on to the next step: no `.await` at all.
    Nothing,
    /// `.await` on an `async fn` that does the step and never waits.
    ReadyAwait,
    /// `tokio::task::yield_now().await`: back to the end of the ready tasks.
    YieldNow,
}

impl Between {
    fn title(self) -> &'static str {
        match self {
            Between::Nothing => "no await",
            Between::ReadyAwait => "await that never waits",
            Between::YieldNow => "yield_now",
        }
    }
}

/// What the heartbeat and the busy task share: the beats so far, and when to stop beating.
#[derive(Debug, Default)]
struct Shared {
    beats: AtomicU64,
    done: AtomicBool,
}

// ANCHOR: heartbeat
/// A task that counts its turns: one beat, then back to the runtime, until it is told to stop.
async fn heartbeat(shared: Arc<Shared>, spans: Option<Arc<Timeline>>) {
    loop {
        if let Some(spans) = &spans {
            spans.begin("heartbeat", "beat").end();
        }
        shared.beats.fetch_add(1, Ordering::SeqCst);
        if shared.done.load(Ordering::SeqCst) {
            return;
        }
        tokio::task::yield_now().await;
    }
}
// ANCHOR_END: heartbeat

// ANCHOR: busy
/// One step of work in an `async fn`. It has no `.await` that waits, so awaiting it returns at
/// once, without giving control back.
async fn step_of_work(step_work: u64) -> u128 {
    crunch(step_work)
}

/// A task that computes `steps` steps, and returns how many heartbeats happened meanwhile.
async fn busy(
    steps: u64,
    step_work: u64,
    between: Between,
    shared: Arc<Shared>,
    spans: Option<Arc<Timeline>>,
) -> u64 {
    let before = shared.beats.load(Ordering::SeqCst);
    for step in 0..steps {
        let span = spans
            .as_ref()
            .map(|spans| spans.begin("busy", format!("step#{step}")));
        match between {
            Between::Nothing => {
                crunch(step_work);
            }
            Between::ReadyAwait => {
                step_of_work(step_work).await;
            }
            Between::YieldNow => {
                crunch(step_work);
                drop(span);
                tokio::task::yield_now().await;
            }
        }
    }
    shared.beats.load(Ordering::SeqCst) - before
}
// ANCHOR_END: busy

// ANCHOR: one_thread
/// The heartbeat and the busy task on one thread; returns the heartbeats during the busy work.
fn on_one_thread(
    steps: u64,
    step_work: u64,
    between: Between,
    spans: Option<Arc<Timeline>>,
) -> u64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("could not start the tokio runtime");
    runtime.block_on(async {
        let shared = Arc::new(Shared::default());
        let beating = tokio::spawn(heartbeat(Arc::clone(&shared), spans.clone()));
        let working = tokio::spawn(busy(steps, step_work, between, Arc::clone(&shared), spans));
        let during = tokio::time::timeout(LIMIT, working)
            .await
            .expect("the busy task did not finish in time")
            .expect("the busy task panicked");
        shared.done.store(true, Ordering::SeqCst);
        tokio::time::timeout(LIMIT, beating)
            .await
            .expect("the heartbeat did not stop")
            .expect("the heartbeat panicked");
        during
    })
}
// ANCHOR_END: one_thread

/// How long a busy task on a worker thread works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    /// This many steps.
    Steps(u64),
    /// Until it has seen this many heartbeats (or [`LIMIT`] has passed).
    Beats(u64),
}

/// Spins until `ready` says yes or [`LIMIT`] has passed; says whether `ready` said yes.
fn spin_until(ready: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + LIMIT;
    while !ready() {
        if Instant::now() > deadline {
            return false;
        }
        std::hint::spin_loop();
    }
    true
}

// ANCHOR: workers
/// `busy_tasks` busy tasks that never await, and then a heartbeat, on a runtime with `workers`
/// worker threads. Returns the fewest heartbeats that any busy task saw while it worked.
fn on_workers(workers: usize, busy_tasks: usize, until: Until, step_work: u64) -> u64 {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_time()
        .build()
        .expect("could not start the tokio runtime");
    let shared = Arc::new(Shared::default());
    let (started, go) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicBool::new(false)),
    );
    // Spawned from outside the runtime, every task goes to the queue that all workers share.
    let working: Vec<_> = (0..busy_tasks)
        .map(|_| {
            let (shared, started, go) =
                (Arc::clone(&shared), Arc::clone(&started), Arc::clone(&go));
            runtime.spawn(async move {
                started.fetch_add(1, Ordering::SeqCst);
                assert!(spin_until(|| go.load(Ordering::SeqCst)), "never told to go");
                let before = shared.beats.load(Ordering::SeqCst);
                let seen = || shared.beats.load(Ordering::SeqCst) - before;
                match until {
                    Until::Steps(steps) => {
                        for _ in 0..steps {
                            crunch(step_work);
                        }
                    }
                    Until::Beats(beats) => {
                        spin_until(|| {
                            crunch(step_work);
                            seen() >= beats
                        });
                    }
                }
                seen()
            })
        })
        .collect();
    // The heartbeat comes once every busy task holds a worker thread.
    let all_started = spin_until(|| started.load(Ordering::SeqCst) == busy_tasks);
    assert!(all_started, "the busy tasks did not all start");
    let beating = runtime.spawn(heartbeat(Arc::clone(&shared), None));
    go.store(true, Ordering::SeqCst);
    runtime.block_on(async {
        let mut fewest = u64::MAX;
        for task in working {
            let seen = tokio::time::timeout(LIMIT, task).await;
            fewest = fewest.min(
                seen.expect("a busy task never ended")
                    .expect("a busy task panicked"),
            );
        }
        shared.done.store(true, Ordering::SeqCst);
        let stopped = tokio::time::timeout(LIMIT, beating).await;
        stopped
            .expect("the heartbeat did not stop")
            .expect("the heartbeat panicked");
        fewest
    })
}
// ANCHOR_END: workers

/// The longest time between two heartbeats of `run`, or zero with fewer than two.
fn longest_silence(run: &Run) -> Duration {
    let beats: Vec<Duration> = run
        .spans
        .iter()
        .filter(|span| span.lane == "heartbeat")
        .map(|span| span.start)
        .collect();
    let gaps = beats.windows(2).map(|pair| pair[1] - pair[0]);
    gaps.max().unwrap_or_default()
}

fn millis(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

fn main() {
    let mut steps: u64 = 20;
    let mut step_work: u64 = 200_000;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("steps") => steps = cli::number(parser, "--steps", 1..=1000)?,
            Arg::Long("step-work") => {
                step_work = cli::number(parser, "--step-work", 1..=100_000_000)?;
            }
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });

    println!(
        "1. One thread (a current-thread runtime): a heartbeat, and a busy task of {steps} steps \
         of {step_work} additions:"
    );
    let mut runs = Vec::new();
    let mut counts = Vec::new();
    for between in [Between::Nothing, Between::ReadyAwait, Between::YieldNow] {
        let spans = Arc::new(tokio_timeline());
        let during = on_one_thread(steps, step_work, between, Some(Arc::clone(&spans)));
        let run = spans.finish(between.title());
        println!(
            "   {:<24} the heartbeat beat {during:>4} times while the busy task worked; \
             longest silence {}",
            format!("{}:", between.title()),
            millis(longest_silence(&run))
        );
        counts.push(during);
        runs.push(run);
    }

    println!("\n2. Two worker threads (a multi-thread runtime), busy tasks that never await:");
    let wanted = 100;
    let beside_one = on_workers(2, 1, Until::Beats(wanted), step_work / 100 + 1);
    println!(
        "   beside 1 busy task:  the heartbeat beat {beside_one} times (the busy task stops at {wanted})"
    );
    let beside_two = on_workers(2, 2, Until::Steps(steps), step_work);
    println!("   beside 2 busy tasks: the heartbeat beat {beside_two} times while both worked\n");

    let chart = Chart::new(format!(
        "a busy task of {steps} steps and a heartbeat, on one thread"
    ));
    let chart = runs.iter().cloned().fold(chart, Chart::run);
    chart.print();
    if let Some(path) = &svg {
        chart
            .generated_by("cargo run --example starvation -- --svg book/figures/starvation.svg")
            .write_svg(path)
            .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
        println!("(timeline written to {})", path.display());
    }

    Figure::new(format!(
        "heartbeats while a busy task of {steps} steps worked, on one thread: \
         no await / await that never waits / yield_now"
    ))
    .notes("(no figure) a task that never gives control back: the other tasks do not run")
    .this_run(format!("{} / {} / {}", counts[0], counts[1], counts[2]))
    .ideal(format!("0 / 0 / {steps} (one beat per yield)"))
    .print();
    Figure::new("longest silence of the heartbeat: no await / yield_now")
        .notes("(no figure)")
        .this_run(format!(
            "{} / {}",
            millis(longest_silence(&runs[0])),
            millis(longest_silence(&runs[2]))
        ))
        .ideal(format!(
            "the whole busy run / a step or two (one step took {})",
            millis(
                runs[2]
                    .spans
                    .iter()
                    .find(|span| span.lane == "busy")
                    .map_or(Duration::ZERO, |span| span.length())
            )
        ))
        .print();
    Figure::new("heartbeats on 2 worker threads: beside 1 busy task / beside 2")
        .notes("(asyncio has one thread only)")
        .this_run(format!("{beside_one} / {beside_two}"))
        .ideal(format!(
            "{wanted} or more (a worker is free) / 0 (no worker is free)"
        ))
        .print();

    // ANCHOR: asserts
    // Counts, not times: the same on every run, however busy the machine.
    assert_eq!(
        (counts[0], counts[1]),
        (0, 0),
        "expected no heartbeat while a busy task that never waits held the only thread"
    );
    // About one beat per yield; half is a safe floor.
    assert!(
        counts[2] >= steps / 2,
        "expected about {steps} heartbeats with a yield after each of {steps} steps, got {}",
        counts[2]
    );
    assert!(
        beside_one >= wanted,
        "expected the heartbeat to beat {wanted} times on the free worker, got {beside_one}"
    );
    assert_eq!(
        beside_two, 0,
        "expected no heartbeat while 2 busy tasks held both worker threads"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: without a real wait, nothing else ran; with yield_now, the heartbeat");
    println!("beat between the steps; more workers only help while one of them is free.");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small steps: the counts do not depend on how long a step takes.
    const WORK: u64 = 2_000;

    #[test]
    fn a_task_that_never_waits_lets_no_other_task_run_on_one_thread() {
        for steps in [1, 10, 50] {
            assert_eq!(on_one_thread(steps, WORK, Between::Nothing, None), 0);
            assert_eq!(on_one_thread(steps, WORK, Between::ReadyAwait, None), 0);
        }
    }

    #[test]
    fn with_yield_now_the_heartbeat_beats_about_once_per_step() {
        // Exactly once per step in the long run; the first turns may come in a different order.
        for steps in [10, 50, 200] {
            let during = on_one_thread(steps, WORK, Between::YieldNow, None);
            assert!(
                (steps - 2..=steps + 1).contains(&during),
                "{steps} yields gave {during} beats"
            );
        }
    }

    #[test]
    fn two_workers_keep_the_heartbeat_alive_beside_one_busy_task() {
        assert!(on_workers(2, 1, Until::Beats(50), WORK) >= 50);
    }

    #[test]
    fn as_many_busy_tasks_as_workers_starve_the_heartbeat_again() {
        assert_eq!(on_workers(2, 2, Until::Steps(20), WORK), 0);
        assert_eq!(on_workers(3, 3, Until::Steps(20), WORK), 0);
    }

    #[test]
    fn the_timeline_shows_one_silence_as_long_as_the_busy_run() {
        let spans = Arc::new(tokio_timeline());
        on_one_thread(5, WORK, Between::Nothing, Some(Arc::clone(&spans)));
        let run = spans.finish("no await");
        let beats = run.spans.iter().filter(|span| span.lane == "heartbeat");
        // One beat before the busy task's turn, one after it.
        assert_eq!(beats.count(), 2, "{run:?}");
        let busy: Vec<_> = run
            .spans
            .iter()
            .filter(|span| span.lane == "busy")
            .collect();
        assert_eq!(busy.len(), 5);
        assert!(
            longest_silence(&run) >= busy[4].end - busy[0].start,
            "{run:?}"
        );
    }
}
