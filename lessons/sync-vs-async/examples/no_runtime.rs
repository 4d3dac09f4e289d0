//! Lesson: nothing async runs without a runtime (session 7 of the Persian notes, and the Russian
//! summary's `get_event_loop()`).
//!
//! A future is a value that does nothing until something polls it: a future that nobody awaits
//! never runs, while a task handed to the runtime with `tokio::spawn` runs even if nobody awaits
//! its handle (the notes' `create_task`). And there is no event loop waiting to be fetched: outside
//! a runtime, `Handle::try_current()` fails, and `tokio::spawn` and `tokio::time::sleep` panic;
//! a runtime built without timers refuses a sleep. (How a runtime is built: `tokio_main`.)
//!
//! Run: `cargo run --example no_runtime`.

use std::panic;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lesson_kit::Figure;
use lesson_kit::cli;
use sync_vs_async::basics::{Laziness, Outside, panic_of};
use tokio::runtime::Handle;

const USAGE: &str = "\
A future nobody awaits, a task nobody awaits, and tokio outside a runtime.

usage: cargo run --example no_runtime

  -h, --help   show this text
";

/// How long the sleeps wait: long enough to need a timer, short for a lesson.
const WAIT: Duration = Duration::from_millis(10);

// ANCHOR: lazy
/// A future nobody awaits never runs; a spawned task runs even if nobody awaits its handle.
fn not_awaited() -> Laziness {
    let future_runs = Arc::new(AtomicUsize::new(0));
    let task_runs = Arc::new(AtomicUsize::new(0));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("could not start the tokio runtime");
    runtime.block_on(async {
        let counter = Arc::clone(&future_runs);
        let future = async move {
            counter.fetch_add(1, Ordering::SeqCst);
        };
        let counter = Arc::clone(&task_runs);
        let _handle = tokio::spawn(async move {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        // Give the runtime one turn: the spawned task runs in it.
        tokio::task::yield_now().await;
        drop(future);
    });
    Laziness {
        future_runs: future_runs.load(Ordering::SeqCst),
        task_runs: task_runs.load(Ordering::SeqCst),
    }
}
// ANCHOR_END: lazy

// ANCHOR: outside
fn outside_a_runtime() -> Outside {
    // The nearest thing to `get_event_loop()`: asking for the runtime this code runs in.
    let current = match Handle::try_current() {
        Ok(_) => "a runtime".to_owned(),
        Err(error) => error.to_string(),
    };
    let spawn = panic_of(|| tokio::spawn(async {}));
    let sleep = panic_of(|| tokio::time::sleep(WAIT));
    // A runtime built without `enable_time` (or `enable_all`) has no timers.
    let no_timers = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("could not start the tokio runtime");
    // (The sleep is made inside `block_on`: made outside, it would fail for want of a runtime.)
    let sleep_without_timers =
        panic_of(|| no_timers.block_on(async { tokio::time::sleep(WAIT).await }));
    Outside {
        current,
        spawn,
        sleep,
        sleep_without_timers,
    }
}
// ANCHOR_END: outside

fn main() {
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));

    println!("1. A future is a value; only a runtime runs it:");
    let laziness = not_awaited();
    let (future_runs, task_runs) = (laziness.future_runs, laziness.task_runs);
    println!("   the future that nobody awaited ran {future_runs} time(s)");
    println!("   the spawned task that nobody awaited ran {task_runs} time(s)");

    println!("\n2. Outside any runtime (the panics are caught):");
    // Caught panics still print through the panic hook; silence it for these three.
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outside = outside_a_runtime();
    panic::set_hook(hook);
    println!("   Handle::try_current(): {}", outside.current);
    for (what, message) in [
        ("tokio::spawn", &outside.spawn),
        ("tokio::time::sleep", &outside.sleep),
        ("sleep without enable_time", &outside.sleep_without_timers),
    ] {
        let said = message.as_deref().unwrap_or("(no panic)");
        println!("   {what}: panicked: {said}");
    }
    println!();

    Figure::new("runs of a future that nobody awaited / of a spawned task that nobody awaited")
        .notes("(no figure) a coroutine never awaited never runs; create_task runs it")
        .this_run(format!("{future_runs} / {task_runs}"))
        .ideal("0 / 1")
        .print();

    // ANCHOR: asserts
    assert_eq!(
        laziness,
        Laziness {
            future_runs: 0,
            task_runs: 1
        },
        "expected the future never to run and the spawned task to run once"
    );
    let no_runtime = "must be called from the context of a Tokio 1.x runtime";
    assert!(
        outside.current.contains(no_runtime)
            && [&outside.spawn, &outside.sleep]
                .iter()
                .all(|message| message.as_deref().is_some_and(|m| m.contains(no_runtime))),
        "expected tokio to say that no runtime is running, got {outside:?}"
    );
    assert!(
        outside
            .sleep_without_timers
            .as_deref()
            .is_some_and(|message| message.contains("timers are disabled")),
        "expected a runtime without enable_time to refuse a sleep, got {outside:?}"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: nothing async runs without a runtime.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use sync_vs_async::basics::one_thread;

    #[test]
    fn a_future_never_awaited_never_runs_but_a_spawned_task_does() {
        assert_eq!(
            not_awaited(),
            Laziness {
                future_runs: 0,
                task_runs: 1
            }
        );
    }

    #[test]
    fn outside_a_runtime_spawn_and_sleep_panic_with_a_clear_message() {
        // On a thread of its own, where no runtime can be current.
        let outside = std::thread::spawn(outside_a_runtime).join().unwrap();
        let message = "there is no reactor running, must be called from the context of a Tokio \
                       1.x runtime";
        assert_eq!(outside.current, message);
        assert_eq!(outside.spawn.as_deref(), Some(message));
        assert_eq!(outside.sleep.as_deref(), Some(message));
        assert_eq!(
            outside.sleep_without_timers.as_deref(),
            Some(
                "A Tokio 1.x context was found, but timers are disabled. Call `enable_time` on \
                 the runtime builder to enable timers."
            )
        );
    }

    #[test]
    fn an_async_block_that_would_sleep_can_be_built_outside_a_runtime_it_only_fails_when_run() {
        // Building the future runs none of its body, so nothing asks for a runtime yet.
        let future = async { tokio::time::sleep(WAIT).await };
        one_thread().block_on(future);
    }
}
