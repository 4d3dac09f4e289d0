//! The notes' coroutine `print_name(prefix)` as a state machine with `send` and `close`: the
//! lesson `coroutine_send` steps it through the notes' session, and shows how it answers misuse.

use std::fmt;

use crate::screen::Screen;

// ANCHOR: states
/// Where a Python generator can be, as far as `send` and `close` care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Created, but its body has not run yet: it is not waiting at a `yield`.
    Created,
    /// Paused at `name = (yield)`, waiting for a name.
    Waiting,
    /// Closed: it will never take a value again.
    Closed,
}

/// Why a value could not be sent. Python raises an exception for each; here they are values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    /// Python: "TypeError: can't send non-None value to a just-started generator".
    NotPrimed,
    /// Python: `StopIteration`.
    Closed,
}
// ANCHOR_END: states

// ANCHOR: state_machine
/// The notes' `print_name(prefix)`, as a state machine: each method runs the code between two
/// `yield`s of the Python function, and `state` remembers where the function is paused.
pub struct PrintName {
    prefix: String,
    state: State,
    screen: Screen,
}

impl PrintName {
    /// `print_name("Dear")`: like calling a generator function in Python, this runs none of
    /// its body.
    pub fn new(prefix: &str, screen: &Screen) -> Self {
        PrintName {
            prefix: prefix.to_owned(),
            state: State::Created,
            screen: screen.clone(),
        }
    }

    /// The notes' `corou.__next__()`: run the body up to its first `yield`.
    pub fn prime(&mut self) {
        if self.state == State::Created {
            self.screen
                .print(format!("Searching prefix:{}", self.prefix));
            self.state = State::Waiting;
        }
    }

    /// `corou.send(name)`: the value of `(yield)` is `name`; run until the next `yield`.
    pub fn send(&mut self, name: &str) -> Result<(), SendError> {
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
    pub fn close(&mut self) {
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

impl PrintName {
    /// Where the coroutine is paused, or that it is closed.
    pub fn state(&self) -> State {
        self.state
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SendError::NotPrimed => "not primed: it is not waiting at a yield yet",
            SendError::Closed => "closed: it takes no more values",
        })
    }
}

impl std::error::Error for SendError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creating_runs_nothing_and_closing_an_unstarted_coroutine_prints_nothing() {
        let screen = Screen::new("");
        let mut corou = PrintName::new("Dear", &screen);
        assert!(screen.is_empty());
        assert_eq!(corou.state(), State::Created);
        corou.close();
        assert_eq!(corou.send("Dear James"), Err(SendError::Closed));
        drop(corou);
        assert!(screen.is_empty(), "{:?}", screen.lines());
    }

    #[test]
    fn a_waiting_coroutine_prints_the_names_that_contain_the_prefix() {
        let screen = Screen::new("");
        let mut corou = PrintName::new("Dear", &screen);
        corou.prime();
        assert_eq!(corou.state(), State::Waiting);
        for name in ["James", "My Dear Sara", "dear Ali"] {
            assert_eq!(corou.send(name), Ok(()));
        }
        drop(corou);
        let expected = [
            "Searching prefix:Dear",
            "My Dear Sara",
            "Closing coroutine!!",
        ];
        assert_eq!(screen.lines(), expected);
    }
}
