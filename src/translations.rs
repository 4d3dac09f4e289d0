//! The gettext side of the book: the English messages, and how each `po/<lang>.po` stands against them.

use crate::build::load_book;
use crate::glossary::{Glossary, glossary_problems};
use crate::project::{Project, SOURCE_LANGUAGE};
use anyhow::{Context, Result, anyhow, bail};
use mdbook_i18n_helpers::renderers::Xgettext;
use mdbook_i18n_helpers::xgettext::create_catalogs;
use mdbook_renderer::RenderContext;
use polib::catalog::Catalog;
use polib::message::{Message, MessageMutView};
use polib::metadata::CatalogMetadata;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The header fields polib 0.2 (used by mdbook-i18n-helpers) panics without (its
/// `CatalogMetadata::parse` unwraps each one).
const REQUIRED_HEADER_FIELDS: [&str; 9] = [
    "Project-Id-Version",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Language-Team",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Language",
    "Plural-Forms",
];

/// Every message of the English book, after includes are expanded, in the book's order, with where
/// it comes from: exactly what a translation has to cover.
pub fn source_messages(project: &Project) -> Result<Vec<(String, String)>> {
    let book = load_book(project, SOURCE_LANGUAGE)?;
    let (preprocessed, _) = book.preprocess_book(&Xgettext)?;
    let context = RenderContext::new(
        project.root.clone(),
        preprocessed,
        book.config.clone(),
        project.root.join("target").join("xgettext"),
    );
    let catalogs = create_catalogs(&context, fs::read_to_string).context("extracting messages")?;
    let mut messages = Vec::new();
    let mut seen = BTreeSet::new();
    for catalog in catalogs.values() {
        for message in catalog.messages() {
            if seen.insert(message.msgid().to_owned()) {
                messages.push((message.msgid().to_owned(), message.source().to_owned()));
            }
        }
    }
    Ok(messages)
}

/// A PO file read the way the book build reads it, with a clear error instead of polib's panic on
/// a header that lacks a field.
pub fn read_po(path: &Path) -> Result<Catalog> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let missing: Vec<_> = REQUIRED_HEADER_FIELDS
        .iter()
        .filter(|field| !text.contains(&format!("\"{field}:")))
        .collect();
    if !missing.is_empty() {
        bail!("{}: the header lacks {missing:?}", path.display());
    }
    polib::po_file::parse(path).map_err(|error| anyhow!("{}: {error}", path.display()))
}

/// What is wrong with the translation into `language`: every message it lacks, leaves empty,
/// marks fuzzy, or keeps although the English no longer has it.
pub fn translation_problems(project: &Project, language: &str) -> Result<Vec<String>> {
    let path = project.po_file(language);
    let english: BTreeMap<String, String> = source_messages(project)?.into_iter().collect();
    let catalog = read_po(&path)?;
    let name = format!("po/{language}.po");
    let mut problems = Vec::new();
    let mut present = BTreeSet::new();
    for message in catalog.messages() {
        let id = message.msgid();
        present.insert(id.to_owned());
        if !english.contains_key(id) {
            problems.push(format!(
                "{name}: stale message (no longer in the English book): {}",
                short(id)
            ));
        } else if message.is_fuzzy() {
            problems.push(format!(
                "{name}: fuzzy message (needs review): {}",
                short(id)
            ));
        } else if !message.is_translated() {
            problems.push(format!("{name}: untranslated message: {}", short(id)));
        }
    }
    for (id, source) in &english {
        if !present.contains(id) {
            problems.push(format!(
                "{name}: missing message from {source}: {}",
                short(id)
            ));
        }
    }
    // polib skips obsolete entries (`#~`) silently; they are stale text all the same.
    let text = fs::read_to_string(&path)?;
    let obsolete = text
        .lines()
        .filter(|line| line.starts_with("#~ msgid"))
        .count();
    if obsolete > 0 {
        problems.push(format!(
            "{name}: {obsolete} obsolete (#~) messages: delete them"
        ));
    }
    problems.extend(glossary_check(project, language)?);
    Ok(problems)
}

/// One word for each idea: how `po/<language>.po` breaks its glossary, where it has one
/// ([`glossary_problems`]). Part of [`translation_problems`].
pub fn glossary_check(project: &Project, language: &str) -> Result<Vec<String>> {
    let path = glossary_file(project, language);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let glossary = Glossary::read(&path, language)?;
    let catalog = read_po(&project.po_file(language))?;
    Ok(glossary_problems(
        &glossary,
        &catalog,
        &format!("po/{language}.po"),
    ))
}

/// Where the glossary of `language` is: `po/<language>-glossary.toml`, beside its translation.
pub fn glossary_file(project: &Project, language: &str) -> std::path::PathBuf {
    project
        .po_file(language)
        .with_file_name(format!("{language}-glossary.toml"))
}

/// How [`update_po`] changed a PO file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Update {
    pub added: usize,
    pub removed: usize,
    pub kept: usize,
}

/// Brings `po/<language>.po` up to date with the English book: new messages are added untranslated,
/// messages the English dropped are removed, translations of unchanged messages are kept.
/// Creates the file if the language is new.
pub fn update_po(project: &Project, language: &str) -> Result<Update> {
    let path = project.po_file(language);
    let english = source_messages(project)?;
    let mut old: BTreeMap<String, (String, bool)> = BTreeMap::new();
    if path.exists() {
        for message in read_po(&path)?.messages() {
            let translation = message.msgstr().unwrap_or_default().to_owned();
            old.insert(
                message.msgid().to_owned(),
                (translation, message.is_fuzzy()),
            );
        }
    }
    let mut metadata = CatalogMetadata::new();
    metadata.project_id_version = "async-parallel-rust-workbook".to_owned();
    metadata.pot_creation_date = "2026-01-01 00:00+0000".to_owned();
    metadata.po_revision_date = "2026-01-01 00:00+0000".to_owned();
    metadata.last_translator = "The workbook's translators".to_owned();
    metadata.language_team = format!("{language} <workbook translators>");
    metadata.mime_version = "1.0".to_owned();
    metadata.content_type = "text/plain; charset=UTF-8".to_owned();
    metadata.content_transfer_encoding = "8bit".to_owned();
    metadata.language = language.to_owned();
    let mut catalog = Catalog::new(metadata);
    let mut update = Update::default();
    for (id, source) in &english {
        let mut message = Message::build_singular()
            .with_source(source.clone())
            .with_msgid(id.clone())
            .done();
        match old.remove(id) {
            Some((translation, fuzzy)) => {
                message.set_msgstr(translation).expect("a singular message");
                if fuzzy {
                    message.flags_mut().add_flag("fuzzy");
                }
                update.kept += 1;
            }
            None => update.added += 1,
        }
        catalog.append_or_update(message);
    }
    update.removed = old.len();
    fs::create_dir_all(project.po_dir())?;
    polib::po_file::write(&catalog, &path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(update)
}

fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(70).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("{short:?}")
}
