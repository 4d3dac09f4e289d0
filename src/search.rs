//! Search that finds words in any script, for the translated books.
//!
//! mdBook indexes a book with elasticlunr's English pipeline, whose trimmer strips every character
//! outside ASCII's `\w` from both ends of a word: a Persian word trims to nothing and is dropped,
//! in the index and in the query alike. For a translation, the index is built again here from the
//! text mdBook stored in it, with one fold of each word ([`fold`]) in place of that trimmer, and
//! the page gets the same fold as a pipeline function of that name ([`page_script`], generated
//! from the tables here). The source language's index is left exactly as mdBook wrote it.

use anyhow::{Context, Result, bail};
use elasticlunr::pipeline::{FnWrapper, Pipeline, PipelineFn};
use elasticlunr::{IndexBuilder, Language};
use regex::Regex;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The pipeline function's name, as the index names it and the page registers it.
pub const NORMALISER: &str = "workbook-fold";

/// Characters the fold replaces, besides the ranges of [`DROPPED_RANGES`]: Arabic-keyboard
/// letters to their Persian forms, and Persian and Arabic-Indic digits to ASCII ones.
const REPLACED: &[(char, char)] = &[
    ('\u{064A}', '\u{06CC}'), // ي Arabic yeh -> ی
    ('\u{0649}', '\u{06CC}'), // ى alef maksura -> ی
    ('\u{0643}', '\u{06A9}'), // ك Arabic kaf -> ک
    ('\u{06C0}', '\u{0647}'), // ۀ -> ه, as the hamza above a heh is dropped below
];

/// Characters the fold drops: the joiners, so that «می‌شود» and «میشود» are one word; the
/// direction marks; Arabic diacritics (tanwin to hamza below, and the superscript alef); tatweel.
const DROPPED_RANGES: &[(char, char)] = &[
    ('\u{200B}', '\u{200F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{064B}', '\u{065F}'),
    ('\u{0670}', '\u{0670}'),
    ('\u{0640}', '\u{0640}'),
];

/// Words too common in Persian to tell sections apart; like English's, they are not indexed.
pub const STOP_WORDS: &[&str] = &[
    "و", "در", "به", "از", "که", "را", "این", "آن", "با", "است", "برای", "یک", "تا", "هم", "یا",
    "اما", "اگر", "هر", "می", "نیز",
];

/// What a word is made of: letters, digits, marks and the underscore. Anything else is trimmed
/// from both ends of a word, here and by the page, in a JavaScript `RegExp` (flag `u`).
pub const WORD_CHARACTERS: &str = r"\p{L}\p{N}\p{M}_";

/// The pattern of what the page trims: [`WORD_CHARACTERS`]' complement at either end.
pub fn edges() -> String {
    format!("^[^{WORD_CHARACTERS}]+|[^{WORD_CHARACTERS}]+$")
}

/// mdBook's limit on the length of an indexed word, in bytes.
const MAX_WORD_LENGTH: usize = 80;

/// Every character the fold changes and what it becomes (an empty string drops it).
pub fn folds() -> BTreeMap<char, String> {
    let mut folds: BTreeMap<char, String> = REPLACED
        .iter()
        .map(|&(from, to)| (from, to.to_string()))
        .collect();
    for &(first, last) in DROPPED_RANGES {
        folds.extend((first..=last).map(|ch| (ch, String::new())));
    }
    for digit in 0..10u32 {
        let ascii = char::from_digit(digit, 10)
            .expect("a decimal digit")
            .to_string();
        for zero in [0x06F0, 0x0660] {
            let ch = char::from_u32(zero + digit).expect("a digit's code point");
            folds.insert(ch, ascii.clone());
        }
    }
    folds
}

static FOLDS: LazyLock<BTreeMap<char, String>> = LazyLock::new(folds);
static WORD_CHARACTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^[{WORD_CHARACTERS}]$")).expect("a valid pattern"));

