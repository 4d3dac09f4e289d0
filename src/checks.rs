//! The book's own rules, each a function that lists what breaks it (an empty list: the rule holds).
//! `cargo run -- check` prints them all; the tests in `tests/` assert each one, and that each one
//! notices when its rule is broken.

use crate::build::{Built, language_dir};
use crate::exercises_page::{declaration_of, declaration_path, declared_slugs, directives};
use crate::figures::figure_problems;
use crate::interface;
use crate::measurements::measurement_problems;
use crate::postprocess::{SourceLinks, chapter_pages, href_to_translation};
use crate::project::{LessonCrate, Project, is_right_to_left};
use crate::translations::translation_problems;
use anyhow::{Context, Result};
use exercise_kit::declaration::file_of;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use walkdir::WalkDir;

/// Every rule, on the sources and on a site just built from them.
pub fn all_problems(project: &Project, built: &Built) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    problems.extend(
        built
            .warnings
            .iter()
            .map(|warning| format!("build warning: {warning}")),
    );
    problems.extend(include_problems(project)?);
    problems.extend(lesson_problems(project)?);
    problems.extend(lesson_length_problems(project)?);
    problems.extend(exercise_page_problems(project)?);
    problems.extend(figure_problems(project)?);
    problems.extend(measurement_problems(project)?);
    for language in project.translations()? {
        problems.extend(translation_problems(project, &language)?);
    }
    problems.extend(site_problems(project, &built.site, &built.languages)?);
    Ok(problems)
}

static INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{\s*#(include|rustdoc_include)\s+([^}\s]+)\s*\}\}").expect("a valid pattern")
});

/// The Markdown files of the book, with their text.
fn book_sources(project: &Project) -> Result<Vec<(PathBuf, String)>> {
    let mut sources = Vec::new();
    for entry in WalkDir::new(project.book_dir()).sort_by_file_name() {
        let path = entry.context("reading book/")?.into_path();
        if path.extension().is_some_and(|ext| ext == "md") {
            let text =
                fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            sources.push((path, text));
        }
    }
    Ok(sources)
}

/// Every `{{#include file:anchor}}` names a file that exists and, if it names an anchor, a file
/// that has both `ANCHOR: name` and `ANCHOR_END: name`.
pub fn include_problems(project: &Project) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for (path, text) in book_sources(project)? {
        let shown = path
            .strip_prefix(&project.root)
            .unwrap_or(&path)
            .display()
            .to_string();
        for captures in INCLUDE.captures_iter(&text) {
            let target = &captures[2];
            let (file, anchor) = match target.split_once(':') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target, None),
            };
            let included = path.parent().unwrap_or(Path::new("")).join(file);
            let Ok(content) = fs::read_to_string(&included) else {
                problems.push(format!("{shown}: includes {file}, which does not exist"));
                continue;
            };
            // Line ranges (`:10:20`, `:5:`) are numbers; anything else is an anchor name.
            if let Some(anchor) = anchor.filter(|a| !a.starts_with(|c: char| c.is_ascii_digit())) {
                let anchor = anchor.split(':').next().unwrap_or(anchor);
                let has = |marker: &str| {
                    content.lines().any(|line| {
                        line.split_once(marker)
                            .is_some_and(|(_, name)| name.trim() == anchor)
                    })
                };
                if !has("ANCHOR:") || !has("ANCHOR_END:") {
                    problems.push(format!(
                        "{shown}: includes anchor '{anchor}' of {file}, which has no ANCHOR/ANCHOR_END pair of that name"
                    ));
                }
            }
        }
    }
    Ok(problems)
}

