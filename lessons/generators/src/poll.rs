//! What the lessons `poll_by_hand` and `countdown_machine` step: the smallest `await` point, an
//! `async fn` with one of them per number, and the loop an executor reduces to.

use std::fmt::Debug;
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use crate::screen::Screen;

/// A future stepped by hand should finish in a few polls; this many means it never will.
pub const MAX_POLLS: usize = 1000;

/// Where the async functions print what they do: each line under its poll.
pub fn screen() -> Screen {
    Screen::new("      ")
}

// ANCHOR: yield_once
/// The smallest `await` point: not ready the first time it is polled, ready the second time.
/// It is what a real future returns while it waits for a timer or a socket.
pub struct YieldOnce {
    yielded: bool,
}

pub fn yield_once() -> YieldOnce {
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
pub async fn countdown(from: u32, log: &Screen) -> &'static str {
    for n in (1..=from).rev() {
        log.print(format!("counting {n}"));
        yield_once().await;
    }
    "liftoff"
}
// ANCHOR_END: async_fn

// ANCHOR: by_hand
/// What an executor does, reduced to a loop: poll until `Ready`. Returns every poll's result.
/// A real executor would sleep until the waker is called; with a no-op waker we just poll again.
pub fn poll_by_hand<F: Future<Output: Debug>>(future: F) -> Vec<Poll<F::Output>> {
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

/// What `countdown(from)` returns, poll by poll: one `Pending` per await point, then `Ready`.
pub fn countdown_polls(from: u32) -> Vec<Poll<&'static str>> {
    let mut polls: Vec<_> = (0..from).map(|_| Poll::Pending).collect();
    polls.push(Poll::Ready("liftoff"));
    polls
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    #[test]
    fn yield_once_wakes_its_task_before_returning_pending() {
        struct CountWakes(AtomicUsize);
        impl Wake for CountWakes {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let wakes = Arc::new(CountWakes(AtomicUsize::new(0)));
        let waker = Waker::from(Arc::clone(&wakes));
        let mut cx = Context::from_waker(&waker);
        let log = screen();
        let mut future = pin!(countdown(5, &log));
        while future.as_mut().poll(&mut cx).is_pending() {}
        // Without those wakes a real executor would never poll the future again.
        assert_eq!(wakes.0.load(Ordering::SeqCst), 5);
    }

    #[test]
    fn poll_by_hand_polls_until_ready_and_returns_every_poll() {
        for from in [0, 1, 7] {
            let log = screen();
            assert_eq!(poll_by_hand(countdown(from, &log)), countdown_polls(from));
            assert_eq!(log.len(), from as usize);
        }
    }

    #[test]
    #[should_panic(expected = "still Pending after 1000 polls")]
    fn poll_by_hand_gives_up_on_a_future_that_is_never_ready() {
        poll_by_hand(std::future::pending::<()>());
    }
}
