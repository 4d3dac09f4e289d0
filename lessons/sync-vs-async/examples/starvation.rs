//! Lesson: a task that never gives control back stops every other task (the Russian summary's
//! event loop). On a current-thread runtime a task's turn ends only at an `.await` that has to
//! wait: a busy task that never waits keeps the thread, and a heartbeat task that counts its turns
//! does not beat once meanwhile, even if the busy task awaits an `async fn` that finishes at once.
//! `tokio::task::yield_now().await` after each step lets the heartbeat beat once per step. Every
//! result is a count of heartbeats, not a time. (More worker threads: the lesson `more_workers`.)
//!
//! Run: `cargo run --example starvation` (try `-- --steps 5 --step-work 1000000`).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use lesson_kit::cli::{self, Arg};
use lesson_kit::work::sum_of_squares;
use lesson_kit::{Chart, Timeline};
use sync_vs_async::basics::{ms, one_thread, tokio_timeline};
use sync_vs_async::starvation::{
    Between, LIMIT, Shared, heartbeat, longest_silence, print_figures,
};

const USAGE: &str = "\
A busy task that never waits, beside a heartbeat task, on one thread.

usage: cargo run --example starvation -- [--steps N] [--step-work N] [--svg PATH]

  --steps N      steps of work of the busy task (default 20, from 1 to 1000)
  --step-work N  numbers added up in each step (default 200000, from 1 to 100000000)
  --svg PATH     also draw the timeline of the runs as an SVG file
  -h, --help     show this text
";

// ANCHOR: busy
/// One step of work in an `async fn`. It has no `.await` that waits, so awaiting it returns at
/// once, without giving control back.
async fn step_of_work(step_work: u64) -> u128 {
    sum_of_squares(0..step_work)
}

/// A task that computes `steps` steps, and returns how many heartbeats happened meanwhile.
async fn busy(
    steps: u64,
    step_work: u64,
    between: Between,
    shared: Arc<Shared>,
    spans: Arc<Timeline>,
) -> u64 {
    let before = shared.beats.load(Ordering::SeqCst);
    for step in 0..steps {
        let span = spans.begin("busy", format!("step#{step}"));
        match between {
            Between::Nothing => _ = sum_of_squares(0..step_work),
            // Returns at once: nothing in it waits.
            Between::ReadyAwait => _ = step_of_work(step_work).await,
            Between::YieldNow => {
                sum_of_squares(0..step_work);
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
fn on_one_thread(steps: u64, step_work: u64, between: Between, spans: Arc<Timeline>) -> u64 {
    one_thread().block_on(async {
        let shared = Arc::new(Shared::default());
        let beating = tokio::spawn(heartbeat(Arc::clone(&shared), Some(Arc::clone(&spans))));
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

fn main() {
    let (mut steps, mut step_work, mut svg) = (20, 200_000, None::<PathBuf>);
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("steps") => steps = cli::number(parser, "--steps", 1..=1000)?,
            Arg::Long("step-work") => {
                step_work = cli::number(parser, "--step-work", 1..=100_000_000)?
            }
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });

    println!(
        "One thread (a current-thread runtime): a heartbeat, and a busy task of {steps} steps \
         of {step_work} additions:"
    );
    let (mut runs, mut counts) = (Vec::new(), Vec::new());
    for between in Between::ALL {
        let spans = Arc::new(tokio_timeline());
        let during = on_one_thread(steps, step_work, between, Arc::clone(&spans));
        let run = spans.finish(between.title());
        let (how, silence) = (format!("{}:", between.title()), ms(longest_silence(&run)));
        println!(
            "   {how:<24} the heartbeat beat {during:>4} times while the busy task worked; \
             longest silence {silence}"
        );
        counts.push(during);
        runs.push(run);
    }
    println!();
    let title = format!("a busy task of {steps} steps and a heartbeat, on one thread");
    runs.iter()
        .cloned()
        .fold(Chart::new(title), Chart::run)
        .show("starvation", svg.as_deref());

    print_figures(steps, &counts, &runs);

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
    // ANCHOR_END: asserts
    println!("\nAs expected: without a real wait, nothing else ran; with yield_now, the heartbeat");
    println!("beat between the steps.");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small steps: the counts do not depend on how long a step takes.
    const WORK: u64 = 2_000;

    #[test]
    fn a_task_that_never_waits_lets_no_other_task_run_on_one_thread() {
        for steps in [1, 10, 50] {
            for between in [Between::Nothing, Between::ReadyAwait] {
                assert_eq!(on_one_thread(steps, WORK, between, Arc::default()), 0);
            }
        }
    }

    #[test]
    fn with_yield_now_the_heartbeat_beats_about_once_per_step() {
        // Exactly once per step in the long run; the first turns may come in a different order.
        for steps in [10, 50, 200] {
            let during = on_one_thread(steps, WORK, Between::YieldNow, Arc::default());
            let near = steps - 2..=steps + 1;
            assert!(near.contains(&during), "{steps} yields gave {during} beats");
        }
    }

    #[test]
    fn the_timeline_shows_one_silence_as_long_as_the_busy_run() {
        let spans = Arc::new(tokio_timeline());
        on_one_thread(5, WORK, Between::Nothing, Arc::clone(&spans));
        let run = spans.finish("no await");
        let beats = run.spans.iter().filter(|span| span.lane == "heartbeat");
        // One beat before the busy task's turn, one after it.
        assert_eq!(beats.count(), 2, "{run:?}");
        let busy: Vec<_> = run.spans.iter().filter(|s| s.lane == "busy").collect();
        assert_eq!(busy.len(), 5);
        let whole_run = busy[4].end - busy[0].start;
        assert!(longest_silence(&run) >= whole_run, "{run:?}");
    }
}
