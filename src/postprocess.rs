//! What mdBook's HTML output lacks for a book in several languages, added after each build:
//! a language picker on every page, `hreflang` alternates, the Persian font files, and links from
//! chapters to their lesson crates that work outside the repository.

use crate::build::language_dir;
use crate::interface;
use crate::project::{Project, SOURCE_LANGUAGE, is_right_to_left, native_name};
use crate::search;
use anyhow::{Context, Result, bail};
use regex::Regex;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use walkdir::WalkDir;

/// Where the picker goes: the first thing in the menu bar's right-hand buttons.
const PICKER_ANCHOR: &str = r#"<div class="right-buttons">"#;

/// Pages that are not chapters: the sidebar's fallback and the 404 page (served at any depth, so
/// relative links from it cannot be right).
const NOT_CHAPTER_PAGES: [&str; 2] = ["toc.html", "404.html"];

/// Where the book server shows files of the repository when it is not published with a URL.
pub const SOURCE_ROUTE: &str = "/source/";

/// How a link from a chapter to a file of the repository is written in the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceLinks {
    /// To the repository's web page (`output.html.git-repository-url`, set when publishing).
    Repository(String),
    /// To the book server's [`SOURCE_ROUTE`], which shows the working tree.
    LocalServer,
}

impl SourceLinks {
    /// Decided from the book's configuration, as mdBook reads it (so `MDBOOK_*` variables count).
    pub fn configured(project: &Project) -> Result<Self> {
        let book = crate::build::load_book(project, SOURCE_LANGUAGE)?;
        Ok(
            match book
                .config
                .html_config()
                .and_then(|html| html.git_repository_url)
            {
                Some(url) => SourceLinks::Repository(url.trim_end_matches('/').to_owned()),
                None => SourceLinks::LocalServer,
            },
        )
    }

    /// The href for `path` (relative to the repository root, `/` separated).
    pub fn href(&self, project: &Project, path: &str) -> String {
        match self {
            SourceLinks::Repository(url) => {
                let kind = if project.root.join(path).is_dir() {
                    "tree"
                } else {
                    "blob"
                };
                format!("{url}/{kind}/main/{path}")
            }
            SourceLinks::LocalServer => format!("{SOURCE_ROUTE}{path}"),
        }
    }

    /// The repository path an href made by [`SourceLinks::href`] points to, if it is one.
    pub fn path_of(&self, href: &str) -> Option<String> {
        let rest = match self {
            SourceLinks::Repository(url) => {
                let rest = href.strip_prefix(url.as_str())?;
                rest.strip_prefix("/tree/main/")
                    .or_else(|| rest.strip_prefix("/blob/main/"))?
            }
            SourceLinks::LocalServer => href.strip_prefix(SOURCE_ROUTE)?,
        };
        Some(rest.to_owned())
    }
}

/// Adds the picker and alternates to every page of every language, rewrites links that leave the
/// book for the repository, and copies the theme's fonts next to the stylesheet that names them.
pub fn finish_site(project: &Project, site: &Path, languages: &[String]) -> Result<()> {
    let source_links = SourceLinks::configured(project)?;
    for language in languages {
        let root = language_dir(site, language);
        let fonts = project.theme_dir().join("fonts");
        if fonts.is_dir() {
            copy_dir(&fonts, &root.join("theme").join("fonts"))?;
        }
        if language != SOURCE_LANGUAGE {
            search::apply(&root)
                .with_context(|| format!("making the '{language}' search find its words"))?;
        }
        let words = interface::words(language);
        if let Some(words) = words {
            interface::translate_scripts(&root, words)?;
            // The pages the picker leaves out (404, the sidebar without scripts) speak it too.
            for page in NOT_CHAPTER_PAGES.map(|name| root.join(name)) {
                if let Ok(html) = fs::read_to_string(&page) {
                    fs::write(&page, interface::translate_page(&html, words))
                        .with_context(|| format!("writing {}", page.display()))?;
                }
            }
        }
        for page in chapter_pages(&root, languages)? {
            let relative = page
                .strip_prefix(&root)
                .expect("a page lies inside its language folder");
            let relative = to_slash_path(relative);
            let html =
                fs::read_to_string(&page).with_context(|| format!("reading {}", page.display()))?;
            // Links first: the picker's own links climb out of the language folder on purpose.
            let html = rewrite_source_links(&html, &relative, project, &source_links);
            let html = add_language_picker(&html, &relative, language, languages)
                .with_context(|| format!("adding the language picker to {}", page.display()))?;
            let html = match words {
                Some(words) => interface::translate_page(&html, words),
                None => html,
            };
            fs::write(&page, html).with_context(|| format!("writing {}", page.display()))?;
        }
    }
    Ok(())
}

/// Every chapter page of the language whose output is `root`, leaving out other languages' folders.
pub fn chapter_pages(root: &Path, languages: &[String]) -> Result<Vec<PathBuf>> {
    let is_top = |entry: &walkdir::DirEntry| entry.depth() == 1;
    let mut pages = Vec::new();
    let walk = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            let translation =
                entry.file_type().is_dir() && languages.iter().any(|code| *code == name);
            !(is_top(entry) && translation)
        });
    for entry in walk {
        let entry = entry.with_context(|| format!("reading {}", root.display()))?;
        let name = entry.file_name().to_string_lossy();
        let not_a_chapter = is_top(&entry) && NOT_CHAPTER_PAGES.contains(&&*name);
        if entry.file_type().is_file() && name.ends_with(".html") && !not_a_chapter {
            pages.push(entry.into_path());
        }
    }
    Ok(pages)
}