/// Every lesson crate has its chapter, which links to the crate, names each example with the command
/// that runs it, and shows each example's code by including it.
pub fn lesson_problems(project: &Project) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    // `cargo run --example <name>` at the root refuses a name that two lesson crates share.
    let mut owners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let crates = project.lesson_crates()?;
    for lesson in &crates {
        for example in &lesson.examples {
            owners.entry(example).or_default().push(&lesson.slug);
        }
    }
    for (example, slugs) in owners.iter().filter(|(_, slugs)| slugs.len() > 1) {
        problems.push(format!(
            "the lesson name {example} is used by {}: `cargo run --example {example}` would \
             not know which to run; rename all but one",
            slugs.join(" and ")
        ));
    }
    for lesson in crates {
        let slug = &lesson.slug;
        let chapter_path = project.book_dir().join(format!("{slug}.md"));
        let Ok(chapter) = fs::read_to_string(&chapter_path) else {
            problems.push(format!("lessons/{slug} has no chapter book/{slug}.md"));
            continue;
        };
        let link = format!("](../lessons/{slug}/)");
        if !chapter.contains(&link) {
            problems.push(format!("book/{slug}.md does not link to its lesson crate: expected a link to `../lessons/{slug}/`"));
        }
        for example in &lesson.examples {
            if !chapter.contains(&format!("cargo run --example {example}")) {
                problems.push(format!(
                    "book/{slug}.md does not name the example `cargo run --example {example}`"
                ));
            }
            if !chapter.contains(&format!(
                "{{{{#include ../lessons/{slug}/examples/{example}.rs"
            )) {
                problems.push(format!("book/{slug}.md does not show lessons/{slug}/examples/{example}.rs with an include"));
            }
        }
        problems.extend(untested_lessons(&lesson)?);
    }
    Ok(problems)
}

/// Where a chapter's lessons have their tests run: one test program, `tests/lessons/main.rs`,
/// compiles every lesson as a module.
pub const LESSON_TESTS: &str = "tests/lessons/main.rs";

/// Lessons whose `#[test]`s would never run: a lesson with tests is either a module of the crate's
/// [`LESSON_TESTS`] (`#[path = "../../examples/<name>.rs"]`) or has a test program of its own
/// (`test = true` in its `[[example]]`, for tests that must run alone).
fn untested_lessons(lesson: &LessonCrate) -> Result<Vec<String>> {
    let slug = &lesson.slug;
    let runner = fs::read_to_string(lesson.dir.join(LESSON_TESTS)).unwrap_or_default();
    let manifest = fs::read_to_string(lesson.dir.join("Cargo.toml"))
        .with_context(|| format!("reading lessons/{slug}/Cargo.toml"))?;
    let mut problems = Vec::new();
    for example in &lesson.examples {
        let path = lesson.dir.join("examples").join(format!("{example}.rs"));
        let source =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        if !source.contains("#[cfg(test)]") {
            continue;
        }
        let included = runner.contains(&format!("#[path = \"../../examples/{example}.rs\"]"));
        let own_program = manifest.contains(&format!("name = \"{example}\"\ntest = true"));
        if !included && !own_program {
            problems.push(format!(
                "lessons/{slug}/examples/{example}.rs has tests that never run: add it to \
                 lessons/{slug}/{LESSON_TESTS} (`#[path = \"../../examples/{example}.rs\"] mod {example};`)"
            ));
        }
    }
    Ok(problems)
}

/// The longest a lesson may be, in lines: a lesson is a story read top to bottom in one sitting.
pub const MAX_LESSON_LINES: usize = 300;

/// The most the lessons may average, in lines.
pub const MAX_AVERAGE_LESSON_LINES: usize = 180;

/// Every lesson (`lessons/*/examples/*.rs`, or `lessons/*/examples/*/main.rs` for a lesson of
/// several files) with its path from the repository root and its number of lines, sorted.
pub fn lesson_lengths(project: &Project) -> Result<Vec<(String, usize)>> {
    let mut lengths = Vec::new();
    for lesson in project.lesson_crates()? {
        let examples = lesson.dir.join("examples");
        if !examples.is_dir() {
            continue;
        }
        for entry in
            fs::read_dir(&examples).with_context(|| format!("reading {}", examples.display()))?
        {
            let path = entry?.path();
            let file = if path.is_dir() {
                path.join("main.rs")
            } else {
                path
            };
            if !file.is_file() || file.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text =
                fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let shown = file
                .strip_prefix(&project.root)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            lengths.push((shown, text.lines().count()));
        }
    }
    lengths.sort();
    Ok(lengths)
}

