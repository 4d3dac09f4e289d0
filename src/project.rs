//! Where things are in the repository, and which languages and lessons it has.

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

/// The language the book is written in; every other language is a `po/<code>.po` translation of it.
pub const SOURCE_LANGUAGE: &str = "en";

/// The repository: the book's sources, its translations and the lesson crates.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
}

/// One chapter's lesson crate: `lessons/<slug>`, shown in `book/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonCrate {
    pub slug: String,
    pub dir: PathBuf,
    /// The names of its examples (`examples/<name>.rs`), sorted.
    pub examples: Vec<String>,
}

impl Project {
    /// The repository this tool was compiled from.
    pub fn this_repository() -> Self {
        Project {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        }
    }

    /// A repository at `root`, which must hold a `book.toml`.
    pub fn at(root: impl Into<PathBuf>) -> Result<Self> {
        let root = root.into();
        if !root.join("book.toml").is_file() {
            bail!(
                "{} has no book.toml: not the workbook's repository",
                root.display()
            );
        }
        Ok(Project { root })
    }

    pub fn book_dir(&self) -> PathBuf {
        self.root.join("book")
    }

    pub fn po_dir(&self) -> PathBuf {
        self.root.join("po")
    }

    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("theme")
    }

    pub fn lessons_dir(&self) -> PathBuf {
        self.root.join("lessons")
    }

    /// Where `cargo run` puts the built book unless told otherwise.
    pub fn default_site_dir(&self) -> PathBuf {
        self.root.join("target").join("book")
    }

    pub fn po_file(&self, language: &str) -> PathBuf {
        self.po_dir().join(format!("{language}.po"))
    }

    /// The translations: one language code for each `po/<code>.po`, sorted.
    pub fn translations(&self) -> Result<Vec<String>> {
        let mut languages = Vec::new();
        let dir = self.po_dir();
        if !dir.exists() {
            return Ok(languages);
        }
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.extension().is_some_and(|ext| ext == "po")
                && let Some(code) = path.file_stem().and_then(|stem| stem.to_str())
            {
                languages.push(code.to_owned());
            }
        }
        languages.sort();
        Ok(languages)
    }

    /// Every language the book is built in: the source language first, then the translations.
    pub fn languages(&self) -> Result<Vec<String>> {
        let mut all = vec![SOURCE_LANGUAGE.to_owned()];
        all.extend(self.translations()?);
        Ok(all)
    }

    /// The lesson crates under `lessons/`, sorted by slug.
    pub fn lesson_crates(&self) -> Result<Vec<LessonCrate>> {
        let mut crates = Vec::new();
        let dir = self.lessons_dir();
        if !dir.exists() {
            return Ok(crates);
        }
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let dir = entry?.path();
            if !dir.join("Cargo.toml").is_file() {
                continue;
            }
            let slug = file_name(&dir);
            let examples = rust_files_in(&dir.join("examples"))?;
            crates.push(LessonCrate {
                slug,
                dir,
                examples,
            });
        }
        crates.sort_by(|a, b| a.slug.cmp(&b.slug));
        Ok(crates)
    }
}

/// The name a language calls itself, for the language picker.
pub fn native_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "fa" => "فارسی",
        "ru" => "Русский",
        other => other,
    }
}

/// Languages written right to left (mdBook decides the page's `dir` the same way).
pub fn is_right_to_left(code: &str) -> bool {
    matches!(code, "ar" | "fa" | "he" | "ur" | "ps" | "sd" | "ug" | "yi")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The stems of the `.rs` files directly in `dir`, sorted; none if it does not exist.
fn rust_files_in(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    if !dir.exists() {
        return Ok(names);
    }
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            names.push(
                path.file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
    }
    names.sort();
    Ok(names)
}
