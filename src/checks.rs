//! The book's own rules, each a function that lists what breaks it (an empty list: the rule holds).
//! `cargo run -- check` prints them all; the tests in `tests/` assert each one, and that each one
//! notices when its rule is broken.

use crate::build::{Built, language_dir};
use crate::figures::figure_problems;
use crate::postprocess::{SourceLinks, chapter_pages, href_to_translation};
use crate::project::{Project, is_right_to_left};
use crate::translations::translation_problems;
use anyhow::{Context, Result};
use regex::Regex;
use std::collections::BTreeSet;
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
    problems.extend(figure_problems(project)?);
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
    for lesson in project.lesson_crates()? {
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