/// No lesson is longer than [`MAX_LESSON_LINES`], and the lessons average at most
/// [`MAX_AVERAGE_LESSON_LINES`].
pub fn lesson_length_problems(project: &Project) -> Result<Vec<String>> {
    let lengths = lesson_lengths(project)?;
    let mut problems: Vec<String> = lengths
        .iter()
        .filter(|(_, lines)| *lines > MAX_LESSON_LINES)
        .map(|(path, lines)| {
            format!("{path} has {lines} lines: a lesson has at most {MAX_LESSON_LINES}")
        })
        .collect();
    let total: usize = lengths.iter().map(|(_, lines)| lines).sum();
    if total > MAX_AVERAGE_LESSON_LINES * lengths.len() {
        let average = total as f64 / lengths.len() as f64;
        problems.push(format!(
            "the {} lessons average {average:.1} lines: at most {MAX_AVERAGE_LESSON_LINES} on average",
            lengths.len()
        ));
    }
    Ok(problems)
}

/// The Exercises page and the chapters' declarations agree: every `{{#exercises <slug>}}` line of
/// the book names a chapter whose `lessons/<slug>/exercises/exercises.toml` exists, and every such
/// file is valid and shown by a directive.
pub fn exercise_page_problems(project: &Project) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut shown = BTreeSet::new();
    for (path, text) in book_sources(project)? {
        let page = path
            .strip_prefix(&project.root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        for (line, slug) in directives(&text) {
            let file = file_of(&slug);
            if slug.is_empty() {
                problems.push(format!(
                    "{page}:{line}: `{{{{#exercises}}}}` names no chapter: write `{{{{#exercises <slug>}}}}`"
                ));
            } else if !declaration_path(&project.root, &slug).is_file() {
                problems.push(format!(
                    "{page}:{line}: `{{{{#exercises {slug}}}}}` names {file}, which does not exist"
                ));
            }
            shown.insert(slug);
        }
    }
    for slug in declared_slugs(&project.root)? {
        let file = file_of(&slug);
        let chapter = match declaration_of(&project.root, &slug) {
            Ok(declaration) => format!("\"{}\"", declaration.chapter),
            Err(found) => {
                problems.extend(found);
                format!("of lessons/{slug}")
            }
        };
        if !shown.contains(&slug) {
            problems.push(format!(
                "{file}: the exercises of the chapter {chapter} are on no page: add the line `{{{{#exercises {slug}}}}}` to book/exercises.md"
            ));
        }
    }
    Ok(problems)
}

static ATTRIBUTE_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:href|src)="([^"]*)""#).expect("a valid pattern"));
static ELEMENT_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\sid="([^"]*)""#).expect("a valid pattern"));
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<html[^>]*>"#).expect("a valid pattern"));

