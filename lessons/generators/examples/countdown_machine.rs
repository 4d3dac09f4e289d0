//! Lesson: the state machine the compiler makes of an `async fn`, written by hand.
//!
//! The lesson `poll_by_hand` steps the async fn `countdown` with `poll`: it runs up to each
//! `await` that is not ready, returns `Pending`, and goes on from there at the next poll. How can
//! a function stop in the middle and go on later? The compiler turns it into a state machine: a
//! struct for its local variables, and an enum of the places where it can be paused. This lesson
//! writes that machine by hand, polls it the same way, and checks that it steps exactly like the
//! async fn: the same lines printed, the same `Pending`s, the same `Ready` value.
//!
//! Run: `cargo run --example countdown_machine` (add `-- --from N` to count down from another number).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use generators::poll::{YieldOnce, countdown, poll_by_hand, screen, yield_once};
use generators::screen::Screen;
use lesson_kit::Figure;
use lesson_kit::cli;

const USAGE: &str = "\
The async fn `countdown` as a hand-written state machine, polled like the async fn.

usage: cargo run --example countdown_machine -- [--from N]

  --from N    count down from N, so there are N await points (default 3, from 0 to 100)
  -h, --help  show this text
";

// ANCHOR: machine
/// `countdown` written out by hand, as the kind of state machine the compiler makes of it: the
/// local variables, and an enum of the places where the function can be paused.
struct Countdown<'a> {
    log: &'a Screen,
    n: u32,
    state: Step,
}

enum Step {
    /// Created: nothing has run yet.
    Start,
    /// Paused at the `await` inside the loop; the future it awaits lives here.
    Waiting(YieldOnce),
    /// Returned its value; polling again is a bug.
    Done,
}

fn countdown_machine(from: u32, log: &Screen) -> Countdown<'_> {
    Countdown {
        log,
        n: from,
        state: Step::Start,
    }
}

impl Future for Countdown<'_> {
    type Output = &'static str;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        // Nothing here points into the struct itself, so it may be moved: it is `Unpin`.
        let this = self.get_mut();
        loop {
            // Resume where the last poll stopped.
            match &mut this.state {
                Step::Start => {}
                Step::Waiting(await_point) => {
                    if Pin::new(await_point).poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    this.n -= 1;
                }
                Step::Done => panic!("Countdown polled after it returned"),
            }
            // The top of the `for` loop: finish, or count and reach the next `await`.
            if this.n == 0 {
                this.state = Step::Done;
                return Poll::Ready("liftoff");
            }
            this.log.print(format!("counting {}", this.n));
            this.state = Step::Waiting(yield_once());
        }
    }
}
// ANCHOR_END: machine

fn main() {
    let from: u32 = cli::only_number(USAGE, "from", 3, 0..=100);

    println!("1. The async fn countdown({from}), polled by hand:");
    let log = screen();
    let polls = poll_by_hand(countdown(from, &log));

    println!("\n2. The same countdown as a hand-written state machine, polled the same way:");
    let machine_log = screen();
    let machine_polls = poll_by_hand(countdown_machine(from, &machine_log));

    println!();
    Figure::new("what the hand-written machine does, poll by poll")
        .notes("asyncio is built on generators")
        .this_run(format!(
            "{} polls, {} lines printed; the async fn: {} polls, {} lines",
            machine_polls.len(),
            machine_log.len(),
            polls.len(),
            log.len()
        ))
        .ideal("exactly what the async fn does")
        .print();

    assert_eq!(
        machine_polls, polls,
        "expected the hand-written state machine to step like the async fn"
    );
    assert_eq!(
        machine_log.lines(),
        log.lines(),
        "expected both to print the same lines"
    );
    println!("\nAs expected: the hand-written machine steps exactly like the async fn.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hand_written_machine_steps_exactly_like_the_async_fn() {
        for from in 0..=20 {
            let (a, b) = (screen(), screen());
            let by_compiler = poll_by_hand(countdown(from, &a));
            let by_hand = poll_by_hand(countdown_machine(from, &b));
            assert_eq!(by_compiler, by_hand, "from {from}");
            assert_eq!(by_compiler.len(), from as usize + 1, "from {from}");
            assert_eq!(a.lines(), b.lines(), "from {from}");
        }
    }

    #[test]
    #[should_panic(expected = "Countdown polled after it returned")]
    fn polling_the_finished_machine_panics_like_the_async_fn() {
        let log = screen();
        let mut machine = countdown_machine(0, &log);
        let mut cx = Context::from_waker(std::task::Waker::noop());
        assert_eq!(Pin::new(&mut machine).poll(&mut cx), Poll::Ready("liftoff"));
        let _ = Pin::new(&mut machine).poll(&mut cx);
    }
}
