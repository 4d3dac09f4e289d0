//! Lesson: two threads started together print at the same time, so their lines mix.
//!
//! The notes start two greeters, Mohammad and Ali, from a list, start them all, then join them
//! all, and their lines come out mixed. This lesson does the same with the greeter of
//! `spawn_join`: 5 greetings each, 20 ms apart (the notes' 1 s is 20 ms here). A barrier makes
//! the two take turns round by round, so their lines mix on every run; who speaks first inside
//! a round is still up to the operating system. Main speaks last, after both joins.
//!
//! Run: `cargo run --example two_greeters` (add `-- --free` to drop the barrier, and see what the
//! operating system does on its own).

use std::sync::Barrier;
use std::thread;
use std::time::Duration;

use lesson_kit::cli;
use lesson_kit::must_finish;
use threads::greeting::{GREETINGS, Log, greeter, position};

const USAGE: &str = "\
Two greeters started together: their lines mix; main speaks after joining both.

usage: cargo run --example two_greeters -- [--free]

  --free      no forced order: the two greeters do not take turns; the order is then
              whatever the OS makes of it
  -h, --help  show this text
";

/// Only a bug in the lesson could make it wait this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(20);

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

/// Round `round` of the two greeters: the indexes of its two lines.
fn round_lines(lines: &[String], round: u32) -> [usize; 2] {
    ["Mohammad", "Ali"].map(|name| position(lines, &format!("{round} - Hello {name}")))
}

fn main() {
    let free = cli::only_switch(USAGE, "free");

    println!("Two greeters, Mohammad and Ali, started together and joined:");
    let two = must_finish(LIMIT, "the greeters", move || two_greeters(free));
    let ali_first = (1..=GREETINGS)
        .filter(|&round| {
            let [mohammad, ali] = round_lines(&two, round);
            ali < mohammad
        })
        .count();
    println!("   Ali spoke first in {ali_first} of {GREETINGS} rounds: the OS decides.");

    if !free {
        // Every round's two lines come before any line of the next round.
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
    println!("\nAs expected: the greeters' lines mixed, and main spoke after joining both.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_greeters_take_turns_and_main_speaks_last() {
        for _ in 0..5 {
            let lines = must_finish(LIMIT, "the greeters", || two_greeters(false));
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
    fn without_forcing_every_line_is_still_said_once_and_main_speaks_last() {
        let two = must_finish(LIMIT, "the greeters", || two_greeters(true));
        assert_eq!(two.len(), 2 * GREETINGS as usize + 1, "{two:?}");
        assert_eq!(two.last().unwrap(), "Task Done !");
    }
}
