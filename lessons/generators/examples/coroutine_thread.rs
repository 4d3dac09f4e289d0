//! Lesson: a coroutine that receives values is a thread fed by a channel; dropping the sender
//! closes it.
//!
//! The notes' coroutine `print_name(prefix)` prints the prefix it searches for, prints each name
//! sent to it that contains the prefix, and says goodbye when it is closed. The lesson
//! `coroutine_send` writes it as a state machine; here it is a thread that receives the names
//! through a channel. Its `for` loop ends when every sender has been dropped, so dropping the
//! sender is `close()`, and it needs no priming: a name sent before the thread reaches its loop
//! waits in the channel.
//!
//! Run: `cargo run --example coroutine_thread` (add `-- --prefix P --send NAME ...` to try others).

use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use generators::notes::{PRINT_NAME as NOTES, Session};
use generators::screen::Screen;
use lesson_kit::must_finish;

const USAGE: &str = "\
A coroutine as a thread fed by a channel: the notes' \"Dear\" filter, closed by dropping the sender.

usage: cargo run --example coroutine_thread -- [--prefix TEXT] [--send NAME]...

  --prefix TEXT  what the coroutine searches for (default: Dear)
  --send NAME    a name to send; repeat it to send several (default: James, then Dear James)
  -h, --help     show this text
";

/// Only a bug in the lesson could make the channel's thread take this long.
const LIMIT: Duration = Duration::from_secs(10);

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

/// The notes' session with the thread: no priming, send each name, drop the sender, wait.
fn channel_session(prefix: &str, names: &[String]) -> Vec<String> {
    let screen = Screen::new("   | ");
    let (corou, thread) = print_name_thread(prefix, &screen);
    for name in names {
        corou.send(name.clone()).expect("the thread is listening");
    }
    drop(corou); // close(): the thread's loop ends, it says goodbye and returns
    must_finish(LIMIT, "the coroutine's thread", move || thread.join())
        .expect("the coroutine's thread panicked");
    screen.lines()
}

fn main() {
    let session = Session::from_flags(USAGE);

    println!("A thread fed by a channel; dropping the sender closes it:");
    let channel = channel_session(&session.prefix, &session.names);
    println!();
    session.figure(&channel).print();

    assert_eq!(
        channel,
        session.expected(),
        "expected the search, the names with the prefix, the goodbye"
    );
    if session.as_in_notes {
        assert_eq!(channel, NOTES, "expected exactly the notes' three lines");
    }
    println!(
        "\nAs expected: the thread prints the notes' lines, and dropping the sender closed it."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn the_thread_prints_exactly_the_notes_lines_every_time() {
        let names = strings(&["James", "Dear James"]);
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
        assert_eq!(channel_session("Dear", &names), expected);
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
