//! Every measurement in the book, in one table: each timing lesson's figures as the notes gave
//! them, as a real run measured them, and ideally.
//!
//! `cargo run -- measurements` runs every timing lesson ([`rule`] says which those are), reads the
//! `figure:` blocks it prints (lesson_kit's `Figure`) and writes them to `book/measurements.toml`.
//! On the Summary page, the line `{{#measurements}}` becomes the table of that file. The values of
//! a run change with every run and every machine, so they must never become gettext messages
//! (each new run would make the translation stale): their cells start with `<!-- i18n:skip -->`,
//! which mdbook-i18n-helpers obeys both when it extracts messages and when it translates, so they
//! reach every language as measured. Titles and the notes' figures are fixed text in the lessons'
//! code and are translated like any other cell.

pub mod rule;

use crate::project::Project;
use anyhow::{Context, Result, anyhow, bail};
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use regex::Regex;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};
use std::{fs, thread};

/// The data file, from the repository root; generated, and committed with the book.
pub const DATA_FILE: &str = "book/measurements.toml";

/// The preprocessor's name, as `book.toml` declares it (`[preprocessor.measurements]`).
pub const NAME: &str = "measurements";

/// Makes a cell's text pass through gettext untouched, in extraction and translation alike.
const SKIP: &str = "<!-- i18n:skip -->";

/// How long one lesson may run before the generator gives up on it.
const LESSON_LIMIT: Duration = Duration::from_secs(300);

/// `{{#measurements}}`, alone on its line.
pub static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*\{\{#measurements[ \t]*\}\}[ \t]*$").expect("a valid pattern")
});

/// A wall time as lesson_kit's `seconds` writes it: `0.412 s`.
static A_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d\.\d{3} s\b").expect("a valid pattern"));

/// One printed figure: its title and the three rows (a row the lesson left out is `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FigureRow {
    pub title: String,
    pub notes: Option<String>,
    pub this_run: Option<String>,
    pub ideal: Option<String>,
}

/// One timing lesson and the figures a run of it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    /// The chapter's slug: the lesson crate `lessons/<chapter>` and the page `book/<chapter>.md`.
    pub chapter: String,
    pub lesson: String,
    pub command: String,
    pub figures: Vec<FigureRow>,
}

/// The command that runs `lesson` with its default flags, as the table shows it.
pub fn command_of(lesson: &str) -> String {
    format!("cargo run --example {lesson}")
}

/// Every timing lesson as (chapter slug, example), sorted by chapter and then by name.
pub fn timing_lessons(project: &Project) -> Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    for lesson in project.lesson_crates()? {
        let helpers = rule::timing_functions(&lesson.dir.join("src"));
        for example in &lesson.examples {
            let path = lesson.dir.join("examples").join(format!("{example}.rs"));
            let source =
                fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            if rule::is_timing_lesson(&source, &helpers) {
                found.push((lesson.slug.clone(), example.clone()));
            }
        }
    }
    Ok(found)
}

/// The `figure:` blocks of a lesson's output, in order.
pub fn parse_figures(output: &str) -> Vec<FigureRow> {
    let mut figures: Vec<FigureRow> = Vec::new();
    let mut open = false;
    for line in output.lines() {
        if let Some(title) = line.strip_prefix("figure: ") {
            figures.push(FigureRow {
                title: title.trim().to_owned(),
                ..FigureRow::default()
            });
            open = true;
            continue;
        }
        let (Some(figure), Some(row)) =
            (figures.last_mut().filter(|_| open), line.strip_prefix("  "))
        else {
            open = false;
            continue;
        };
        let slot = [
            ("the notes (Python)", &mut figure.notes),
            ("this run", &mut figure.this_run),
            ("ideal", &mut figure.ideal),
        ]
        .into_iter()
        .find_map(|(name, slot)| {
            let value = row.strip_prefix(name)?;
            value.starts_with("  ").then(|| (slot, value.trim()))
        });
        match slot {
            Some((slot, value)) => *slot = Some(value.to_owned()),
            None => open = false,
        }
    }
    figures
}

