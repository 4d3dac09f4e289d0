//! What went wrong with a child: which child, what the parent was waiting for, and what it last
//! printed, in one line.

use std::fmt;
use std::time::Duration;

use crate::text::one_line;

/// How many of a child's last lines an [`Error`] quotes.
const LINES_QUOTED: usize = 5;

/// What went wrong with a child, while the parent waited for what; its `Display` is one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Details>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Details {
    child: String,
    waiting_for: String,
    problem: Problem,
    printed: Vec<String>,
    stderr: String,
}

impl Error {
    pub(super) fn new(
        child: String,
        waiting_for: &str,
        problem: Problem,
        printed: &[String],
        stderr: &str,
    ) -> Error {
        let stderr: Vec<&str> = stderr.lines().filter(|line| !line.is_empty()).collect();
        Error(Box::new(Details {
            child,
            waiting_for: waiting_for.to_owned(),
            problem,
            printed: printed[printed.len().saturating_sub(LINES_QUOTED)..].to_vec(),
            stderr: stderr[stderr.len().saturating_sub(LINES_QUOTED)..].join("\n"),
        }))
    }

    /// Which child: `process-1 (pid 4242, role `crunch`)`, or `the `ctrl-c` child (pid 4242)`.
    pub fn child(&self) -> &str {
        &self.0.child
    }

    /// What the parent was waiting for: `its \`ready\` line`, `its end`, `the line "item 2 started"`.
    pub fn waiting_for(&self) -> &str {
        &self.0.waiting_for
    }

    /// What went wrong.
    pub fn problem(&self) -> &Problem {
        &self.0.problem
    }

    /// The last lines the child printed (five at most).
    pub fn printed(&self) -> &[String] {
        &self.0.printed
    }

    /// The last lines of its stderr (five at most).
    pub fn stderr(&self) -> &str {
        &self.0.stderr
    }
}

/// The ways a wait on a child ends badly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// It could not be started: why.
    NotStarted(String),
    /// The deadline passed (this long after the start), so every child was killed and reaped.
    TimedOut(Duration),
    /// It ended before it gave what was awaited: how it ended.
    Ended(String),
    /// It ended, but not with exit code 0: how it ended.
    Failed(String),
    /// Reading, writing or signalling failed: why.
    Io(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotStarted(why) => write!(f, "it could not be started: {why}"),
            Problem::TimedOut(limit) => write!(
                f,
                "the deadline, {limit:?} after the start, passed: it was killed and reaped"
            ),
            Problem::Ended(ending) => write!(f, "it ended first, with {ending}"),
            Problem::Failed(ending) => write!(f, "it ended with {ending}"),
            Problem::Io(why) => f.write_str(why),
        }
    }
}

impl fmt::Display for Error {
    /// One line: `process-0 (pid 17, role `download`), waiting for its `ready` line: it ended
    /// first, with exit code 2; its stderr: error: unknown role "x": ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = &self.0;
        write!(
            f,
            "{}, waiting for {}: {}",
            error.child, error.waiting_for, error.problem
        )?;
        if !error.printed.is_empty() {
            write!(f, "; it printed {:?}", error.printed)?;
        }
        if !error.stderr.is_empty() {
            write!(f, "; its stderr: {}", one_line(&error.stderr))?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
