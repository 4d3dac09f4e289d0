//! Lesson: the same 4 waiting tasks, run one after another, then started together.
//!
//! The notes draw it: in synchronous code a task that arrives while another runs must wait until
//! that one is done; in asynchronous code a task is started and the program moves on to the next
//! one at once, so the tasks' waits overlap. Each task here only waits (a timer, standing in for
//! a network reply), on tokio's single-threaded runtime: one thread, and still the 4 waits take
//! the time of one, because waiting needs no core. Each waits 100 ms (the notes give no times).
//!
//! Run: `cargo run --example sync_vs_async` (try `-- --tasks 8 --millis 50`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::timeline::{Run, millis};
use lesson_kit::{Chart, Figure, Timeline};

const USAGE: &str = "\
The same waiting tasks run one after another (sync), then started together (async).

usage: cargo run --example sync_vs_async -- [--tasks N] [--millis M] [--svg PATH]

  --tasks N    how many tasks (default 4, from 1 to 100)
  --millis M   how long each task waits, in milliseconds (default 100, from 1 to 5000)
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
";

/// Tokio's clock, for the timelines: the tests pause it and advance it, so their times are exact.
fn tokio_now() -> std::time::Instant {
    tokio::time::Instant::now().into_std()
}

// ANCHOR: task
/// One task: it waits for `wait` (a reply that takes that long), and records when it ran.
async fn task(number: usize, wait: Duration, timeline: Arc<Timeline>) {
    let _waiting = timeline.begin(format!("task-{number}"), "wait");
    tokio::time::sleep(wait).await;
}
// ANCHOR_END: task

// ANCHOR: one_after_another
/// Sync: each task is awaited before the next one starts, like a plain function call.
async fn one_after_another(tasks: usize, wait: Duration) -> Run {
    let timeline = Arc::new(Timeline::with_clock(tokio_now));
    for number in 0..tasks {
        task(number, wait, Arc::clone(&timeline)).await;
    }
    timeline.finish("one after another")
}
// ANCHOR_END: one_after_another

// ANCHOR: started_together
/// Async: every task is started first, then the program waits for all of them.
async fn started_together(tasks: usize, wait: Duration) -> Run {
    let timeline = Arc::new(Timeline::with_clock(tokio_now));
    let handles: Vec<_> = (0..tasks)
        .map(|number| tokio::spawn(task(number, wait, Arc::clone(&timeline))))
        .collect();
    for handle in handles {
        handle.await.expect("a task panicked");
    }
    timeline.finish("started together")
}
// ANCHOR_END: started_together

/// One thread runs every task: tokio's current-thread runtime. On a paused clock (the tests'),
/// time moves only when every task waits, and then straight to the next timer: the times are
/// exact, on any machine.
fn runtime(paused: bool) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(paused)
        .build()
        .expect("could not start the tokio runtime")
}

fn main() {
    let mut tasks: usize = 4;
    let mut wait_ms: u64 = 100;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("tasks") => tasks = cli::number(parser, "--tasks", 1..=100)?,
            Arg::Long("millis") => wait_ms = cli::number(parser, "--millis", 1..=5000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let wait = Duration::from_millis(wait_ms);

    println!("{tasks} tasks each wait {wait_ms} ms, all on one thread.\n");
    let runtime = runtime(false);
    let sync = runtime.block_on(one_after_another(tasks, wait));
    println!("1. One after another: {}", millis(sync.wall_time()));
    let together = runtime.block_on(started_together(tasks, wait));
    println!("2. Started together:  {}", millis(together.wall_time()));

    Figure::new(format!(
        "time for {tasks} tasks that each wait {wait_ms} ms"
    ))
    .notes("(a picture: sync tasks wait in line, async tasks overlap)")
    .this_run(format!(
        "one after another {}; started together {}",
        millis(sync.wall_time()),
        millis(together.wall_time())
    ))
    .ideal(format!(
        "{} ms and {wait_ms} ms (waiting needs no core, so any machine)",
        wait_ms * tasks as u64
    ))
    .print();

    let chart = Chart::new(format!("{tasks} waiting tasks on one thread"))
        .run(sync.clone())
        .run(together.clone());
    println!();
    chart.show("sync_vs_async", svg.as_deref());

    // A timer never fires early, so these lower bounds hold however busy the machine is.
    assert!(
        sync.spans.iter().all(|span| span.length() >= wait)
            && together.spans.iter().all(|span| span.length() >= wait),
        "expected every task to wait at least {wait:?}, got {sync:?} and {together:?}"
    );
    assert!(
        sync.wall_time() >= wait * tasks as u32 && sync.peak_overlap() == 1,
        "expected the tasks awaited one after another never to overlap and to take at least \
         {:?}, got {sync:?}",
        wait * tasks as u32
    );
    // All tasks start in the same turn of the runtime, long before the first wait can end.
    assert_eq!(
        together.peak_overlap(),
        tasks,
        "expected all {tasks} tasks started together to be waiting at the same moment, got {together:?}"
    );
    println!("\nAs expected: in line, the waits added up; started together, they overlapped.");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[test]
    fn awaited_one_after_another_each_task_starts_when_the_previous_one_ends() {
        let run = runtime(true).block_on(one_after_another(4, ms(1000)));
        let times: Vec<_> = run.spans.iter().map(|s| (s.start, s.end)).collect();
        let expected: Vec<_> = (0..4)
            .map(|i| (ms(i * 1000), ms(i * 1000 + 1000)))
            .collect();
        assert_eq!(times, expected);
        assert_eq!(run.peak_overlap(), 1);
    }

    #[test]
    fn started_together_all_tasks_wait_at_once_and_finish_after_one_wait() {
        let run = runtime(true).block_on(started_together(4, ms(1000)));
        let times: Vec<_> = run.spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(times, [(ms(0), ms(1000)); 4]);
        assert_eq!(run.peak_overlap(), 4);
        assert_eq!(run.lanes(), ["task-0", "task-1", "task-2", "task-3"]);
    }

    #[test]
    fn a_hundred_waiting_tasks_on_one_thread_take_the_time_of_one() {
        let run = runtime(true).block_on(started_together(100, ms(1000)));
        assert_eq!(run.wall_time(), ms(1000));
        assert_eq!(run.peak_overlap(), 100);
    }

    #[test]
    fn on_the_real_clock_the_sync_run_takes_at_least_the_sum_of_the_waits() {
        let run = runtime(false).block_on(one_after_another(3, ms(20)));
        assert!(run.wall_time() >= ms(60), "{run:?}");
        assert_eq!(run.peak_overlap(), 1);
    }
}
