//! `cargo grade`'s flags.

use std::ffi::OsString;
use std::path::PathBuf;

use lesson_kit::cli::{self, Arg, Parsed};

pub const USAGE: &str = "\
Grades the workbook's exercises: points per check, per exercise, and in total.

usage: cargo grade [--exercise ID]... [--solutions] [--json FILE] [--junit FILE] [--summary FILE]
       cargo grade --watch [--exercise ID]...
       cargo grade --hint ID
       cargo grade --reset ID [--yes]

  --exercise ID   grade only this exercise (repeat it for more)
  --watch         grade an exercise each time you save its file; type h and Enter for its hint
  --hint ID       print the hint of an exercise
  --reset ID      put back the exercise's file as shipped, keeping yours as a backup
  --yes           with --reset: do not ask first
  --solutions     grade the reference solutions instead of your files (for teachers)
  --json FILE     also write the results to FILE as JSON
  --junit FILE    also write the results to FILE as JUnit XML, one test case per check
  --summary FILE  also append the results to FILE as Markdown (a CI job summary)
  -h, --help      show this text

Exit code: 0 when everything graded has full points, 1 otherwise, 2 when nothing could be graded:
a usage error, or a file of yours that does not compile.
";

/// What the command line asks for.
#[derive(Debug, Default, PartialEq)]
pub struct Options {
    pub ids: Vec<String>,
    pub watch: bool,
    pub hint: Option<String>,
    pub reset: Option<String>,
    pub yes: bool,
    pub solutions: bool,
    /// `--json FILE`, `--junit FILE`, `--summary FILE`: the files for teachers' tools.
    pub json: Option<PathBuf>,
    pub junit: Option<PathBuf>,
    pub summary: Option<PathBuf>,
}

impl Options {
    /// Whether any file for teachers' tools is asked for.
    pub fn writes_files(&self) -> bool {
        self.json.is_some() || self.junit.is_some() || self.summary.is_some()
    }

    /// The grader's arguments for grading what these options ask.
    pub fn grader_args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = Vec::new();
        for id in &self.ids {
            args.extend(["--exercise".into(), id.into()]);
        }
        if self.solutions {
            args.push("--solutions".into());
        }
        let files = [
            ("--json", &self.json),
            ("--junit", &self.junit),
            ("--summary", &self.summary),
        ];
        for (flag, file) in files {
            if let Some(file) = file {
                args.extend([flag.into(), file.into()]);
            }
        }
        args
    }
}

/// The options, or `None` for `--help`.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Option<Options>, String> {
    let mut options = Options::default();
    let parsed = cli::parse(args, |arg, parser| {
        match arg {
            Arg::Long("exercise") => options.ids.push(cli::value(parser, "--exercise")?),
            Arg::Long("watch") => options.watch = true,
            Arg::Long(flag @ ("hint" | "reset")) => {
                let id = cli::value(parser, &format!("--{flag}"))?;
                let slot = if flag == "hint" {
                    &mut options.hint
                } else {
                    &mut options.reset
                };
                if slot.replace(id).is_some() {
                    return Err(format!("--{flag} takes one exercise").into());
                }
            }
            Arg::Long("yes") => options.yes = true,
            Arg::Long("solutions") => options.solutions = true,
            Arg::Long("json") => options.json = Some(cli::value(parser, "--json")?),
            Arg::Long("junit") => options.junit = Some(cli::value(parser, "--junit")?),
            Arg::Long("summary") => options.summary = Some(cli::value(parser, "--summary")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    })
    .map_err(|error| error.to_string())?;
    if parsed == Parsed::Help {
        return Ok(None);
    }
    let grading = !options.ids.is_empty() || options.solutions || options.writes_files();
    if options.hint.is_some()
        && (grading || options.watch || options.reset.is_some() || options.yes)
    {
        return Err("--hint goes alone: `cargo grade --hint ID`".into());
    }
    if options.reset.is_some() && (grading || options.watch) {
        return Err("--reset takes only --yes: `cargo grade --reset ID`".into());
    }
    if options.yes && options.reset.is_none() {
        return Err("--yes goes with --reset".into());
    }
    if options.watch && (options.solutions || options.writes_files()) {
        return Err("--watch takes only --exercise".into());
    }
    Ok(Some(options))
}
