//! Lesson: a coroutine that receives values, with `send` and `close`, on stable Rust.
//!
//! The Russian summary's third section writes a Python coroutine `print_name(prefix)`: it prints
//! the prefix it searches for, then waits at `name = (yield)` for names, prints those that contain
//! the prefix, and prints "Closing coroutine!!" when it is closed. The notes prime it with
//! `__next__()`, send "James" and "Dear James", and close it. Their output:
//!
//! ```text
//! Searching prefix:Dear
//! Dear James
//! Closing coroutine!!
//! ```
//!
//! Stable Rust has no value-receiving coroutines, so this lesson builds the same thing twice: as a
//! state machine with `send` and `close` methods, and as a thread fed through a channel, where
//! dropping the sender closes it. Both print the notes' three lines.
//!
//! Run: `cargo run --example coroutine_send` (add `-- --prefix P --send NAME ...` to try others).

use std::fmt;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Figure, run_with_timeout};

const USAGE: &str = "\
A coroutine with send() and close(): the notes' \"Dear\" filter, twice.

usage: cargo run --example coroutine_send -- [--prefix TEXT] [--send NAME]...

  --prefix TEXT  what the coroutine searches for (default: Dear)
  --send NAME    a name to send; repeat it to send several (default: James, then Dear James)
  -h, --help     show this text
";

/// The notes' output, line by line.
const NOTES: [&str; 3] = ["Searching prefix:Dear", "Dear James", "Closing coroutine!!"];

/// Only a bug in the lesson could make the channel's thread take this long.
const LIMIT: Duration = Duration::from_secs(10);

/// Where the coroutines print: the terminal, and a list of the lines so that they can be checked.
#[derive(Clone, Default)]
struct Screen(Arc<Mutex<Vec<String>>>);

impl Screen {
    fn print(&self, line: impl Into<String>) {
        let line = line.into();
        println!("   | {line}");
        self.0.lock().unwrap().push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

// ANCHOR: states
/// Where a Python generator can be, as far as `send` and `close` care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Created, but its body has not run yet: it is not waiting at a `yield`.
    Created,
    /// Paused at `name = (yield)`, waiting for a name.
    Waiting,
    /// Closed: it will never take a value again.
    Closed,
}

/// Why a value could not be sent. Python raises an exception for each; here they are values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SendError {
    /// Python: "TypeError: can't send non-None value to a just-started generator".
    NotPrimed,
    /// Python: `StopIteration`.
    Closed,
}
// ANCHOR_END: states

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SendError::NotPrimed => "not primed: it is not waiting at a yield yet",
            SendError::Closed => "closed: it takes no more values",
        })
    }
}

// ANCHOR: state_machine
/// The notes' `print_name(prefix)`, as a state machine: each method runs the code between two
/// `yield`s of the Python function, and `state` remembers where the function is paused.
struct PrintName {
    prefix: String,
    state: State,
    screen: Screen,
}

impl PrintName {
    /// `print_name("Dear")`: like calling a generator function in Python, this runs none of
    /// its body.
    fn new(prefix: &str, screen: &Screen) -> Self {
        PrintName {
            prefix: prefix.to_owned(),
            state: State::Created,
            screen: screen.clone(),
        }
    }

    /// The notes' `corou.__next__()`: run the body up to its first `yield`.
    fn prime(&mut self) {
        if self.state == State::Created {
            self.screen
                .print(format!("Searching prefix:{}", self.prefix));
            self.state = State::Waiting;
        }
    }

    /// `corou.send(name)`: the value of `(yield)` is `name`; run until the next `yield`.
    fn send(&mut self, name: &str) -> Result<(), SendError> {
        match self.state {
            State::Created => Err(SendError::NotPrimed),
            State::Closed => Err(SendError::Closed),
            State::Waiting => {
                // The notes' test is `prefix in name`: anywhere in the name, not only at its start.
                if name.contains(&self.prefix) {
                    self.screen.print(name);
                }
                Ok(())
            }
        }
    }

    /// `corou.close()`: Python raises `GeneratorExit` at the paused `yield`, and the notes'
    /// `except` prints its goodbye. A generator that never started has no `try` to run.
    fn close(&mut self) {
        if self.state == State::Waiting {
            self.screen.print("Closing coroutine!!");
        }
        self.state = State::Closed;
    }
}

/// Python closes a generator that is garbage-collected; dropping this one closes it too.
impl Drop for PrintName {
    fn drop(&mut self) {
        self.close();
    }
}
// ANCHOR_END: state_machine

// ANCHOR: channel
/// The same coroutine as a thread that receives names through a channel. The loop ends when
/// every `Sender` has been dropped: dropping the sender is `close()`.
fn print_name_thread(prefix: &str, screen: &Screen) -> (Sender<String>, JoinHandle<()>) {
    let (names, inbox) = mpsc::channel::<String>();
    let (prefix, screen) = (prefix.to_owned(), screen.clone());
    let thread = thread::spawn(move || {
        screen.print(format!("Searching prefix:{prefix}"));
        for name in inbox {
            if name.contains(&prefix) {
                screen.print(name);
            }
        }
        screen.print("Closing coroutine!!");
    });
    (names, thread)
}
// ANCHOR_END: channel

/// The notes' session with the state machine: create, prime, send each name, close.
fn notes_session(prefix: &str, names: &[String]) -> Vec<String> {
    let screen = Screen::default();
    // ANCHOR: session
    let mut corou = PrintName::new(prefix, &screen);
    corou.prime();
    for name in names {
        corou.send(name).expect("a primed coroutine takes names");
    }
    corou.close();
    // ANCHOR_END: session
    screen.lines()
}

