//! Timelines of real runs: when each unit of work started and ended, and on which lane (a thread,
//! a process, a task), drawn in the terminal and as an SVG for the book.
//!
//! A [`Timeline`] is shared by the workers of one run; each records its work, and [`Timeline::finish`]
//! turns the records into a [`Run`]. A [`Chart`] puts several runs one above the other on the same
//! time axis, so serial and parallel versions of the same work compare at a glance.
//!
//! ```
//! use std::thread;
//! use lesson_kit::timeline::{Chart, Timeline};
//!
//! let timeline = Timeline::new();
//! thread::scope(|scope| {
//!     for worker in 0..2 {
//!         let timeline = &timeline;
//!         thread::Builder::new()
//!             .name(format!("worker-{worker}"))
//!             .spawn_scoped(scope, move || timeline.record("sleep", || thread::sleep(std::time::Duration::from_millis(5))))
//!             .unwrap();
//!     }
//! });
//! let run = timeline.finish("threads");
//! assert_eq!(run.lanes(), ["worker-0", "worker-1"]);
//! let chart = Chart::new("two sleeps").run(run);
//! assert!(chart.to_svg().starts_with("<svg"));
//! ```

mod chart;
mod measured;
mod svg;
#[cfg(test)]
mod tests;

pub use chart::Chart;
pub use measured::{Measured, measure};
pub use svg::generator_of;

use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant, SystemTime};

/// from the start of its [`Timeline`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The thread, process or task it ran on, e.g. `worker-0` or `pid 4242`.
    pub lane: String,
    /// What the work was, e.g. `sleep#1`.
    pub label: String,
    /// When it started, from the start of the timeline.
    pub start: Duration,
    /// When it ended, from the start of the timeline; never before `start`.
    pub end: Duration,
}

impl Span {
    /// How long the work took.
    pub fn length(&self) -> Duration {
        self.end - self.start
    }

    /// Whether the two spans were running at the same moment (touching ends do not count).
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// The records of one run, shared by every worker in it (it is `Sync`).
#[derive(Debug)]
pub struct Timeline {
    origin: Instant,
    origin_system: SystemTime,
    clock: fn() -> Instant,
    spans: Mutex<Vec<Span>>,
}

impl Default for Timeline {
    fn default() -> Self {
        Self::new()
    }
}

impl Timeline {
    /// A timeline whose clock starts now.
    pub fn new() -> Self {
        Self::with_clock(Instant::now)
    }

    /// A timeline that reads the time from `clock` instead of the system: an async lesson
    /// passes tokio's clock, so that its tests, on tokio's paused clock, record exact virtual
    /// times (`|| tokio::time::Instant::now().into_std()`).
    pub fn with_clock(clock: fn() -> Instant) -> Self {
        Timeline {
            origin: clock(),
            origin_system: SystemTime::now(),
            clock,
            spans: Mutex::new(Vec::new()),
        }
    }

    /// The moment the timeline started.
    pub fn origin(&self) -> Instant {
        self.origin
    }

    /// Runs `work` on this thread and records it under the thread's lane ([`current_lane`]).
    pub fn record<T>(&self, label: impl Into<String>, work: impl FnOnce() -> T) -> T {
        let recording = self.begin(current_lane(), label);
        let value = work();
        recording.end();
        value
    }

    /// Starts a span that ends when the returned [`Recording`] is dropped or ended: for work
    /// that is not one closure, such as an async task between two awaits.
    pub fn begin(&self, lane: impl Into<String>, label: impl Into<String>) -> Recording<'_> {
        Recording {
            timeline: self,
            lane: lane.into(),
            label: label.into(),
            start: (self.clock)(),
        }
    }

    /// Records a span measured elsewhere with this process's clock. Moments before the timeline
    /// started are drawn at its start.
    pub fn add(
        &self,
        lane: impl Into<String>,
        label: impl Into<String>,
        start: Instant,
        end: Instant,
    ) {
        let start = start.saturating_duration_since(self.origin);
        let end = end.saturating_duration_since(self.origin).max(start);
        self.push(Span {
            lane: lane.into(),
            label: label.into(),
            start,
            end,
        });
    }

    /// Records a span measured by another process, which can only share the wall clock with us:
    /// `start` and `end` as it read them from [`SystemTime::now`].
    pub fn add_system_times(
        &self,
        lane: impl Into<String>,
        label: impl Into<String>,
        start: SystemTime,
        end: SystemTime,
    ) {
        let since_origin = |moment: SystemTime| {
            moment
                .duration_since(self.origin_system)
                .unwrap_or(Duration::ZERO)
        };
        let start = since_origin(start);
        let end = since_origin(end).max(start);
        self.push(Span {
            lane: lane.into(),
            label: label.into(),
            start,
            end,
        });
    }

    fn push(&self, span: Span) {
        // A worker that panicked while pushing cannot have left the vector half-written.
        self.spans
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(span);
    }

