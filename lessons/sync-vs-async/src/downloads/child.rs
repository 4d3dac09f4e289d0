//! The child process of the notes' `multiprocessing.Pool` run: it downloads its share of the
//! pages, one after another, with a blocking client of its own (the notes' `initializer` gives each
//! process its own session), and reports each page to the parent on its standard output.
//!
//! Arguments: `--server <http://host:port> --first <n> --count <n> --timeout-ms <ms>`.
//! It says it is ready and waits for the parent's go (`lesson_kit::process::ready_for_go`), then
//! reports each page as a span (`page <n>`, with its start and end) and says `page <n> <outcome>`.
//! An outcome is `ok <body>`, `status <code>`, `timeout` or `other <message>`, with `\`, line
//! feeds and carriage returns escaped, so that every report is one line.

use std::time::Duration;

use lesson_kit::process::{self, Args};

use super::{FetchError, blocking_client, fetch_blocking};

/// The role `download`: fetches pages `--first .. --first + --count` of `--server`.
pub fn download(args: &Args) -> Result<(), String> {
    let server: String = args.get("--server")?;
    let first: usize = args.get("--first")?;
    let count: usize = args.get("--count")?;
    let client = blocking_client(Duration::from_millis(args.get("--timeout-ms")?));
    if !process::ready_for_go() {
        // The parent is gone before saying go: nobody wants the pages.
        return Ok(());
    }
    for n in first..first + count {
        let page = process::timed(format!("page {n}"), || {
            fetch_blocking(&client, &format!("{server}/page/{n}"))
        });
        let outcome = match page {
            Ok(body) => format!("ok {}", escape(&body)),
            Err(FetchError::Status(status)) => format!("status {status}"),
            Err(FetchError::Timeout) => "timeout".to_owned(),
            Err(FetchError::Other(message)) => format!("other {}", escape(&message)),
        };
        process::say(format!("page {n} {outcome}"));
    }
    Ok(())
}

/// `text` on one line: `\` as `\\`, a line feed as `\n`, a carriage return as `\r`.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The text that [`escape`] gave `line`.
pub fn unescape(line: &str) -> String {
    let mut text = String::with_capacity(line.len());
    let mut characters = line.chars();
    while let Some(character) = characters.next() {
        if character != '\\' {
            text.push(character);
            continue;
        }
        match characters.next() {
            Some('n') => text.push('\n'),
            Some('r') => text.push('\r'),
            Some(other) => text.push(other),
            None => text.push('\\'),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_is_one_line_and_comes_back_unchanged() {
        for text in [
            "",
            "a\nb",
            "back\\slash\\n not a newline",
            "\r\n\\",
            &local_server::page_body(7),
        ] {
            let line = escape(text);
            assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
            assert_eq!(unescape(&line), text);
        }
    }
}
