//! The CPU work of the lessons `square_roots` and `sum_of_squares`, the roles of the child
//! processes that do it, and the parent's side of a run of such children.
//!
//! A child gets its share of the work as flags, waits for the parent's go (so that all children
//! start together), reports each piece of work as a span for the parent's timeline, and says one
//! `result ...` line per piece. Text over a pipe is the only thing two processes share here.

use std::hint::black_box;
use std::ops::Range;
use std::str::FromStr;
use std::thread;
use std::time::{Duration, SystemTime};

use lesson_kit::Timeline;
use lesson_kit::meeting::Meeting;
use lesson_kit::process::{self, Args, Children, Finished, Launch};
use lesson_kit::timeline::Run;
use lesson_kit::work::sum_of_squares;

/// The role of a child that sums the square roots of `--from` up to (not including) `--to`.
pub const ROOTS_ROLE: &str = "square_roots";
/// The role of a child that sums the squares below each of `--numbers` (comma-separated).
pub const SQUARES_ROLE: &str = "sum_of_squares";

/// The sum of the square roots of every number in `numbers`. `black_box` keeps the optimiser
/// from computing anything ahead of time.
pub fn sum_of_roots(numbers: Range<u64>) -> f64 {
    let mut sum = 0.0;
    for i in numbers {
        sum += (black_box(i) as f64).sqrt();
    }
    black_box(sum)
}

/// Whether two float sums agree to a relative `1e-9`: sums of the same numbers added in another
/// order (per piece, then the pieces) differ in their last bits, never more.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// The label of the span of the roots of `numbers`.
pub fn roots_label(numbers: &Range<u64>) -> String {
    format!("roots {}..{}", numbers.start, numbers.end)
}

/// The label of the span of the sum of squares below `n`.
pub fn squares_label(n: u64) -> String {
    format!("n={n}")
}

/// The role [`ROOTS_ROLE`].
pub fn roots_role(args: &Args) -> Result<(), String> {
    let numbers = args.get("--from")?..args.get("--to")?;
    // The span starts before the parent's go, so every child's span holds the moment of the go:
    // the children's spans overlap however late the system lets each one work after it.
    let waiting = SystemTime::now();
    if process::ready_for_go() {
        let sum = sum_of_roots(numbers.clone());
        process::report_span(roots_label(&numbers), waiting, SystemTime::now());
        // A float's `Display` is the shortest text that reads back as the very same float.
        process::say(format!("result {sum}"));
    }
    Ok(())
}

/// The role [`SQUARES_ROLE`].
pub fn squares_role(args: &Args) -> Result<(), String> {
    let list: String = args.get("--numbers")?;
    let numbers: Vec<u64> = list
        .split(',')
        .map(|n| n.parse().map_err(|_| format!("not a number: {n:?}")))
        .collect::<Result<_, _>>()?;
    if process::ready_for_go() {
        for n in numbers {
            let sum = process::timed(squares_label(n), || sum_of_squares(0..n));
            process::say(format!("result {sum}"));
        }
    }
    Ok(())
}

/// A child for each launch, all told to go at once; each one's spans go on `timeline`, in a lane
/// named after it. Returns the values of every child's `result` lines, child after child: the
/// order of the launches. Every child is killed if the run is not over within `limit`.
pub fn run_children<T: FromStr>(
    launches: Vec<Launch>,
    limit: Duration,
    timeline: &Timeline,
) -> Result<Vec<T>, String> {
    let mut children = Children::start(launches, limit).map_err(|error| error.to_string())?;
    children.ready_go().map_err(|error| error.to_string())?;
    let finished = children.finish().map_err(|error| error.to_string())?;
    let mut values = Vec::new();
    for child in finished {
        let child: Finished = child.ok().map_err(|error| error.to_string())?;
        child.record_on(timeline);
        for line in &child.lines {
            let value = line.strip_prefix("result ").and_then(|v| v.parse().ok());
            values.push(value.ok_or_else(|| format!("{} said {line:?}", child.name))?);
        }
    }
    Ok(values)
}

/// The launches of children of `job` that sum the roots of one range each.
pub fn roots_launches(job: &Launch, ranges: &[Range<u64>]) -> Vec<Launch> {
    let launch = |range: &Range<u64>| {
        job.clone()
            .arg("--from", range.start)
            .arg("--to", range.end)
    };
    ranges.iter().map(launch).collect()
}

