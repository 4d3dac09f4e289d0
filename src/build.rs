//! Builds the book in every language into one site: the source language at the root,
//! each translation in a folder named by its language code.

use crate::diagnostics::collect_warnings;
use crate::exercises_page::{self, ExercisesPage};
use crate::measurements::{self, Measurements};
use crate::postprocess;
use crate::project::{Project, SOURCE_LANGUAGE};
use anyhow::{Context, Result};
use mdbook_driver::MDBook;
use mdbook_driver::config::Config;
use mdbook_i18n_helpers::preprocessors::Gettext;
use std::fs;
use std::path::{Path, PathBuf};

/// What a build made, and what mdBook complained about while making it.
#[derive(Debug)]
pub struct Built {
    pub site: PathBuf,
    pub languages: Vec<String>,
    /// Each warning or error mdBook logged, prefixed with the language being built.
    pub warnings: Vec<String>,
}

/// Where language `language` lives inside a built site.
pub fn language_dir(site: &Path, language: &str) -> PathBuf {
    if language == SOURCE_LANGUAGE {
        site.to_path_buf()
    } else {
        site.join(language)
    }
}

/// Builds every language into `site`. The site is assembled next to it and then swapped in, so a
/// server reading `site` meanwhile never sees a half-built book.
pub fn build_site(project: &Project, site: &Path, echo_warnings: bool) -> Result<Built> {
    let languages = project.languages()?;
    let staging = site.with_extension("building");
    if staging.exists() {
        fs::remove_dir_all(&staging)
            .with_context(|| format!("removing the unfinished build {}", staging.display()))?;
    }
    let mut warnings = Vec::new();
    // The source language first: mdBook empties its output folder, which holds the translations.
    for language in &languages {
        let destination = language_dir(&staging, language);
        let (built, logged) = collect_warnings(echo_warnings, || {
            build_language(project, language, &destination)
        });
        built.with_context(|| format!("building the book in '{language}'"))?;
        warnings.extend(
            logged
                .into_iter()
                .map(|line| format!("[{language}] {line}")),
        );
    }
    postprocess::finish_site(project, &staging, &languages)?;
    if site.exists() {
        fs::remove_dir_all(site).with_context(|| format!("removing {}", site.display()))?;
    }
    fs::rename(&staging, site)
        .with_context(|| format!("moving {} to {}", staging.display(), site.display()))?;
    Ok(Built {
        site: site.to_path_buf(),
        languages,
        warnings,
    })
}

fn build_language(project: &Project, language: &str, destination: &Path) -> Result<()> {
    let mut book = load_book(project, language)?;
    book.config.build.build_dir = destination.to_path_buf();
    book.build()
}

/// The book as mdBook loads it (book.toml, then `MDBOOK_*` variables), set up for `language`, with
/// the exercises and gettext preprocessors linked in rather than looked up as installed programs.
///
/// mdBook 0.5 orders preprocessors once, when it loads the book, from the `before`/`after` keys of
/// their `[preprocessor.<name>]` tables (a topological sort, ties by name). `with_preprocessor`
/// then replaces the entry of that name where it stands, or appends it if the configuration had
/// none. So the order is written into the configuration before loading: the Exercises page is
/// generated first, its hints are included by `links`, and `gettext` translates the result.
pub fn load_book(project: &Project, language: &str) -> Result<MDBook> {
    let file = project.root.join("book.toml");
    let mut config =
        Config::from_disk(&file).with_context(|| format!("reading {}", file.display()))?;
    config.update_from_env()?;
    config.set(
        format!("preprocessor.{}.before", exercises_page::NAME),
        ["links", "gettext"],
    )?;
    // The Summary's table too, so that gettext translates its fixed cells and skips the measured.
    config.set(
        format!("preprocessor.{}.before", measurements::NAME),
        ["links", "gettext"],
    )?;
    config.set("preprocessor.gettext.after", ["links"])?;
    config.book.language = Some(language.to_owned());
    if language != SOURCE_LANGUAGE {
        // The 404 page links to its styles from the site's URL, which for a translation
        // includes the language folder.
        let base: String = config
            .get("output.html.site-url")?
            .unwrap_or_else(|| "/".to_owned());
        let base = if base.ends_with('/') {
            base
        } else {
            format!("{base}/")
        };
        config.set("output.html.site-url", format!("{base}{language}/"))?;
    }
    let mut book = MDBook::load_with_config(&project.root, config)
        .with_context(|| format!("loading the book at {}", project.root.display()))?;
    book.with_preprocessor(ExercisesPage);
    book.with_preprocessor(Measurements);
    book.with_preprocessor(Gettext);
    Ok(book)
}
