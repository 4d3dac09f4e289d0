//! Shared code of the first lessons (`scraper`, `blocking_sleep`, `starvation`): a timeline read
//! from tokio's clock, and a piece of work that keeps a core busy.
//!
//! `lesson_kit::Timeline::new` reads the system's clock. That is right for the real runs, but the tests
//! run these lessons on tokio's paused clock, where time moves only when every task waits, and
//! then straight to the next timer. A span read from tokio's clock is exact there: a 600 ms sleep
//! is 600 ms of virtual time, on any machine. On a runtime whose clock is not paused, tokio's
//! clock is the system's, so the same code measures real runs too.

use std::hint::black_box;

use lesson_kit::Timeline;

/// A timeline that reads tokio's clock; call it inside a runtime, since tokio's clock belongs to
/// one. Its spans can be held across an `.await`, so they measure a task's step with its waits.
pub fn tokio_timeline() -> Timeline {
    Timeline::with_clock(|| tokio::time::Instant::now().into_std())
}

/// Work for the processor and nothing else: adds up `i * i` for `i < n`. `black_box` keeps the
/// optimizer from replacing the loop with its result, so the time it takes is real.
pub fn crunch(n: u64) -> u128 {
    let mut sum: u128 = 0;
    for i in 0..n {
        sum += u128::from(black_box(i)) * u128::from(i);
    }
    black_box(sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

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
    fn crunch_adds_the_squares() {
        assert_eq!(crunch(4), 1 + 4 + 9);
        assert_eq!(crunch(0), 0);
    }
}
