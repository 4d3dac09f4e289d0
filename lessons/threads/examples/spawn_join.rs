//! Lesson: `thread::spawn` returns at once, the threads' output interleaves, and `join` waits
//! for a thread and hands back its value.
//!
//! The notes start a greeter thread that says "Hello Mohammad" 10 times, one second apart, and
//! main prints "Task Done !" right after `start()`, long before the greeter is done. Then two
//! greeters, Mohammad and Ali, whose lines mix; then `join()` to wait for them. This lesson does
//! the same at a smaller scale: 5 greetings, 20 ms apart (the notes' 1 s is 20 ms here).
//!
//! Run: `cargo run --example spawn_join` (add `-- --free` to drop the waits that make the order
//! the same on every run, and see what the operating system does on its own).

use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Figure, run_with_timeout};

const USAGE: &str = "\
spawn and join: spawn returns at once, output interleaves, join waits and returns a value.

usage: cargo run --example spawn_join -- [--free]

  --free      no forced order: the greeter does not wait for main, and the two greeters do
              not take turns; the order is then whatever the OS makes of it
  -h, --help  show this text
";

/// The notes greet 10 times a second apart; 5 times 20 ms apart keeps the lesson short.
const GREETINGS: u32 = 5;
const PAUSE: Duration = Duration::from_millis(20);

/// Only a bug in the lesson could make it wait this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(20);

/// Every line the lesson prints from any thread, in the order printed: printing happens under
/// the same lock as the recording, so the record is the order on the screen.
#[derive(Default)]
struct Log(Mutex<Vec<String>>);

impl Log {
    fn say(&self, line: String) {
        let mut lines = self.0.lock().expect("a thread panicked while printing");
        println!("   {line}");
        lines.push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.0
            .lock()
            .expect("a thread panicked while printing")
            .clone()
    }
}

fn position(lines: &[String], wanted: &str) -> usize {
    lines
        .iter()
        .position(|line| line == wanted)
        .unwrap_or_else(|| panic!("expected the line {wanted:?}, but the output was {lines:?}"))
}

// ANCHOR: greeter
/// The notes' greeter, which returns how many greetings it said: a thread's result comes back
/// through `join`.
fn greeter(name: &str, count: u32, log: &Log, before_each: impl Fn()) -> u32 {
    for i in 1..=count {
        before_each();
        log.say(format!("{i} - Hello {name}"));
        thread::sleep(PAUSE);
    }
    count
}
// ANCHOR_END: greeter

/// What part 1 saw.
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

// ANCHOR: two_greeters
/// The notes' Mohammad and Ali, built from a list, all started, all joined. A barrier makes them
/// take turns round by round, so their lines mix on every run; who goes first in a round is
/// still up to the OS.
fn two_greeters(free: bool) -> Vec<String> {
    let log = Log::default();
    let turn = Barrier::new(2);
    thread::scope(|scope| {
        let greeters: Vec<_> = ["Mohammad", "Ali"]
            .into_iter()
            .map(|name| {
                let (log, turn) = (&log, &turn);
                scope.spawn(move || {
                    greeter(name, GREETINGS, log, || {
                        if !free {
                            turn.wait();
                        }
                    })
                })
            })
            .collect();
        for greeter in greeters {
            greeter.join().expect("a greeter panicked");
        }
    });
    log.say("Task Done !".to_owned());
    log.lines()
}
// ANCHOR_END: two_greeters

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

/// Round `round` of the two greeters: the indexes of its two lines.
fn round_lines(lines: &[String], round: u32) -> [usize; 2] {
    ["Mohammad", "Ali"].map(|name| position(lines, &format!("{round} - Hello {name}")))
}

fn main() {
    let mut free = false;
    cli::parse_env(USAGE, |arg, _| {
        match arg {
            Arg::Long("free") => free = true,
            other => return Err(other.unexpected()),
        }
        Ok(())
    });

    println!("1. One greeter: spawn it, print \"Task Done !\", then join it.");
    let one = run_with_timeout(LIMIT, move || one_greeter(free))
        .unwrap_or_else(|failure| panic!("the greeter did not finish: {failure}"));
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

    println!("\n2. Two greeters, Mohammad and Ali, started together and joined:");
    let two = run_with_timeout(LIMIT, move || two_greeters(free))
        .unwrap_or_else(|failure| panic!("the greeters did not finish: {failure}"));
    let ali_first = (1..=GREETINGS)
        .filter(|&round| {
            let [mohammad, ali] = round_lines(&two, round);
            ali < mohammad
        })
        .count();
    println!("   Ali spoke first in {ali_first} of {GREETINGS} rounds: the OS decides.");

    println!("\n3. join() hands back what the thread returned:");
    let (square, cube) = square_and_cube(10);
    println!("   Square: {square}\n   Cube: {cube}\n   Done!");

    // Part 1: spawn returned at once, main went on, and join waited for the whole greeter.
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
        // Part 2: every round's two lines come before any line of the next round.
        for round in 1..GREETINGS {
            let this = round_lines(&two, round);
            let next = round_lines(&two, round + 1);
            assert!(
                this.iter().max() < next.iter().min(),
                "expected the greeters to take turns round by round, got {two:?}"
            );
        }
    }
    assert_eq!(
        two.last().map(String::as_str),
        Some("Task Done !"),
        "expected \"Task Done !\" after both greeters were joined, got {two:?}"
    );
    assert_eq!((square, cube), (100, 1000));
    println!("\nAs expected: spawn() returned at once, the greeters' lines mixed, and join()");
    println!("waited for each thread and returned its value.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_goes_on_while_the_greeter_greets_and_join_waits_for_all_of_it() {
        for _ in 0..5 {
            let one = run_with_timeout(LIMIT, || one_greeter(false)).unwrap();
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
    fn the_two_greeters_take_turns_and_main_speaks_last() {
        for _ in 0..5 {
            let lines = run_with_timeout(LIMIT, || two_greeters(false)).unwrap();
            assert_eq!(lines.len(), 2 * GREETINGS as usize + 1, "{lines:?}");
            for (index, pair) in lines[..lines.len() - 1].chunks(2).enumerate() {
                let round = index + 1;
                let mut names: Vec<&str> = pair
                    .iter()
                    .map(|line| line.rsplit(' ').next().unwrap())
                    .collect();
                names.sort_unstable();
                assert_eq!(names, ["Ali", "Mohammad"], "round {round}: {lines:?}");
                assert!(pair[0].starts_with(&format!("{round} - ")), "{lines:?}");
            }
            assert_eq!(lines.last().unwrap(), "Task Done !");
        }
    }

    #[test]
    fn without_forcing_every_line_is_still_said_once_and_join_still_waits() {
        let one = run_with_timeout(LIMIT, || one_greeter(true)).unwrap();
        assert_eq!(one.lines.len(), GREETINGS as usize + 1, "{:?}", one.lines);
        let two = run_with_timeout(LIMIT, || two_greeters(true)).unwrap();
        assert_eq!(two.len(), 2 * GREETINGS as usize + 1, "{two:?}");
        assert_eq!(two.last().unwrap(), "Task Done !");
    }

    #[test]
    fn join_returns_what_each_thread_computed() {
        assert_eq!(square_and_cube(10), (100, 1000));
        assert_eq!(square_and_cube(3), (9, 27));
    }
}