/// The relative href from page `page` (relative to its language folder) in language `from` to the
/// same page in language `to`.
pub fn href_to_translation(page: &str, from: &str, to: &str) -> String {
    let depth = page.matches('/').count();
    let mut href = "../".repeat(depth);
    if from != SOURCE_LANGUAGE {
        href.push_str("../");
    }
    if to != SOURCE_LANGUAGE {
        href.push_str(to);
        href.push('/');
    }
    href.push_str(page);
    href
}

fn add_language_picker(
    html: &str,
    page: &str,
    current: &str,
    languages: &[String],
) -> Result<String> {
    if !html.contains(PICKER_ANCHOR) {
        bail!(
            "the page has no `{PICKER_ANCHOR}` to put the picker in (has mdBook's template changed?)"
        );
    }
    let mut picker = String::from(r#"<nav class="language-picker" aria-label="Language">"#);
    let mut alternates = String::new();
    for language in languages {
        let href = href_to_translation(page, current, language);
        let direction = if is_right_to_left(language) {
            "rtl"
        } else {
            "ltr"
        };
        let current_marker = if language == current {
            r#" aria-current="page""#
        } else {
            ""
        };
        picker.push_str(&format!(
            r#"<a href="{href}" hreflang="{language}" lang="{language}" dir="{direction}"{current_marker}>{}</a>"#,
            native_name(language)
        ));
        alternates.push_str(&format!(
            r#"<link rel="alternate" hreflang="{language}" href="{href}">"#
        ));
    }
    picker.push_str("</nav>");
    let html = html.replacen(PICKER_ANCHOR, &format!("{PICKER_ANCHOR}{picker}"), 1);
    Ok(html.replacen("</head>", &format!("{alternates}</head>"), 1))
}

static HREF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"href="([^"]*)""#).expect("a valid pattern"));

/// The repository folders chapters may link to: the lesson crates and the crates they use.
pub const SOURCE_FOLDERS: [&str; 2] = ["lessons/", "crates/"];

/// Chapters link to lesson crates the way the repository lays them out (`../lessons/...` from
/// `book/`), which reads right in an editor and on the repository's site but leaves the built book.
fn rewrite_source_links(html: &str, page: &str, project: &Project, links: &SourceLinks) -> String {
    let page_folder = Path::new("book").join(Path::new(page).parent().unwrap_or(Path::new("")));
    HREF.replace_all(html, |captures: &regex::Captures| {
        let href = &captures[1];
        match repository_path(&page_folder, href) {
            Some(path) if SOURCE_FOLDERS.iter().any(|folder| path.starts_with(folder)) => {
                format!(r#"href="{}""#, links.href(project, &path))
            }
            _ => captures[0].to_owned(),
        }
    })
    .into_owned()
}

/// The repository path a relative href from `folder` (a folder of the repository) points to.
/// None for absolute URLs, fragments, and paths that climb out of the repository.
pub fn repository_path(folder: &Path, href: &str) -> Option<String> {
    if href.is_empty()
        || href.starts_with('#')
        || href.starts_with('/')
        || href.contains("://")
        || href.starts_with("mailto:")
    {
        return None;
    }
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<String> = folder
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    for segment in href.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name.to_owned()),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') {
        path.push('/');
    }
    Some(path)
}

fn to_slash_path(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for entry in WalkDir::new(from) {
        let entry = entry.with_context(|| format!("reading {}", from.display()))?;
        let target = to.join(
            entry
                .path()
                .strip_prefix(from)
                .expect("walkdir stays inside"),
        );
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)
                .with_context(|| format!("creating {}", target.display()))?;
        } else {
            fs::copy(entry.path(), &target).with_context(|| {
                format!("copying {} to {}", entry.path().display(), target.display())
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_links_climb_out_of_the_page_folder_and_the_language_folder() {
        assert_eq!(
            href_to_translation("intro.html", "en", "fa"),
            "fa/intro.html"
        );
        assert_eq!(
            href_to_translation("intro.html", "fa", "en"),
            "../intro.html"
        );
        assert_eq!(
            href_to_translation("a/b.html", "en", "fa"),
            "../fa/a/b.html"
        );
        assert_eq!(
            href_to_translation("a/b.html", "fa", "en"),
            "../../a/b.html"
        );
        assert_eq!(
            href_to_translation("a/b.html", "fa", "fa"),
            "../../fa/a/b.html"
        );
    }

    #[test]
    fn relative_links_resolve_against_the_page_folder() {
        let book = Path::new("book");
        assert_eq!(
            repository_path(book, "../lessons/x/").as_deref(),
            Some("lessons/x/")
        );
        assert_eq!(
            repository_path(book, "other.html#part").as_deref(),
            Some("book/other.html")
        );
        assert_eq!(repository_path(book, "../../outside"), None);
        assert_eq!(repository_path(book, "https://example.org/"), None);
        assert_eq!(repository_path(book, "#anchor"), None);
    }
}
