//! The notes' greeter, shared by the lessons `spawn_join` and `two_greeters`, and the log that
//! records what every thread printed, in the order it was printed.

use std::sync::Mutex;
use std::thread;
use std::time::Duration;

/// The notes greet 10 times a second apart; 5 times 20 ms apart keeps the lessons short.
pub const GREETINGS: u32 = 5;
/// The pause after each greeting (the notes' 1 s).
pub const PAUSE: Duration = Duration::from_millis(20);

/// Every line the lesson prints from any thread, in the order printed: printing happens under
/// the same lock as the recording, so the record is the order on the screen.
#[derive(Debug, Default)]
pub struct Log(Mutex<Vec<String>>);

impl Log {
    /// Prints `line`, indented, and records it.
    pub fn say(&self, line: String) {
        let mut lines = self.0.lock().expect("a thread panicked while printing");
        println!("   {line}");
        lines.push(line);
    }

    /// Every line said so far, in order.
    pub fn lines(&self) -> Vec<String> {
        self.0
            .lock()
            .expect("a thread panicked while printing")
            .clone()
    }
}

/// Where `wanted` is among `lines`; panics, showing them all, if it is not there.
pub fn position(lines: &[String], wanted: &str) -> usize {
    lines
        .iter()
        .position(|line| line == wanted)
        .unwrap_or_else(|| panic!("expected the line {wanted:?}, but the output was {lines:?}"))
}

// ANCHOR: greeter
/// The notes' greeter, which returns how many greetings it said: a thread's result comes back
/// through `join`.
pub fn greeter(name: &str, count: u32, log: &Log, before_each: impl Fn()) -> u32 {
    for i in 1..=count {
        before_each();
        log.say(format!("{i} - Hello {name}"));
        thread::sleep(PAUSE);
    }
    count
}
// ANCHOR_END: greeter

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::time::Instant;

    #[test]
    fn the_greeter_says_each_greeting_once_in_order_and_pauses_after_each() {
        let log = Log::default();
        let asked = Cell::new(0);
        let started = Instant::now();
        let said = greeter("Ali", 3, &log, || asked.set(asked.get() + 1));
        assert!(started.elapsed() >= PAUSE * 3);
        assert_eq!((said, asked.get()), (3, 3));
        assert_eq!(
            log.lines(),
            ["1 - Hello Ali", "2 - Hello Ali", "3 - Hello Ali"]
        );
        assert_eq!(position(&log.lines(), "2 - Hello Ali"), 1);
    }

    #[test]
    #[should_panic(expected = "expected the line \"Task Done !\"")]
    fn a_missing_line_is_a_failure_that_names_it() {
        position(&["1 - Hello Ali".to_owned()], "Task Done !");
    }
}