/// The launches of children of `job` that sum the squares below their share of `numbers`: the
/// numbers cut into `workers` blocks in order, as `Pool.map` hands out chunks.
pub fn squares_launches(job: &Launch, numbers: &[u64], workers: usize) -> Vec<Launch> {
    let chunk = numbers.len().div_ceil(workers.max(1)).max(1);
    let list = |share: &[u64]| {
        share
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    let launch = |share: &[u64]| job.clone().arg("--numbers", list(share));
    numbers.chunks(chunk).map(launch).collect()
}

// ANCHOR: roots_on_threads
/// The roots of each range on a thread of its own (`thread-0`, ...). Each thread first arrives
/// at `meeting`, which is met only if every thread was running at one moment.
pub fn roots_on_threads(ranges: &[Range<u64>], meeting: &Meeting, timeline: &Timeline) -> Vec<f64> {
    thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(i, range)| {
                // The span holds the meeting: every thread's span holds the moment they all
                // met, so the spans overlap however the system schedules them after it.
                let work = move || {
                    timeline.record(roots_label(range), || {
                        meeting.arrive();
                        sum_of_roots(range.clone())
                    })
                };
                let thread = thread::Builder::new().name(format!("thread-{i}"));
                thread
                    .spawn_scoped(scope, work)
                    .expect("the OS refused a thread")
            })
            .collect();
        let results = handles.into_iter().map(|handle| handle.join());
        results.map(|sum| sum.expect("a thread panicked")).collect()
    })
}
// ANCHOR_END: roots_on_threads

// ANCHOR: squares_on_threads
/// The sums on `workers` threads (`thread-0`, ...), each taking a block of the numbers, as the
/// processes do; the results come back in the order of `numbers`.
pub fn squares_on_threads(numbers: &[u64], workers: usize, timeline: &Timeline) -> Vec<u128> {
    let chunk = numbers.len().div_ceil(workers.max(1)).max(1);
    thread::scope(|scope| {
        let handles: Vec<_> = numbers
            .chunks(chunk)
            .enumerate()
            .map(|(i, share)| {
                let each = |&n: &u64| timeline.record(squares_label(n), || sum_of_squares(0..n));
                let work = move || share.iter().map(each).collect::<Vec<u128>>();
                let thread = thread::Builder::new().name(format!("thread-{i}"));
                thread
                    .spawn_scoped(scope, work)
                    .expect("the OS refused a thread")
            })
            .collect();
        let blocks = handles.into_iter().map(|handle| handle.join());
        blocks
            .flat_map(|sums| sums.expect("a thread panicked"))
            .collect()
    })
}
// ANCHOR_END: squares_on_threads

pub use lesson_kit::timeline::{Measured, measure};

/// The spans of `run` that are work, without the processes' `start` spans.
pub fn work_only(run: &Run) -> Run {
    let spans = run.spans.iter().filter(|span| span.label != "start");
    Run {
        title: run.title.clone(),
        spans: spans.cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sums_overflow_u64_but_not_u128() {
        // In u64, with checked arithmetic: the first square that no longer fits in the sum.
        let mut sum: u64 = 0;
        let overflow = (0..5_000_000u64).find(|&i| match sum.checked_add(i * i) {
            Some(more) => {
                sum = more;
                false
            }
            None => true,
        });
        let at = overflow.expect("expected the u64 sum below 5000000 to overflow");
        assert!(
            (3_000_000..4_000_000).contains(&at),
            "it overflowed at {at}"
        );
        assert!(sum_of_squares(0..5_000_000) > u128::from(u64::MAX));
    }

    #[test]
    fn the_roots_of_the_first_squares_are_whole_numbers() {
        assert_eq!(sum_of_roots(1..1), 0.0);
        assert_eq!(sum_of_roots(1..2), 1.0);
        assert_eq!(sum_of_roots(4..5) + sum_of_roots(9..10), 5.0);
    }

    #[test]
    fn sums_in_another_order_are_close_but_a_missing_number_is_not() {
        let whole = sum_of_roots(1..1_000_001);
        let in_parts = sum_of_roots(1..333_333) + sum_of_roots(333_333..1_000_001);
        assert!(close(whole, in_parts), "{whole} {in_parts}");
        assert!(!close(whole, whole - 1.0), "the root of 1 is missing");
    }

    #[test]
    fn each_child_gets_its_share_of_the_numbers_in_order() {
        let job = lesson_kit::process::Program::at("/bin/child").role(SQUARES_ROLE);
        let launches = squares_launches(&job, &[1, 2, 3, 4, 5], 2);
        let args: Vec<Vec<String>> = launches
            .iter()
            .map(|launch| {
                let command = launch.command();
                command
                    .get_args()
                    .map(|arg| arg.to_string_lossy().into())
                    .collect()
            })
            .collect();
        assert_eq!(args, [["--numbers=1,2,3"], ["--numbers=4,5"]]);
    }
}