/// The same session with the thread: no priming, send each name, drop the sender, wait.
fn channel_session(prefix: &str, names: &[String]) -> Vec<String> {
    let screen = Screen::default();
    let (corou, thread) = print_name_thread(prefix, &screen);
    for name in names {
        corou.send(name.clone()).expect("the thread is listening");
    }
    drop(corou);
    run_with_timeout(LIMIT, move || thread.join())
        .expect("the coroutine's thread must end once its sender is dropped")
        .expect("the coroutine's thread panicked");
    screen.lines()
}

fn main() {
    let mut prefix = "Dear".to_owned();
    let mut names: Vec<String> = Vec::new();
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("prefix") => prefix = cli::value(parser, "--prefix")?,
            Arg::Long("send") => names.push(cli::value(parser, "--send")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let as_in_notes = names.is_empty() && prefix == "Dear";
    if names.is_empty() {
        names = vec!["James".into(), "Dear James".into()];
    }

    println!("1. A state machine with send() and close(), primed as in the notes:");
    let machine = notes_session(&prefix, &names);

    println!("\n2. A thread fed by a channel; dropping the sender closes it:");
    let channel = channel_session(&prefix, &names);

    println!();
    Figure::new("what the coroutine prints")
        .notes(NOTES.join(" / "))
        .this_run(machine.join(" / "))
        .ideal(if as_in_notes {
            NOTES.join(" / ")
        } else {
            "the search, each name that contains the prefix, the goodbye".into()
        })
        .print();

    // ANCHOR: misuse
    println!("\n3. What Python raises as exceptions are plain errors here.");
    let screen = Screen::default();
    let mut corou = PrintName::new(&prefix, &screen);
    let unprimed = corou.send("Dear Ali");
    println!("   send() before priming: {unprimed:?}");
    corou.prime();
    corou.close();
    let after_close = corou.send("Dear Ali");
    println!("   send() after close():  {after_close:?}");
    corou.close();
    println!("   a second close() changes nothing: {:?}", corou.state);
    // ANCHOR_END: misuse

    // ANCHOR: dropped
    println!("\n4. A coroutine dropped without close() still says goodbye, as in Python:");
    let dropped = Screen::default();
    let mut forgotten = PrintName::new(&prefix, &dropped);
    forgotten.prime();
    drop(forgotten);
    // ANCHOR_END: dropped

    assert_eq!(
        machine, channel,
        "expected the state machine and the thread to print the same lines"
    );
    if as_in_notes {
        assert_eq!(machine, NOTES, "expected exactly the notes' three lines");
    }
    assert_eq!(
        (unprimed, after_close),
        (Err(SendError::NotPrimed), Err(SendError::Closed)),
        "expected send() to be refused before priming and after close()"
    );
    assert_eq!(
        screen
            .lines()
            .iter()
            .filter(|l| l.starts_with("Closing"))
            .count(),
        1,
        "expected a single goodbye however often close() is called, got {:?}",
        screen.lines()
    );
    assert_eq!(
        dropped.lines().last().map(String::as_str),
        Some("Closing coroutine!!"),
        "expected dropping a waiting coroutine to close it"
    );
    println!(
        "\nAs expected: both coroutines print the notes' lines, and misuse is an error value."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn both_coroutines_print_exactly_the_notes_lines() {
        let names = strings(&["James", "Dear James"]);
        assert_eq!(notes_session("Dear", &names), NOTES);
        for _ in 0..50 {
            assert_eq!(channel_session("Dear", &names), NOTES);
        }
    }

    #[test]
    fn the_notes_prefix_is_found_anywhere_in_the_name() {
        // `prefix in name` is a substring test: the notes' "prefix" need not come first.
        let names = strings(&["James", "My Dear Sara", "dear Ali", "Dear James"]);
        let expected = [
            "Searching prefix:Dear",
            "My Dear Sara",
            "Dear James",
            "Closing coroutine!!",
        ];
        assert_eq!(notes_session("Dear", &names), expected);
        assert_eq!(channel_session("Dear", &names), expected);
    }

    #[test]
    fn creating_runs_nothing_and_closing_an_unstarted_coroutine_prints_nothing() {
        let screen = Screen::default();
        let mut corou = PrintName::new("Dear", &screen);
        assert!(screen.lines().is_empty());
        corou.close();
        assert_eq!(corou.send("Dear James"), Err(SendError::Closed));
        drop(corou);
        assert!(screen.lines().is_empty(), "{:?}", screen.lines());
    }

    #[test]
    fn send_is_refused_before_priming_and_after_close_and_the_goodbye_comes_once() {
        let screen = Screen::default();
        let mut corou = PrintName::new("Dear", &screen);
        assert_eq!(corou.send("Dear James"), Err(SendError::NotPrimed));
        corou.prime();
        corou.prime(); // A second priming must not print the search line again.
        assert_eq!(corou.send("Dear James"), Ok(()));
        corou.close();
        assert_eq!(corou.send("Dear James"), Err(SendError::Closed));
        corou.close();
        drop(corou);
        assert_eq!(screen.lines(), NOTES);
    }

    #[test]
    fn a_dropped_sender_ends_the_thread_even_with_no_names_sent() {
        assert_eq!(
            channel_session("Dear", &[]),
            ["Searching prefix:Dear", "Closing coroutine!!"]
        );
    }

    #[test]
    fn sending_to_a_thread_that_has_ended_is_an_error_not_a_panic() {
        let (names, inbox) = mpsc::channel::<String>();
        drop(inbox);
        let refused = names.send("Dear James".into());
        assert_eq!(
            refused.map_err(|error| error.0),
            Err("Dear James".to_owned())
        );
    }
}