/// Whether a figure shows a wall time measured by this run.
fn is_timed(figure: &FigureRow) -> bool {
    figure
        .this_run
        .as_deref()
        .is_some_and(|value| A_TIME.is_match(value))
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The data file's text.
pub fn to_toml(lessons: &[Measured]) -> String {
    let mut out = String::from(
        "# Every timing lesson's figures, from one real run of each. Generated by\n\
         # `cargo run -- measurements`; do not edit by hand. The book's Summary shows it as a table.\n",
    );
    for lesson in lessons {
        let _ = write!(
            out,
            "\n[[lesson]]\nchapter = {}\nlesson = {}\ncommand = {}\n",
            quoted(&lesson.chapter),
            quoted(&lesson.lesson),
            quoted(&lesson.command)
        );
        for figure in &lesson.figures {
            let _ = writeln!(
                out,
                "\n[[lesson.figure]]\ntitle = {}",
                quoted(&figure.title)
            );
            for (key, value) in [
                ("notes", &figure.notes),
                ("this_run", &figure.this_run),
                ("ideal", &figure.ideal),
            ] {
                if let Some(value) = value {
                    let _ = writeln!(out, "{key} = {}", quoted(value));
                }
            }
        }
    }
    out
}

fn text_of(table: &toml::Table, key: &str, at: &str) -> Result<Option<String>, String> {
    match table.get(key) {
        None => Ok(None),
        Some(toml::Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("{at}: `{key}` is not a string")),
    }
}

fn required(table: &toml::Table, key: &str, at: &str) -> Result<String, String> {
    text_of(table, key, at)?
        .filter(|text| !text.trim().is_empty())
        .ok_or_else(|| format!("{at}: `{key}` is missing or empty"))
}

/// Reads the data file's text, or says what is wrong with it (the first thing found).
pub fn parse_toml(text: &str) -> Result<Vec<Measured>, String> {
    let table: toml::Table =
        toml::from_str(text).map_err(|error| format!("{DATA_FILE} is not valid TOML: {error}"))?;
    if let Some(key) = table.keys().find(|key| *key != "lesson") {
        return Err(format!("{DATA_FILE}: unknown key `{key}`"));
    }
    let Some(toml::Value::Array(lessons)) = table.get("lesson") else {
        return Err(format!("{DATA_FILE} has no [[lesson]]"));
    };
    let mut read = Vec::new();
    for (index, lesson) in lessons.iter().enumerate() {
        let at = format!("{DATA_FILE}: lesson {}", index + 1);
        let toml::Value::Table(lesson) = lesson else {
            return Err(format!("{at} is not a table"));
        };
        let mut measured = Measured {
            chapter: required(lesson, "chapter", &at)?,
            lesson: required(lesson, "lesson", &at)?,
            command: required(lesson, "command", &at)?,
            figures: Vec::new(),
        };
        let at = format!("{DATA_FILE}: lesson `{}`", measured.lesson);
        let Some(toml::Value::Array(figures)) = lesson.get("figure") else {
            return Err(format!("{at} has no [[lesson.figure]]"));
        };
        for figure in figures {
            let toml::Value::Table(figure) = figure else {
                return Err(format!("{at}: a figure is not a table"));
            };
            measured.figures.push(FigureRow {
                title: required(figure, "title", &at)?,
                notes: text_of(figure, "notes", &at)?,
                this_run: Some(required(figure, "this_run", &at)?),
                ideal: text_of(figure, "ideal", &at)?,
            });
        }
        read.push(measured);
    }
    Ok(read)
}

/// Reads `book/measurements.toml` of `root`.
pub fn read_data(root: &Path) -> Result<Vec<Measured>> {
    let path = root.join(DATA_FILE);
    let text = fs::read_to_string(&path).with_context(|| {
        format!("reading {DATA_FILE}: make it with `cargo run -- measurements`")
    })?;
    parse_toml(&text).map_err(|problem| anyhow!(problem))
}

/// The table's rules: the data file reads, each row names a timing lesson that exists, with its
/// own command, once; and each timing lesson has a row.
pub fn measurement_problems(project: &Project) -> Result<Vec<String>> {
    let path = project.root.join(DATA_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            return Ok(vec![format!(
                "{DATA_FILE} cannot be read ({error}): make it with `cargo run -- measurements`"
            )]);
        }
    };
    let rows = match parse_toml(&text) {
        Ok(rows) => rows,
        Err(problem) => return Ok(vec![problem]),
    };
    let timing = timing_lessons(project)?;
    let examples: BTreeMap<(String, String), ()> = project
        .lesson_crates()?
        .into_iter()
        .flat_map(|lesson| {
            let slug = lesson.slug;
            lesson
                .examples
                .into_iter()
                .map(move |e| ((slug.clone(), e), ()))
        })
        .collect();
    let mut problems = Vec::new();
    let mut seen = BTreeMap::new();
    for row in &rows {
        let key = (row.chapter.clone(), row.lesson.clone());
        let name = format!("{}/{}", row.chapter, row.lesson);
        if seen.insert(key.clone(), ()).is_some() {
            problems.push(format!("{DATA_FILE}: the lesson {name} has two rows"));
        }
        if !examples.contains_key(&key) {
            problems.push(format!(
                "{DATA_FILE} has a row for {name}, but there is no lessons/{}/examples/{}.rs",
                row.chapter, row.lesson
            ));
        } else if !timing.contains(&key) {
            problems.push(format!(
                "{DATA_FILE} has a row for {name}, which is not a timing lesson (it formats no wall time with `seconds(…)` for a figure)"
            ));
        }
        if row.command != command_of(&row.lesson) {
            problems.push(format!(
                "{DATA_FILE}: {name}'s command is `{}`, expected `{}`",
                row.command,
                command_of(&row.lesson)
            ));
        }
    }
    for (chapter, lesson) in &timing {
        if !seen.contains_key(&(chapter.clone(), lesson.clone())) {
            problems.push(format!(
                "the timing lesson {chapter}/{lesson} has no row in {DATA_FILE}: run `cargo run -- measurements`"
            ));
        }
    }
    Ok(problems)
}

