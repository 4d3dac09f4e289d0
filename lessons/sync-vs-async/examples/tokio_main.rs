//! Lesson: what `#[tokio::main]` is: a runtime, built by hand, and `block_on` (session 7 of the
//! Persian notes, and the Russian summary's `get_event_loop().run_until_complete`).
//!
//! The notes start their async code with `asyncio.run(main())`, and say that the older
//! `asyncio.get_event_loop().run_until_complete(...)` is discouraged since Python 3.10. Rust has
//! no event loop waiting to be fetched: the program builds a runtime, and `#[tokio::main]` writes
//! that code for you. This lesson runs the same async work with the macro and by hand, on both
//! kinds of runtime. What happens without a runtime is the lesson `no_runtime`.
//!
//! Run: `cargo run --example tokio_main`.

use std::time::Duration;

use lesson_kit::Figure;
use lesson_kit::cli;
use tokio::runtime::{Handle, RuntimeFlavor};

const USAGE: &str = "\
The same async work started by #[tokio::main] and by hand, on both kinds of runtime.

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

fn main() {
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));

    println!("The same work, 3 tasks that wait {WAIT:?} each, started four ways:");
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
    println!();

    let (sum, multi, current) = (results[0].1.0, &results[0].1.1, &results[2].1.1);
    Figure::new("how the async program is started")
        .notes("asyncio.run(main()); get_event_loop().run_until_complete(...) is discouraged since 3.10")
        .this_run(format!("macro and builder both returned {sum} ({multi:?} and {current:?} runtimes)"))
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
    // ANCHOR_END: asserts
    println!("\nAs expected: the macro is a runtime plus block_on.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_macro_and_the_hand_written_runtime_give_the_same_result() {
        assert_eq!(with_the_macro().0, by_hand().unwrap().0);
        let one_thread = (
            with_the_macro_on_one_thread().0,
            by_hand_on_one_thread().unwrap().0,
        );
        assert_eq!(one_thread.0, one_thread.1);
        assert_eq!(with_the_macro().0, 1 + 4 + 9);
    }

    #[test]
    fn the_flavours_are_what_the_runtime_says() {
        use RuntimeFlavor::{CurrentThread, MultiThread};
        assert_eq!(with_the_macro().1, MultiThread);
        assert_eq!(by_hand().unwrap().1, MultiThread);
        assert_eq!(with_the_macro_on_one_thread().1, CurrentThread);
        assert_eq!(by_hand_on_one_thread().unwrap().1, CurrentThread);
    }
}
