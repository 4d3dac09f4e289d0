//! Search in the built book: the Persian index holds Persian words, folded as the page folds a
//! query, and finds the chapters that teach them; the English index is mdBook's own.

use crate::common::built_repository;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use workbook::search::{self, normalise, only_script, page_script, read_index_script};

fn index_of(root: &Path) -> Value {
    let script = only_script(root, "searchindex-").unwrap();
    read_index_script(&fs::read_to_string(script).unwrap()).unwrap()
}

/// The pages (without their anchors) whose `field` holds the indexed word `token`, exactly.
fn pages_with(search: &Value, field: &str, token: &str) -> BTreeSet<String> {
    let mut node = &search["index"]["index"][field]["root"];
    for ch in token.chars() {
        node = &node[ch.to_string()];
    }
    let docs = node["docs"].as_object().cloned().unwrap_or_default();
    docs.keys()
        .map(|reference| {
            let url = search["doc_urls"][reference.parse::<usize>().unwrap()]
                .as_str()
                .unwrap();
            url.split('#').next().unwrap().to_owned()
        })
        .collect()
}

fn folded(word: &str) -> String {
    normalise(word.to_lowercase()).expect("not a stop word")
}

#[test]
fn the_persian_index_finds_a_persian_word_in_the_chapters_that_teach_it() {
    let search = index_of(&built_repository().site.join("fa"));
    assert_eq!(
        search["index"]["pipeline"],
        serde_json::json!(search::pipeline_names())
    );
    for (word, chapters) in [
        (
            "قفل",
            &[
                "locks-and-races.html",
                "reentrant-locks.html",
                "coordination.html",
            ][..],
        ),
        (
            "بن‌بست",
            &["locks-and-races.html", "reentrant-locks.html"][..],
        ),
    ] {
        let pages = pages_with(&search, "body", &folded(word));
        for chapter in chapters {
            assert!(
                pages.contains(*chapter),
                "{word} is not found in {chapter}: {pages:?}"
            );
        }
    }
    // Typed on an Arabic keyboard or without the non-joiner, a word is the same word.
    assert_eq!(folded("بنبست"), folded("بن‌بست"));
    assert_eq!(folded("قفلي"), folded("قفلی"));
    assert!(!pages_with(&search, "title", &folded("قفلي")).is_empty());
    // English words and identifiers in the Persian chapters are found as well.
    assert!(pages_with(&search, "body", "mutex").contains("coordination.html"));
    assert!(pages_with(&search, "body", "tokio::spawn").contains("sync-vs-async.html"));
}

#[test]
fn the_english_index_is_the_one_mdbook_wrote() {
    let root = &built_repository().site;
    let search = index_of(root);
    let index = &search["index"];
    assert_eq!(
        index["pipeline"],
        serde_json::json!(["trimmer", "stopWordFilter", "stemmer"])
    );
    assert!(pages_with(&search, "body", "mutex").contains("coordination.html"));
    assert!(pages_with(&search, "title", "deadlock").contains("locks-and-races.html"));
    // Built again from its documents with English, as mdBook builds it, it is the same index:
    // the translations' index is built by the same code, with the fold in place of the trimmer.
    let english = Box::new(elasticlunr::lang::English::new());
    let rebuilt = search::rebuild_index(index, english).unwrap();
    assert!(
        same(&rebuilt, index),
        "the rebuilt English index differs from mdBook's"
    );
}

#[test]
fn only_the_persian_pages_fold_their_queries() {
    let site = &built_repository().site;
    let lunr =
        |root: &Path| fs::read_to_string(only_script(root, "elasticlunr-").unwrap()).unwrap();
    let searcher =
        |root: &Path| fs::read_to_string(only_script(root, "searcher-").unwrap()).unwrap();
    assert!(lunr(&site.join("fa")).ends_with(&page_script()));
    let patched = searcher(&site.join("fa"));
    assert_eq!(
        patched.matches("window.workbookSearch.fold").count(),
        3,
        "{patched}"
    );
    assert!(patched.contains("ignoreJoiners: true"));
    assert!(!lunr(site).contains("workbookSearch"));
    assert!(!searcher(site).contains("workbookSearch"));
}

/// Equal JSON, but for the last bit of a float: serde_json reads a float back a bit off unless
/// its `float_roundtrip` feature, which would rebuild mdBook, is on.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-12 * x.abs().max(1.0)
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}
