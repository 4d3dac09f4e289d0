//! What the notes printed, kept here so that the lessons can print and assert them beside their
//! own output, and the notes' way of printing a list of values.

use lesson_kit::Figure;

/// The Fibonacci numbers below 1000, as the notes' `for` loop printed them.
pub const FIB_BELOW_1000: [u64; 16] = [
    1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987,
];

/// What the notes' coroutine `print_name("Dear")` prints when it is primed, sent "James" and
/// "Dear James", and closed.
pub const PRINT_NAME: [&str; 3] = ["Searching prefix:Dear", "Dear James", "Closing coroutine!!"];

/// The values the way the notes print them: each followed by ", " (the last space left out).
pub fn notes_style(values: &[u64]) -> String {
    let text: String = values.iter().map(|value| format!("{value}, ")).collect();
    text.trim_end().to_owned()
}

/// The range of `values` the way the figures give it: "16 values, 1 to 987".
pub fn count_and_range(values: &[u64]) -> String {
    let end = |value: Option<&u64>| value.map_or("-".into(), u64::to_string);
    format!(
        "{} values, {} to {}",
        values.len(),
        end(values.first()),
        end(values.last())
    )
}

/// What the notes' `print_name(prefix)` prints for `names`: the search, every name that contains
/// the prefix (the notes' test is `prefix in name`), and the goodbye.
pub fn print_name_lines(prefix: &str, names: &[String]) -> Vec<String> {
    let found = names.iter().filter(|name| name.contains(prefix)).cloned();
    std::iter::once(format!("Searching prefix:{prefix}"))
        .chain(found)
        .chain(["Closing coroutine!!".to_owned()])
        .collect()
}

/// The session the coroutine lessons run: the notes' own, or the prefix and names the flags ask
/// for (`--prefix TEXT`, `--send NAME` repeated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub prefix: String,
    pub names: Vec<String>,
    /// Whether it is the notes' session, whose output the notes show.
    pub as_in_notes: bool,
}

impl Session {
    /// The session this program's flags ask for; `--help` prints `usage`, a bad flag exits 2.
    pub fn from_flags(usage: &str) -> Self {
        Self::parse(std::env::args_os().skip(1), usage)
    }

    fn parse(args: impl IntoIterator<Item = std::ffi::OsString>, usage: &str) -> Self {
        use lesson_kit::cli::{self, Arg};
        let (mut prefix, mut names) = ("Dear".to_owned(), Vec::new());
        cli::parse_or_exit(args, usage, |arg, parser| {
            match arg {
                Arg::Long("prefix") => prefix = cli::value(parser, "--prefix")?,
                Arg::Long("send") => names.push(cli::value(parser, "--send")?),
                other => return Err(other.unexpected()),
            }
            Ok(())
        });
        let as_in_notes = names.is_empty() && prefix == "Dear";
        if names.is_empty() {
            names = vec!["James".into(), "Dear James".into()];
        }
        Session {
            prefix,
            names,
            as_in_notes,
        }
    }

    /// What the coroutine should print for this session.
    pub fn expected(&self) -> Vec<String> {
        print_name_lines(&self.prefix, &self.names)
    }

    /// The figure's ideal: the notes' lines, or what they stand for.
    pub fn ideal(&self) -> String {
        if self.as_in_notes {
            PRINT_NAME.join(" / ")
        } else {
            "the search, each name that contains the prefix, the goodbye".into()
        }
    }

    /// The figure both coroutine lessons print: the notes' lines, `printed`, and the ideal.
    pub fn figure(&self, printed: &[String]) -> Figure {
        Figure::new("what the coroutine prints")
            .notes(PRINT_NAME.join(" / "))
            .this_run(printed.join(" / "))
            .ideal(self.ideal())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_style_ends_every_value_with_a_comma() {
        assert_eq!(
            notes_style(&FIB_BELOW_1000),
            "1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987,"
        );
        assert_eq!(notes_style(&[]), "");
    }

    #[test]
    fn the_figure_gives_the_count_and_the_ends() {
        assert_eq!(count_and_range(&FIB_BELOW_1000), "16 values, 1 to 987");
        assert_eq!(count_and_range(&[]), "0 values, - to -");
    }

    #[test]
    fn print_name_lines_are_the_notes_lines_for_the_notes_session() {
        let names = ["James".to_owned(), "Dear James".to_owned()];
        assert_eq!(print_name_lines("Dear", &names), PRINT_NAME);
        assert_eq!(
            print_name_lines("Dear", &[]),
            ["Searching prefix:Dear", "Closing coroutine!!"]
        );
    }

    #[test]
    fn no_flags_give_the_notes_session_and_flags_another_one() {
        let parse = |args: &[&str]| Session::parse(args.iter().map(Into::into), "usage");
        let notes = parse(&[]);
        assert!(notes.as_in_notes);
        assert_eq!(notes.expected(), PRINT_NAME);
        assert_eq!(notes.ideal(), PRINT_NAME.join(" / "));
        let other = parse(&["--prefix", "Ali", "--send", "Ali Reza", "--send", "Sara"]);
        assert!(!other.as_in_notes);
        assert_eq!(other.names, ["Ali Reza", "Sara"]);
        assert_eq!(
            other.expected(),
            ["Searching prefix:Ali", "Ali Reza", "Closing coroutine!!"]
        );
        assert!(!parse(&["--prefix", "Ali"]).as_in_notes);
    }
}
