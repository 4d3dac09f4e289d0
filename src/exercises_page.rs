//! The book's Exercises page, generated from one declaration per chapter.
//!
//! Each chapter declares its exercises once, in `lessons/<slug>/exercises/exercises.toml`: ids,
//! titles, the description shown on the page, and every check with its points and time limit.
//! exercise-kit reads that file, for the grader and the tests as for this page: its schema and its
//! rules are there (`exercise_kit::declaration`). What is the page's own is here: on the page, a
//! line `{{#exercises <slug>}}` stands for that chapter's sections, and the `exercises`
//! preprocessor below writes them out before mdBook's `links` (which then includes each hint) and
//! `gettext` (which translates the result) run; every starter and hint a declaration names must be
//! on disk, and an id must be unique across the book. The generated Markdown is what the page used
//! to spell out by hand, so its translations in `po/*.po` match it message for message.

use anyhow::{Context, Result, anyhow, bail};
use exercise_kit::declaration::{FILE_NAME, exercise_place, file_of, parse};
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{MDBOOK_VERSION, Preprocessor, PreprocessorContext};
use regex::Regex;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

/// One chapter's `exercises.toml`, as exercise-kit reads it for the grader too.
pub use exercise_kit::declaration::Declaration;

/// The preprocessor's name, as `book.toml` declares it (`[preprocessor.exercises]`).
pub const NAME: &str = "exercises";

/// `{{#exercises <slug>}}`, alone on its line.
pub static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*\{\{#exercises(?:[ \t]+([^\s{}]*))?[ \t]*\}\}[ \t]*$")
        .expect("a valid pattern")
});

/// `lessons/<slug>/exercises/exercises.toml` under `root`.
pub fn declaration_path(root: &Path, slug: &str) -> PathBuf {
    root.join("lessons")
        .join(slug)
        .join("exercises")
        .join(FILE_NAME)
}

/// The slugs of the lesson crates that declare exercises, sorted.
pub fn declared_slugs(root: &Path) -> Result<Vec<String>> {
    let lessons = root.join("lessons");
    let mut slugs = Vec::new();
    if !lessons.exists() {
        return Ok(slugs);
    }
    for entry in fs::read_dir(&lessons).with_context(|| format!("reading {}", lessons.display()))? {
        let dir = entry?.path();
        if let Some(slug) = dir.file_name().and_then(|name| name.to_str())
            && declaration_path(root, slug).is_file()
        {
            slugs.push(slug.to_owned());
        }
    }
    slugs.sort();
    Ok(slugs)
}

/// Reads and checks the declaration of chapter `slug`. The error lists every problem, one a line,
/// each naming the file.
pub fn read_declaration(root: &Path, slug: &str) -> Result<Declaration> {
    declaration_of(root, slug).map_err(|problems| anyhow!(problems.join("\n")))
}