/// The built site: each language's pages carry its direction and a picker to every language's same
/// page, and every relative link on every page (picker, chapter, lesson or `#fragment`) resolves.
pub fn site_problems(project: &Project, site: &Path, languages: &[String]) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let source_links = SourceLinks::configured(project)?;
    for language in languages {
        let root = language_dir(site, language);
        let pages = chapter_pages(&root, languages)?;
        if pages.is_empty() {
            problems.push(format!("the site has no pages in '{language}'"));
        }
        let direction = if is_right_to_left(language) {
            "rtl"
        } else {
            "ltr"
        };
        if let Some(words) = interface::words(language) {
            for english in interface::english_left_in_scripts(&root, words)? {
                problems.push(format!(
                    "{language}: a script still says, in English, {english}"
                ));
            }
            // The page for an address that does not exist, which has no picker to check.
            if let Ok(html) = fs::read_to_string(root.join("404.html")) {
                for english in interface::english_left(&html, words) {
                    problems.push(format!(
                        "{language}:404.html: the page's own words are still English: {english}"
                    ));
                }
            }
        }
        for page in pages {
            let relative = page.strip_prefix(&root).unwrap_or(&page);
            let relative = relative.to_string_lossy().replace('\\', "/");
            let shown = format!("{language}:{relative}");
            let html = fs::read_to_string(&page)?;
            let html_tag = HTML_TAG
                .find(&html)
                .map(|tag| tag.as_str())
                .unwrap_or_default();
            if !html_tag.contains(&format!(r#"lang="{language}""#))
                || !html_tag.contains(&format!(r#"dir="{direction}""#))
            {
                problems.push(format!("{shown}: expected <html lang=\"{language}\" dir=\"{direction}\">, found {html_tag}"));
            }
            if let Some(words) = interface::words(language) {
                for english in interface::english_left(&html, words) {
                    problems.push(format!(
                        "{shown}: the page's own words are still English: {english}"
                    ));
                }
            }
            for other in languages {
                let href = href_to_translation(&relative, language, other);
                if !html.contains(&format!(r#"<a href="{href}" hreflang="{other}""#)) {
                    problems.push(format!(
                        "{shown}: the language picker has no link to '{other}' ({href})"
                    ));
                }
            }
            problems.extend(link_problems(project, &page, &shown, &html, &source_links));
        }
    }
    Ok(problems)
}

fn link_problems(
    project: &Project,
    page: &Path,
    shown: &str,
    html: &str,
    source_links: &SourceLinks,
) -> Vec<String> {
    let folder = page.parent().unwrap_or(Path::new(""));
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for captures in ATTRIBUTE_LINK.captures_iter(html) {
        let href = &captures[1];
        if !seen.insert(href.to_owned()) {
            continue;
        }
        if let Some(path) = source_links.path_of(href) {
            if !project.root.join(&path).exists() {
                problems.push(format!(
                    "{shown}: links to {path} of the repository, which does not exist"
                ));
            }
            continue;
        }
        if let Some(fragment) = href.strip_prefix('#') {
            if !fragment.is_empty() && !has_id(html, fragment) {
                problems.push(format!(
                    "{shown}: links to #{fragment}, which is not on the page"
                ));
            }
            continue;
        }
        if is_external(href) {
            continue;
        }
        let path = href.split(['#', '?']).next().unwrap_or_default();
        let target = normalise(&folder.join(path));
        if !target.exists() {
            problems.push(format!(
                "{shown}: links to {href}, which does not exist in the site"
            ));
            continue;
        }
        if let Some((_, fragment)) = href.split_once('#') {
            let target_html = fs::read_to_string(&target).unwrap_or_default();
            if !fragment.is_empty() && !has_id(&target_html, fragment) {
                problems.push(format!(
                    "{shown}: links to {href}, but that page has no id \"{fragment}\""
                ));
            }
        }
    }
    problems
}

/// Links this check does not follow: other sites, mail, scripts, and the server's own routes.
fn is_external(href: &str) -> bool {
    href.contains("://")
        || href.starts_with('/')
        || href.starts_with("mailto:")
        || href.starts_with("javascript:")
}

fn has_id(html: &str, id: &str) -> bool {
    ELEMENT_ID
        .captures_iter(html)
        .any(|captures| &captures[1] == id)
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut result = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                result.pop();
            }
            std::path::Component::CurDir => {}
            other => result.push(other),
        }
    }
    result
}

/// The chapter titles of `book/SUMMARY.md`, in order, drafts included.
pub fn summary_titles(project: &Project) -> Result<Vec<String>> {
    static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:-|\*|\d+\.)?\s*\[([^\]]+)\]\(([^)]*)\)").expect("a valid pattern")
    });
    let summary = fs::read_to_string(project.book_dir().join("SUMMARY.md"))?;
    Ok(summary
        .lines()
        .filter_map(|line| ENTRY.captures(line).map(|captures| captures[1].to_owned()))
        .collect())
}
