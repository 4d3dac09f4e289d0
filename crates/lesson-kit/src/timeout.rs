//! Run work on its own thread and stop waiting after a deadline.
//!
//! A lesson that may deadlock must never hang the learner's terminal or the test run, so every
//! wait on code that could block forever goes through here. The thread of a timed-out call is left
//! behind (Rust cannot kill a thread); it dies when the process exits.

use std::fmt;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Why [`run_with_timeout`] gave no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The work was still running when the deadline passed (a deadlock, or an endless loop).
    TimedOut(Duration),
    /// The work panicked; the panic's message.
    Panicked(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::TimedOut(limit) => write!(
                f,
                "still running after {limit:?}: a deadlock, or a wait that never ends"
            ),
            Failure::Panicked(message) => write!(f, "panicked: {message}"),
        }
    }
}

impl std::error::Error for Failure {}

/// Runs `work` on a new thread and waits at most `limit` for its result.
pub fn run_with_timeout<T, F>(limit: Duration, work: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (done, result) = mpsc::channel();
    let handle = thread::Builder::new()
        .name("timed-work".into())
        .spawn(move || {
            // The receiver may be gone after a timeout; nobody is left to tell.
            let _ = done.send(work());
        })
        .expect("the OS refused to start a thread");
    match result.recv_timeout(limit) {
        Ok(value) => Ok(value),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Failure::TimedOut(limit)),
        // The sender was dropped without sending: the work panicked.
        Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(payload) => Err(Failure::Panicked(panic_message(payload.as_ref()))),
            Ok(()) => unreachable!("the work returned without sending its result"),
        },
    }
}

/// Runs `work` like [`run_with_timeout`] and returns its value; if it times out or panics,
/// panics with a message naming `what` and the failure. For lessons, whose every run must end
/// with either its story or a message that says which step never finished.
pub fn must_finish<T, F>(limit: Duration, what: &str, work: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    run_with_timeout(limit, work)
        .unwrap_or_else(|failure| panic!("{what} did not finish: {failure}"))
}

/// The text of a panic payload (`panic!("...")` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic with a payload that is not text".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    #[test]
    fn returns_the_value_of_work_that_finishes() {
        assert_eq!(run_with_timeout(Duration::from_secs(5), || 6 * 7), Ok(42));
    }

    #[test]
    fn reports_work_that_never_finishes_instead_of_hanging() {
        // A barrier for two that only one thread ever reaches: blocked for good.
        let never = Arc::new(Barrier::new(2));
        let outcome = run_with_timeout(Duration::from_millis(50), move || {
            never.wait();
        });
        assert_eq!(outcome, Err(Failure::TimedOut(Duration::from_millis(50))));
    }

    #[test]
    fn must_finish_returns_the_value_or_names_the_step_that_did_not_finish() {
        assert_eq!(must_finish(Duration::from_secs(5), "the sum", || 6 * 7), 42);
        let stuck = std::panic::catch_unwind(|| {
            must_finish(Duration::from_millis(20), "the forced race", || {
                Barrier::new(2).wait();
            })
        });
        let message = panic_message(stuck.unwrap_err().as_ref());
        assert!(
            message.starts_with("the forced race did not finish: still running after 20ms"),
            "{message}"
        );
    }

    #[test]
    fn reports_the_message_of_work_that_panics() {
        let outcome = run_with_timeout(Duration::from_secs(5), || -> u32 { panic!("no seats") });
        assert_eq!(outcome, Err(Failure::Panicked("no seats".into())));
    }
}
