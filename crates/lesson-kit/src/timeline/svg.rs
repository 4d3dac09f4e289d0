//! The SVG drawing of a chart, for the book.

use std::fmt::Write as _;
use std::io;
use std::path::Path;
use std::time::Duration;

use super::{Chart, millis};

impl Chart {
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

    /// What every timing lesson does with its chart: prints it, and with `--svg PATH` also writes
    /// it there, recording the command that redraws the book's figure of `lesson`
    /// (`cargo run --example <lesson> -- --svg book/figures/<lesson>.svg`).
    ///
    /// # Panics
    /// If the SVG cannot be written: the learner asked for that file, so the lesson says why not.
    pub fn show(self, lesson: &str, svg: Option<&Path>) {
        self.print();
        if let Some(path) = svg {
            self.generated_by(format!(
                "cargo run --example {lesson} -- --svg book/figures/{lesson}.svg"
            ))
            .write_svg(path)
            .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
            println!("(timeline written to {})", path.display());
        }
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

/// A round tick interval (1, 2 or 5 times a power of ten) giving 4 to 10 ticks on the axis.
pub(super) fn tick_step(axis: Duration) -> Duration {
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
