//! Lesson: an `async fn` is a state machine, stepped by `poll` the way a generator is stepped by
//! `next()`.
//!
//! The notes end session 5 by saying that generators are what asyncio is built on. In Python, a
//! coroutine pauses at each `await` the way a generator pauses at `yield`, and the event loop
//! resumes it with `send(None)`. Rust compiles an `async fn` into a value with one `poll` method:
//! each call runs the function up to its next `await` that is not ready, returns `Pending`, and
//! remembers where it stopped; the last call returns `Ready(value)`. This lesson has no runtime
//! and no event loop: it calls `poll` by hand (`generators::poll`) and prints every step.
//!
//! Run: `cargo run --example poll_by_hand` (add `-- --from N` to count down from another number).

use std::hint::black_box;
use std::task::Poll;

use generators::poll::{countdown, countdown_polls, poll_by_hand, screen, yield_once};
use lesson_kit::Figure;
use lesson_kit::cli;

const USAGE: &str = "\
Poll an async fn by hand: Pending at every await, then Ready.

usage: cargo run --example poll_by_hand -- [--from N]

  --from N    count down from N, so the async fn has N await points (default 3, from 0 to 100)
  -h, --help  show this text
";

// ANCHOR: holds_buffer
/// An async fn whose local array lives across an `await`: the array must be kept in the future
/// itself, because the function's stack frame is gone between two polls.
async fn holds_a_buffer() -> u8 {
    let buffer = [7_u8; 1024];
    yield_once().await;
    black_box(&buffer)[1023]
}
// ANCHOR_END: holds_buffer

fn main() {
    let from: u32 = cli::only_number(USAGE, "from", 3, 0..=100);

    // ANCHOR: step
    println!("1. Calling countdown({from}) creates a future and runs none of its code:");
    let log = screen();
    let future = countdown(from, &log);
    println!(
        "   lines printed so far: {}; the future takes {} bytes",
        log.len(),
        size_of_val(&future)
    );
    println!("\n   Each poll runs it up to the next await that is not ready:");
    let polls = poll_by_hand(future);
    // ANCHOR_END: step

    let small = size_of_val(&countdown(from, &log));
    let buffered = size_of_val(&holds_a_buffer());
    println!("\n2. The future stores what lives across an await:");
    println!("   countdown's future: {small} bytes; holds_a_buffer's future: {buffered} bytes");
    let buffer_polls = poll_by_hand(holds_a_buffer());

    let pending = polls.iter().filter(|poll| poll.is_pending()).count();
    println!();
    Figure::new("how a paused function is stepped")
        .notes("a generator is stepped with next(); asyncio builds on that")
        .this_run(format!(
            "{} polls: {pending} Pending, then {:?}",
            polls.len(),
            polls.last().expect("at least one poll")
        ))
        .ideal(format!("one Pending per await ({from}), then Ready"))
        .print();

    assert_eq!(
        polls,
        countdown_polls(from),
        "expected one Pending per await point, then Ready(\"liftoff\")"
    );
    assert_eq!(log.len(), from as usize, "expected one line per number");
    assert!(
        buffered >= 1024,
        "expected a future that keeps a 1024-byte array across an await to be at least that big, got {buffered}"
    );
    assert_eq!(buffer_polls, [Poll::Pending, Poll::Ready(7)]);
    println!(
        "\nAs expected: Pending at each await, Ready at the end, nothing run before the first poll."
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::pin;
    use std::task::{Context, Waker};

    #[test]
    fn every_poll_runs_exactly_one_step_of_the_async_fn() {
        let log = screen();
        let mut future = pin!(countdown(3, &log));
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(log.len(), 0, "creating the future ran some of its code");
        let mut trace = Vec::new();
        for _ in 0..4 {
            let poll = future.as_mut().poll(&mut cx);
            trace.push((poll, log.lines()));
        }
        let lines = |n: usize| {
            let all = ["counting 3", "counting 2", "counting 1"];
            all[..n]
                .iter()
                .map(|line| line.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            trace,
            [
                (Poll::Pending, lines(1)),
                (Poll::Pending, lines(2)),
                (Poll::Pending, lines(3)),
                (Poll::Ready("liftoff"), lines(3)),
            ]
        );
    }

    #[test]
    fn a_local_kept_across_an_await_is_stored_in_the_future() {
        assert!(size_of_val(&holds_a_buffer()) >= 1024);
        let log = screen();
        assert!(size_of_val(&countdown(3, &log)) < 1024);
    }

    #[test]
    #[should_panic(expected = "`async fn` resumed after completion")]
    fn polling_a_finished_async_fn_panics_like_a_bug() {
        // Python's next() on a finished generator raises StopIteration; a finished future has
        // nothing to give, and executors never poll one again.
        let log = screen();
        let mut future = pin!(countdown(0, &log));
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(future.as_mut().poll(&mut cx), Poll::Ready("liftoff"));
        let _ = future.as_mut().poll(&mut cx);
    }
}
