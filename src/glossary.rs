//! One word for each idea: a language's glossary (`po/<lang>-glossary.toml`) gives each English
//! term its one rendering and the renderings it replaces, and the book's checks hold the
//! translation to it. Two rules: no message uses a replaced rendering, and a term's English
//! gloss in parentheses, `(kernel)`, comes once per chapter, on first use.

use anyhow::{Context, Result, bail};
use polib::catalog::Catalog;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// One term: its English words, the one rendering, and the renderings the translation no longer
/// uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub en: String,
    pub rendering: String,
    pub replaces: Vec<String>,
}

/// A language's glossary, in the order of its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    pub terms: Vec<Term>,
}

impl Glossary {
    /// Reads a glossary: a list of `[[term]]` tables with `en`, `fa` (the rendering, under the
    /// language's code), `replaces` (a list, may be empty) and an optional `note`. Refuses a
    /// term without its words, a term listed twice, and a replaced rendering that is the
    /// rendering itself or part of it (the rule would then flag every correct use).
    pub fn read(path: &Path, language: &str) -> Result<Glossary> {
        let text =
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let table: toml::Table = text
            .parse()
            .with_context(|| format!("{} is not valid TOML", path.display()))?;
        let Some(toml::Value::Array(entries)) = table.get("term") else {
            bail!("{}: no [[term]] tables", path.display());
        };
        let mut terms: Vec<Term> = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let text_of = |key: &str| {
                entry
                    .get(key)
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned)
                    .filter(|value| !value.trim().is_empty())
                    .with_context(|| format!("{}: term {} has no `{key}`", path.display(), i + 1))
            };
            let en = text_of("en")?;
            let rendering = text_of(language)?;
            let replaces = match entry.get("replaces") {
                None => Vec::new(),
                Some(value) => value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .with_context(|| {
                        format!(
                            "{}: `replaces` of {en:?} is not a list of text",
                            path.display()
                        )
                    })?,
            };
            if terms.iter().any(|term| term.en == en) {
                bail!("{}: the term {en:?} is listed twice", path.display());
            }
            if let Some(bad) = replaces.iter().find(|old| rendering.contains(old.as_str())) {
                bail!(
                    "{}: {en:?} replaces «{bad}», which is part of its own rendering «{rendering}»",
                    path.display()
                );
            }
            terms.push(Term {
                en,
                rendering,
                replaces,
            });
        }
        Ok(Glossary { terms })
    }
}

/// Every way `catalog` (a translation, named `name` in the messages) breaks `glossary`: each
/// message that uses a replaced rendering, and each chapter that glosses a term in parentheses
/// more than once. Code spans (between backticks) are not prose and are skipped.
pub fn glossary_problems(glossary: &Glossary, catalog: &Catalog, name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    // chapter → term → how many glosses, over every place a message is used.
    let mut glosses: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for message in catalog.messages() {
        let Ok(translated) = message.msgstr() else {
            continue;
        };
        let prose = prose_of(translated);
        let lowered = prose.to_lowercase();
        let chapters: Vec<&str> = message
            .source()
            .split_whitespace()
            .map(|place| place.rsplit_once(':').map_or(place, |(file, _)| file))
            .collect();
        for term in &glossary.terms {
            for old in &term.replaces {
                if contains_word(&prose, old) {
                    problems.push(format!(
                        "{name}: «{old}» for {:?}: the glossary's word is «{}», in: {}",
                        term.en,
                        term.rendering,
                        short(message.msgid())
                    ));
                }
            }
            let count = glosses_in(&lowered, &term.en);
            if count > 0 {
                for chapter in &chapters {
                    *glosses
                        .entry((*chapter).to_owned())
                        .or_default()
                        .entry(term.en.as_str())
                        .or_default() += count;
                }
            }
        }
    }
    for (chapter, terms) in glosses {
        for (en, count) in terms {
            if count > 1 {
                problems.push(format!(
                    "{name}: {chapter} glosses ({en}) {count} times: only on its first use"
                ));
            }
        }
    }
    problems
}

