//! Lesson: a coroutine that receives values, with `send` and `close`, as a state machine.
//!
//! The Russian summary's third section writes a Python coroutine `print_name(prefix)`: it prints
//! the prefix it searches for, then waits at `name = (yield)` for names, prints those that contain
//! the prefix, and prints "Closing coroutine!!" when it is closed. The notes prime it with
//! `__next__()`, send "James" and "Dear James", and close it: three lines of output.
//!
//! Stable Rust has no value-receiving coroutines, so this lesson writes the places where the
//! function can pause as an enum, and each stretch between two `yield`s as a method. (The lesson
//! `coroutine_thread` builds the same coroutine as a thread fed by a channel.)
//!
//! Run: `cargo run --example coroutine_send` (add `-- --prefix P --send NAME ...` to try others).

use generators::coroutine::{PrintName, SendError};
use generators::notes::{PRINT_NAME as NOTES, Session};
use generators::screen::Screen;

const USAGE: &str = "\
A coroutine with send() and close(): the notes' \"Dear\" filter, as a state machine.

usage: cargo run --example coroutine_send -- [--prefix TEXT] [--send NAME]...

  --prefix TEXT  what the coroutine searches for (default: Dear)
  --send NAME    a name to send; repeat it to send several (default: James, then Dear James)
  -h, --help     show this text
";

/// The notes' session with the state machine: create, prime, send each name, close.
fn notes_session(prefix: &str, names: &[String]) -> Vec<String> {
    let screen = Screen::new("   | ");
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

fn main() {
    let session = Session::from_flags(USAGE);

    println!("1. A state machine with send() and close(), primed as in the notes:");
    let machine = notes_session(&session.prefix, &session.names);
    println!();
    session.figure(&machine).print();

    // ANCHOR: misuse
    println!("\n2. What Python raises as exceptions are plain errors here.");
    let screen = Screen::new("   | ");
    let mut corou = PrintName::new(&session.prefix, &screen);
    let unprimed = corou.send("Dear Ali");
    println!("   send() before priming: {unprimed:?}");
    corou.prime();
    corou.close();
    let after_close = corou.send("Dear Ali");
    println!("   send() after close():  {after_close:?}");
    corou.close();
    println!("   a second close() changes nothing: {:?}", corou.state());
    // ANCHOR_END: misuse

    // ANCHOR: dropped
    println!("\n3. A coroutine dropped without close() still says goodbye, as in Python:");
    let dropped = Screen::new("   | ");
    let mut forgotten = PrintName::new(&session.prefix, &dropped);
    forgotten.prime();
    drop(forgotten);
    // ANCHOR_END: dropped

    assert_eq!(
        machine,
        session.expected(),
        "expected the search, the names with the prefix, the goodbye"
    );
    if session.as_in_notes {
        assert_eq!(machine, NOTES, "expected exactly the notes' three lines");
    }
    assert_eq!(
        (unprimed, after_close),
        (Err(SendError::NotPrimed), Err(SendError::Closed)),
        "expected send() to be refused before priming and after close()"
    );
    let goodbyes = screen
        .lines()
        .iter()
        .filter(|l| l.starts_with("Closing"))
        .count();
    assert_eq!(
        goodbyes,
        1,
        "expected a single goodbye however often close() is called, got {:?}",
        screen.lines()
    );
    assert_eq!(
        dropped.lines().last().map(String::as_str),
        Some("Closing coroutine!!"),
        "expected dropping a waiting coroutine to close it"
    );
    println!("\nAs expected: the coroutine prints the notes' lines, and misuse is an error value.");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn the_state_machine_prints_exactly_the_notes_lines() {
        assert_eq!(
            notes_session("Dear", &strings(&["James", "Dear James"])),
            NOTES
        );
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
    }

    #[test]
    fn send_is_refused_before_priming_and_after_close_and_the_goodbye_comes_once() {
        let screen = Screen::new("");
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
}
