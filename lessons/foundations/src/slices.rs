//! The CPU work of the lesson `concurrency_vs_parallelism`: the flags that change it, and how
//! its two runs are reported.

use std::ffi::OsString;
use std::path::PathBuf;

use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};
use lesson_kit::timeline::{Run, millis};

const USAGE: &str = "\
The same CPU work done concurrently on one thread, then in parallel on one thread per task.

usage: cargo run --example concurrency_vs_parallelism -- [--tasks N] [--slices S] [--count C] [--svg PATH]

  --tasks N    how many tasks (default 4, from 1 to 32)
  --slices S   how many slices each task's work is cut into (default 8, from 1 to 100)
  --count C    how far each slice counts (default 1000000, from 1 to 100000000)
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
";

/// The work to do: `tasks` tasks, each counting to `count` `slices` times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    pub tasks: usize,
    pub slices: usize,
    pub count: u64,
}

impl Default for Work {
    /// 4 tasks, each counting to one million 8 times (the notes' task counted to 10 million).
    fn default() -> Self {
        Work {
            tasks: 4,
            slices: 8,
            count: 1_000_000,
        }
    }
}

impl Work {
    /// The work the lesson's flags ask for, and the `--svg` path; `--help` and a bad flag end
    /// the program, with exit code 0 and 2 (see [`cli::parse_or_exit`]).
    pub fn from_args<I>(args: I) -> (Work, Option<PathBuf>)
    where
        I: IntoIterator,
        I::Item: Into<OsString>,
    {
        let mut work = Work::default();
        let mut svg = None;
        cli::parse_or_exit(args, USAGE, |arg, parser| {
            match arg {
                Arg::Long("tasks") => work.tasks = cli::number(parser, "--tasks", 1..=32)?,
                Arg::Long("slices") => work.slices = cli::number(parser, "--slices", 1..=100)?,
                Arg::Long("count") => work.count = cli::number(parser, "--count", 1..=100_000_000)?,
                Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
                other => return Err(other.unexpected()),
            }
            Ok(())
        });
        (work, svg)
    }

    /// Prints the wall times of the concurrent and the parallel run of this work, and the figure
    /// that puts them beside the notes' Python threads and the ideal on `cores` cores.
    pub fn print_times(&self, concurrent: &Run, parallel: &Run, cores: usize) {
        let (one, many) = (concurrent.wall_time(), parallel.wall_time());
        println!(
            "1. Concurrently, one thread, slices taking turns: {}",
            millis(one)
        );
        println!(
            "2. In parallel, one thread per task:              {}",
            millis(many)
        );
        let ratio = many.as_secs_f64() / one.as_secs_f64();
        Figure::new(format!(
            "{} tasks of CPU work: one thread vs one thread per task",
            self.tasks
        ))
        .notes("serial 2.71 s; threads 2.70 s (crunch_numbers x4, the GIL)")
        .this_run(format!(
            "one thread {}; {} threads {} ({ratio:.2} of one thread)",
            millis(one),
            self.tasks,
            millis(many)
        ))
        .ideal(format!(
            "{:.2} of one thread (1/min({}, {cores} cores))",
            1.0 / self.tasks.min(cores) as f64,
            self.tasks
        ))
        .print();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flags_change_the_work_and_the_rest_stays_as_default() {
        assert_eq!(Work::from_args::<[&str; 0]>([]), (Work::default(), None));
        let (work, svg) = Work::from_args(["--tasks", "8", "--count=5", "--svg", "out.svg"]);
        assert_eq!((work.tasks, work.slices, work.count), (8, 8, 5));
        assert_eq!(svg, Some(PathBuf::from("out.svg")));
    }
}