/// Runs `program <args>` in `root` with a deadline, returning its standard output.
fn run_program(program: &Path, root: &Path, args: &[&str], limit: Duration) -> Result<String> {
    let shown = format!("{} {}", program.display(), args.join(" "));
    let mut child = Command::new(program)
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("starting `{shown}`"))?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    // Read while it runs: a lesson that fills the pipe would otherwise wait for us forever.
    let reader = thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).map(|_| text)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            bail!("`{shown}` did not finish within {} s", limit.as_secs());
        }
        thread::sleep(Duration::from_millis(20));
    };
    let text = reader
        .join()
        .map_err(|_| anyhow!("reading the output of `{shown}`"))??;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(text)
}

/// Runs every timing lesson once, one after another so none slows another, and returns what each
/// printed. Fails, naming the lesson, if one fails or prints no figure with a wall time.
pub fn measure_all(project: &Project) -> Result<Vec<Measured>> {
    let lessons = timing_lessons(project)?;
    if lessons.is_empty() {
        bail!("no lesson is a timing lesson");
    }
    let mut packages: Vec<&str> = lessons
        .iter()
        .map(|(chapter, _)| chapter.as_str())
        .collect();
    packages.dedup();
    println!("Building the examples of {} chapters…", packages.len());
    let mut build = vec![
        "build",
        "--quiet",
        "--examples",
        "--message-format=json-render-diagnostics",
    ];
    for package in &packages {
        build.extend(["-p", package]);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let messages = run_program(Path::new(&cargo), &project.root, &build, LESSON_LIMIT * 4)?;
    // Each lesson's program, as cargo reports it: running it directly spares a `cargo run` per
    // lesson, which would wait on the build lock whenever another build is going on.
    let mut programs = BTreeMap::new();
    for line in messages.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let kinds = &message["target"]["kind"];
        if message["reason"] == "compiler-artifact"
            && kinds
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "example"))
            && let (Some(name), Some(program)) = (
                message["target"]["name"].as_str(),
                message["executable"].as_str(),
            )
        {
            programs.insert(name.to_owned(), std::path::PathBuf::from(program));
        }
    }
    let mut measured = Vec::new();
    for (index, (chapter, lesson)) in lessons.iter().enumerate() {
        print!("[{}/{}] {chapter}/{lesson} … ", index + 1, lessons.len());
        let _ = io::Write::flush(&mut io::stdout());
        let started = Instant::now();
        let program = programs
            .get(lesson)
            .with_context(|| format!("cargo built no program for the lesson {chapter}/{lesson}"))?;
        let output = run_program(program, &project.root, &[], LESSON_LIMIT)
            .with_context(|| format!("the timing lesson {chapter}/{lesson}"))?;
        let figures = parse_figures(&output);
        if !figures.iter().any(is_timed) {
            bail!(
                "the timing lesson {chapter}/{lesson} printed no figure with a wall time in its \
                 \"this run\" row ({} figures)",
                figures.len()
            );
        }
        println!(
            "{} figures, {:.1} s",
            figures.len(),
            started.elapsed().as_secs_f64()
        );
        measured.push(Measured {
            chapter: chapter.clone(),
            lesson: lesson.clone(),
            command: command_of(lesson),
            figures,
        });
    }
    Ok(measured)
}

