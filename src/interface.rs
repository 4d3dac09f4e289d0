//! The page's own words: the labels, tooltips and messages mdBook writes around a chapter (the
//! book's title, the search box, the buttons, the keyboard help, the theme names, the copy
//! button's tooltip, the search results' heading). gettext translates the chapters, not these, so
//! for a translated language the built pages and scripts are rewritten from a table here, and the
//! book's checks flag any English word of that table left on a page.

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::Path;

/// The English title in `book.toml`, which mdBook puts in every page's `<title>` and header.
pub const ENGLISH_TITLE: &str = "Async and Parallel Rust: a Workbook";

/// One language's words: each pair is a piece of mdBook's page or script in English, exactly,
/// and the same piece in the language.
pub struct Words {
    pub title: &'static str,
    /// Pieces of every page (attributes and text, quoted as they stand in the HTML).
    pub page: &'static [(&'static str, &'static str)],
    /// Pieces of mdBook's scripts, by the start of the script's file name (`book-`, `searcher-`).
    pub scripts: &'static [(&'static str, &'static [(&'static str, &'static str)])],
}

const PERSIAN: Words = Words {
    title: "Rust ناهم‌گام و موازی: کتاب کار",
    page: &[
        (r#""Table of contents""#, r#""فهرست مطالب""#),
        (
            r#""Toggle Table of Contents""#,
            r#""نمایش یا پنهان کردن فهرست مطالب""#,
        ),
        (r#""Change theme""#, r#""تغییر پوسته""#),
        (r#""Themes""#, r#""پوسته‌ها""#),
        (r#""Search (`/`)""#, r#""جست‌وجو (`/`)""#),
        (
            r#""Toggle Searchbar""#,
            r#""نمایش یا پنهان کردن نوار جست‌وجو""#,
        ),
        (r#""Language""#, r#""زبان""#),
        (r#""Print this book""#, r#""چاپ این کتاب""#),
        (r#""Search this book ...""#, r#""جست‌وجو در این کتاب…""#),
        (r#""Page navigation""#, r#""پیمایش فصل‌ها""#),
        (r#""Previous chapter""#, r#""فصل قبلی""#),
        (r#""Next chapter""#, r#""فصل بعدی""#),
        (
            r#""mdbook-help-title">Keyboard shortcuts<"#,
            r#""mdbook-help-title">میان‌برهای صفحه‌کلید<"#,
        ),
        ("<p>Press <kbd>", "<p>کلید <kbd>"),
        ("</kbd> or <kbd>", "</kbd> یا <kbd>"),
        (
            "</kbd> to navigate between chapters</p>",
            "</kbd> را بزنید تا به فصل قبلی یا بعدی بروید</p>",
        ),
        (
            "</kbd> to search in the book</p>",
            "</kbd> را بزنید تا در کتاب جست‌وجو کنید</p>",
        ),
        (
            "</kbd> to show this help</p>",
            "</kbd> را بزنید تا این راهنما باز شود</p>",
        ),
        (
            "</kbd> to hide this help</p>",
            "</kbd> را بزنید تا این راهنما بسته شود</p>",
        ),
        (
            r#""mdbook-theme-default_theme">Auto<"#,
            r#""mdbook-theme-default_theme">خودکار<"#,
        ),
        (
            r#""mdbook-theme-light">Light<"#,
            r#""mdbook-theme-light">روشن<"#,
        ),
        (
            r#""mdbook-theme-coal">Coal<"#,
            r#""mdbook-theme-coal">زغالی<"#,
        ),
        (
            r#""mdbook-theme-navy">Navy<"#,
            r#""mdbook-theme-navy">سرمه‌ای<"#,
        ),
        // The page for an address that does not exist (404.html).
        ("<title>Page not found - ", "<title>صفحه پیدا نشد - "),
        (">Document not found (404)<", ">صفحه پیدا نشد (404)<"),
        (
            ">This URL is invalid, sorry. Please use the navigation bar or search to continue.<",
            ">این نشانی در کتاب نیست. از فهرست مطالب یا جست‌وجو کمک بگیرید.<",
        ),
    ],
    scripts: &[
        (
            "book-",
            &[
                ("'Copy to clipboard'", "'کپی'"),
                ("'Copied!'", "'کپی شد'"),
                ("'Clipboard error!'", "'کپی نشد'"),
                ("'Show hidden lines'", "'نمایش خط‌های پنهان'"),
                ("\"Show hidden lines\"", "\"نمایش خط‌های پنهان\""),
                ("'Hide lines'", "'پنهان کردن خط‌ها'"),
                ("'Undo changes'", "'برگرداندن تغییرها'"),
            ],
        ),
        (
            "searcher-",
            &[
                (
                    r"'No search results for \'' + searchterm + '\'.'",
                    "'برای «' + searchterm + '» نتیجه‌ای پیدا نشد.'",
                ),
                (
                    r"count + ' search results for \'' + searchterm + '\':'",
                    "count + ' نتیجه برای «' + searchterm + '»:'",
                ),
            ],
        ),
    ],
};

/// The words of `language`, if its interface is translated.
pub fn words(language: &str) -> Option<&'static Words> {
    match language {
        "fa" => Some(&PERSIAN),
        _ => None,
    }
}

/// A page of `language` in its own words: the title and every piece of the table replaced.
pub fn translate_page(html: &str, words: &Words) -> String {
    let mut html = html.replace(ENGLISH_TITLE, words.title);
    for (english, translated) in words.page {
        html = html.replace(english, translated);
    }
    html
}

/// Rewrites mdBook's scripts in the language folder `root` in `words`. Every piece must be found:
/// if a new mdBook changed its scripts, this fails and names the piece, rather than leave English.
pub fn translate_scripts(root: &Path, words: &Words) -> Result<()> {
    for (prefix, pieces) in words.scripts {
        let script = scripts_named(root, prefix)?;
        let [script] = script.as_slice() else {
            bail!(
                "{}: expected one script {prefix}*.js, found {script:?}",
                root.display()
            );
        };
        let mut text =
            fs::read_to_string(script).with_context(|| format!("reading {}", script.display()))?;
        for (english, translated) in *pieces {
            if !text.contains(english) {
                bail!(
                    "{} has no {english} to translate (has mdBook's script changed?)",
                    script.display()
                );
            }
            text = text.replace(english, translated);
        }
        fs::write(script, text).with_context(|| format!("writing {}", script.display()))?;
    }
    Ok(())
}

/// The English pieces of `words`' table still in `html` (a page) or in the language's scripts
/// under `root`: what a reader of that language would meet in English.
pub fn english_left(html: &str, words: &Words) -> Vec<&'static str> {
    let mut left: Vec<&str> = words
        .page
        .iter()
        .map(|(english, _)| *english)
        .filter(|english| html.contains(english))
        .collect();
    if html.contains(ENGLISH_TITLE) {
        left.push(ENGLISH_TITLE);
    }
    left
}

/// The English pieces left in the language's scripts under `root`, with the script's name.
pub fn english_left_in_scripts(root: &Path, words: &Words) -> Result<Vec<String>> {
    let mut left = Vec::new();
    for (prefix, pieces) in words.scripts {
        for script in scripts_named(root, prefix)? {
            let text = fs::read_to_string(&script)
                .with_context(|| format!("reading {}", script.display()))?;
            let name = script.file_name().unwrap_or_default().to_string_lossy();
            left.extend(
                pieces
                    .iter()
                    .filter(|(english, _)| text.contains(english))
                    .map(|(english, _)| format!("{name}: {english}")),
            );
        }
    }
    Ok(left)
}

/// The scripts in `root` whose names start with `prefix` and end with `.js`.
fn scripts_named(root: &Path, prefix: &str) -> Result<Vec<std::path::PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(root).with_context(|| format!("reading {}", root.display()))? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with(prefix) && name.ends_with(".js") {
            found.push(path);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_in_persian_keeps_no_english_word_of_the_table() {
        let html = format!(
            r#"<title>Threads - {ENGLISH_TITLE}</title><button title="Change theme" aria-label="Change theme">
            <p>Press <kbd>S</kbd> or <kbd>/</kbd> to search in the book</p>
            <button id="mdbook-theme-navy">Navy</button>"#
        );
        assert_eq!(english_left(&html, &PERSIAN).len(), 6);
        let persian = translate_page(&html, &PERSIAN);
        assert!(english_left(&persian, &PERSIAN).is_empty(), "{persian}");
        assert!(persian.contains("<title>Threads - Rust ناهم‌گام و موازی: کتاب کار</title>"));
        assert!(persian.contains("<p>کلید <kbd>S</kbd> یا <kbd>/</kbd> را بزنید تا در کتاب"));
        assert!(words("en").is_none());
    }

    #[test]
    fn a_script_that_lost_a_piece_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("book-1.js"), "t = 'Copy to clipboard';").unwrap();
        fs::write(dir.path().join("searcher-1.js"), "x").unwrap();
        let error = translate_scripts(dir.path(), &PERSIAN).unwrap_err();
        assert!(format!("{error:#}").contains("'Copied!'"), "{error:#}");
        let left = english_left_in_scripts(dir.path(), &PERSIAN).unwrap();
        assert_eq!(left, ["book-1.js: 'Copy to clipboard'"]);
    }
}
