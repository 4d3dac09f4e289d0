//! Lesson: the same 4 waiting tasks, run one after another, then started together.
//!
//! The notes draw it: in synchronous code a task that arrives while another runs must wait until
//! that one is done; in asynchronous code a task is started and the program moves on to the next
//! one at once, so the tasks' waits overlap. Each task here only waits (a timer, standing in for
//! a network reply), on tokio's single-threaded runtime: one thread, and still the 4 waits take
//! the time of one, because waiting needs no core.
//!
//! Scale: each task waits 100 ms (the notes give no times, only the picture).
//!
//! Run: `cargo run --example sync_vs_async` (try `-- --tasks 8 --millis 50`).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::timeline::{Run, Span};
use lesson_kit::{Chart, Figure};
use tokio::time::Instant;

const USAGE: &str = "\
The same waiting tasks run one after another (sync), then started together (async).

usage: cargo run --example sync_vs_async -- [--tasks N] [--millis M] [--svg PATH]

  --tasks N    how many tasks (default 4, from 1 to 100)
  --millis M   how long each task waits, in milliseconds (default 100, from 1 to 5000)
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
";

/// When each task started and ended, read from tokio's clock (which the tests pause and
/// advance by themselves, so their times are exact).
#[derive(Debug, Default)]
struct Spans {
    spans: Mutex<Vec<Span>>,
}

impl Spans {
    fn add(&self, task: usize, start: Duration, end: Duration) {
        self.spans.lock().unwrap().push(Span {
            lane: format!("task-{task}"),
            label: "wait".into(),
            start,
            end,
        });
    }

    fn finish(&self, title: &str) -> Run {
        let mut spans = self.spans.lock().unwrap().clone();
        spans.sort_by_key(|span| (span.start, span.end));
        Run {
            title: title.into(),
            spans,
        }
    }
}

// ANCHOR: task
/// One task: it waits for `wait` (a reply that takes that long), and records when it ran.
async fn task(number: usize, wait: Duration, origin: Instant, spans: Arc<Spans>) {
    let start = origin.elapsed();
    tokio::time::sleep(wait).await;
    spans.add(number, start, origin.elapsed());
}
// ANCHOR_END: task

// ANCHOR: one_after_another
/// Sync: each task is awaited before the next one starts, like a plain function call.
async fn one_after_another(tasks: usize, wait: Duration) -> Run {
    let (origin, spans) = (Instant::now(), Arc::new(Spans::default()));
    for number in 0..tasks {
        task(number, wait, origin, Arc::clone(&spans)).await;
    }
    spans.finish("one after another")
}
// ANCHOR_END: one_after_another

// ANCHOR: started_together
/// Async: every task is started first, then the program waits for all of them.
async fn started_together(tasks: usize, wait: Duration) -> Run {
    let (origin, spans) = (Instant::now(), Arc::new(Spans::default()));
    let handles: Vec<_> = (0..tasks)
        .map(|number| tokio::spawn(task(number, wait, origin, Arc::clone(&spans))))
        .collect();
    for handle in handles {
        handle.await.expect("a task panicked");
    }
    spans.finish("started together")
}
// ANCHOR_END: started_together

/// One thread runs every task: tokio's current-thread runtime.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("could not start the tokio runtime")
}

fn main() {
    let mut tasks: usize = 4;
    let mut millis: u64 = 100;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("tasks") => tasks = cli::number(parser, "--tasks", 1..=100)?,
            Arg::Long("millis") => millis = cli::number(parser, "--millis", 1..=5000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let wait = Duration::from_millis(millis);

    println!("{tasks} tasks each wait {millis} ms, all on one thread.\n");
    let runtime = runtime();
    let sync = runtime.block_on(one_after_another(tasks, wait));
    println!(
        "1. One after another: {:.0} ms",
        sync.wall_time().as_secs_f64() * 1000.0
    );
    let together = runtime.block_on(started_together(tasks, wait));
    println!(
        "2. Started together:  {:.0} ms",
        together.wall_time().as_secs_f64() * 1000.0
    );

    Figure::new(format!("time for {tasks} tasks that each wait {millis} ms"))
        .notes("(a picture: sync tasks wait in line, async tasks overlap)")
        .this_run(format!(
            "one after another {:.0} ms; started together {:.0} ms",
            sync.wall_time().as_secs_f64() * 1000.0,
            together.wall_time().as_secs_f64() * 1000.0
        ))
        .ideal(format!(
            "{} ms and {millis} ms (waiting needs no core, so any machine)",
            millis * tasks as u64
        ))
        .print();

    let chart = Chart::new(format!("{tasks} waiting tasks on one thread"))
        .run(sync.clone())
        .run(together.clone());
    println!();
    chart.print();
    if let Some(path) = svg {
        chart
            .generated_by(
                "cargo run --example sync_vs_async -- --svg book/figures/sync_vs_async.svg",
            )
            .write_svg(&path)
            .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
        println!("wrote {}", path.display());
    }

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

    /// On tokio's paused clock, time moves only when every task waits, and then straight to the
    /// next timer: the times below are exact, on any machine.
    fn paused_runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
    }

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[test]
    fn awaited_one_after_another_each_task_starts_when_the_previous_one_ends() {
        let run = paused_runtime().block_on(one_after_another(4, ms(1000)));
        let times: Vec<_> = run.spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(
            times,
            [
                (ms(0), ms(1000)),
                (ms(1000), ms(2000)),
                (ms(2000), ms(3000)),
                (ms(3000), ms(4000))
            ]
        );
        assert_eq!(run.peak_overlap(), 1);
    }

    #[test]
    fn started_together_all_tasks_wait_at_once_and_finish_after_one_wait() {
        let run = paused_runtime().block_on(started_together(4, ms(1000)));
        assert!(
            run.spans
                .iter()
                .all(|s| (s.start, s.end) == (ms(0), ms(1000))),
            "{run:?}"
        );
        assert_eq!(run.peak_overlap(), 4);
        assert_eq!(run.lanes(), ["task-0", "task-1", "task-2", "task-3"]);
    }

    #[test]
    fn a_hundred_waiting_tasks_on_one_thread_take_the_time_of_one() {
        let run = paused_runtime().block_on(started_together(100, ms(1000)));
        assert_eq!(run.wall_time(), ms(1000));
        assert_eq!(run.peak_overlap(), 100);
    }

    #[test]
    fn on_the_real_clock_the_sync_run_takes_at_least_the_sum_of_the_waits() {
        let run = runtime().block_on(one_after_another(3, ms(20)));
        assert!(run.wall_time() >= ms(60), "{run:?}");
        assert_eq!(run.peak_overlap(), 1);
    }
}