/// Measures every timing lesson and writes the data file; returns the lessons and figures written.
pub fn write_measurements(project: &Project) -> Result<(usize, usize)> {
    let measured = measure_all(project)?;
    let path = project.root.join(DATA_FILE);
    fs::write(&path, to_toml(&measured)).with_context(|| format!("writing {}", path.display()))?;
    let figures = measured.iter().map(|lesson| lesson.figures.len()).sum();
    Ok((measured.len(), figures))
}

/// A table cell's text: one line, with `|` escaped.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

/// A cell gettext leaves alone (empty cells need nothing: they make no message).
fn kept(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("{SKIP}{}", cell(text))
    }
}

/// The Markdown table of `lessons`. `titles` maps a chapter's page (`threads.md`) to its title;
/// `to_src` leads from the page to the book's source folder.
pub fn table(lessons: &[Measured], titles: &BTreeMap<String, String>, to_src: &str) -> String {
    let mut out = String::from(
        "| Chapter | Lesson | What | The notes (Python) | This run | Ideal | Command |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for lesson in lessons {
        let page = format!("{}.md", lesson.chapter);
        let title = titles
            .get(&page)
            .map_or(lesson.chapter.as_str(), String::as_str);
        for (index, figure) in lesson.figures.iter().enumerate() {
            let first = index == 0;
            let chapter = if first {
                format!("[{}]({to_src}{page})", cell(title))
            } else {
                String::new()
            };
            let code = |text: String| {
                if first {
                    kept(&format!("`{text}`"))
                } else {
                    String::new()
                }
            };
            let _ = writeln!(
                out,
                "| {chapter} | {} | {} | {} | {} | {} | {} |",
                code(lesson.lesson.clone()),
                cell(&figure.title),
                figure.notes.as_deref().map(cell).unwrap_or_default(),
                kept(figure.this_run.as_deref().unwrap_or("")),
                kept(figure.ideal.as_deref().unwrap_or("")),
                code(lesson.command.clone()),
            );
        }
    }
    out.pop();
    out
}

/// The `measurements` preprocessor: replaces each `{{#measurements}}` line with the table of
/// `book/measurements.toml`. It runs before `gettext`, which then translates the fixed cells.
pub struct Measurements;

impl Preprocessor for Measurements {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let mut titles = BTreeMap::new();
        // The pages in reading order: the table lists the chapters as the book does.
        let mut order = Vec::new();
        for item in book.iter() {
            if let BookItem::Chapter(chapter) = item
                && let Some(path) = &chapter.path
            {
                let page = path.to_string_lossy().replace('\\', "/");
                order.push(page.clone());
                titles.insert(page, chapter.name.clone());
            }
        }
        let mut data = None;
        let mut outcome = Ok(());
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            if outcome.is_err() || !DIRECTIVE.is_match(&chapter.content) {
                return;
            }
            let lessons = match data.get_or_insert_with(|| {
                read_data(&ctx.root).map(|mut lessons| {
                    let place = |chapter: &str| {
                        let page = format!("{chapter}.md");
                        order.iter().position(|p| *p == page).unwrap_or(usize::MAX)
                    };
                    // A stable sort keeps each chapter's lessons in the data file's order.
                    lessons.sort_by_key(|lesson| place(&lesson.chapter));
                    lessons
                })
            }) {
                Ok(lessons) => lessons,
                Err(error) => {
                    outcome = Err(anyhow!("{error:#}"));
                    return;
                }
            };
            let depth = chapter
                .path
                .as_ref()
                .and_then(|path| path.parent())
                .map_or(0, |folder| folder.components().count());
            let rendered = table(lessons, &titles, &"../".repeat(depth));
            chapter.content = DIRECTIVE
                .replace_all(&chapter.content, regex::NoExpand(&rendered))
                .into_owned();
        });
        outcome?;
        Ok(book)
    }
}

#[cfg(test)]
mod tests;
