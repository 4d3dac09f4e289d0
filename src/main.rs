//! `cargo run` serves the workbook in every language; `cargo run -- --help` tells the rest.

use anyhow::{Result, bail};
use std::path::PathBuf;
use std::process::ExitCode;
use workbook::build::build_site;
use workbook::checks::all_problems;
use workbook::exercises_page;
use workbook::figures::redraw_figures;
use workbook::measurements;
use workbook::project::Project;
use workbook::serve::serve;
use workbook::translations::update_po;

const HELP: &str = "\
The async and parallel Rust workbook: builds the book in English and in every language that has a
po/<lang>.po, serves it, and checks it.

Usage: cargo run [-- COMMAND] [OPTIONS]

Commands:
  serve        build, serve on http://127.0.0.1:3000 and rebuild on every change (the default)
  build        build every language into target/book and stop
  check        build, then check every rule of the book; exit 1 if one is broken
  update-po    bring po/<lang>.po up to date with the English book (a new language too)
  figures      redraw every timeline in book/figures by running its lesson again on this machine
  measurements run every timing lesson and write its figures to book/measurements.toml, the
               Summary's table of every measurement
  preprocess exercises|measurements [supports <renderer>]
               the Exercises page's or the Summary table's preprocessor, as plain `mdbook` runs it
               (JSON on stdin/stdout)

Options:
  -p, --port <N>     the port to serve on (default 3000)
  -o, --out <DIR>    where the built site goes (default target/book)
  -l, --lang <CODE>  the language for update-po (default: every po/*.po)
      --root <DIR>   the workbook repository to use (default: the one this tool was built from)
  -h, --help         show this text

Lessons are run with `cargo run --example <name>`; every test with `cargo test`.";

enum Command {
    Serve,
    Build,
    Check,
    UpdatePo,
    Figures,
    Measurements,
    /// The words after `preprocess`: the preprocessor's name, then mdBook's own arguments.
    Preprocess(Vec<String>),
}

struct Options {
    command: Command,
    port: u16,
    out: Option<PathBuf>,
    root: Option<PathBuf>,
    languages: Vec<String>,
}

fn parse() -> Result<Option<Options>, lexopt::Error> {
    use lexopt::prelude::*;
    let mut options = Options {
        command: Command::Serve,
        port: 3000,
        out: None,
        root: None,
        languages: Vec::new(),
    };
    let mut command_seen = false;
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Short('p') | Long("port") => options.port = parser.value()?.parse()?,
            Short('o') | Long("out") => options.out = Some(parser.value()?.into()),
            Short('l') | Long("lang") => options.languages.push(parser.value()?.string()?),
            Long("root") => options.root = Some(parser.value()?.into()),
            Value(word) if matches!(options.command, Command::Preprocess(_)) => {
                if let Command::Preprocess(words) = &mut options.command {
                    words.push(word.string()?);
                }
            }
            Value(word) if !command_seen => {
                command_seen = true;
                options.command = match word.string()?.as_str() {
                    "serve" => Command::Serve,
                    "build" => Command::Build,
                    "check" => Command::Check,
                    "update-po" => Command::UpdatePo,
                    "figures" => Command::Figures,
                    "measurements" => Command::Measurements,
                    "preprocess" => Command::Preprocess(Vec::new()),
                    other => return Err(format!("unknown command '{other}'").into()),
                };
            }
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(Some(options))
}

fn run(options: Options) -> Result<ExitCode> {
    let project = match options.root {
        Some(root) => Project::at(root)?,
        None => Project::this_repository(),
    };
    let site = options.out.unwrap_or_else(|| project.default_site_dir());
    match options.command {
        Command::Serve => serve(&project, &site, options.port)?,
        Command::Build => {
            let built = build_site(&project, &site, true)?;
            println!(
                "Built {} in {}.",
                built.site.display(),
                built.languages.join(", ")
            );
            if !built.warnings.is_empty() {
                bail!("mdBook reported {} warnings (above)", built.warnings.len());
            }
        }
        Command::Check => {
            let built = build_site(&project, &site, false)?;
            let problems = all_problems(&project, &built)?;
            for problem in &problems {
                println!("{problem}");
            }
            if !problems.is_empty() {
                println!("{} problems.", problems.len());
                return Ok(ExitCode::FAILURE);
            }
            println!("The book, its lessons and its translations agree.");
        }
        Command::Preprocess(words) => match words.first().map(String::as_str) {
            Some(measurements::NAME) => {
                exercises_page::run_as_command(&measurements::Measurements, &words)?
            }
            Some(exercises_page::NAME) => {
                exercises_page::run_as_command(&exercises_page::ExercisesPage, &words)?
            }
            Some(name) => anyhow::bail!(
                "no preprocessor named '{name}'; this tool has '{}' and '{}'",
                exercises_page::NAME,
                measurements::NAME
            ),
            None => anyhow::bail!(
                "usage: preprocess {}|{} [supports <renderer>]",
                exercises_page::NAME,
                measurements::NAME
            ),
        },
        Command::Measurements => {
            let started = std::time::Instant::now();
            let (lessons, figures) = measurements::write_measurements(&project)?;
            println!(
                "Wrote {} with {figures} figures of {lessons} timing lessons in {:.0} s.",
                measurements::DATA_FILE,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Figures => {
            let redrawn = redraw_figures(&project)?;
            println!("Redrew {} figures in book/figures.", redrawn.len());
        }
        Command::UpdatePo => {
            let languages = if options.languages.is_empty() {
                project.translations()?
            } else {
                options.languages
            };
            if languages.is_empty() {
                bail!("no po/<lang>.po yet: name the new language with --lang <code>");
            }
            for language in languages {
                let update = update_po(&project, &language)?;
                println!(
                    "po/{language}.po: {} kept, {} added (untranslated), {} removed",
                    update.kept, update.added, update.removed
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let options = match parse() {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error}; try `cargo run -- --help`");
            return ExitCode::from(2);
        }
    };
    match run(options) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
