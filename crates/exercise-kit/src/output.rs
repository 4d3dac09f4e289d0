//! Writing the files that teachers' tools read (`cargo grade --json/--junit/--summary`), shared
//! by the grader and the `cargo grade` tool, which writes them itself when the student's files do
//! not compile.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Writes `text` to `file`, creating its folder.
pub fn write(file: &Path, text: &str) -> Result<(), String> {
    create_folder(file)?;
    fs::write(file, text).map_err(|error| format!("cannot write {}: {error}", file.display()))
}

/// Appends `text` to `file`, creating it and its folder (a CI job summary is appended to).
pub fn append(file: &Path, text: &str) -> Result<(), String> {
    create_folder(file)?;
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut opened| opened.write_all(text.as_bytes()))
        .map_err(|error| format!("cannot write {}: {error}", file.display()))
}

fn create_folder(file: &Path) -> Result<(), String> {
    match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => fs::create_dir_all(folder)
            .map_err(|error| format!("cannot create {}: {error}", folder.display())),
        _ => Ok(()),
    }
}

/// `text` as XML character data or an attribute value: the five special characters as entities,
/// and characters that XML 1.0 does not allow at all (the terminal colour codes a panic message
/// or a compiler's message may carry, say) as U+FFFD.
pub fn xml_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(character),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => escaped.push('\u{fffd}'),
            other => escaped.push(other),
        }
    }
    escaped
}

/// `text` on one line, safe inside a Markdown table cell or list item: no `|` to end the cell, no
/// `<` to open HTML.
pub fn markdown_cell(text: &str) -> String {
    lesson_kit::text::one_line(text)
        .replace('|', "\\|")
        .replace('<', "&lt;")
}