/// Whether `ch` is one of [`WORD_CHARACTERS`]. A test holds the ASCII shortcut to the class: the
/// book has some 200 000 words to fold, and a regex per word is slow in a debug build.
fn is_word_character(ch: char) -> bool {
    if ch.is_ascii() {
        ch.is_ascii_alphanumeric() || ch == '_'
    } else {
        WORD_CHARACTER.is_match(ch.encode_utf8(&mut [0; 4]))
    }
}

/// One spelling of `word`: folded character by character, then trimmed at both ends.
pub fn fold(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    for ch in word.chars() {
        match FOLDS.get(&ch).filter(|_| !ch.is_ascii()) {
            Some(into) => folded.push_str(into),
            None => folded.push(ch),
        }
    }
    let trimmed = folded.trim_matches(|ch| !is_word_character(ch));
    if trimmed.len() == folded.len() {
        folded
    } else {
        trimmed.to_owned()
    }
}

/// The index's and the query's pipeline function: the fold, then nothing for a stop word.
pub fn normalise(token: String) -> Option<String> {
    let folded = fold(&token);
    (!folded.is_empty() && !STOP_WORDS.contains(&folded.as_str())).then_some(folded)
}

/// Splits text into words as mdBook does for its index: at whitespace and hyphens, lowercased,
/// leaving out words longer than mdBook indexes.
pub fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| !word.is_empty())
        .map(|word| word.trim().to_lowercase())
        .filter(|word| word.len() <= MAX_WORD_LENGTH)
        .collect()
}

/// English's pipeline with the fold in place of its trimmer: English words of a translation
/// still lose their stop words and are stemmed as in the English book.
struct AnyScript;

impl Language for AnyScript {
    fn name(&self) -> String {
        // elasticlunr.js ignores the name; elasticlunr-rs reads only names it knows.
        "English".into()
    }
    fn code(&self) -> String {
        "en".into()
    }
    fn tokenize(&self, text: &str) -> Vec<String> {
        tokenize(text)
    }
    fn make_pipeline(&self) -> Pipeline {
        let mut queue = elasticlunr::lang::English::new().make_pipeline().queue;
        queue[0] = Box::new(FnWrapper(NORMALISER.into(), normalise));
        let stemmer = queue
            .pop()
            .expect("English's pipeline ends with its stemmer");
        queue.push(Box::new(LikeThePagesStemmer(stemmer)));
        Pipeline { queue }
    }
}

/// elasticlunr.js leaves a word shorter than 3 UTF-16 units unstemmed; elasticlunr-rs counts
/// bytes, so it stems `µs` (two characters, three bytes) to `µ` and the page never finds it.
struct LikeThePagesStemmer(Box<dyn PipelineFn>);

impl PipelineFn for LikeThePagesStemmer {
    fn name(&self) -> String {
        self.0.name()
    }
    fn filter(&self, token: String) -> Option<String> {
        if token.encode_utf16().count() < 3 {
            Some(token)
        } else {
            self.0.filter(token)
        }
    }
}

/// The names of the pipeline functions a translation's index runs, in order.
pub fn pipeline_names() -> Vec<String> {
    AnyScript
        .make_pipeline()
        .queue
        .iter()
        .map(|f| f.name())
        .collect()
}

/// What the build reads back of mdBook's search index: the settings around the index, kept as they
/// are, and the documents it stores. The index itself, mdBook's words, is skipped unread.
#[derive(Deserialize)]
struct StoredSearch {
    doc_urls: Value,
    results_options: Value,
    search_options: Value,
    index: StoredIndex,
}

#[derive(Deserialize)]
struct StoredIndex {
    fields: Vec<String>,
    #[serde(rename = "documentStore")]
    document_store: StoredDocuments,
}

#[derive(Deserialize)]
struct StoredDocuments {
    docs: BTreeMap<String, BTreeMap<String, String>>,
}

