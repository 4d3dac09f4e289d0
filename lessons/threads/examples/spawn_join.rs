//! Lesson: `thread::spawn` returns at once, and `join` waits for a thread and hands back its value.
//!
//! The notes start a greeter thread that says "Hello Mohammad" 10 times, one second apart, and
//! main prints "Task Done !" right after `start()`, long before the greeter is done; `join()`
//! then waits for it. This lesson does the same at a smaller scale: 5 greetings, 20 ms apart (the
//! notes' 1 s is 20 ms here). Then the Russian notes' square and cube, each on its own thread:
//! `join` hands back what each one returned. (The notes' two greeters are `two_greeters`.)
//!
//! Run: `cargo run --example spawn_join` (add `-- --free` to drop the wait that makes the order
//! the same on every run, and see what the operating system does on its own).

use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::cli;
use lesson_kit::{Figure, must_finish};
use threads::greeting::{GREETINGS, Log, PAUSE, greeter, position};

const USAGE: &str = "\
spawn and join: spawn returns at once, join waits and returns a value.

usage: cargo run --example spawn_join -- [--free]

  --free      no forced order: the greeter does not wait for main's word; the order is then
              whatever the OS makes of it
  -h, --help  show this text
";

/// Only a bug in the lesson could make it wait this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(20);

/// What the one greeter's run saw.
struct OneGreeter {
    lines: Vec<String>,
    spawn_took: Duration,
    join_returned: u32,
    joined_after: Duration,
}

// ANCHOR: spawn_returns_at_once
fn one_greeter(free: bool) -> OneGreeter {
    let log = Arc::new(Log::default());
    // The greeter waits for main's word before it greets, so that "Task Done !" comes first on
    // every run. Without it, the first greeting may come before or after; that is up to the OS.
    let (word, wait_for_word) = mpsc::channel::<()>();
    let started = Instant::now();
    let greeter_log = Arc::clone(&log);
    let handle = thread::spawn(move || {
        if !free {
            wait_for_word.recv().expect("main is gone");
        }
        greeter("Mohammad", GREETINGS, &greeter_log, || {})
    });
    let spawn_took = started.elapsed();
    log.say("Task Done !".to_owned());
    // With --free the greeter does not listen, and may even be done: nobody to tell, then.
    let _ = word.send(());
    // join() blocks until the greeter returns, and hands over its return value.
    let join_returned = handle.join().expect("the greeter panicked");
    OneGreeter {
        lines: log.lines(),
        spawn_took,
        join_returned,
        joined_after: started.elapsed(),
    }
}
// ANCHOR_END: spawn_returns_at_once

// ANCHOR: join_returns_values
/// The Russian notes' square and cube, each on its own thread. In Python the thread's result is
/// lost unless it is stored somewhere; in Rust `join` returns it.
fn square_and_cube(number: u64) -> (u64, u64) {
    let square = thread::spawn(move || number * number);
    let cube = thread::spawn(move || number * number * number);
    (
        square.join().expect("square panicked"),
        cube.join().expect("cube panicked"),
    )
}
// ANCHOR_END: join_returns_values

fn main() {
    let free = cli::only_switch(USAGE, "free");

    println!("1. One greeter: spawn it, print \"Task Done !\", then join it.");
    let one = must_finish(LIMIT, "the greeter", move || one_greeter(free));
    println!(
        "   spawn() returned after {:?}; join() returned {} after {:?}.",
        one.spawn_took, one.join_returned, one.joined_after
    );
    Figure::new("when spawn() returns")
        .notes("at once: \"Task Done !\" is printed while the greeter greets")
        .this_run(format!("after {:?}", one.spawn_took))
        .ideal(format!(
            "at once; the greeter needs at least {:?}",
            PAUSE * GREETINGS
        ))
        .print();

    println!("\n2. join() hands back what the thread returned:");
    let (square, cube) = square_and_cube(10);
    println!("   Square: {square}\n   Cube: {cube}\n   Done!");

    // Spawn returned at once, main went on, and join waited for the whole greeter.
    assert_eq!(
        one.join_returned, GREETINGS,
        "expected join() to return the greeter's {GREETINGS} greetings, got {}",
        one.join_returned
    );
    assert!(
        one.joined_after >= PAUSE * GREETINGS,
        "expected join() to wait for {GREETINGS} pauses of {PAUSE:?}, but it returned after {:?}",
        one.joined_after
    );
    if !free {
        let done = position(&one.lines, "Task Done !");
        let first = position(&one.lines, "1 - Hello Mohammad");
        assert!(
            done < first,
            "expected \"Task Done !\" before the first greeting, got {:?}",
            one.lines
        );
    }
    assert_eq!((square, cube), (100, 1000));
    println!("\nAs expected: spawn() returned at once, and join() waited for each thread and");
    println!("returned its value.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_goes_on_while_the_greeter_greets_and_join_waits_for_all_of_it() {
        for _ in 0..5 {
            let one = must_finish(LIMIT, "the greeter", || one_greeter(false));
            let expected: Vec<String> = std::iter::once("Task Done !".to_owned())
                .chain((1..=GREETINGS).map(|i| format!("{i} - Hello Mohammad")))
                .collect();
            assert_eq!(one.lines, expected);
            assert_eq!(one.join_returned, GREETINGS);
            assert!(
                one.joined_after >= PAUSE * GREETINGS,
                "{:?}",
                one.joined_after
            );
        }
    }

    #[test]
    fn without_forcing_every_line_is_still_said_once_and_join_still_waits() {
        let one = must_finish(LIMIT, "the greeter", || one_greeter(true));
        assert_eq!(one.lines.len(), GREETINGS as usize + 1, "{:?}", one.lines);
        assert_eq!(one.join_returned, GREETINGS);
        assert!(one.joined_after >= PAUSE * GREETINGS);
    }

    #[test]
    fn join_returns_what_each_thread_computed() {
        assert_eq!(square_and_cube(10), (100, 1000));
        assert_eq!(square_and_cube(3), (9, 27));
    }
}
