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

use std::fmt::Write as _;
use std::io;
use std::path::Path;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant, SystemTime};

/// One unit of work: on which lane it ran, what it was, and when it started and ended, measured
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

/// Several runs drawn one above the other on one time axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    title: String,
    runs: Vec<Run>,
    generated_by: Option<String>,
}

/// Columns of the terminal drawing's time axis.
const TEXT_WIDTH: usize = 60;

impl Chart {
    /// An empty chart called `title`.
    pub fn new(title: impl Into<String>) -> Self {
        Chart {
            title: title.into(),
            runs: Vec::new(),
            generated_by: None,
        }
    }

    /// Adds a run below the others.
    pub fn run(mut self, run: Run) -> Self {
        self.runs.push(run);
        self
    }

    /// The runs, top to bottom.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// The command that regenerates this chart, written into the SVG so that `cargo run -- figures`
    /// can run it again.
    pub fn generated_by(mut self, command: impl Into<String>) -> Self {
        self.generated_by = Some(command.into());
        self
    }

    /// The end of the shared time axis: the latest end of any run.
    pub fn axis_end(&self) -> Duration {
        self.runs.iter().map(Run::end).max().unwrap_or_default()
    }

    /// The terminal drawing: per run a title line with its wall time, then one row per lane with
    /// a bar for each span (neighbouring spans alternate `█` and `▓`), then the time axis.
    pub fn to_text(&self) -> String {
        let axis = self.axis_end().max(Duration::from_nanos(1));
        let lane_width = self
            .runs
            .iter()
            .flat_map(|run| run.lanes())
            .map(|lane| lane.chars().count())
            .max()
            .unwrap_or(0)
            .max(4);
        let column = |at: Duration| -> usize {
            let share = at.as_secs_f64() / axis.as_secs_f64();
            ((share * TEXT_WIDTH as f64).round() as usize).min(TEXT_WIDTH)
        };
        let mut text = format!("timeline: {}\n", self.title);
        for run in &self.runs {
            let _ = writeln!(text, "  {} ({})", run.title, millis(run.wall_time()));
            for lane in run.lanes() {
                let mut cells = vec![' '; TEXT_WIDTH];
                let spans = run.spans.iter().filter(|span| span.lane == lane);
                for (index, span) in spans.enumerate() {
                    let mark = if index % 2 == 0 { '█' } else { '▓' };
                    let from = column(span.start).min(TEXT_WIDTH - 1);
                    // Every span gets at least one cell, however short it was.
                    let to = column(span.end).max(from + 1);
                    for cell in &mut cells[from..to] {
                        *cell = mark;
                    }
                }
                let bar: String = cells.into_iter().collect();
                let _ = writeln!(text, "    {lane:<lane_width$} |{bar}|");
            }
        }
        let end_label = millis(self.axis_end());
        let _ = writeln!(
            text,
            "    {:<lane_width$}  0 ms{end_label:>width$}",
            "",
            width = TEXT_WIDTH - 4
        );
        text
    }

    /// Prints [`to_text`](Self::to_text).
    pub fn print(&self) {
        print!("{}", self.to_text());
    }