    /// The records so far, as a [`Run`] called `title`, ordered by start.
    pub fn finish(&self, title: impl Into<String>) -> Run {
        let mut spans = self
            .spans
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        spans.sort_by_key(|span| (span.start, span.end));
        Run {
            title: title.into(),
            spans,
        }
    }
}

/// A span being recorded; see [`Timeline::begin`].
#[must_use = "the span ends when this is dropped"]
#[derive(Debug)]
pub struct Recording<'a> {
    timeline: &'a Timeline,
    lane: String,
    label: String,
    start: Instant,
}

impl Recording<'_> {
    /// Ends the span now (dropping it does the same).
    pub fn end(self) {}
}

impl Drop for Recording<'_> {
    fn drop(&mut self) {
        self.timeline.add(
            std::mem::take(&mut self.lane),
            std::mem::take(&mut self.label),
            self.start,
            (self.timeline.clock)(),
        );
    }
}

/// The lane of the calling thread: its name, or `thread-N` for an unnamed one.
pub fn current_lane() -> String {
    let current = thread::current();
    match current.name() {
        Some(name) => name.to_owned(),
        None => {
            // `ThreadId` prints as `ThreadId(7)`; its number is all we want.
            let id = format!("{:?}", current.id());
            let digits: String = id.chars().filter(char::is_ascii_digit).collect();
            format!("thread-{digits}")
        }
    }
}

/// The finished records of one run, ordered by start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// What ran, e.g. `serial` or `threads`.
    pub title: String,
    /// Every recorded span, ordered by start.
    pub spans: Vec<Span>,
}

impl Run {
    /// The lanes in natural order (`worker-2` before `worker-10`), which, unlike the order in
    /// which threads happened to start, is the same on every run.
    pub fn lanes(&self) -> Vec<&str> {
        let mut lanes: Vec<&str> = Vec::new();
        for span in &self.spans {
            if !lanes.contains(&span.lane.as_str()) {
                lanes.push(&span.lane);
            }
        }
        lanes.sort_by_cached_key(|lane| natural_key(lane));
        lanes
    }

    /// When the last span ended.
    pub fn end(&self) -> Duration {
        self.spans
            .iter()
            .map(|span| span.end)
            .max()
            .unwrap_or_default()
    }

    /// From the first start to the last end.
    pub fn wall_time(&self) -> Duration {
        let first = self
            .spans
            .first()
            .map(|span| span.start)
            .unwrap_or_default();
        self.end().saturating_sub(first)
    }

    /// The most spans that were running at one moment: 1 for work done one piece after another,
    /// N for N pieces that all overlapped.
    pub fn peak_overlap(&self) -> usize {
        // Ends sort before starts at the same moment, so touching spans do not count as overlapping.
        let mut events: Vec<(Duration, i32)> = Vec::with_capacity(self.spans.len() * 2);
        for span in &self.spans {
            events.push((span.start, 1));
            events.push((span.end, -1));
        }
        events.sort();
        let mut running = 0;
        let mut peak = 0;
        for (_, change) in events {
            running += change;
            peak = peak.max(running);
        }
        peak as usize
    }

    /// Whether some two spans of the run overlapped.
    pub fn any_overlap(&self) -> bool {
        self.peak_overlap() > 1
    }

    /// This run with its spans stacked into at most `lanes` lanes called `<prefix>-0`,
    /// `<prefix>-1`, ...: each span goes to the first lane that is free when it starts, or, when
    /// none is, to the lane that frees first (where it is drawn over the span still running).
    /// 160 async tasks make a readable picture this way, and spans that never overlapped keep
    /// lanes of their own.
    pub fn stacked(&self, prefix: &str, lanes: usize) -> Run {
        let mut ends: Vec<Duration> = Vec::new();
        let mut spans = self.spans.clone();
        spans.sort_by_key(|span| (span.start, span.end));
        for span in &mut spans {
            let lane = match ends.iter().position(|&end| end <= span.start) {
                Some(free) => free,
                None if ends.len() < lanes.max(1) => {
                    ends.push(Duration::ZERO);
                    ends.len() - 1
                }
                None => (0..ends.len())
                    .min_by_key(|&lane| ends[lane])
                    .expect("at least one lane"),
            };
            ends[lane] = ends[lane].max(span.end);
            span.lane = format!("{prefix}-{lane}");
        }
        Run {
            title: self.title.clone(),
            spans,
        }
    }
}

/// `worker-10` as `[("worker-", 0), ("", 10)]`-like chunks, so that numbers compare as numbers.
fn natural_key(text: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(&next) = chars.peek() {
        if next.is_ascii_digit() {
            let mut number: u64 = 0;
            while let Some(digit) = chars.peek().and_then(|c| c.to_digit(10)) {
                number = number.saturating_mul(10).saturating_add(u64::from(digit));
                chars.next();
            }
            key.push((std::mem::take(&mut word), number));
        } else {
            word.push(next);
            chars.next();
        }
    }
    key.push((word, 0));
    key
}

/// A duration as milliseconds, with one decimal below 10 ms: `412 ms`, `2.5 ms`.
pub fn millis(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 && ms != ms.round() {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}
