//! A chapter's exercises, declared once: the schema of `lessons/<chapter>/exercises/exercises.toml`
//! and its parser, the only one.
//!
//! The file gives the chapter's title, and every exercise's id, title, starter fingerprint and
//! description (`about`, the book's Exercises page shows it), with its checks: each one's function
//! (`run`), name, points and time limit. [`parse`] reads it into plain data and refuses, listing
//! every problem found, what breaks the schema's rules. Its readers add their own: the grader
//! binds each `run` to a function ([`Chapter::declare`](crate::chapter::Chapter::declare)), the
//! book tool generates the Exercises page and looks for each exercise's starter and hint.
//!
//! ```toml
//! chapter = "Threads"
//!
//! [[exercise]]
//! id = "stop_worker"            # lower-case letters, digits and `_`; unique
//! title = "Stop the worker"
//! starter_sha256 = "83b5…"      # `sha256sum stop_worker.rs` of the starter as shipped
//! about = """
//! Markdown paragraphs.
//! """
//!
//! [[exercise.check]]
//! run = "stops_soon"            # the check's function in the exercises crate
//! name = "stop() returns soon"  # a cell of the page's table: one line, no `|`
//! points = 3                    # at least 1
//! limit_ms = 1500               # at least 1
//! ```

use std::collections::BTreeMap;

use toml::{Table, Value};

/// The declaration's file name, in the chapter's exercises folder `lessons/<chapter>/exercises`.
pub const FILE_NAME: &str = "exercises.toml";

/// The declaration of chapter `slug`, from the repository root, as problems name it.
pub fn file_of(slug: &str) -> String {
    format!("lessons/{slug}/exercises/{FILE_NAME}")
}

/// One chapter's `exercises.toml`. Every string but `about` is one line, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The chapter's title, as the book spells it (`chapter = "..."`).
    pub chapter: String,
    /// The exercises, in the order of the file: at least one.
    pub exercises: Vec<Exercise>,
}

/// One `[[exercise]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// Lower-case letters, digits and `_`, starting with a letter: the starter is `<id>.rs`.
    pub id: String,
    pub title: String,
    /// 64 lower-case hex digits: the starter's fingerprint as shipped.
    pub starter_sha256: String,
    /// The page's description of the exercise: Markdown paragraphs, as written.
    pub about: String,
    /// The checks, in the order of the file: at least one.
    pub checks: Vec<Check>,
}

/// One `[[exercise.check]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The name of the check's function in the exercises crate.
    pub run: String,
    /// Says what is expected; a cell of the page's table, so without `|`.
    pub name: String,
    /// At least 1.
    pub points: u32,
    /// The check's time limit in milliseconds, at least 1.
    pub limit_ms: u64,
}

/// The keys of the declaration, at each level.
const CHAPTER_KEYS: &[&str] = &["chapter", "exercise"];
const EXERCISE_KEYS: &[&str] = &["id", "title", "starter_sha256", "about", "check"];
const CHECK_KEYS: &[&str] = &["run", "name", "points", "limit_ms"];

/// Where exercise `number` (from 1) is in the declaration, once its id is known: how every problem
/// about it starts.
pub fn exercise_place(number: usize, id: &str) -> String {
    format!("exercise {number} (`{id}`)")
}

/// Reads `text`, the declaration `file` (the path problems name, e.g. [`file_of`]). The error
/// lists every problem found, each a sentence `<file>: <place>...` that names where it is.
pub fn parse(text: &str, file: &str) -> Result<Declaration, Vec<String>> {
    let table: Table = text.parse().map_err(|error: toml::de::Error| {
        vec![format!(
            "{file}: not valid TOML: {}",
            error.to_string().trim_end()
        )]
    })?;
    let mut problems = Vec::new();
    let declaration = read_chapter(&table, &mut problems);
    if problems.is_empty() {
        Ok(declaration)
    } else {
        Err(problems
            .into_iter()
            .map(|problem| format!("{file}: {problem}"))
            .collect())
    }
}

fn read_chapter(table: &Table, problems: &mut Vec<String>) -> Declaration {
    let place = "the top level";
    unknown_keys(table, CHAPTER_KEYS, place, problems);
    let chapter = line(table, "chapter", place, problems).unwrap_or_default();
    let mut exercises = Vec::new();
    let mut ids = BTreeMap::new();
    let declared = tables(table, "exercise", "exercise", place, problems).unwrap_or_default();
    for (index, declared) in declared.into_iter().enumerate() {
        if let Some(exercise) = read_exercise(declared, index + 1, &mut ids, problems) {
            exercises.push(exercise);
        }
    }
    Declaration { chapter, exercises }
}

