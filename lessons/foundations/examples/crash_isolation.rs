//! Lesson: a crashing process leaves its parent running; a panicking thread leaves its process
//! running, but poisons the lock it held.
//!
//! The tables in the notes say that processes are isolated (one crashing does not affect the
//! others) while threads share their process (a crash can affect all of them). Rust makes both
//! halves precise:
//!
//! - a child process that panics, or aborts, ends on its own; the parent only sees its exit
//!   status (code 101 for a panic, the signal SIGABRT for an abort) and carries on;
//! - a thread that panics ends, and the process carries on: `join` returns the panic as an
//!   `Err`. But the thread shared memory with the others, and if it panicked while holding a
//!   `Mutex`, it may have left the data half-changed. So the `Mutex` is *poisoned*: every later
//!   `lock()` returns `Err`, and the next thread has to decide whether to trust the data.
//!
//! Run: `cargo run --example crash_isolation` (the panics print their messages; that is expected).

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use foundations::roles;
use lesson_kit::Figure;
use lesson_kit::cli;
use lesson_kit::process::{self, Finished, Program};

const USAGE: &str = "\
A crashing child process, and a panicking thread that holds a lock.

usage: cargo run --example crash_isolation

  -h, --help  show this text
";

/// A child that does not end by then is killed, and the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(60);

// ANCHOR: crashing_child
/// Starts a copy of this program that crashes as `role` says, and waits for its end. All the
/// parent learns is what the child printed, and how it ended.
fn crashing_child(role: &str) -> Finished {
    Program::this()
        .role(role)
        .run(LIMIT)
        .unwrap_or_else(|error| panic!("{error}"))
}
// ANCHOR_END: crashing_child

/// The accounts of the panicking-thread demonstration: two transfers between two accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Accounts {
    alice: i64,
    bob: i64,
}

// ANCHOR: panicking_thread
/// Two threads each move 10 from Alice to Bob under one lock. The second takes the money from
/// Alice, then panics before paying Bob. Returns what `join` said for each thread, whether the
/// lock was poisoned afterwards, and the accounts as the panic left them.
fn transfer_with_a_panic() -> (Vec<Result<(), String>>, bool, Accounts) {
    let accounts = Arc::new(Mutex::new(Accounts { alice: 100, bob: 0 }));
    let transfer = |fail_halfway: bool| {
        let accounts = Arc::clone(&accounts);
        thread::spawn(move || {
            let mut guard = accounts
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            guard.alice -= 10;
            if fail_halfway {
                panic!("the transfer failed halfway");
            }
            guard.bob += 10;
        })
    };
    // One after the other, so the first transfer always completes before the second starts.
    let mut joined = Vec::new();
    for fail_halfway in [false, true] {
        let outcome = transfer(fail_halfway)
            .join()
            .map_err(|panic| lesson_kit::timeout::panic_message(&*panic));
        joined.push(outcome);
    }
    let poisoned = accounts.lock().is_err();
    // The data is still there; `into_inner` hands it over, poisoned or not.
    let left = accounts
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    (joined, poisoned, left)
}
// ANCHOR_END: panicking_thread

fn main() {
    // A copy of this program started below: crash as asked.
    process::play_if_child(roles::ROLES);
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));

    println!("1. A child process panics. The parent waits for it:");
    let panicked = crashing_child(roles::PANIC);
    let first_line = panicked
        .stderr
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default()
        .to_owned();
    println!("   the child said: {first_line}");
    println!("   the child ended: {}", panicked.ending());

    println!("2. A child process aborts (no unwinding, no cleanup):");
    let aborted = crashing_child(roles::ABORT);
    println!("   the child ended: {}", aborted.ending());
    println!(
        "   the parent is still running, pid {}.",
        std::process::id()
    );

    println!("3. In this process, a thread panics while it holds a lock:");
    let (joined, poisoned, accounts) = transfer_with_a_panic();
    for (number, outcome) in joined.iter().enumerate() {
        match outcome {
            Ok(()) => println!("   transfer {number}: join() returned Ok"),
            Err(message) => println!("   transfer {number}: join() returned Err({message:?})"),
        }
    }
    println!("   the lock is poisoned: {poisoned}");
    println!(
        "   accounts: Alice {}, Bob {} (10 taken from Alice and never paid to Bob)",
        accounts.alice, accounts.bob
    );

    Figure::new("what a crash takes down")
        .notes("process: isolated; thread: a crash can affect all threads (a table)")
        .this_run(format!(
            "child: {} / {}, parent runs on; thread: join() is Err, lock poisoned: {poisoned}",
            panicked.ending(),
            aborted.ending()
        ))
        .ideal("only the worker that crashed, and a warning about what it may have broken")
        .print();

    assert_eq!(
        panicked.status.code(),
        Some(101),
        "expected a panicking child to exit with code 101, got {}",
        panicked.ending()
    );
    assert!(
        !aborted.status.success() && aborted.status.code().is_none(),
        "expected an aborting child to be killed by a signal, got {}",
        aborted.ending()
    );
    assert_eq!(
        joined,
        [Ok(()), Err("the transfer failed halfway".to_owned())],
        "expected the first transfer to finish and the second to panic"
    );
    assert!(
        poisoned,
        "expected the lock held by the panicking thread to be poisoned"
    );
    assert_eq!(
        accounts,
        Accounts { alice: 80, bob: 10 },
        "expected the half-done transfer to show in the accounts"
    );
    println!(
        "\nAs expected: each crash ended only its own worker, and the lock warned about the rest."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_thread_ends_alone_and_poisons_the_lock_it_held() {
        for _ in 0..20 {
            let (joined, poisoned, accounts) = transfer_with_a_panic();
            assert_eq!(joined[0], Ok(()));
            assert!(joined[1].is_err());
            assert!(poisoned);
            assert_eq!((accounts.alice, accounts.bob), (80, 10));
        }
    }
}
