//! Lesson: concurrency is tasks taking turns; parallelism is tasks running at the same instant.
//!
//! Both tables in the notes say it: concurrent tasks overlap in time but need not run at the same
//! moment, and need only one core; parallel tasks run at once, on several cores. Here the same CPU
//! work (4 tasks, each counting in 8 slices) is done twice:
//!
//! - concurrently, on ONE thread: a round-robin loop gives each task one slice in turn, the way
//!   an event loop, or Python threads under the GIL, share one core. All 4 tasks are in progress
//!   at once, but only one slice ever runs at a time.
//! - in parallel, on 4 threads: each task runs on its own thread, and the operating system puts
//!   the threads on different cores.
//!
//! The notes measured the Python version of this (crunch_numbers, 4 workers): serial 2.71 s,
//! threads 2.70 s. The GIL let only one thread count at a time. Rust threads have no such lock.
//!
//! Scale: each task counts 8 slices of 1 000 000 (the notes' task counted to 10 million).
//!
//! Run: `cargo run --example concurrency_vs_parallelism` (try `-- --tasks 8`).

use std::path::PathBuf;
use std::sync::Barrier;
use std::thread;
use std::time::Duration;

use foundations::count_to;
use lesson_kit::cli::{self, Arg};
use lesson_kit::timeline::{Run, current_lane};
use lesson_kit::{Chart, Figure, Timeline, cores};

const USAGE: &str = "\
The same CPU work done concurrently on one thread, then in parallel on one thread per task.

usage: cargo run --example concurrency_vs_parallelism -- [--tasks N] [--slices S] [--count C] [--svg PATH]

  --tasks N    how many tasks (default 4, from 1 to 32)
  --slices S   how many slices each task's work is cut into (default 8, from 1 to 100)
  --count C    how far each slice counts (default 1000000, from 1 to 100000000)
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
";

/// The work to do: `tasks` tasks, each counting to `count` `slices` times.
#[derive(Debug, Clone, Copy)]
struct Work {
    tasks: usize,
    slices: usize,
    count: u64,
}

// ANCHOR: concurrent
/// Concurrency on one thread: a round-robin loop runs one slice of each task in turn. Each
/// slice is recorded on its task's lane, so the chart shows the tasks taking turns.
fn concurrently(work: Work) -> (Vec<u64>, Run) {
    let timeline = Timeline::new();
    let mut totals = vec![0_u64; work.tasks];
    for slice in 0..work.slices {
        for (task, total) in totals.iter_mut().enumerate() {
            let _running = timeline.begin(format!("task-{task}"), format!("slice {slice}"));
            *total = total.wrapping_add(count_to(work.count));
        }
    }
    (totals, timeline.finish("concurrent: 1 thread"))
}
// ANCHOR_END: concurrent

// ANCHOR: parallel
/// Parallelism: one thread per task; each runs all its slices. A barrier inside the first slice
/// holds every thread there until all have started, so the chart's first slices overlap for
/// certain, even on a busy machine where a thread may start late.
fn in_parallel(work: Work) -> (Vec<u64>, Run) {
    let timeline = Timeline::new();
    let all_started = Barrier::new(work.tasks);
    let totals = thread::scope(|scope| {
        let threads: Vec<_> = (0..work.tasks)
            .map(|task| {
                let (timeline, all_started) = (&timeline, &all_started);
                thread::Builder::new()
                    .name(format!("thread-{task}"))
                    .spawn_scoped(scope, move || {
                        let mut total = 0_u64;
                        for slice in 0..work.slices {
                            let _running = timeline.begin(current_lane(), format!("slice {slice}"));
                            if slice == 0 {
                                all_started.wait();
                            }
                            total = total.wrapping_add(count_to(work.count));
                        }
                        total
                    })
                    .expect("the OS refused to start a thread")
            })
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("a task panicked"))
            .collect()
    });
    (
        totals,
        timeline.finish(format!("parallel: {} threads", work.tasks)),
    )
}
// ANCHOR_END: parallel

// ANCHOR: in_progress_together
/// Whether every task was in progress at one moment: some instant lies after each task's first
/// slice started and before each task's last slice ended. True for concurrency and parallelism
/// alike; false for tasks done one after another.
fn in_progress_together(run: &Run) -> bool {
    let lanes = run.lanes();
    let first_start = |lane: &str| {
        run.spans
            .iter()
            .filter(|s| s.lane == lane)
            .map(|s| s.start)
            .min()
    };
    let last_end = |lane: &str| {
        run.spans
            .iter()
            .filter(|s| s.lane == lane)
            .map(|s| s.end)
            .max()
    };
    let latest_start = lanes.iter().filter_map(|lane| first_start(lane)).max();
    let earliest_end = lanes.iter().filter_map(|lane| last_end(lane)).min();
    matches!((latest_start, earliest_end), (Some(start), Some(end)) if start < end)
}
// ANCHOR_END: in_progress_together