    /// The SVG drawing for the book. Labels are the lanes' and runs' own names (code identifiers),
    /// so one picture serves every language; the output depends only on the runs, so an
    /// unchanged run gives an unchanged file.
    pub fn to_svg(&self) -> String {
        const WIDTH: f64 = 760.0;
        const LABEL_WIDTH: f64 = 150.0;
        const RIGHT_MARGIN: f64 = 32.0;
        const ROW: f64 = 20.0;
        const TITLE_ROW: f64 = 24.0;
        const COLORS: [&str; 4] = ["#3b6ea5", "#c8553d", "#4f9d69", "#8a5a9e"];

        let axis = self.axis_end().max(Duration::from_micros(1));
        let plot_width = WIDTH - LABEL_WIDTH - RIGHT_MARGIN;
        let x = |at: Duration| LABEL_WIDTH + plot_width * at.as_secs_f64() / axis.as_secs_f64();

        let mut body = String::new();
        let mut y = TITLE_ROW + 6.0;
        for (index, run) in self.runs.iter().enumerate() {
            let color = COLORS[index % COLORS.len()];
            let _ = writeln!(
                body,
                r#"  <text x="4" y="{:.1}" font-weight="bold">{} ({})</text>"#,
                y + 14.0,
                escape(&run.title),
                millis(run.wall_time())
            );
            y += TITLE_ROW;
            for lane in run.lanes() {
                let _ = writeln!(
                    body,
                    r#"  <text x="12" y="{:.1}">{}</text>"#,
                    y + 14.0,
                    escape(lane)
                );
                for span in run.spans.iter().filter(|span| span.lane == lane) {
                    let left = x(span.start);
                    let width = (x(span.end) - left).max(1.0);
                    let _ = writeln!(
                        body,
                        r#"  <rect x="{left:.1}" y="{:.1}" width="{width:.1}" height="{:.1}" fill="{color}" stroke="white" stroke-width="0.5"><title>{}: {} to {}</title></rect>"#,
                        y + 3.0,
                        ROW - 6.0,
                        escape(&span.label),
                        millis(span.start),
                        millis(span.end),
                    );
                }
                y += ROW;
            }
        }

        // The axis, with round ticks.
        let axis_y = y + 6.0;
        let _ = writeln!(
            body,
            r##"  <line x1="{LABEL_WIDTH:.1}" y1="{axis_y:.1}" x2="{:.1}" y2="{axis_y:.1}" stroke="#555"/>"##,
            WIDTH - RIGHT_MARGIN
        );
        let step = tick_step(axis);
        let mut tick = Duration::ZERO;
        while tick <= axis {
            let at = x(tick);
            let _ = writeln!(
                body,
                r##"  <line x1="{at:.1}" y1="{axis_y:.1}" x2="{at:.1}" y2="{:.1}" stroke="#555"/><text x="{at:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
                axis_y + 4.0,
                axis_y + 17.0,
                millis(tick)
            );
            tick += step;
        }
        let height = axis_y + 24.0;

        let mut svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0}" height="{height:.0}" viewBox="0 0 {WIDTH:.0} {height:.0}" font-family="monospace" font-size="12" direction="ltr">"#
        );
        svg.push('\n');
        if let Some(command) = &self.generated_by {
            // A description, not an XML comment: a comment may not contain `--`, and commands do.
            let _ = writeln!(svg, "  <desc>{GENERATED_BY}{}</desc>", escape(command));
        }
        let _ = writeln!(
            svg,
            r#"  <title>{}</title>
  <rect width="100%" height="100%" fill="white"/>
  <text x="4" y="16" font-weight="bold" font-size="13">{}</text>"#,
            escape(&self.title),
            escape(&self.title)
        );
        svg.push_str(&body);
        svg.push_str("</svg>\n");
        svg
    }

    /// Writes [`to_svg`](Self::to_svg) to `path`, creating its folder if needed.
    pub fn write_svg(&self, path: &Path) -> io::Result<()> {
        if let Some(folder) = path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
        {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(path, self.to_svg())
    }
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

/// A round tick interval (1, 2 or 5 times a power of ten) giving 4 to 10 ticks on the axis.
fn tick_step(axis: Duration) -> Duration {
    let target = axis.as_secs_f64() / 5.0;
    let mut step = 1e-6;
    loop {
        for factor in [1.0, 2.0, 5.0] {
            if step * factor >= target {
                return Duration::from_secs_f64(step * factor);
            }
        }
        step *= 10.0;
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// How an SVG names the command that drew it, inside its `<desc>` element.
const GENERATED_BY: &str = "generated by: ";

/// The `generated by:` command an SVG written by [`Chart::write_svg`] carries, if any.
pub fn generator_of(svg: &str) -> Option<String> {
    let opening = format!("<desc>{GENERATED_BY}");
    let start = svg.find(&opening)? + opening.len();
    let end = start + svg[start..].find("</desc>")?;
    Some(
        svg[start..end]
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(lane: &str, label: &str, start_ms: u64, end_ms: u64) -> Span {
        Span {
            lane: lane.into(),
            label: label.into(),
            start: Duration::from_millis(start_ms),
            end: Duration::from_millis(end_ms),
        }
    }

    fn run(title: &str, spans: Vec<Span>) -> Run {
        Run {
            title: title.into(),
            spans,
        }
    }

    #[test]
    fn serial_work_peaks_at_one_and_parallel_work_at_the_number_of_lanes() {
        let serial = run(
            "serial",
            vec![span("main", "a", 0, 10), span("main", "b", 10, 20)],
        );
        let parallel = run(
            "threads",
            vec![
                span("t0", "a", 0, 10),
                span("t1", "b", 1, 11),
                span("t2", "c", 2, 12),
            ],
        );
        assert_eq!(serial.peak_overlap(), 1, "touching ends are not overlap");
        assert!(!serial.any_overlap());
        assert_eq!(parallel.peak_overlap(), 3);
        assert_eq!(parallel.lanes(), ["t0", "t1", "t2"]);
        let many = run(
            "many",
            vec![
                span("w-10", "a", 0, 1),
                span("w-2", "b", 1, 2),
                span("main", "c", 2, 3),
            ],
        );
        assert_eq!(
            many.lanes(),
            ["main", "w-2", "w-10"],
            "natural order, not start order"
        );
        assert_eq!(parallel.wall_time(), Duration::from_millis(12));
        assert_eq!(serial.end(), Duration::from_millis(20));
    }

    #[test]
    fn recorded_spans_lie_inside_the_work_and_in_order() {
        let timeline = Timeline::new();
        let before = Instant::now();
        let value = timeline.record("sleep", || {
            thread::sleep(Duration::from_millis(5));
            42
        });
        {
            let _second = timeline.begin("lane-b", "second");
        }
        let run = timeline.finish("one");
        assert_eq!(value, 42);
        assert_eq!(run.spans.len(), 2);
        let first = &run.spans[0];
        assert_eq!(first.label, "sleep");
        assert!(
            first.length() >= Duration::from_millis(5),
            "a sleep never ends early"
        );
        assert!(first.start >= before.saturating_duration_since(timeline.origin()));
        assert_eq!(run.spans[1].lane, "lane-b");
        assert!(run.spans[1].start >= first.end);
    }

    #[test]
    fn named_threads_are_lanes_by_name_and_unnamed_ones_by_number() {
        let named = thread::Builder::new()
            .name("crunch-1".into())
            .spawn(current_lane)
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(named, "crunch-1");
        let unnamed = thread::spawn(current_lane).join().unwrap();
        assert!(
            unnamed.starts_with("thread-") && unnamed.len() > "thread-".len(),
            "{unnamed}"
        );
    }

    #[test]
    fn times_from_another_process_are_placed_by_the_wall_clock() {
        let timeline = Timeline::new();
        let start = timeline.origin_system + Duration::from_millis(30);
        timeline.add_system_times("pid 7", "crunch", start, start + Duration::from_millis(20));
        // A clock read before the timeline started is drawn at its start.
        timeline.add_system_times(
            "pid 8",
            "early",
            timeline.origin_system - Duration::from_secs(1),
            timeline.origin_system,
        );
        let run = timeline.finish("processes");
        assert_eq!(run.spans[0], span("pid 8", "early", 0, 0));
        assert_eq!(run.spans[1], span("pid 7", "crunch", 30, 50));
    }

    fn example_chart() -> Chart {
        Chart::new("4 sleeps")
            .run(run(
                "serial",
                (0..4)
                    .map(|i| span("main", &format!("sleep#{i}"), i * 10, i * 10 + 10))
                    .collect(),
            ))
            .run(run(
                "threads",
                (0..4)
                    .map(|i| span(&format!("t{i}"), &format!("sleep#{i}"), 0, 10))
                    .collect(),
            ))
            .generated_by("cargo run --example only_sleep -- --svg \"a b.svg\"")
    }

    #[test]
    fn the_text_drawing_shares_one_axis_between_runs() {
        let text = example_chart().to_text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "timeline: 4 sleeps");
        assert_eq!(lines[1], "  serial (40 ms)");
        let serial_bar = lines[2].split('|').nth(1).unwrap();
        assert_eq!(serial_bar.chars().count(), TEXT_WIDTH);
        assert!(
            serial_bar.chars().all(|c| c == '█' || c == '▓'),
            "serial work fills the whole axis: {serial_bar:?}"
        );
        assert_eq!(serial_bar.chars().filter(|&c| c == '▓').count(), 30);
        assert_eq!(lines[3], "  threads (10 ms)");
        for line in &lines[4..8] {
            let bar = line.split('|').nth(1).unwrap();
            assert_eq!(bar.chars().filter(|&c| c == '█').count(), 15, "{line}");
            assert!(bar.starts_with('█'));
        }
        assert!(lines[8].ends_with("40 ms"), "{}", lines[8]);
        assert_eq!(lines.len(), 9);
    }

    #[test]
    fn the_svg_is_well_formed_and_carries_its_command() {
        let svg = example_chart().to_svg();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        let document = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|error| panic!("not well-formed XML: {error}\n{svg}"));
        assert_eq!(document.root_element().tag_name().name(), "svg");
        let rects = document
            .descendants()
            .filter(|node| node.has_tag_name("rect"))
            .count();
        assert_eq!(rects, 1 + 8, "background + 8 spans");
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<rect ").count(), 1 + 8, "background + 8 spans");
        assert_eq!(
            generator_of(&svg).as_deref(),
            Some("cargo run --example only_sleep -- --svg \"a b.svg\"")
        );
        assert!(svg.contains(">serial (40 ms)</text>"));
        assert!(svg.contains("<title>sleep#3: 30 ms to 40 ms</title>"));
        // Every opened element is closed (a crude but effective check for this flat SVG).
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert_eq!(
            svg.matches("<rect ").count() - 1,
            svg.matches("</rect>").count()
        );
        assert_eq!(
            example_chart().to_svg(),
            svg,
            "the same runs give the same file"
        );
    }

    #[test]
    fn names_are_escaped_in_the_svg() {
        let chart = Chart::new("a<b & \"c\"").run(run("x<y", vec![span("<lane>", "&", 0, 1)]));
        let svg = chart.to_svg();
        roxmltree::Document::parse(&svg).expect("well-formed XML");
        assert!(svg.contains("a&lt;b &amp; &quot;c&quot;"));
        assert!(svg.contains("&lt;lane&gt;"));
        assert!(!svg.contains("<lane>"));
        assert_eq!(generator_of(&svg), None);
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            tick_step(Duration::from_millis(40)),
            Duration::from_millis(10)
        );
        assert_eq!(
            tick_step(Duration::from_millis(1000)),
            Duration::from_millis(200)
        );
        assert_eq!(millis(Duration::from_micros(2500)), "2.5 ms");
        assert_eq!(millis(Duration::from_millis(412)), "412 ms");
    }

    #[test]
    fn write_svg_creates_the_folder() {
        let folder = std::env::temp_dir().join(format!("timeline-test-{}", std::process::id()));
        let path = folder.join("figures/chart.svg");
        example_chart().write_svg(&path).unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_dir_all(&folder).unwrap();
        assert_eq!(written, example_chart().to_svg());
    }

    /// A clock that moves exactly 10 ms every time it is read.
    fn ten_ms_per_reading() -> Instant {
        static BASE: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        static READINGS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let readings = READINGS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        *BASE.get_or_init(Instant::now) + Duration::from_millis(10 * readings)
    }

    #[test]
    fn a_timeline_with_its_own_clock_reads_only_that_clock() {
        // Readings: the origin (0), the span's start (10 ms) and its end (20 ms), whatever time
        // the system says has passed.
        let timeline = Timeline::with_clock(ten_ms_per_reading);
        let recording = timeline.begin("task-0", "step");
        std::thread::sleep(Duration::from_millis(30));
        recording.end();
        let run = timeline.finish("fake clock");
        let span = &run.spans[0];
        assert_eq!(
            (span.start, span.end),
            (Duration::from_millis(10), Duration::from_millis(20))
        );
    }
}
