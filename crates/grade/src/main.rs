//! `cargo grade`: grades the workbook's exercises and says how many points each one earned.
//!
//! The alias in `.cargo/config.toml` runs this binary; each chapter's exercises crate declares its
//! exercises, and [`exercises`] gathers them.

mod render;

use std::ffi::OsString;
use std::io::Write;
use std::process;

use exercise_kit::grading::{self, Code, Exercise};
use grade::exercises;
use lesson_kit::cli::{self, Arg, Parsed};

const USAGE: &str = "\
Grades the workbook's exercises: points per check, per exercise, and in total.

usage: cargo grade [--exercise ID]... [--solutions] [--json]
       cargo grade --hint ID

  --exercise ID  grade only this exercise (repeat it for more)
  --hint ID      print the hint of an exercise
  --solutions    grade the reference solutions instead of your files (for teachers and CI)
  --json         print the results as JSON, for teachers' tools
  -h, --help     show this text

Exit code: 0 when everything graded has full points, 1 otherwise, 2 for a usage error.
";

#[derive(Debug, Default, PartialEq)]
struct Options {
    ids: Vec<String>,
    hint: Option<String>,
    solutions: bool,
    json: bool,
}

fn main() {
    exercise_kit::grading::quiet_panics();
    let code = match parse(std::env::args_os().skip(1)) {
        Ok(None) => {
            render::emit(USAGE);
            0
        }
        Ok(Some(options)) => match run(&options) {
            Ok(code) => code,
            Err(usage) => usage_error(&usage),
        },
        Err(usage) => usage_error(&usage),
    };
    // A check that timed out leaves its thread blocked or spinning; exiting ends it.
    let _ = std::io::stdout().flush();
    process::exit(code);
}

/// The options, or `None` for `--help`.
fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Option<Options>, String> {
    let mut options = Options::default();
    let parsed = cli::parse(args, |arg, parser| {
        match arg {
            Arg::Long("exercise") => options.ids.push(cli::value(parser, "--exercise")?),
            Arg::Long("hint") => {
                if options.hint.is_some() {
                    return Err("--hint takes one exercise".into());
                }
                options.hint = Some(cli::value(parser, "--hint")?);
            }
            Arg::Long("solutions") => options.solutions = true,
            Arg::Long("json") => options.json = true,
            other => return Err(other.unexpected()),
        }
        Ok(())
    })
    .map_err(|error| error.to_string())?;
    if parsed == Parsed::Help {
        return Ok(None);
    }
    if options.hint.is_some() && (!options.ids.is_empty() || options.solutions || options.json) {
        return Err("--hint goes alone: `cargo grade --hint ID`".into());
    }
    Ok(Some(options))
}

/// Grades (or prints a hint) and returns the exit code; `Err` is a usage error.
fn run(options: &Options) -> Result<i32, String> {
    let all = exercises();
    if let Some(id) = &options.hint {
        render::emit(find(&all, id)?.hint_text);
        return Ok(0);
    }
    let chosen = if options.ids.is_empty() {
        all
    } else {
        let mut chosen = Vec::new();
        for id in &options.ids {
            let exercise = find(&all, id)?;
            if !chosen.iter().any(|seen: &&Exercise| seen.id == exercise.id) {
                chosen.push(exercise);
            }
        }
        chosen
    };
    let code = if options.solutions {
        Code::Solution
    } else {
        Code::Starter
    };

    let mut reports = Vec::new();
    if !options.json {
        render::emit(&render::intro(code));
    }
    for exercise in chosen {
        let report = if options.json {
            grading::grade(exercise, code)
        } else {
            render::emit(&render::header(exercise, code));
            let report =
                grading::grade_each(exercise, code, |check| render::emit(&render::check(check)));
            render::emit(&render::footer(&report));
            report
        };
        reports.push(report);
    }
    if options.json {
        render::emit(&render::json(&reports, code));
    } else {
        render::emit(&render::total(&reports));
    }
    Ok(if reports.iter().all(|report| report.complete()) {
        0
    } else {
        1
    })
}

fn find(all: &[&'static Exercise], id: &str) -> Result<&'static Exercise, String> {
    all.iter()
        .copied()
        .find(|exercise| exercise.id == id)
        .ok_or_else(|| {
            let known: Vec<&str> = all.iter().map(|exercise| exercise.id).collect();
            format!(
                "no exercise {id:?}; the exercises are: {}",
                known.join(", ")
            )
        })
}

/// Prints a usage error as one line, whatever characters the mistyped flag held.
fn usage_error(message: &str) -> i32 {
    // A flag typed with a newline in it must not break the promise of one line.
    let line = lesson_kit::text::one_line(message);
    eprintln!("error: {line} (see `cargo grade --help`)");
    2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(args: &[&str]) -> Result<Option<Options>, String> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn every_exercise_id_is_unique_in_the_workbook() {
        let all = exercises();
        for (index, exercise) in all.iter().enumerate() {
            assert!(
                all[..index].iter().all(|earlier| earlier.id != exercise.id),
                "{} is listed twice",
                exercise.id
            );
        }
    }

    #[test]
    fn flags_combine_and_repeat() {
        let expected = Options {
            ids: vec!["a".into(), "b".into()],
            hint: None,
            solutions: true,
            json: true,
        };
        assert_eq!(
            options(&["--exercise", "a", "--json", "--exercise=b", "--solutions"]),
            Ok(Some(expected))
        );
        assert_eq!(options(&["--help"]), Ok(None));
    }

    #[test]
    fn a_hint_goes_alone() {
        assert!(options(&["--hint", "x"]).is_ok());
        assert!(options(&["--hint", "x", "--json"]).is_err());
        assert!(options(&["--hint", "x", "--hint", "y"]).is_err());
        assert!(options(&["--hint"]).is_err());
    }

    #[test]
    fn an_unknown_exercise_is_a_usage_error_that_lists_the_known_ones() {
        let options = Options {
            ids: vec!["nope".into()],
            ..Options::default()
        };
        let error = run(&options).unwrap_err();
        assert!(error.contains("\"nope\""), "{error}");
        assert!(error.contains("safe_booking"), "{error}");
    }
}
