//! Lesson: a thread nobody joins dies when `main` returns; a joined thread finishes.
//!
//! The notes pass `daemon=True` to make a background thread that dies with the main thread. In
//! Python, a thread without it keeps the program alive until it ends. Rust has no such second
//! kind: returning from `main` ends the process, and every thread in it stops wherever it is.
//! To keep a thread's work, join it.
//!
//! Whether a process ended early can only be seen from outside it, so this lesson starts two
//! copies of itself. In the first, main starts the notes' greeter (10 greetings, 1 s apart) and
//! returns after the first greeting. In the second, main joins the same greeter (20 ms apart,
//! to keep it short) and the greeter says its last line.
//!
//! Run: `cargo run --example detached_thread`

use std::time::Duration;

use lesson_kit::Figure;
use lesson_kit::cli;
use lesson_kit::process::{self, Finished, Program};
use threads::child::{DETACHED_INTERVAL, FINISHED, GREETINGS, JOINED_INTERVAL, ROLES};

const USAGE: &str = "\
A detached thread dies when main returns; a joined one finishes. Shown with two child processes.

usage: cargo run --example detached_thread

  -h, --help  show this text
";

/// Generous: the joined child needs about 200 ms, the detached one a few milliseconds. A child
/// still running then is killed, and the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(30);

fn run_child(role: &str) -> Finished {
    let finished = Program::this()
        .role(role)
        .run(LIMIT)
        .unwrap_or_else(|error| panic!("the {role} child failed: {error}"));
    println!(
        "   (child process {}, ended after {:?})",
        finished.pid, finished.lived
    );
    for line in &finished.lines {
        println!("   | {line}");
    }
    finished
}

fn main() {
    // ANCHOR: play_a_role
    // A copy of this program started by the lesson plays its role, then ends its process, as
    // returning from main would: that is what ends the detached greeter.
    process::play_if_child(ROLES);
    // ANCHOR_END: play_a_role
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));

    println!(
        "1. main starts the greeter ({GREETINGS} greetings, {DETACHED_INTERVAL:?} apart) and returns without join:"
    );
    let detached = run_child("detached");
    println!(
        "\n2. main starts the greeter ({GREETINGS} greetings, {JOINED_INTERVAL:?} apart) and joins it:"
    );
    let joined = run_child("joined");

    let greeter_needs = DETACHED_INTERVAL * (GREETINGS - 1);
    Figure::new("the greeter's last line, when main does not join it")
        .notes("daemon=True: dies with the main thread; without it, Python waits for the thread")
        .this_run(format!(
            "never printed; the process ended after {:?}, though the greeter needed {greeter_needs:?}",
            detached.lived
        ))
        .ideal("a Rust thread that is not joined always dies with main")
        .print();

    assert!(
        detached.success() && detached.said("1 - Hello Mohammad"),
        "expected the detached child to greet once and exit normally, got {detached:?}"
    );
    assert!(
        !detached.said(FINISHED),
        "expected the detached greeter never to finish, but it printed {FINISHED:?}: {detached:?}"
    );
    assert!(
        detached.lived < greeter_needs,
        "expected the process to end without waiting for the greeter's {greeter_needs:?}, but it took {:?}",
        detached.lived
    );
    let all_greetings = (1..=GREETINGS).all(|i| joined.said(&format!("{i} - Hello Mohammad")));
    assert!(
        joined.success() && all_greetings && joined.said(FINISHED),
        "expected the joined greeter to say all {GREETINGS} greetings and its last line, got {joined:?}"
    );
    println!("\nAs expected: the greeter nobody joined died with main after one greeting;");
    println!("the joined one said all {GREETINGS} and its last line.");
}