/// The search index written back: mdBook's settings, the index built again.
#[derive(Serialize)]
struct RebuiltSearch<'a> {
    doc_urls: &'a Value,
    results_options: &'a Value,
    search_options: &'a Value,
    index: &'a elasticlunr::Index,
}

/// An index built again from `stored`'s documents, with `language`'s pipeline and mdBook's words.
fn rebuild(stored: &StoredIndex, language: Box<dyn Language>) -> Result<elasticlunr::Index> {
    let mut builder = IndexBuilder::with_language(language);
    for field in &stored.fields {
        builder = builder.add_field_with_tokenizer(field, Box::new(tokenize));
    }
    let mut rebuilt = builder.build();
    let docs = &stored.document_store.docs;
    let mut refs: Vec<(u64, &String)> = Vec::new();
    for reference in docs.keys() {
        let number = reference
            .parse()
            .with_context(|| format!("a document's ref is not a number: {reference}"))?;
        refs.push((number, reference));
    }
    refs.sort();
    for (_, reference) in refs {
        let doc = &docs[reference];
        let texts = stored
            .fields
            .iter()
            .map(|field| doc.get(field).map_or("", String::as_str));
        rebuilt.add_doc(reference, texts);
    }
    Ok(rebuilt)
}

/// The index part (`index`) of mdBook's search index built again from the documents it stores,
/// with `language`'s pipeline. English, as mdBook builds it, gives back mdBook's index.
pub fn rebuild_index(index: &Value, language: Box<dyn Language>) -> Result<Value> {
    let stored: StoredIndex = serde_json::from_value(index.clone())
        .context("the search index has no fields or stored documents")?;
    Ok(serde_json::to_value(rebuild(&stored, language)?)?)
}

/// The text of mdBook's `searchindex-*.js`: the JSON inside its `JSON.parse('…')`.
pub fn read_index_script<T: DeserializeOwned>(script: &str) -> Result<T> {
    let Some(start) = script.find("JSON.parse('") else {
        bail!("the search index script has no JSON.parse('… (has mdBook's format changed?)");
    };
    let body = &script[start + "JSON.parse('".len()..];
    let Some(end) = body.rfind("'));") else {
        bail!("the search index script does not end in '));");
    };
    let mut json = String::with_capacity(end);
    let mut chars = body[..end].chars();
    while let Some(ch) = chars.next() {
        json.push(if ch == '\\' {
            chars.next().context("a lone backslash ends the index")?
        } else {
            ch
        });
    }
    serde_json::from_str(&json).context("the search index is not JSON")
}

/// A search index script as mdBook writes it (its quoting, so the page reads it the same way).
pub fn write_index_script(index: &impl Serialize) -> Result<String> {
    let json = serde_json::to_string(index)?;
    Ok(format!(
        "window.search = Object.assign(window.search, JSON.parse('{}'));",
        json.replace('\\', "\\\\").replace('\'', "\\'")
    ))
}

/// The script a translation's pages run after elasticlunr: [`fold`] and [`normalise`] in
/// JavaScript, with this module's tables written in as JSON literals.
pub fn page_script() -> String {
    // Escaped, so that joiners and marks are visible in the script and no editor mangles them.
    let escaped = |text: &str| -> String {
        let units: String = text
            .encode_utf16()
            .map(|unit| format!("\\u{unit:04X}"))
            .collect();
        format!("\"{units}\"")
    };
    let folds: Vec<String> = FOLDS
        .iter()
        .map(|(ch, into)| format!("{}: {}", escaped(&ch.to_string()), escaped(into)))
        .collect();
    include_str!("search.js")
        .replace(
            "/*FOLDS*/{}",
            &format!("{{\n        {}\n    }}", folds.join(",\n        ")),
        )
        .replace(
            "/*STOP_WORDS*/[]",
            &serde_json::json!(STOP_WORDS).to_string(),
        )
        .replace("/*EDGES*/''", &serde_json::json!(edges()).to_string())
        .replace("/*NAME*/''", &serde_json::json!(NORMALISER).to_string())
}