/// Exercise `number`; `ids` holds the ids declared so far, with the number of the exercise of each.
fn read_exercise(
    declared: &Table,
    number: usize,
    ids: &mut BTreeMap<String, usize>,
    problems: &mut Vec<String>,
) -> Option<Exercise> {
    let place = format!("exercise {number}");
    unknown_keys(declared, EXERCISE_KEYS, &place, problems);
    let id = line(declared, "id", &place, problems)?;
    let place = exercise_place(number, &id);
    let mut bytes = id.bytes();
    if !(bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_')))
    {
        problems.push(format!(
            "{place}: the id must be lower-case letters, digits and `_`, starting with a letter"
        ));
    }
    if let Some(first) = ids.insert(id.clone(), number) {
        problems.push(format!(
            "{place}: the id `{id}` is declared twice (exercise {first} has it too): ids must be \
             unique"
        ));
    }
    let title = line(declared, "title", &place, problems);
    let starter_sha256 = line(declared, "starter_sha256", &place, problems);
    if let Some(sha256) = &starter_sha256
        && (sha256.len() != 64
            || !sha256
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
    {
        problems.push(format!(
            "{place}: `starter_sha256` must be 64 lower-case hex digits (`sha256sum {id}.rs`)"
        ));
    }
    let about = match declared.get("about") {
        Some(Value::String(about)) if !about.trim().is_empty() => Some(about.clone()),
        Some(_) => {
            problems.push(format!("{place}: `about` must be a non-empty string"));
            None
        }
        None => {
            problems.push(format!("{place}: `about` is missing"));
            None
        }
    };
    let checks = read_checks(declared, &place, problems);
    Some(Exercise {
        id,
        title: title?,
        starter_sha256: starter_sha256?,
        about: about?,
        checks: checks?,
    })
}

/// The checks of the exercise at `place`, if they are all well declared.
fn read_checks(declared: &Table, place: &str, problems: &mut Vec<String>) -> Option<Vec<Check>> {
    let tables = tables(declared, "check", "exercise.check", place, problems)?;
    let mut checks = Some(Vec::new());
    let (mut runs, mut names) = (BTreeMap::new(), BTreeMap::new());
    for (index, check) in tables.into_iter().enumerate() {
        let number = index + 1;
        let place = format!("{place}, check {number}");
        unknown_keys(check, CHECK_KEYS, &place, problems);
        let run = line(check, "run", &place, problems);
        let name = line(check, "name", &place, problems);
        let points = integer(check, "points", &place, problems);
        let limit_ms = integer(check, "limit_ms", &place, problems);
        if let Some(run) = &run
            && let Some(first) = runs.insert(run.clone(), number)
        {
            problems.push(format!(
                "{place}: another check has run = {run:?} too (check {first})"
            ));
        }
        if let Some(name) = &name {
            if name.contains('|') {
                problems.push(format!(
                    "{place}: `name` must not contain `|` (it is a cell of the page's table)"
                ));
            }
            if let Some(first) = names.insert(name.clone(), number) {
                problems.push(format!(
                    "{place}: another check has the name {name:?} too (check {first})"
                ));
            }
        }
        if points == Some(0) {
            let named = name
                .as_ref()
                .map_or(String::new(), |name| format!(" ({name:?})"));
            problems.push(format!(
                "{place}{named} has 0 points: every check is worth at least 1"
            ));
        }
        if limit_ms == Some(0) {
            problems.push(format!("{place}: `limit_ms` is 0"));
        }
        let points = points.and_then(|points| {
            let fits = u32::try_from(points).ok();
            if fits.is_none() {
                problems.push(format!(
                    "{place}: {points} points is more than a check can hold"
                ));
            }
            fits
        });
        match (run, name, points, limit_ms) {
            (Some(run), Some(name), Some(points @ 1..), Some(limit_ms @ 1..)) => {
                if let Some(checks) = &mut checks {
                    checks.push(Check {
                        run,
                        name,
                        points,
                        limit_ms,
                    });
                }
            }
            _ => checks = None,
        }
    }
    checks
}

fn unknown_keys(table: &Table, known: &[&str], place: &str, problems: &mut Vec<String>) {
    for key in table.keys() {
        if !known.contains(&key.as_str()) {
            problems.push(format!(
                "{place}: unknown key `{key}` (the keys are {})",
                known.join(", ")
            ));
        }
    }
}

/// The non-empty one-line string at `key`, trimmed.
fn line(table: &Table, key: &str, place: &str, problems: &mut Vec<String>) -> Option<String> {
    match table.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() && !text.contains(['\n', '\r']) => {
            Some(text.trim().to_owned())
        }
        Some(_) => {
            let meaning = match key {
                "chapter" => ", the chapter's title",
                _ => "",
            };
            problems.push(format!(
                "{place}: `{key}` must be a non-empty string on one line{meaning}"
            ));
            None
        }
        None => {
            problems.push(format!("{place}: `{key}` is missing"));
            None
        }
    }
}

fn integer(table: &Table, key: &str, place: &str, problems: &mut Vec<String>) -> Option<u64> {
    match table.get(key) {
        Some(Value::Integer(number)) if *number >= 0 => Some(*number as u64),
        Some(_) => {
            problems.push(format!(
                "{place}: `{key}` must be a whole number, 0 or more"
            ));
            None
        }
        None => {
            problems.push(format!("{place}: `{key}` is missing"));
            None
        }
    }
}

/// The array of tables at `key` (`[[header]]`), which must hold at least one.
fn tables<'a>(
    table: &'a Table,
    key: &str,
    header: &str,
    place: &str,
    problems: &mut Vec<String>,
) -> Option<Vec<&'a Table>> {
    let items = match table.get(key) {
        Some(Value::Array(items)) => items,
        Some(_) => {
            problems.push(format!("{place}: `{key}` must be tables, `[[{header}]]`"));
            return None;
        }
        None => {
            problems.push(format!("{place} has no `[[{header}]]`"));
            return None;
        }
    };
    let tables: Vec<&Table> = items.iter().filter_map(Value::as_table).collect();
    if tables.len() != items.len() {
        problems.push(format!("{place}: `{key}` must be tables, `[[{header}]]`"));
        return None;
    }
    if tables.is_empty() {
        problems.push(format!("{place} has no `[[{header}]]`"));
        return None;
    }
    Some(tables)
}

#[cfg(test)]
pub(crate) mod tests;
