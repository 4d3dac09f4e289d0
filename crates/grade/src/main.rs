//! `cargo grade`: grades the workbook's exercises and says how many points each one earned.
//!
//! The alias in `.cargo/config.toml` runs this tool. It builds the grader (`crates/grader`, the
//! exercises compiled with the student's files) and runs it; see the crate's modules for the rest.

use std::ffi::OsString;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{self, Command};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use grade::catalog::{Catalog, Entry};
use grade::compile::{self, Failure};
use grade::options::{Options, USAGE, parse};
use grade::reset::{self, Reset};
use grade::unbuilt::{self, Unbuilt};
use grade::watch::{self, Student, Watched};

/// The package of the grader, whose bin target has the same name.
const GRADER: &str = "grader";

fn main() {
    let code = match parse(std::env::args_os().skip(1)) {
        Ok(None) => {
            print!("{USAGE}");
            0
        }
        Ok(Some(options)) => run(&options).unwrap_or_else(|message| fail(&message)),
        Err(usage) => fail(&format!("{usage} (see `cargo grade --help`)")),
    };
    let _ = io::stdout().flush();
    process::exit(code);
}

/// One line on stderr, whatever the message holds, and exit code 2.
fn fail(message: &str) -> i32 {
    eprintln!("error: {}", lesson_kit::text::one_line(message));
    2
}

/// Does what `options` ask and returns the exit code; `Err` is a problem that stops everything.
fn run(options: &Options) -> Result<i32, String> {
    let catalog = Catalog::load(&Catalog::repository())?;
    if let Some(id) = &options.hint {
        print!("{}", hint_text(&catalog, catalog.find(id)?)?);
        return Ok(0);
    }
    if let Some(id) = &options.reset {
        return reset(&catalog, catalog.find(id)?, options.yes);
    }
    let chosen = options
        .ids
        .iter()
        .map(|id| catalog.find(id))
        .collect::<Result<Vec<&Entry>, String>>()?;
    if options.watch {
        return watch(&catalog, chosen);
    }
    match build(&catalog, None) {
        Ok(grader) => Ok(run_grader(&grader, &options.grader_args())),
        Err(unbuilt) => {
            unbuilt::write_results(options, &catalog, &unbuilt)?;
            Ok(2)
        }
    }
}

fn hint_text(catalog: &Catalog, entry: &Entry) -> Result<String, String> {
    std::fs::read_to_string(catalog.path(&entry.hint))
        .map_err(|error| format!("cannot read {}: {error}", entry.hint))
}

fn reset(catalog: &Catalog, entry: &Entry, yes: bool) -> Result<i32, String> {
    let answers = &mut io::stdin().lock();
    match reset::reset(catalog, entry, yes, answers, &mut io::stdout())? {
        Reset::AlreadyShipped => {
            println!("{} already is the starter as shipped.", entry.starter);
            Ok(0)
        }
        Reset::Restored { backup } => {
            print!("{} is the starter as shipped again", entry.starter);
            match backup {
                Some(backup) => {
                    println!(
                        "; your file is {}.",
                        reset::relative(&catalog.root, &backup)
                    )
                }
                None => println!("."),
            }
            Ok(0)
        }
        Reset::Declined => {
            println!("Nothing changed.");
            Ok(1)
        }
    }
}

/// Builds the grader with the student's files. When that fails, prints the compiler's messages
/// about the student's files (`only`, if given, named first) and a line saying what to do.
fn build(catalog: &Catalog, only: Option<&str>) -> Result<PathBuf, Unbuilt> {
    let unbuilt = match compile::build(&catalog.root, GRADER, &catalog.starters()) {
        Ok(grader) => return Ok(grader),
        Err(Failure::Yours {
            mut files,
            messages,
        }) => {
            eprint!("{messages}");
            if let Some(only) = only {
                files.sort_by_key(|file| file != only);
            }
            let (verb, these) = if files.len() == 1 {
                ("does", "it")
            } else {
                ("do", "them")
            };
            eprintln!(
                "error: {} {verb} not compile: the compiler's messages are above; fix {these} \
                 and grade again",
                files.join(" and ")
            );
            Unbuilt { files, messages }
        }
        Err(Failure::Other(messages)) => {
            eprint!("{messages}");
            eprintln!(
                "error: the grader does not build with your files: the messages above say why"
            );
            Unbuilt {
                files: Vec::new(),
                messages,
            }
        }
    };
    Err(unbuilt)
}

/// Runs the grader, keeping each exercise's last grade beside it (the progress count), and
/// returns its exit code.
fn run_grader(grader: &Path, args: &[OsString]) -> i32 {
    let record = grader.with_file_name("grade-progress.json");
    let status = Command::new(grader)
        .args(args)
        .arg("--record")
        .arg(record)
        .status();
    match status {
        Ok(status) => status.code().unwrap_or(1),
        Err(error) => fail(&format!("cannot run {}: {error}", grader.display())),
    }
}

struct Terminal<'a> {
    catalog: &'a Catalog,
}

impl Student for Terminal<'_> {
    fn grade(&mut self, id: &str) -> bool {
        let starter = self.catalog.find(id).map(|entry| entry.starter.as_str());
        match build(self.catalog, starter.ok()) {
            Ok(grader) => run_grader(&grader, &["--exercise".into(), id.into()]) == 0,
            Err(_) => false,
        }
    }

    fn hint(&mut self, id: &str) {
        match self
            .catalog
            .find(id)
            .and_then(|entry| hint_text(self.catalog, entry))
        {
            Ok(hint) => print!("{hint}"),
            Err(message) => eprintln!("error: {message}"),
        }
    }
}

fn watch(catalog: &Catalog, chosen: Vec<&Entry>) -> Result<i32, String> {
    let entries = if chosen.is_empty() {
        catalog.entries.iter().collect()
    } else {
        chosen
    };
    let files: Vec<Watched> = entries
        .iter()
        .map(|entry| Watched {
            id: entry.id.clone(),
            path: catalog.path(&entry.starter),
            shown: entry.starter.clone(),
        })
        .collect();
    let (typing, typed) = mpsc::channel();
    thread::spawn(move || {
        for line in io::stdin().lock().lines().map_while(Result::ok) {
            if typing.send(line).is_err() {
                break;
            }
        }
    });
    let first = (files.len() == 1).then(|| files[0].id.as_str());
    let mut student = Terminal { catalog };
    watch::watch(
        &files,
        &typed,
        Duration::from_millis(250),
        first,
        &mut student,
        &mut io::stdout(),
    );
    Ok(0)
}
