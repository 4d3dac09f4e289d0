//! The grader: the workbook's exercises compiled together with the student's files. `cargo grade`
//! (the `grade` crate) builds it, shows only the compiler's messages about the student's files
//! if that fails, and runs it; it grades, prints the points, and writes the files teachers' tools
//! read.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process;

use exercise_kit::grading::{self, Code, Exercise};
use grader::{exercises, progress, render, results};
use lesson_kit::cli::{self, Arg, Parsed};

const USAGE: &str = "\
The workbook's exercises, compiled with your files. Run `cargo grade`, which builds and runs this.

usage: grader [--exercise ID]... [--solutions] [--json FILE] [--junit FILE] [--summary FILE]
              [--record FILE]

  --exercise ID   grade only this exercise (repeat it for more)
  --solutions     grade the reference solutions instead of the starters
  --json FILE     write the results as JSON to FILE
  --junit FILE    write the results as JUnit XML to FILE, one test case per check
  --summary FILE  append the results as Markdown to FILE (a CI job summary)
  --record FILE   keep each exercise's last grade in FILE, and show the progress it adds up to
  -h, --help      show this text

Exit code: 0 when everything graded has full points, 1 otherwise, 2 for a usage error.
";

#[derive(Debug, Default, PartialEq)]
struct Options {
    ids: Vec<String>,
    solutions: bool,
    json: Option<PathBuf>,
    junit: Option<PathBuf>,
    summary: Option<PathBuf>,
    record: Option<PathBuf>,
}

fn main() {
    // The exercises of the chapter "Processes" start worker processes: copies of this program,
    // which play their part here and exit instead of grading.
    lesson_kit::process::play_if_child(processes_exercises::ROLES);
    processes_exercises::set_worker_program(lesson_kit::process::Program::this());
    grading::quiet_panics();
    let code = match parse(std::env::args_os().skip(1)) {
        Ok(None) => {
            render::emit(USAGE);
            0
        }
        Ok(Some(options)) => run(&options).unwrap_or_else(|message| {
            eprintln!("error: {}", lesson_kit::text::one_line(&message));
            2
        }),
        Err(usage) => {
            eprintln!(
                "error: {} (see `cargo grade --help`)",
                lesson_kit::text::one_line(&usage)
            );
            2
        }
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
            Arg::Long("solutions") => options.solutions = true,
            Arg::Long("json") => options.json = Some(cli::value(parser, "--json")?),
            Arg::Long("junit") => options.junit = Some(cli::value(parser, "--junit")?),
            Arg::Long("summary") => options.summary = Some(cli::value(parser, "--summary")?),
            Arg::Long("record") => options.record = Some(cli::value(parser, "--record")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    })
    .map_err(|error| error.to_string())?;
    Ok((parsed != Parsed::Help).then_some(options))
}

/// Grades and returns the exit code; `Err` says why nothing could be graded or written.
fn run(options: &Options) -> Result<i32, String> {
    let chosen = choose(&exercises(), &options.ids)?;
    let code = if options.solutions {
        Code::Solution
    } else {
        Code::Starter
    };
    render::emit(&render::intro(code));
    let mut reports = Vec::new();
    for exercise in chosen {
        render::emit(&render::header(exercise, code));
        let report =
            grading::grade_each(exercise, code, |check| render::emit(&render::check(check)));
        render::emit(&render::footer(&report));
        reports.push(report);
    }
    render::emit(&render::total(&reports));
    if let Some(file) = &options.record
        && code == Code::Starter
    {
        let record = progress::Record::update(file, &reports)?;
        if reports.len() < exercises().len() {
            render::emit(&progress::line(&record, &exercises()));
        }
    }
    let outputs = [
        (&options.json, results::json as fn(&[_], Code) -> String),
        (&options.junit, results::junit),
    ];
    for (file, format) in outputs {
        if let Some(file) = file {
            exercise_kit::output::write(file, &format(&reports, code))?;
        }
    }
    if let Some(file) = &options.summary {
        exercise_kit::output::append(file, &results::summary(&reports, code))?;
    }
    Ok(if reports.iter().all(|report| report.complete()) {
        0
    } else {
        1
    })
}

/// The exercises named by `ids` (all when none is named), each once, in the order named.
fn choose(all: &[&'static Exercise], ids: &[String]) -> Result<Vec<&'static Exercise>, String> {
    if ids.is_empty() {
        return Ok(all.to_vec());
    }
    let mut chosen: Vec<&'static Exercise> = Vec::new();
    for id in ids {
        let exercise = all
            .iter()
            .copied()
            .find(|exercise| exercise.id == id)
            .ok_or_else(|| {
                let known: Vec<&str> = all.iter().map(|exercise| exercise.id).collect();
                format!(
                    "no exercise {id:?}; the exercises are: {}",
                    known.join(", ")
                )
            })?;
        if !chosen.iter().any(|seen| seen.id == exercise.id) {
            chosen.push(exercise);
        }
    }
    Ok(chosen)
}
