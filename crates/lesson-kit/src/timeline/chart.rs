//! Several runs on one time axis, and their drawing in the terminal.

use std::fmt::Write as _;
use std::time::Duration;

use super::{Run, millis};

/// Several runs drawn one above the other on one time axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub(super) title: String,
    pub(super) runs: Vec<Run>,
    pub(super) generated_by: Option<String>,
}

/// Columns of the terminal drawing's time axis.
pub(super) const TEXT_WIDTH: usize = 60;

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
}
