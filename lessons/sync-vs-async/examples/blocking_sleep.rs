//! Lesson: `std::thread::sleep` inside async code blocks every task; `tokio::time::sleep` does not
//! (the notes' `time.sleep` against `asyncio.sleep`, session 7 of the Persian notes).
//!
//! 4 tasks on tokio's current-thread runtime, one thread for all of them, like asyncio's event
//! loop, each wait one unit (50 ms here; the notes give no times). With `std::thread::sleep`, a
//! task holds the thread while it waits: 4 units, one wait after another. With
//! `tokio::time::sleep`, it hands the thread back at the `.await`: all 4 wait together, 1 unit.
//!
//! Run: `cargo run --example blocking_sleep` (try `-- --tasks 8 --unit-ms 20`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::timeline::Run;
use lesson_kit::{Chart, Timeline, seconds};
use sync_vs_async::basics::{one_thread, print_sleep_figures, tokio_timeline};

const USAGE: &str = "\
The same waiting tasks on one thread: with std::thread::sleep, then with tokio::time::sleep.

usage: cargo run --example blocking_sleep -- [--tasks N] [--unit-ms MS] [--svg PATH]

  --tasks N     how many tasks (default 4, from 1 to 50)
  --unit-ms MS  how long each task waits, in ms (default 50, from 1 to 1000)
  --svg PATH    also draw the timeline as an SVG file
  -h, --help    show this text
";

/// Only a stuck run could take this long; the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(120);

/// Which sleep the tasks use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sleep {
    /// `std::thread::sleep`: the thread stops, and with it every task on it.
    Blocking,
    /// `tokio::time::sleep(..).await`: only this task waits.
    Async,
}

// ANCHOR: tasks
/// A task that waits with the thread's own sleep: it keeps the thread until the time is up.
async fn blocking_task(number: usize, unit: Duration, spans: Arc<Timeline>) {
    let _span = spans.begin(format!("task-{number}"), "thread::sleep");
    std::thread::sleep(unit);
}

/// A task that waits with tokio's sleep: at the `.await` it gives the thread back to the runtime,
/// which runs another task until the timer fires.
async fn async_task(number: usize, unit: Duration, spans: Arc<Timeline>) {
    let _span = spans.begin(format!("task-{number}"), "tokio::time::sleep");
    tokio::time::sleep(unit).await;
}
// ANCHOR_END: tasks

// ANCHOR: run_tasks
/// Starts `tasks` tasks that each wait `unit` with `sleep`, and waits for all of them.
async fn run_tasks(tasks: usize, unit: Duration, sleep: Sleep) -> Run {
    let spans = Arc::new(tokio_timeline());
    let handles: Vec<_> = (0..tasks)
        .map(|number| {
            let spans = Arc::clone(&spans);
            match sleep {
                Sleep::Blocking => tokio::spawn(blocking_task(number, unit, spans)),
                Sleep::Async => tokio::spawn(async_task(number, unit, spans)),
            }
        })
        .collect();
    for handle in handles {
        handle.await.expect("a task panicked");
    }
    let title = match sleep {
        Sleep::Blocking => "std::thread::sleep",
        Sleep::Async => "tokio::time::sleep",
    };
    spans.finish(title)
}
// ANCHOR_END: run_tasks

/// Runs the tasks on `runtime`, failing instead of hanging if they never finish.
fn run_on(runtime: &tokio::runtime::Runtime, tasks: usize, unit: Duration, sleep: Sleep) -> Run {
    runtime
        .block_on(async { tokio::time::timeout(LIMIT, run_tasks(tasks, unit, sleep)).await })
        .unwrap_or_else(|_| panic!("the {sleep:?} tasks did not finish within {LIMIT:?}"))
}

fn main() {
    let (mut tasks, mut unit_ms, mut svg) = (4, 50, None::<PathBuf>);
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("tasks") => tasks = cli::number(parser, "--tasks", 1..=50)?,
            Arg::Long("unit-ms") => unit_ms = cli::number(parser, "--unit-ms", 1..=1000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let unit = Duration::from_millis(unit_ms);
    println!("{tasks} tasks each wait {unit:?}, all on one thread (a current-thread runtime).\n");

    let runtime = one_thread();
    let blocking = run_on(&runtime, tasks, unit, Sleep::Blocking);
    let slow = seconds(blocking.wall_time());
    println!("1. With std::thread::sleep: {slow}");
    let waiting = run_on(&runtime, tasks, unit, Sleep::Async);
    let fast = seconds(waiting.wall_time());
    println!("2. With tokio::time::sleep: {fast}\n");

    Chart::new(format!("{tasks} tasks waiting {unit:?} on one thread"))
        .run(blocking.clone())
        .run(waiting.clone())
        .show("blocking_sleep", svg.as_deref());
    print_sleep_figures(tasks, unit, &blocking, &waiting);

    // ANCHOR: asserts
    // A sleep never ends early, so the blocking run cannot take less than the sum of its waits,
    // however fast or busy the machine. One thread cannot run two blocked tasks at once. The
    // async tasks all start waiting in the runtime's first turn, long before the first wait ends.
    assert!(
        blocking.wall_time() >= unit * tasks as u32,
        "expected the blocking run to take at least {tasks} x {unit:?}, it took {:?}",
        blocking.wall_time()
    );
    assert_eq!(
        blocking.peak_overlap(),
        1,
        "expected the blocking waits one after another, got {blocking:?}"
    );
    assert_eq!(
        waiting.peak_overlap(),
        tasks,
        "expected all {tasks} async waits at the same moment, got {waiting:?}"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: with the thread's sleep, one task waited at a time; with tokio's,");
    println!("all {tasks} waited together.");
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Duration = Duration::from_millis(20);

    fn paused_thread() -> tokio::runtime::Runtime {
        let mut builder = tokio::runtime::Builder::new_current_thread();
        builder.enable_time().start_paused(true).build().unwrap()
    }

    #[test]
    fn blocking_waits_on_one_thread_never_overlap_and_take_at_least_their_sum() {
        // The real clock: tokio's paused clock does not see `std::thread::sleep`.
        let run = run_on(&one_thread(), 4, UNIT, Sleep::Blocking);
        assert!(run.wall_time() >= UNIT * 4, "{run:?}");
        assert_eq!(run.peak_overlap(), 1, "{run:?}");
        assert_eq!(run.spans.len(), 4);
        assert!(run.spans.iter().all(|s| s.length() >= UNIT), "{run:?}");
        // One after another, in the order they were spawned.
        let lanes: Vec<&str> = run.spans.iter().map(|span| span.lane.as_str()).collect();
        assert_eq!(lanes, ["task-0", "task-1", "task-2", "task-3"]);
    }

    #[test]
    fn async_waits_all_overlap_and_take_exactly_one_unit() {
        let run = run_on(&paused_thread(), 4, Duration::from_secs(1), Sleep::Async);
        assert_eq!(run.wall_time(), Duration::from_secs(1));
        assert_eq!(run.peak_overlap(), 4, "{run:?}");
        let spans: Vec<_> = run.spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(spans, [(Duration::ZERO, Duration::from_secs(1)); 4]);
    }

    #[test]
    fn the_paused_clock_does_not_see_a_blocking_sleep() {
        // Why the blocking test above needs the real clock: on the paused clock, tokio's time
        // stands still while the thread sleeps, so the blocking waits seem to take no time.
        let run = run_on(&paused_thread(), 4, UNIT, Sleep::Blocking);
        assert_eq!(run.wall_time(), Duration::ZERO, "{run:?}");
    }
}