/// A translated message without its code spans: what the rules read.
fn prose_of(text: &str) -> String {
    text.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

/// Whether `word` stands in `text` as a whole word: no Persian (or Arabic) letter touches it on
/// either side, so «ارزیاب» is not found inside «ارزیابی». The zero-width non-joiner and the
/// ezafe's «ٔ» are not letters, so «کرنلِ» and «کرنل‌ها» still count.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_letter) && !after.is_some_and(is_letter)
    })
}

fn is_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// How many times `lowered` (a message in lower case) glosses the term `en`: `(en)` or its
/// plural, `(ens)` or `(enes)`; a leading "the " of the term is not glossed.
fn glosses_in(lowered: &str, en: &str) -> usize {
    let en = en.strip_prefix("the ").unwrap_or(en).to_lowercase();
    ["", "s", "es"]
        .iter()
        .map(|plural| lowered.matches(&format!("({en}{plural})")).count())
        .sum()
}

fn short(text: &str) -> String {
    let flat = text.replace('\n', " ");
    match flat.char_indices().nth(60) {
        Some((end, _)) => format!("{:?}", format!("{}…", &flat[..end])),
        None => format!("{flat:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kernel() -> Glossary {
        Glossary {
            terms: vec![Term {
                en: "kernel".into(),
                rendering: "هستهٔ سیستم‌عامل".into(),
                replaces: vec!["کرنل".into(), "ارزیاب".into()],
            }],
        }
    }

    fn catalog(messages: &[(&str, &str, &str)]) -> Catalog {
        // polib panics on a header without any of these fields.
        let mut text = String::from("msgid \"\"\nmsgstr \"\"\n");
        for field in [
            "Project-Id-Version: test",
            "POT-Creation-Date: 2026-01-01 00:00+0000",
            "PO-Revision-Date: 2026-01-01 00:00+0000",
            "Language-Team: fa",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "Language: fa",
            "Plural-Forms: nplurals=1; plural=0;",
        ] {
            text.push_str(&format!("\"{field}\\n\"\n"));
        }
        text.push('\n');
        for (place, id, translated) in messages {
            text.push_str(&format!(
                "#: {place}\nmsgid \"{id}\"\nmsgstr \"{translated}\"\n\n"
            ));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fa.po");
        fs::write(&path, text).unwrap();
        polib::po_file::parse(&path).unwrap()
    }

    #[test]
    fn a_replaced_rendering_is_found_as_a_word_but_not_inside_another_word() {
        let found = glossary_problems(
            &kernel(),
            &catalog(&[
                ("book/a.md:1", "The kernel", "کرنل‌ها"),
                ("book/a.md:2", "Grading", "ارزیابی کار"),
                ("book/a.md:3", "Code", "`کرنل` در کد"),
            ]),
            "po/fa.po",
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("«کرنل»") && found[0].contains("\"The kernel\""));
    }

    #[test]
    fn a_gloss_repeated_in_one_chapter_is_reported_once_per_chapter() {
        let found = glossary_problems(
            &kernel(),
            &catalog(&[
                ("book/a.md:1", "One", "هستهٔ سیستم‌عامل (kernel)"),
                (
                    "book/a.md:9 book/b.md:4",
                    "Two",
                    "هسته‌های سیستم‌عامل (Kernels)",
                ),
            ]),
            "po/fa.po",
        );
        assert_eq!(
            found,
            ["po/fa.po: book/a.md glosses (kernel) 2 times: only on its first use"]
        );
    }

    #[test]
    fn a_glossary_that_would_flag_its_own_word_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fa-glossary.toml");
        fs::write(
            &path,
            "[[term]]\nen = \"pool\"\nfa = \"استخر نخ\"\nreplaces = [\"استخر\"]\n",
        )
        .unwrap();
        let error = Glossary::read(&path, "fa").unwrap_err();
        assert!(
            format!("{error:#}").contains("part of its own rendering"),
            "{error:#}"
        );
        fs::write(&path, "[[term]]\nen = \"pool\"\nreplaces = []\n").unwrap();
        let error = Glossary::read(&path, "fa").unwrap_err();
        assert!(format!("{error:#}").contains("has no `fa`"), "{error:#}");
    }
}