/// Like [`read_declaration`], with the problems as a list: the declaration's own (exercise-kit
/// checks its schema, as the grader does), and then every starter or hint it names that is not on
/// disk.
pub fn declaration_of(root: &Path, slug: &str) -> Result<Declaration, Vec<String>> {
    let shown = file_of(slug);
    let text = match fs::read_to_string(declaration_path(root, slug)) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(vec![format!(
                "{shown} does not exist: it declares the chapter's exercises"
            )]);
        }
        Err(error) => return Err(vec![format!("{shown} cannot be read: {error}")]),
    };
    let declaration = parse(&text, &shown)?;
    let folder = root.join("lessons").join(slug).join("exercises");
    let mut problems = Vec::new();
    for (index, exercise) in declaration.exercises.iter().enumerate() {
        let id = &exercise.id;
        for (file, what) in [
            (format!("{id}.rs"), "starter"),
            (format!("{id}.hint.md"), "hint"),
        ] {
            if !folder.join(&file).is_file() {
                problems.push(format!(
                    "{shown}: {}: its {what} lessons/{slug}/exercises/{file} does not exist",
                    exercise_place(index + 1, id)
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(declaration)
    } else {
        Err(problems)
    }
}

/// Every `{{#exercises …}}` line of `text`: its line number (from 1) and the slug it names.
pub fn directives(text: &str) -> Vec<(usize, String)> {
    DIRECTIVE
        .captures_iter(text)
        .map(|captures| {
            let start = captures.get(0).map_or(0, |whole| whole.start());
            let line = text[..start].matches('\n').count() + 1;
            let slug = captures.get(1).map_or("", |slug| slug.as_str());
            (line, slug.to_owned())
        })
        .collect()
}

/// The ids already on the book's pages while a build expands them, with where each is declared.
#[derive(Debug, Default)]
struct Seen {
    slugs: BTreeMap<String, String>,
    ids: BTreeMap<String, String>,
}

/// `page` (its path inside the book's source folder `src`, and its text) with every directive
/// replaced by the sections of that chapter's exercises.
fn expand_page(
    root: &Path,
    src: &Path,
    page: &Path,
    text: &str,
    seen: &mut Seen,
) -> Result<String> {
    let shown_page = src.join(page).to_string_lossy().replace('\\', "/");
    let folder = page.parent().unwrap_or(Path::new(""));
    // Links to chapters are relative to the page; includes are relative to the page's folder on disk.
    let to_src = ups(folder).with_context(|| format!("{shown_page}: an unusual path"))?;
    let to_root = ups(&src.join(folder)).with_context(|| {
        format!(
            "{shown_page}: the book's source folder `{}` must be a plain relative path to hold an Exercises page",
            src.display()
        )
    })?;
    let mut expanded = String::with_capacity(text.len() * 8);
    let mut last = 0;
    for captures in DIRECTIVE.captures_iter(text) {
        let whole = captures.get(0).expect("a match");
        let line = text[..whole.start()].matches('\n').count() + 1;
        let at = format!("{shown_page}:{line}");
        let slug = captures.get(1).map_or("", |slug| slug.as_str());
        if slug.is_empty() {
            bail!("{at}: `{{{{#exercises}}}}` names no chapter: write `{{{{#exercises <slug>}}}}`");
        }
        let is_slug = slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !is_slug || !root.join("lessons").join(slug).is_dir() {
            bail!(
                "{at}: `{{{{#exercises {slug}}}}}` names an unknown chapter: there is no lesson crate lessons/{slug}"
            );
        }
        if let Some(first) = seen.slugs.insert(slug.to_owned(), at.clone()) {
            bail!(
                "{at}: `{{{{#exercises {slug}}}}}` is already at {first}: show a chapter's exercises once"
            );
        }
        let declaration = read_declaration(root, slug).with_context(|| {
            format!("{at}: `{{{{#exercises {slug}}}}}` cannot show the chapter's exercises")
        })?;
        let file = file_of(slug);
        for exercise in &declaration.exercises {
            if let Some(other) = seen.ids.insert(exercise.id.clone(), file.clone()) {
                bail!(
                    "{file}: the id `{}` is also declared in {other}: ids are unique across the book",
                    exercise.id
                );
            }
        }
        expanded.push_str(&text[last..whole.start()]);
        expanded.push_str(&chapter_sections(slug, &declaration, &to_src, &to_root));
        last = whole.end();
    }
    expanded.push_str(&text[last..]);
    Ok(expanded)
}

/// `../` once for each folder of `path`.
fn ups(path: &Path) -> Result<String> {
    let mut ups = String::new();
    for component in path.components() {
        match component {
            Component::Normal(_) => ups.push_str("../"),
            Component::CurDir => {}
            other => bail!("`{}` has a {other:?} component", path.display()),
        }
    }
    Ok(ups)
}

/// The Markdown of one chapter's exercises: a section each, separated by a blank line, without a
/// final line break (the directive's own line ends there). `to_src` leads from the page to the
/// book's source folder, `to_root` from the page's folder on disk to the repository.
pub fn chapter_sections(
    slug: &str,
    declaration: &Declaration,
    to_src: &str,
    to_root: &str,
) -> String {
    let chapter = declaration.chapter.trim();
    let sections: Vec<String> = declaration
        .exercises
        .iter()
        .map(|exercise| {
            let id = &exercise.id;
            let anchor = id.replace('_', "-");
            let mut section = String::new();
            let _ = writeln!(
                section,
                "## {chapter}: {} {{#{anchor}}}\n",
                lower_first(exercise.title.trim())
            );
            let _ = writeln!(section, "- Chapter: [{chapter}]({to_src}{slug}.md)");
            let _ = writeln!(section, "- Edit: `lessons/{slug}/exercises/{id}.rs`");
            let _ = writeln!(section, "- Grade: `cargo grade --exercise {id}`\n");
            let _ = writeln!(section, "{}\n", exercise.about.trim_matches('\n'));
            section.push_str("| Check | Points |\n|---|---|\n");
            for check in &exercise.checks {
                let _ = writeln!(section, "| {} | {} |", check.name.trim(), check.points);
            }
            let _ = writeln!(section, "\n### Hint {{#{anchor}-hint}}\n");
            let _ = write!(
                section,
                "{{{{#include {to_root}lessons/{slug}/exercises/{id}.hint.md}}}}"
            );
            section
        })
        .collect();
    sections.join("\n\n")
}

/// "Make the seat booking safe" as it reads after "Locks and races: ".
fn lower_first(title: &str) -> String {
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The `exercises` preprocessor: expands every `{{#exercises <slug>}}` line of the book. It must run
/// before `links` (which includes the hints it names) and `gettext` (which translates what it wrote).
pub struct ExercisesPage;

impl Preprocessor for ExercisesPage {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let src = ctx.config.book.src.clone();
        let mut seen = Seen::default();
        let mut outcome = Ok(());
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let Some(page) = &chapter.path else {
                return;
            };
            if outcome.is_err() || !DIRECTIVE.is_match(&chapter.content) {
                return;
            }
            match expand_page(&ctx.root, &src, page, &chapter.content, &mut seen) {
                Ok(content) => chapter.content = content,
                Err(error) => outcome = Err(error),
            }
        });
        outcome?;
        Ok(book)
    }
}

/// Speaks mdBook's preprocessor protocol for `preprocessor`, for a plain `mdbook build` that
/// finds `command = "cargo run --quiet -- preprocess <name>"` in `book.toml` (the Exercises page's,
/// the Summary's table): `supports <renderer>` answers with the exit code, anything else reads
/// `[context, book]` as JSON on stdin and writes the book back on stdout.
pub fn run_as_command(preprocessor: &dyn Preprocessor, args: &[String]) -> Result<()> {
    let name = preprocessor.name();
    match args {
        // Every renderer: what they write is Markdown whatever becomes of it.
        [_, supports, _renderer] if supports == "supports" => Ok(()),
        [_] => {
            let (context, book) = mdbook_preprocessor::parse_input(io::stdin().lock())?;
            if context.mdbook_version != MDBOOK_VERSION {
                eprintln!(
                    "warning: the {name} preprocessor was built with mdBook {MDBOOK_VERSION}, but is run by mdBook {}",
                    context.mdbook_version
                );
            }
            let book = preprocessor.run(&context, book)?;
            serde_json::to_writer(io::stdout().lock(), &book)
                .context("writing the preprocessed book")?;
            Ok(())
        }
        _ => bail!("usage: preprocess {name} [supports <renderer>]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
chapter = "Locks and races"

[[exercise]]
id = "safe_booking"
title = "Make the seat booking safe"
starter_sha256 = "0727de1efe9b93851760c9356f91b692a4ebf034e6e3d1ef8ca602587d40260b"
about = """
First paragraph.

Second one.
"""

[[exercise.check]]
run = "one_customer"
name = "one customer books"
points = 2
limit_ms = 2000

[[exercise.check]]
run = "forced_race"
name = "two race"
points = 5
limit_ms = 2200
"#;

    #[test]
    fn a_chapter_becomes_the_sections_the_page_spelled_out() {
        let declaration = parse(ONE, "ONE").unwrap();
        assert_eq!(declaration.exercises[0].checks[1].limit_ms, 2200);
        let markdown = chapter_sections("locks-and-races", &declaration, "", "../");
        assert_eq!(
            markdown,
            "## Locks and races: make the seat booking safe {#safe-booking}\n\
             \n\
             - Chapter: [Locks and races](locks-and-races.md)\n\
             - Edit: `lessons/locks-and-races/exercises/safe_booking.rs`\n\
             - Grade: `cargo grade --exercise safe_booking`\n\
             \n\
             First paragraph.\n\
             \n\
             Second one.\n\
             \n\
             | Check | Points |\n\
             |---|---|\n\
             | one customer books | 2 |\n\
             | two race | 5 |\n\
             \n\
             ### Hint {#safe-booking-hint}\n\
             \n\
             {{#include ../lessons/locks-and-races/exercises/safe_booking.hint.md}}"
        );
    }

    #[test]
    fn directives_are_whole_lines() {
        let text =
            "# Exercises\n\n{{#exercises threads}}\n\n`{{#exercises not-this}}`\n{{#exercises}}\n";
        assert_eq!(
            directives(text),
            [(3, "threads".to_owned()), (6, String::new())]
        );
    }

    #[test]
    fn titles_lose_only_their_first_capital() {
        assert_eq!(lower_first("A parallel map"), "a parallel map");
        assert_eq!(lower_first("Stop the worker"), "stop the worker");
        assert_eq!(lower_first(""), "");
    }

    #[test]
    fn paths_climb_one_folder_per_component() {
        assert_eq!(ups(Path::new("")).unwrap(), "");
        assert_eq!(ups(Path::new("book")).unwrap(), "../");
        assert_eq!(ups(Path::new("book/part")).unwrap(), "../../");
        assert!(ups(Path::new("../book")).is_err());
    }
}