/// Pieces of mdBook's searcher and what they become, so that the teaser and the highlight on the
/// page find a word in whatever spelling the reader typed it (the script defines `workbookSearch`).
const SEARCHER_PATCHES: &[(&str, &str)] = &[
    (
        "return elasticlunr.stemmer(w.toLowerCase());\n        });",
        "return elasticlunr.stemmer(window.workbookSearch.fold(w.toLowerCase()));\n        }).filter(Boolean);",
    ),
    (
        "if (elasticlunr.stemmer(word).startsWith(",
        "if (elasticlunr.stemmer(window.workbookSearch.fold(word)).startsWith(",
    ),
    (
        "marker.mark(words, {",
        "marker.mark(words.map(window.workbookSearch.fold).filter(Boolean), {\n                ignoreJoiners: true,\n                ignorePunctuation: window.workbookSearch.dropped,",
    ),
];

/// Makes the search of the translation whose output is `root` find words of any script: its index
/// built again with the fold, the fold added to its elasticlunr script, its searcher patched.
pub fn apply(root: &Path) -> Result<()> {
    let index_script = only_script(root, "searchindex-")?;
    let text = fs::read_to_string(&index_script)
        .with_context(|| format!("reading {}", index_script.display()))?;
    let stored: StoredSearch =
        read_index_script(&text).with_context(|| format!("reading {}", index_script.display()))?;
    let index = rebuild(&stored.index, Box::new(AnyScript))?;
    let search = RebuiltSearch {
        doc_urls: &stored.doc_urls,
        results_options: &stored.results_options,
        search_options: &stored.search_options,
        index: &index,
    };
    fs::write(&index_script, write_index_script(&search)?)
        .with_context(|| format!("writing {}", index_script.display()))?;

    let lunr = only_script(root, "elasticlunr-")?;
    let mut text =
        fs::read_to_string(&lunr).with_context(|| format!("reading {}", lunr.display()))?;
    text.push('\n');
    text.push_str(&page_script());
    fs::write(&lunr, text).with_context(|| format!("writing {}", lunr.display()))?;

    let searcher = only_script(root, "searcher-")?;
    let mut text =
        fs::read_to_string(&searcher).with_context(|| format!("reading {}", searcher.display()))?;
    for (piece, patched) in SEARCHER_PATCHES {
        if !text.contains(piece) {
            bail!(
                "{} has no `{piece}` to patch (has mdBook's searcher changed?)",
                searcher.display()
            );
        }
        text = text.replacen(piece, patched, 1);
    }
    fs::write(&searcher, text).with_context(|| format!("writing {}", searcher.display()))?;
    Ok(())
}