fn millis(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

fn main() {
    let mut work = Work {
        tasks: 4,
        slices: 8,
        count: 1_000_000,
    };
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("tasks") => work.tasks = cli::number(parser, "--tasks", 1..=32)?,
            Arg::Long("slices") => work.slices = cli::number(parser, "--slices", 1..=100)?,
            Arg::Long("count") => work.count = cli::number(parser, "--count", 1..=100_000_000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let cores = cores();
    println!(
        "{} tasks, each counting to {} in {} slices; this machine has {cores} cores.\n",
        work.tasks, work.count, work.slices
    );

    let (concurrent_totals, concurrent) = concurrently(work);
    println!(
        "1. Concurrently, one thread, slices taking turns: {}",
        millis(concurrent.wall_time())
    );
    let (parallel_totals, parallel) = in_parallel(work);
    println!(
        "2. In parallel, one thread per task:              {}",
        millis(parallel.wall_time())
    );
    let ratio = parallel.wall_time().as_secs_f64() / concurrent.wall_time().as_secs_f64();
    Figure::new(format!(
        "{} tasks of CPU work: one thread vs one thread per task",
        work.tasks
    ))
    .notes("serial 2.71 s; threads 2.70 s (crunch_numbers x4, the GIL)")
    .this_run(format!(
        "one thread {}; {} threads {} ({ratio:.2} of one thread)",
        millis(concurrent.wall_time()),
        work.tasks,
        millis(parallel.wall_time())
    ))
    .ideal(format!(
        "{:.2} of one thread (1/min({}, {cores} cores))",
        1.0 / work.tasks.min(cores) as f64,
        work.tasks
    ))
    .print();

    let chart = Chart::new("the same work: concurrent, then parallel")
        .run(concurrent.clone())
        .run(parallel.clone());
    println!();
    chart.print();
    if let Some(path) = svg {
        chart
            .generated_by(
                "cargo run --example concurrency_vs_parallelism -- --svg book/figures/concurrency_vs_parallelism.svg",
            )
            .write_svg(&path)
            .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
        println!("wrote {}", path.display());
    }

    assert_eq!(
        concurrent_totals, parallel_totals,
        "expected both ways to count the same totals"
    );
    assert!(
        concurrent.peak_overlap() == 1 && in_progress_together(&concurrent),
        "expected the concurrent run to have all tasks in progress at once, with never two \
         slices running at the same instant; got {concurrent:?}"
    );
    // That the threads were in progress together is certain (the barrier); how much faster they
    // finished depends on free cores, so the ratio is printed, not asserted.
    assert!(
        parallel.peak_overlap() == work.tasks && in_progress_together(&parallel),
        "expected all {} threads to be inside a slice at one moment, got {parallel:?}",
        work.tasks
    );
    println!(
        "\nAs expected: one thread interleaved the tasks one slice at a time; the threads were all \
         running their slices at one moment."
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use lesson_kit::timeline::Span;

    const SMALL: Work = Work {
        tasks: 4,
        slices: 5,
        count: 50_000,
    };

    #[test]
    fn one_thread_interleaves_the_tasks_but_never_runs_two_slices_at_once() {
        let (totals, run) = concurrently(SMALL);
        assert_eq!(totals, vec![count_to(50_000).wrapping_mul(5); 4]);
        assert_eq!(run.peak_overlap(), 1);
        assert!(in_progress_together(&run));
        // Round-robin: the slices come task-0, task-1, task-2, task-3, task-0, ...
        let order: Vec<&str> = run.spans.iter().map(|s| s.lane.as_str()).collect();
        assert_eq!(
            &order[..5],
            ["task-0", "task-1", "task-2", "task-3", "task-0"]
        );
    }

    #[test]
    fn threads_compute_the_same_totals_and_their_slices_overlap() {
        let (concurrent, _) = concurrently(SMALL);
        let (parallel, run) = in_parallel(SMALL);
        assert_eq!(concurrent, parallel);
        assert_eq!(run.peak_overlap(), 4, "{run:?}");
        assert!(in_progress_together(&run));
        assert_eq!(run.spans.len(), 4 * 5);
        assert_eq!(
            run.lanes(),
            ["thread-0", "thread-1", "thread-2", "thread-3"]
        );
    }

    #[test]
    fn tasks_done_one_after_another_are_not_in_progress_together() {
        let spans = (0..3)
            .map(|task| Span {
                lane: format!("task-{task}"),
                label: "all".into(),
                start: Duration::from_millis(10 * task),
                end: Duration::from_millis(10 * task + 10),
            })
            .collect();
        let run = Run {
            title: "serial".into(),
            spans,
        };
        assert!(!in_progress_together(&run));
    }
}
