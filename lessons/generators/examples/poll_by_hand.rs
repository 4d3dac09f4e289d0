//! Lesson: an `async fn` is a state machine, stepped by `poll` the way a generator is stepped by
//! `next()`.
//!
//! The notes end session 5 by saying that generators are what asyncio is built on. In Python, a
//! coroutine pauses at each `await` the way a generator pauses at `yield`, and the event loop
//! resumes it with `send(None)`. Rust compiles an `async fn` into a value with one `poll` method:
//! each call runs the function up to its next `await` that is not ready, returns `Pending`, and
//! remembers where it stopped; the last call returns `Ready(value)`. This lesson has no runtime
//! and no event loop: it calls `poll` by hand and prints every step.
//!
//! Run: `cargo run --example poll_by_hand` (add `-- --from N` to count down from another number).

use std::cell::RefCell;
use std::fmt::Debug;
use std::future::Future;
use std::hint::black_box;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};

const USAGE: &str = "\
Poll an async fn by hand: Pending at every await, then Ready.

usage: cargo run --example poll_by_hand -- [--from N]

  --from N    count down from N, so the async fn has N await points (default 3, from 0 to 100)
  -h, --help  show this text
";

/// A future stepped by hand should finish in a few polls; this many means it never will.
const MAX_POLLS: usize = 1000;

/// What the async functions print, kept so the tests can check the order of the steps.
#[derive(Default)]
struct Log(RefCell<Vec<String>>);

impl Log {
    fn say(&self, line: String) {
        println!("      {line}");
        self.0.borrow_mut().push(line);
    }

    fn len(&self) -> usize {
        self.0.borrow().len()
    }
}

// ANCHOR: yield_once
/// The smallest `await` point: not ready the first time it is polled, ready the second time.
/// It is what a real future returns while it waits for a timer or a socket.
struct YieldOnce {
    yielded: bool,
}

fn yield_once() -> YieldOnce {
    YieldOnce { yielded: false }
}

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            Poll::Ready(())
        } else {
            self.yielded = true;
            // A future that returns Pending promises to wake its task when it can go on; here
            // it can go on at once.
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}
// ANCHOR_END: yield_once

// ANCHOR: async_fn
/// An async fn with one `await` per number: a count down, printing as it goes.
async fn countdown(from: u32, log: &Log) -> &'static str {
    for n in (1..=from).rev() {
        log.say(format!("counting {n}"));
        yield_once().await;
    }
    "liftoff"
}
// ANCHOR_END: async_fn

// ANCHOR: by_hand
/// What an executor does, reduced to a loop: poll until `Ready`. Returns every poll's result.
/// A real executor would sleep until the waker is called; with a no-op waker we just poll again.
fn poll_by_hand<F: Future<Output: Debug>>(future: F) -> Vec<Poll<F::Output>> {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    let mut polls = Vec::new();
    loop {
        println!("   poll #{}", polls.len() + 1);
        let poll = future.as_mut().poll(&mut cx);
        println!("      returned {poll:?}");
        let ready = poll.is_ready();
        polls.push(poll);
        if ready {
            return polls;
        }
        assert!(
            polls.len() < MAX_POLLS,
            "still Pending after {MAX_POLLS} polls"
        );
    }
}
// ANCHOR_END: by_hand

// ANCHOR: machine
/// `countdown` written out by hand, as the kind of state machine the compiler makes of it: the
/// local variables, and an enum of the places where the function can be paused.
struct Countdown<'a> {
    log: &'a Log,
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

fn countdown_machine(from: u32, log: &Log) -> Countdown<'_> {
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
            this.log.say(format!("counting {}", this.n));
            this.state = Step::Waiting(yield_once());
        }
    }
}
// ANCHOR_END: machine

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
    let mut from: u32 = 3;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("from") => from = cli::number(parser, "--from", 0..=100)?,
            other => return Err(other.unexpected()),
        }
        Ok(())
    });

    // ANCHOR: step
    println!("1. Calling countdown({from}) creates a future and runs none of its code:");
    let log = Log::default();
    let future = countdown(from, &log);
    println!(
        "   lines printed so far: {}; the future takes {} bytes",
        log.len(),
        size_of_val(&future)
    );
    println!("\n   Each poll runs it up to the next await that is not ready:");
    let polls = poll_by_hand(future);
    // ANCHOR_END: step

    println!("\n2. The same countdown as a hand-written state machine, polled the same way:");
    let machine_log = Log::default();
    let machine_polls = poll_by_hand(countdown_machine(from, &machine_log));

    let small = size_of_val(&countdown(from, &log));
    let buffered = size_of_val(&holds_a_buffer());
    println!("\n3. The future stores what lives across an await:");
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

    let mut expected: Vec<Poll<&str>> = (0..from).map(|_| Poll::Pending).collect();
    expected.push(Poll::Ready("liftoff"));
    assert_eq!(
        polls, expected,
        "expected one Pending per await point, then Ready(\"liftoff\")"
    );
    assert_eq!(
        machine_polls, polls,
        "expected the hand-written state machine to step like the async fn"
    );
    assert_eq!(
        *machine_log.0.borrow(),
        *log.0.borrow(),
        "expected both to print the same lines"
    );
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

    #[test]
    fn every_poll_runs_exactly_one_step_of_the_async_fn() {
        let log = Log::default();
        let mut future = pin!(countdown(3, &log));
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(log.len(), 0, "creating the future ran some of its code");
        let mut trace = Vec::new();
        for _ in 0..4 {
            let poll = future.as_mut().poll(&mut cx);
            trace.push((poll, log.0.borrow().clone()));
        }
        let lines = |n: usize| {
            ["counting 3", "counting 2", "counting 1"][..n]
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
    fn the_hand_written_machine_steps_exactly_like_the_async_fn() {
        for from in 0..=20 {
            let (a, b) = (Log::default(), Log::default());
            let by_compiler = poll_by_hand(countdown(from, &a));
            let by_hand = poll_by_hand(countdown_machine(from, &b));
            assert_eq!(by_compiler, by_hand, "from {from}");
            assert_eq!(by_compiler.len(), from as usize + 1, "from {from}");
            assert_eq!(*a.0.borrow(), *b.0.borrow(), "from {from}");
        }
    }

    #[test]
    fn yield_once_wakes_its_task_before_returning_pending() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::task::Wake;

        struct CountWakes(AtomicUsize);
        impl Wake for CountWakes {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let wakes = Arc::new(CountWakes(AtomicUsize::new(0)));
        let waker = Waker::from(Arc::clone(&wakes));
        let mut cx = Context::from_waker(&waker);
        let log = Log::default();
        let mut future = pin!(countdown(5, &log));
        while future.as_mut().poll(&mut cx).is_pending() {}
        // Without those wakes a real executor would never poll the future again.
        assert_eq!(wakes.0.load(Ordering::SeqCst), 5);
    }

    #[test]
    fn a_local_kept_across_an_await_is_stored_in_the_future() {
        assert!(size_of_val(&holds_a_buffer()) >= 1024);
        let log = Log::default();
        assert!(size_of_val(&countdown(3, &log)) < 1024);
    }

    #[test]
    #[should_panic(expected = "`async fn` resumed after completion")]
    fn polling_a_finished_async_fn_panics_like_a_bug() {
        // Python's next() on a finished generator raises StopIteration; a finished future has
        // nothing to give, and executors never poll one again.
        let log = Log::default();
        let mut future = pin!(countdown(0, &log));
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(future.as_mut().poll(&mut cx), Poll::Ready("liftoff"));
        let _ = future.as_mut().poll(&mut cx);
    }
}
