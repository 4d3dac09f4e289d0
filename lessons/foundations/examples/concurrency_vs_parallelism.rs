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
//! Scale: each task counts 8 slices of 1 000 000 (the notes' task counted to 10 million).
//!
//! Run: `cargo run --example concurrency_vs_parallelism` (try `-- --tasks 8`). Its flags and its
//! printed figure are in `src/slices.rs`, with the work they describe.

use std::sync::Barrier;

use foundations::slices::Work;
use foundations::workers::on_threads;
use lesson_kit::timeline::{Run, current_lane};
use lesson_kit::work::crunch_numbers;
use lesson_kit::{Chart, Timeline, cores};

// ANCHOR: concurrent
/// Concurrency on one thread: a round-robin loop runs one slice of each task in turn. Each
/// slice is recorded on its task's lane, so the chart shows the tasks taking turns.
fn concurrently(work: Work) -> (Vec<u64>, Run) {
    let timeline = Timeline::new();
    let mut totals = vec![0_u64; work.tasks];
    for slice in 0..work.slices {
        for (task, total) in totals.iter_mut().enumerate() {
            let _running = timeline.begin(format!("task-{task}"), format!("slice {slice}"));
            *total += crunch_numbers(work.count);
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
    // Threads named thread-0, thread-1, ...: see src/workers.rs.
    let totals = on_threads("thread", work.tasks, |_task| {
        let mut total = 0_u64;
        for slice in 0..work.slices {
            let _running = timeline.begin(current_lane(), format!("slice {slice}"));
            if slice == 0 {
                all_started.wait();
            }
            total += crunch_numbers(work.count);
        }
        total
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
    let spans = |lane: &str| {
        run.spans
            .iter()
            .filter(|s| s.lane == lane)
            .collect::<Vec<_>>()
    };
    let first_start = |lane: &&str| spans(lane).iter().map(|span| span.start).min();
    let last_end = |lane: &&str| spans(lane).iter().map(|span| span.end).max();
    let latest_start = lanes.iter().filter_map(first_start).max();
    let earliest_end = lanes.iter().filter_map(last_end).min();
    matches!((latest_start, earliest_end), (Some(start), Some(end)) if start < end)
}
// ANCHOR_END: in_progress_together

fn main() {
    let (work, svg) = Work::from_args(std::env::args_os().skip(1));
    let cores = cores();
    println!(
        "{} tasks, each counting to {} in {} slices; this machine has {cores} cores.\n",
        work.tasks, work.count, work.slices
    );

    let (concurrent_totals, concurrent) = concurrently(work);
    let (parallel_totals, parallel) = in_parallel(work);
    // Both wall times, and the figure: the notes' Python threads, this run, and the ideal.
    work.print_times(&concurrent, &parallel, cores);

    let chart = Chart::new("the same work: concurrent, then parallel")
        .run(concurrent.clone())
        .run(parallel.clone());
    println!();
    chart.show("concurrency_vs_parallelism", svg.as_deref());

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
    use std::time::Duration;

    const SMALL: Work = Work {
        tasks: 4,
        slices: 5,
        count: 50_000,
    };

    #[test]
    fn one_thread_interleaves_the_tasks_but_never_runs_two_slices_at_once() {
        let (totals, run) = concurrently(SMALL);
        // Every task counted all its 5 slices all the way.
        assert_eq!(totals, vec![5 * 50_000; 4]);
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
        let timeline = Timeline::new();
        let at = |millis| timeline.origin() + Duration::from_millis(millis);
        for task in 0..3 {
            let lane = format!("task-{task}");
            timeline.add(lane, "all", at(10 * task), at(10 * task + 10));
        }
        assert!(!in_progress_together(&timeline.finish("serial")));
    }
}
