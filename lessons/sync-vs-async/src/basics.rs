//! Shared code of the first lessons (`scraper`, `blocking_sleep`, `starvation`, `more_workers`):
//! a timeline read from tokio's clock, a one-thread runtime, and how they print short times.
//!
//! `lesson_kit::Timeline::new` reads the system's clock. That is right for the real runs, but the tests
//! run these lessons on tokio's paused clock, where time moves only when every task waits, and
//! then straight to the next timer. A span read from tokio's clock is exact there: a 600 ms sleep
//! is 600 ms of virtual time, on any machine. On a runtime whose clock is not paused, tokio's
//! clock is the system's, so the same code measures real runs too.

use std::panic::{self, UnwindSafe};
use std::time::Duration;

use lesson_kit::timeline::Run;
use lesson_kit::timeout::panic_message;
use lesson_kit::{Figure, Timeline, seconds};

/// A timeline that reads tokio's clock; call it inside a runtime, since tokio's clock belongs to
/// one. Its spans can be held across an `.await`, so they measure a task's step with its waits.
pub fn tokio_timeline() -> Timeline {
    Timeline::with_clock(|| tokio::time::Instant::now().into_std())
}

/// A runtime like asyncio's event loop: one thread (the one that calls `block_on`) runs every
/// task, with timers.
pub fn one_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("could not start the tokio runtime")
}

/// A short time in milliseconds with one decimal, the way these lessons print them: `66.3 ms`.
pub fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// Prints the lesson `blocking_sleep`'s figures: `tasks` tasks that each waited `unit`, with the
/// thread's sleep (`blocking`) and with tokio's (`waiting`).
pub fn print_sleep_figures(tasks: usize, unit: Duration, blocking: &Run, waiting: &Run) {
    let (slow, fast) = (seconds(blocking.wall_time()), seconds(waiting.wall_time()));
    let (sum, one) = (seconds(unit * tasks as u32), seconds(unit));
    Figure::new(format!(
        "wall time of {tasks} waiting tasks on one thread: std::thread::sleep / tokio::time::sleep"
    ))
    .notes("(no figure) time.sleep locks the thread; asyncio.sleep waits in the background")
    .this_run(format!("{slow} / {fast}"))
    .ideal(format!(
        "{sum} / {one} (blocking waits add up; async waits overlap; no core is needed to wait)"
    ))
    .print();
    let (alone, together) = (blocking.peak_overlap(), waiting.peak_overlap());
    Figure::new("most tasks waiting at the same moment")
        .notes("(no figure) one with time.sleep; all with asyncio.sleep")
        .this_run(format!("{alone} / {together}"))
        .ideal(format!("1 / {tasks}"))
        .print();
}

/// The message of the panic that `run` causes, or `None` if it returned.
pub fn panic_of<T>(run: impl FnOnce() -> T + UnwindSafe) -> Option<String> {
    panic::catch_unwind(run)
        .err()
        .map(|payload| panic_message(payload.as_ref()))
}

/// What the lesson `no_runtime` saw of a future and a spawned task that nobody awaited: how many
/// times each ran.
#[derive(Debug, PartialEq, Eq)]
pub struct Laziness {
    pub future_runs: usize,
    pub task_runs: usize,
}

/// What tokio says when there is no runtime, or no timer in it (the lesson `no_runtime`): the
/// error of `Handle::try_current()`, and the message of each panic (`None`: no panic).
#[derive(Debug)]
pub struct Outside {
    pub current: String,
    pub spawn: Option<String>,
    pub sleep: Option<String>,
    pub sleep_without_timers: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_span_held_across_a_sleep_measures_the_virtual_time_exactly() {
        let spans = tokio_timeline();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let recording = spans.begin("task-0", "sleep");
        tokio::time::sleep(Duration::from_millis(600)).await;
        recording.end();
        let run = spans.finish("one sleep");
        assert_eq!(run.spans.len(), 1);
        let span = &run.spans[0];
        assert_eq!(
            (span.lane.as_str(), span.start, span.end),
            (
                "task-0",
                Duration::from_millis(300),
                Duration::from_millis(900)
            )
        );
    }

    #[test]
    fn panic_of_gives_the_message_of_a_panic_and_none_without_one() {
        assert_eq!(panic_of(|| 6 * 7), None);
        let hook = panic::take_hook();
        panic::set_hook(Box::new(|_| {}));
        let message = panic_of(|| panic!("no runtime"));
        panic::set_hook(hook);
        assert_eq!(message.as_deref(), Some("no runtime"));
    }

    #[test]
    fn short_times_have_one_decimal() {
        assert_eq!(ms(Duration::from_micros(66_345)), "66.3 ms");
        assert_eq!(ms(Duration::from_millis(500)), "500.0 ms");
    }
}
