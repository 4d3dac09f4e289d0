//! The figure every lesson prints: what the Python notes reported, what this run measured, and
//! what it should ideally be, one under the other so the three compare at a glance.
//!
//! ```
//! use lesson_kit::Figure;
//!
//! let figure = Figure::new("available seats after both bookings")
//!     .notes("-2 (sometimes)")
//!     .this_run(-2)
//!     .ideal(0);
//! assert_eq!(
//!     figure.render(),
//!     "figure: available seats after both bookings\n\
//!      \x20 the notes (Python)  -2 (sometimes)\n\
//!      \x20 this run            -2\n\
//!      \x20 ideal               0\n"
//! );
//! ```

use std::fmt::{self, Display};

/// One compared figure; see the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    what: String,
    notes: Option<String>,
    this_run: Option<String>,
    ideal: Option<String>,
}

const ROW_NAMES: [&str; 3] = ["the notes (Python)", "this run", "ideal"];

impl Figure {
    /// A figure about `what`, with no values yet.
    pub fn new(what: impl Display) -> Self {
        Figure {
            what: what.to_string(),
            notes: None,
            this_run: None,
            ideal: None,
        }
    }

    /// What the Python course notes printed or claimed.
    pub fn notes(mut self, value: impl Display) -> Self {
        self.notes = Some(value.to_string());
        self
    }

    /// What this run of the lesson measured.
    pub fn this_run(mut self, value: impl Display) -> Self {
        self.this_run = Some(value.to_string());
        self
    }

    /// What a correct program gives, where there is such a thing.
    pub fn ideal(mut self, value: impl Display) -> Self {
        self.ideal = Some(value.to_string());
        self
    }

    /// The printed text: a title line, then one aligned row per value given (rows never given are
    /// left out rather than printed empty).
    pub fn render(&self) -> String {
        self.to_string()
    }

    /// Prints [`render`](Self::render) to stdout.
    pub fn print(&self) {
        print!("{self}");
    }
}

impl Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "figure: {}", self.what)?;
        let width = ROW_NAMES.iter().map(|name| name.len()).max().unwrap_or(0);
        let values = [&self.notes, &self.this_run, &self.ideal];
        for (name, value) in ROW_NAMES.iter().zip(values) {
            if let Some(value) = value {
                writeln!(f, "  {name:<width$}  {value}")?;
            }
        }
        Ok(())
    }
}

/// A duration as seconds with three decimals, the way the lessons print wall times: `0.412 s`.
pub fn seconds(duration: std::time::Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

/// The number of cores this program may use, which is what the ideal figures of timing lessons
/// are computed from (1 if the system will not say).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_values_line_up_under_the_title() {
        let text = Figure::new("seats")
            .notes(-2)
            .this_run("-2")
            .ideal(0)
            .render();
        assert_eq!(
            text,
            "figure: seats\n  the notes (Python)  -2\n  this run            -2\n  ideal               0\n"
        );
        let columns: Vec<usize> = text
            .lines()
            .skip(1)
            .map(|line| line.rfind("  ").unwrap() + 2)
            .collect();
        assert_eq!(
            columns,
            [22, 22, 22],
            "the values should start in one column"
        );
    }

    #[test]
    fn seconds_have_three_decimals() {
        use std::time::Duration;
        assert_eq!(seconds(Duration::from_millis(412)), "0.412 s");
        assert_eq!(seconds(Duration::from_micros(2_500_400)), "2.500 s");
    }

    #[test]
    fn rows_never_given_are_left_out() {
        let text = Figure::new("acquisitions").this_run(16_000).render();
        assert_eq!(text, "figure: acquisitions\n  this run            16000\n");
    }

    #[test]
    fn the_order_of_the_calls_does_not_matter() {
        let a = Figure::new("x").ideal(1).notes(2).this_run(3);
        let b = Figure::new("x").notes(2).this_run(3).ideal(1);
        assert_eq!(a.render(), b.render());
    }
}
