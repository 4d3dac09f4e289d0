//! What a child left behind when it ended: its lines, its reported spans, how it ended.

use std::process::ExitStatus;
use std::time::{Duration, SystemTime};

use super::{Error, Problem, describe, signal_of};
use crate::Timeline;

/// A span of work a child reported ([`report_span`](super::report_span)), by the wall clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    pub label: String,
    pub start: SystemTime,
    pub end: SystemTime,
}

impl Reported {
    /// How long the work took.
    pub fn length(&self) -> Duration {
        self.end.duration_since(self.start).unwrap_or_default()
    }
}

/// A child that ended: what it printed, what it reported, and how it ended.
#[derive(Debug, Clone)]
pub struct Finished {
    /// Its name: its lane on a timeline.
    pub name: String,
    pub role: String,
    pub pid: u32,
    pub status: ExitStatus,
    /// Every line it printed on stdout, except `ready` and its spans.
    pub lines: Vec<String>,
    /// The spans it reported, in order.
    pub spans: Vec<Reported>,
    /// What it printed on stderr (the last 64 KiB of it).
    pub stderr: String,
    /// When it was started, and when it said `ready` (if it did), by the wall clock.
    pub spawned: SystemTime,
    pub ready: Option<SystemTime>,
    /// From just before it was started until it was seen to have exited.
    pub lived: Duration,
}

impl Finished {
    /// How it ended, in words: `exit code 0`, `killed by signal 2 (SIGINT)` ([`describe`]).
    pub fn ending(&self) -> String {
        describe(self.status)
    }

    /// Whether it exited with code 0.
    pub fn success(&self) -> bool {
        self.status.success()
    }

    /// The signal that killed it, if one did.
    pub fn signal(&self) -> Option<i32> {
        signal_of(self.status)
    }

    /// Whether it printed exactly `line`.
    pub fn said(&self, line: &str) -> bool {
        self.lines.iter().any(|said| said == line)
    }

    /// How long it took to start, from just before it was started until it said `ready`.
    pub fn start_cost(&self) -> Option<Duration> {
        let ready = self.ready?;
        Some(ready.duration_since(self.spawned).unwrap_or_default())
    }

    /// Puts it on `timeline`, in the lane of its name: a span `start` from its start to its
    /// `ready`, and every span it reported.
    pub fn record_on(&self, timeline: &Timeline) {
        if let Some(ready) = self.ready {
            timeline.add_system_times(&self.name, "start", self.spawned, ready);
        }
        for span in &self.spans {
            timeline.add_system_times(&self.name, &span.label, span.start, span.end);
        }
    }

    /// Itself if it exited with code 0; otherwise an error that says how it ended.
    pub fn ok(self) -> Result<Finished, Error> {
        if self.success() {
            return Ok(self);
        }
        let child = format!("{} (pid {}, role `{}`)", self.name, self.pid, self.role);
        let problem = Problem::Failed(self.ending());
        Err(Error::new(
            child,
            "a successful end",
            problem,
            &self.lines,
            &self.stderr,
        ))
    }
}
