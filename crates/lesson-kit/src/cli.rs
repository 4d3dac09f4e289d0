//! Flags for a lesson, in a few lines, on top of [`lexopt`].
//!
//! A learner who mistypes a flag should get one line saying what was wrong and exit code 2, the
//! way command-line tools usually answer a usage error, and never a panic with a backtrace.
//!
//! ```no_run
//! use lesson_kit::cli::{self, Arg};
//!
//! const USAGE: &str = "usage: cargo run --example booking -- [--runs N]\n";
//!
//! let mut runs = 100;
//! cli::parse_env(USAGE, |arg, parser| {
//!     match arg {
//!         Arg::Long("runs") => runs = cli::number(parser, "--runs", 1..=10_000)?,
//!         other => return Err(other.unexpected()),
//!     }
//!     Ok(())
//! });
//! ```

use std::ffi::OsString;
use std::fmt::Display;
use std::ops::RangeInclusive;
use std::process;
use std::str::FromStr;

pub use lexopt::{Arg, Error, Parser};

/// What the command line asked for, when it made sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed {
    /// Every flag was understood: run the lesson.
    Run,
    /// `--help` or `-h`: show the usage text instead.
    Help,
}

/// Parses `args` (without the program's name), handing every flag except `--help`/`-h` to
/// `handle`, which returns `Err(arg.unexpected())` for a flag it does not know.
pub fn parse<I, F>(args: I, mut handle: F) -> Result<Parsed, Error>
where
    I: IntoIterator,
    I::Item: Into<OsString>,
    F: FnMut(Arg<'_>, &mut Parser) -> Result<(), Error>,
{
    let mut parser = Parser::from_args(args);
    loop {
        // lexopt lends a long flag's name out of the parser; a copy frees the parser, so that
        // `handle` can ask it for the flag's value.
        let long_name: String;
        let arg = match parser.next()? {
            None => return Ok(Parsed::Run),
            Some(Arg::Long(name)) => {
                long_name = name.to_owned();
                Arg::Long(&long_name)
            }
            Some(Arg::Short(letter)) => Arg::Short(letter),
            Some(Arg::Value(value)) => Arg::Value(value),
        };
        if matches!(arg, Arg::Long("help") | Arg::Short('h')) {
            return Ok(Parsed::Help);
        }
        handle(arg, &mut parser)?;
    }
}

/// Like [`parse`], but settles the outcome itself: `--help` prints `usage` and exits 0, a usage
/// error prints [`error_lines`] to stderr and exits 2. Returns only when the lesson should run.
pub fn parse_or_exit<I, F>(args: I, usage: &str, handle: F)
where
    I: IntoIterator,
    I::Item: Into<OsString>,
    F: FnMut(Arg<'_>, &mut Parser) -> Result<(), Error>,
{
    match parse(args, handle) {
        Ok(Parsed::Run) => {}
        Ok(Parsed::Help) => {
            print!("{usage}");
            process::exit(0);
        }
        Err(error) => {
            eprint!("{}", error_lines(&error));
            process::exit(2);
        }
    }
}

/// [`parse_or_exit`] on this program's own command line.
pub fn parse_env<F>(usage: &str, handle: F)
where
    F: FnMut(Arg<'_>, &mut Parser) -> Result<(), Error>,
{
    parse_or_exit(std::env::args_os().skip(1), usage, handle);
}

/// For a lesson whose only flag is `--<flag> N`: the number given, checked against `allowed`, or
/// `default` when the flag is not given. `--help` and usage errors end the program, as in
/// [`parse_env`].
pub fn only_number<T>(usage: &str, flag: &str, default: T, allowed: RangeInclusive<T>) -> T
where
    T: FromStr + PartialOrd + Display + Clone,
    T::Err: Display,
{
    let mut value = default;
    parse_env(usage, only_number_handler(flag, &mut value, allowed));
    value
}

/// For a lesson whose only flag is the switch `--<flag>`: whether it was given. `--help` and usage
/// errors end the program, as in [`parse_env`].
pub fn only_switch(usage: &str, flag: &str) -> bool {
    let mut given = false;
    parse_env(usage, only_switch_handler(flag, &mut given));
    given
}

fn only_number_handler<'a, T>(
    flag: &'a str,
    value: &'a mut T,
    allowed: RangeInclusive<T>,
) -> impl FnMut(Arg<'_>, &mut Parser) -> Result<(), Error> + 'a
where
    T: FromStr + PartialOrd + Display + Clone + 'a,
    T::Err: Display,
{
    let dashed = format!("--{flag}");
    move |arg, parser| match arg {
        Arg::Long(name) if name == flag => {
            *value = number(parser, &dashed, allowed.clone())?;
            Ok(())
        }
        other => Err(other.unexpected()),
    }
}

fn only_switch_handler<'a>(
    flag: &'a str,
    given: &'a mut bool,
) -> impl FnMut(Arg<'_>, &mut Parser) -> Result<(), Error> + 'a {
    move |arg, _| match arg {
        Arg::Long(name) if name == flag => {
            *given = true;
            Ok(())
        }
        other => Err(other.unexpected()),
    }
}

/// What a usage error prints: one `error:` line, then one line pointing at `--help`.
pub fn error_lines(error: &Error) -> String {
    // A flag typed with a newline in it must not break the promise of one line.
    let message = crate::text::one_line(&error.to_string());
    format!("error: {message}\ntry `--help` to see the flags this lesson accepts\n")
}

/// The value after `flag`, parsed as a `T`; the error names the flag and the rejected text.
pub fn value<T>(parser: &mut Parser, flag: &str) -> Result<T, Error>
where
    T: FromStr,
    T::Err: Display,
{
    let raw = parser.value()?;
    let text = raw
        .to_str()
        .ok_or_else(|| format!("the value of {flag} is not valid text: {raw:?}"))?;
    text.parse()
        .map_err(|why| format!("invalid value {text:?} for {flag}: {why}").into())
}

/// Like [`value`], for a number that must lie in `allowed` (say, at least one thread, and not so
/// many that the machine runs out).
pub fn number<T>(parser: &mut Parser, flag: &str, allowed: RangeInclusive<T>) -> Result<T, Error>
where
    T: FromStr + PartialOrd + Display,
    T::Err: Display,
{
    let number: T = value(parser, flag)?;
    if allowed.contains(&number) {
        Ok(number)
    } else {
        Err(format!(
            "{flag} must be between {} and {}, got {number}",
            allowed.start(),
            allowed.end()
        )
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[derive(Debug, Default, PartialEq)]
    struct Flags {
        stress: bool,
        runs: u32,
    }

    fn flags(args: &[&str]) -> Result<(Parsed, Flags), String> {
        let mut flags = Flags::default();
        let parsed = parse(args, |arg, parser| {
            match arg {
                Arg::Long("stress") => flags.stress = true,
                Arg::Long("runs") => flags.runs = number(parser, "--runs", 1..=1000)?,
                other => return Err(other.unexpected()),
            }
            Ok(())
        })
        .map_err(|error| error.to_string())?;
        Ok((parsed, flags))
    }

    #[test]
    fn known_flags_and_values_reach_the_handler() {
        let expected = Flags {
            stress: true,
            runs: 12,
        };
        assert_eq!(
            flags(&["--stress", "--runs", "12"]),
            Ok((Parsed::Run, expected))
        );
        assert_eq!(flags(&["--runs=7"]).map(|(_, f)| f.runs), Ok(7));
        assert_eq!(flags(&[]), Ok((Parsed::Run, Flags::default())));
    }

    #[test]
    fn help_wins_over_whatever_follows() {
        assert_eq!(
            flags(&["--help", "--bogus"]).map(|(p, _)| p),
            Ok(Parsed::Help)
        );
        assert_eq!(flags(&["-h"]).map(|(p, _)| p), Ok(Parsed::Help));
    }

    #[test]
    fn every_kind_of_mistake_is_an_error_that_names_it() {
        let cases = [
            (&["--bogus"][..], "invalid option '--bogus'"),
            (&["-x"][..], "invalid option '-x'"),
            (&["extra"][..], "unexpected argument \"extra\""),
            (&["--runs"][..], "missing argument for option '--runs'"),
            (
                &["--runs", "many"][..],
                "invalid value \"many\" for --runs: invalid digit found in string",
            ),
            (
                &["--runs", "0"][..],
                "--runs must be between 1 and 1000, got 0",
            ),
            (
                &["--stress=yes"][..],
                "unexpected argument for option '--stress': \"yes\"",
            ),
        ];
        for (args, expected) in cases {
            assert_eq!(
                flags(args),
                Err(expected.to_owned()),
                "for the arguments {args:?}"
            );
        }
    }

    #[test]
    fn a_single_number_flag_gives_its_value_or_the_default_and_refuses_the_rest() {
        let only = |args: &[&str]| {
            let mut value = 200_u64;
            parse(args, only_number_handler("wait-ms", &mut value, 1..=10_000))
                .map(|parsed| (parsed, value))
                .map_err(|error| error.to_string())
        };
        assert_eq!(only(&[]), Ok((Parsed::Run, 200)));
        assert_eq!(only(&["--wait-ms", "50"]), Ok((Parsed::Run, 50)));
        assert_eq!(
            only(&["--wait-ms", "0"]),
            Err("--wait-ms must be between 1 and 10000, got 0".to_owned())
        );
        assert_eq!(only(&["--free"]), Err("invalid option '--free'".to_owned()));
        assert_eq!(
            only(&["--help"]).map(|(parsed, _)| parsed),
            Ok(Parsed::Help)
        );
    }

    #[test]
    fn a_single_switch_is_given_or_not_and_takes_no_value() {
        let only = |args: &[&str]| {
            let mut given = false;
            parse(args, only_switch_handler("free", &mut given))
                .map(|_| given)
                .map_err(|error| error.to_string())
        };
        assert_eq!(only(&[]), Ok(false));
        assert_eq!(only(&["--free"]), Ok(true));
        assert_eq!(
            only(&["--free=yes"]),
            Err("unexpected argument for option '--free': \"yes\"".to_owned())
        );
        assert_eq!(
            only(&["--wait-ms"]),
            Err("invalid option '--wait-ms'".to_owned())
        );
    }

    #[test]
    fn an_error_prints_as_exactly_two_lines_even_with_a_newline_in_the_flag() {
        let text = error_lines(&Error::UnexpectedOption("--bo\ngus".into()));
        assert_eq!(
            text,
            "error: invalid option '--bo\\ngus'\ntry `--help` to see the flags this lesson accepts\n"
        );
    }

    /// Set only in the copy of this test binary that the exit tests start.
    const CHILD: &str = "LESSON_KIT_CLI_EXIT_CHILD";

    /// Runs `this_test` again in a child process, where it takes the exiting path with `args`.
    fn run_child(this_test: &str, args: &str) -> std::process::Output {
        Command::new(std::env::current_exe().expect("the test binary has a path"))
            .args(["--exact", this_test, "--nocapture", "--test-threads=1"])
            .env(CHILD, args)
            .output()
            .expect("could not start the test binary again")
    }

    fn child_args() -> Option<Vec<String>> {
        std::env::var(CHILD)
            .ok()
            .map(|args| args.split_whitespace().map(str::to_owned).collect())
    }

    fn exit_like_a_lesson(args: Vec<String>) {
        parse_or_exit(args, "usage: lesson [--stress]\n", |arg, _| match arg {
            Arg::Long("stress") => Ok(()),
            other => Err(other.unexpected()),
        });
    }

    #[test]
    fn a_bad_flag_exits_with_code_2_and_a_single_error_line() {
        if let Some(args) = child_args() {
            exit_like_a_lesson(args);
            unreachable!("parse_or_exit returned after a bad flag");
        }
        let out = run_child(
            "cli::tests::a_bad_flag_exits_with_code_2_and_a_single_error_line",
            "--stress --bogus",
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(
            lines,
            [
                "error: invalid option '--bogus'",
                "try `--help` to see the flags this lesson accepts"
            ]
        );
    }

    #[test]
    fn help_prints_the_usage_and_exits_0() {
        if let Some(args) = child_args() {
            exit_like_a_lesson(args);
            unreachable!("parse_or_exit returned after --help");
        }
        let out = run_child("cli::tests::help_prints_the_usage_and_exits_0", "--help");
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("usage: lesson [--stress]"));
        assert!(out.stderr.is_empty(), "stderr: {:?}", out.stderr);
    }
}
