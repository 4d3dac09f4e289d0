//! Lesson: what `#[tokio::main]` is: a runtime, built by hand, and `block_on` (session 7 of the
//! Persian notes, and the Russian summary's `get_event_loop().run_until_complete`).
//!
//! The notes start their async code with `asyncio.run(main())`, and say that the older
//! `asyncio.get_event_loop().run_until_complete(...)` is discouraged since Python 3.10. Rust has
//! no event loop waiting to be fetched. A future is a value that does nothing until something
//! polls it, and the thing that polls it is a runtime that the program builds. `#[tokio::main]`
//! writes that code for you. This lesson runs the same async work with the macro and by hand, on
//! both kinds of runtime, and shows what happens to tokio's functions outside any runtime.
//!
//! Run: `cargo run --example tokio_main`.

use std::panic::{self, UnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lesson_kit::Figure;
use lesson_kit::cli;
use lesson_kit::timeout::panic_message;
use tokio::runtime::{Handle, RuntimeFlavor};

const USAGE: &str = "\
The same async work started by #[tokio::main] and by hand, and tokio outside a runtime.

usage: cargo run --example tokio_main

  -h, --help   show this text
";

/// How long each of the work's tasks waits: long enough to need a timer, short for a lesson.
const WAIT: Duration = Duration::from_millis(10);

// ANCHOR: work
/// The program's async work: 3 tasks that each wait, then return the square of their number.
/// Returns the sum of the squares, and the kind of runtime that ran it.
async fn work() -> (u64, RuntimeFlavor) {
    let tasks: Vec<_> = (1..=3u64)
        .map(|number| {
            tokio::spawn(async move {
                tokio::time::sleep(WAIT).await;
                number * number
            })
        })
        .collect();
    let mut sum = 0;
    for task in tasks {
        sum += task.await.expect("a task panicked");
    }
    (sum, Handle::current().runtime_flavor())
}
// ANCHOR_END: work

// ANCHOR: with_the_macro
/// The macro turns this `async fn` into a plain `fn` that builds a runtime and blocks on the body.
#[tokio::main]
async fn with_the_macro() -> (u64, RuntimeFlavor) {
    work().await
}
// ANCHOR_END: with_the_macro

// ANCHOR: by_hand
/// What `#[tokio::main]` writes: a multi-thread runtime with every driver (timers, and network
/// and signals where those features are on), and `block_on`, which runs the future on this
/// thread until it is done.
fn by_hand() -> std::io::Result<(u64, RuntimeFlavor)> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(work()))
}
// ANCHOR_END: by_hand

// ANCHOR: one_thread
/// The same with one thread for every task, like asyncio's loop.
#[tokio::main(flavor = "current_thread")]
async fn with_the_macro_on_one_thread() -> (u64, RuntimeFlavor) {
    work().await
}

/// What that macro writes.
fn by_hand_on_one_thread() -> std::io::Result<(u64, RuntimeFlavor)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(work()))
}
// ANCHOR_END: one_thread

/// The message of the panic that `run` causes, or `None` if it returned.
fn panic_of<T>(run: impl FnOnce() -> T + UnwindSafe) -> Option<String> {
    panic::catch_unwind(run)
        .err()
        .map(|payload| panic_message(payload.as_ref()))
}

/// What `not_awaited` saw: how many times the future and the spawned task ran.
#[derive(Debug, PartialEq, Eq)]
struct Laziness {
    future_runs: usize,
    task_runs: usize,
}

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

/// What tokio says when there is no runtime, or no timer in it.
#[derive(Debug)]
struct Outside {
    current: String,
    spawn: Option<String>,
    sleep: Option<String>,
    sleep_without_timers: Option<String>,
}

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

    println!("1. The same work, 3 tasks that wait {WAIT:?} each, started four ways:");
    let results = [
        ("#[tokio::main]", with_the_macro()),
        (
            "Builder::new_multi_thread() + block_on",
            by_hand().expect("no runtime"),
        ),
        (
            "#[tokio::main(flavor = \"current_thread\")]",
            with_the_macro_on_one_thread(),
        ),
        (
            "Builder::new_current_thread() + block_on",
            by_hand_on_one_thread().expect("no runtime"),
        ),
    ];
    for (how, (sum, flavor)) in &results {
        println!("   {how:<45} returned {sum} on a {flavor:?} runtime");
    }

    println!("\n2. A future is a value; only a runtime runs it:");
    let laziness = not_awaited();
    println!(
        "   the future that nobody awaited ran {} time(s)",
        laziness.future_runs
    );
    println!(
        "   the spawned task that nobody awaited ran {} time(s)",
        laziness.task_runs
    );

    println!("\n3. Outside any runtime (the panics are caught):");
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

    Figure::new("how the async program is started")
        .notes("asyncio.run(main()); get_event_loop().run_until_complete(...) is discouraged since 3.10")
        .this_run(format!(
            "macro and builder both returned {} ({:?} and {:?} runtimes)",
            results[0].1.0, results[0].1.1, results[2].1.1
        ))
        .ideal("the same result: #[tokio::main] is a runtime builder plus block_on")
        .print();

    // ANCHOR: asserts
    let expected = [
        (14, RuntimeFlavor::MultiThread),
        (14, RuntimeFlavor::MultiThread),
        (14, RuntimeFlavor::CurrentThread),
        (14, RuntimeFlavor::CurrentThread),
    ];
    let got: Vec<_> = results.iter().map(|(_, result)| result).collect();
    assert_eq!(
        got,
        expected.iter().collect::<Vec<_>>(),
        "expected the macro and the hand-written runtime to agree"
    );
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
    println!(
        "\nAs expected: the macro is a runtime plus block_on, and nothing async runs without one."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_macro_and_the_hand_written_runtime_give_the_same_result() {
        assert_eq!(with_the_macro().0, by_hand().unwrap().0);
        assert_eq!(
            with_the_macro_on_one_thread().0,
            by_hand_on_one_thread().unwrap().0
        );
        assert_eq!(with_the_macro().0, 1 + 4 + 9);
    }

    #[test]
    fn the_flavours_are_what_the_runtime_says() {
        assert_eq!(with_the_macro().1, RuntimeFlavor::MultiThread);
        assert_eq!(by_hand().unwrap().1, RuntimeFlavor::MultiThread);
        assert_eq!(
            with_the_macro_on_one_thread().1,
            RuntimeFlavor::CurrentThread
        );
        assert_eq!(
            by_hand_on_one_thread().unwrap().1,
            RuntimeFlavor::CurrentThread
        );
    }

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
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(future);
    }
}
