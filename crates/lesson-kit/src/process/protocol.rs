//! The lines a child and its parent exchange, besides whatever else the child prints:
//!
//! - child: `ready <nanos>`, when it has started and waits for the parent's word;
//! - parent: `go`, once every child of the run is ready;
//! - child: `span <start nanos> <end nanos> <label>`, for each piece of work it timed.
//!
//! Moments are nanoseconds since the UNIX epoch, by the wall clock: the one clock that two
//! processes share.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The parent's word that starts every ready child at once.
pub const GO: &str = "go";

/// Nanoseconds since the UNIX epoch.
pub fn nanos(moment: SystemTime) -> u128 {
    moment
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos())
}

/// The moment `nanos` (as [`nanos`] wrote it) names.
pub fn moment(nanos: &str) -> Option<SystemTime> {
    let nanos: u64 = nanos.parse().ok()?;
    Some(UNIX_EPOCH + Duration::from_nanos(nanos))
}

pub fn ready_line(at: SystemTime) -> String {
    format!("ready {}", nanos(at))
}

pub fn parse_ready(line: &str) -> Option<SystemTime> {
    moment(line.strip_prefix("ready ")?)
}

pub fn span_line(label: &str, start: SystemTime, end: SystemTime) -> String {
    // The label goes last, so that its spaces do no harm; a line break would end the report.
    let label = crate::text::one_line(label);
    format!("span {} {} {label}", nanos(start), nanos(end))
}

/// A span a child reported: `(label, start, end)`.
pub fn parse_span(line: &str) -> Option<(String, SystemTime, SystemTime)> {
    let mut words = line.strip_prefix("span ")?.splitn(3, ' ');
    let start = moment(words.next()?)?;
    let end = moment(words.next()?)?;
    let label = words.next()?.to_owned();
    Some((label, start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_parse_back_into_the_moments_they_carry() {
        let at = UNIX_EPOCH + Duration::from_nanos(1_700_000_000_123_456_789);
        let later = at + Duration::from_millis(5);
        assert_eq!(parse_ready(&ready_line(at)), Some(at));
        assert_eq!(
            parse_span(&span_line("page 7", at, later)),
            Some(("page 7".to_owned(), at, later))
        );
        assert_eq!(
            span_line("two\nlines", at, at),
            "span 1700000000123456789 1700000000123456789 two\\nlines"
        );
        assert_eq!(parse_ready("ready: the handler is installed"), None);
        assert_eq!(parse_ready("ready 12 13"), None);
        assert_eq!(parse_span("span 1 2"), None);
        assert_eq!(parse_span("span x 2 label"), None);
    }
}