/// The one script in `root` whose name starts with `prefix` and ends with `.js`.
pub fn only_script(root: &Path, prefix: &str) -> Result<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(root).with_context(|| format!("reading {}", root.display()))? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with(prefix) && name.ends_with(".js") {
            found.push(path);
        }
    }
    match <[PathBuf; 1]>::try_from(found) {
        Ok([script]) => Ok(script),
        Err(found) => bail!(
            "{}: expected one script {prefix}*.js, found {found:?}",
            root.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(word: &str) -> Option<String> {
        normalise(word.to_owned())
    }

    #[test]
    fn every_spelling_of_a_persian_word_folds_to_one() {
        let one = Some("میشود".to_owned());
        assert_eq!(
            normalised("می\u{200C}شود"),
            one,
            "with a zero-width non-joiner"
        );
        assert_eq!(normalised("ميشود"), one, "with an Arabic yeh");
        assert_eq!(normalised("مىشود"), one, "with an alef maksura");
        assert_eq!(
            normalised("«مـی‌شَود»،"),
            one,
            "tatweel, a diacritic, quotes, a comma"
        );
        assert_eq!(normalised("بن\u{200C}بست").as_deref(), Some("بنبست"));
        assert_eq!(normalised("كد"), normalised("کد"), "an Arabic kaf");
        assert_eq!(normalised("۱۰"), Some("10".to_owned()));
        assert_eq!(normalised("١٠"), Some("10".to_owned()));
        assert_eq!(normalised("خانهٔ"), normalised("خانۀ"));
        assert_eq!(normalised("و"), None, "a Persian stop word");
        assert_eq!(normalised("«»"), None, "punctuation alone");
    }

    #[test]
    fn english_words_and_identifiers_fold_as_englishs_trimmer_trims_them() {
        let english = elasticlunr::lang::English::new().make_pipeline();
        for word in [
            "mutex<t>",
            "(tokio::spawn)",
            "arc::clone,",
            "`join`",
            "counter.lock()",
        ] {
            let trimmed = english.queue[0].filter(word.to_owned());
            assert_eq!(normalised(word), trimmed, "{word}");
        }
        assert_eq!(english.queue[0].name(), "trimmer");
        assert_eq!(
            pipeline_names(),
            [NORMALISER, "stopWordFilter", "stemmer"],
            "the fold takes the trimmer's place and English's other steps stay"
        );
    }

    #[test]
    fn the_ascii_shortcut_agrees_with_the_class_of_word_characters() {
        let edges = Regex::new(&edges()).unwrap();
        let tested = ('\0'..='\u{07FF}').chain('\u{2000}'..='\u{206F}');
        for ch in tested.chain(['\u{FEFF}', '\u{FB50}', '\u{FE70}']) {
            let alone = ch.to_string();
            assert_eq!(
                is_word_character(ch),
                !edges.is_match(&alone),
                "{ch:?} ({:04X})",
                ch as u32
            );
        }
    }

    #[test]
    fn short_words_are_left_unstemmed_as_the_page_leaves_them() {
        let pipeline = AnyScript.make_pipeline();
        assert_eq!(pipeline.run(vec!["µs".into()]), ["µs"]);
        assert_eq!(pipeline.run(vec!["threads".into()]), ["thread"]);
        assert_eq!(pipeline.run(vec!["locks".into()]), ["lock"]);
    }

    #[test]
    fn an_index_script_reads_back_as_written() {
        let index = serde_json::json!({ "body": "it's a \\ back'slash «قفل»" });
        let script = write_index_script(&index).unwrap();
        assert!(script.starts_with("window.search = Object.assign(window.search, JSON.parse('"));
        assert_eq!(read_index_script::<Value>(&script).unwrap(), index);
        assert!(read_index_script::<Value>("window.search = {};").is_err());
    }

    /// The literal the page script assigns to `name`, parsed.
    fn literal(script: &str, name: &str) -> Value {
        let start = script.find(&format!("const {name} = ")).expect(name) + name.len() + 9;
        let end = start + script[start..].find(";\n").expect("a statement's end");
        serde_json::from_str(&script[start..end]).expect("a JSON literal")
    }

    #[test]
    fn the_page_script_carries_exactly_the_tables_of_the_index() {
        let script = page_script();
        assert!(
            !script.contains("/*"),
            "a table was not written in:\n{script}"
        );
        let folds: BTreeMap<char, String> =
            serde_json::from_value(literal(&script, "FOLDS")).unwrap();
        assert_eq!(folds, super::folds());
        assert_eq!(folds.get(&'\u{200C}').map(String::as_str), Some(""));
        assert_eq!(folds.get(&'\u{0643}').map(String::as_str), Some("\u{06A9}"));
        assert_eq!(
            literal(&script, "STOP_WORDS"),
            serde_json::json!(STOP_WORDS)
        );
        assert!(script.contains(&format!("new RegExp({}, 'gu')", serde_json::json!(edges()))));
        assert!(script.contains(&format!(
            "registerFunction(normalise, {})",
            serde_json::json!(NORMALISER)
        )));
    }
}
