//! One child on its own: the same deadline, protocol and clean-up as [`Children`], without indices.

use super::{Children, Error, Finished};

/// One child: [`Children`] of one, with a deadline on every wait. See [`Launch::start`](super::Launch::start).
#[derive(Debug)]
pub struct Child(Children);

impl Child {
    pub(super) fn from_one(children: Children) -> Child {
        Child(children)
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.0.pid(0)
    }

    /// The lines it printed so far.
    pub fn lines(&self) -> &[String] {
        self.0.lines(0)
    }

    /// Waits for the line `line` ([`Children::wait_for`]).
    pub fn wait_for_line(&mut self, line: &str) -> Result<(), Error> {
        let what = format!("the line {line:?}");
        self.0.wait_for(0, &what, |seen| seen == line).map(drop)
    }

    /// Waits for a line that `wanted` accepts ([`Children::wait_for`]).
    pub fn wait_for(&mut self, what: &str, wanted: impl Fn(&str) -> bool) -> Result<String, Error> {
        self.0.wait_for(0, what, wanted)
    }

    /// Writes `line` to its input.
    pub fn send_line(&mut self, line: &str) -> Result<(), Error> {
        self.0.send_line(0, line)
    }

    /// Waits for its `ready`, and says `go` ([`Children::ready_go`]).
    pub fn ready_go(&mut self) -> Result<(), Error> {
        self.0.ready_go()
    }

    /// Sends it `signal` ([`Children::signal`]).
    #[cfg(unix)]
    pub fn signal(&mut self, signal: i32) -> Result<(), Error> {
        self.0.signal(0, signal)
    }

    /// Waits for its end ([`Children::finish`]).
    pub fn finish(self) -> Result<Finished, Error> {
        let mut finished = self.0.finish()?;
        Ok(finished.pop().expect("one child"))
    }
}
