//! The child process of the notes' `multiprocessing.Pool` run: it downloads its share of the
//! pages, one after another, with a blocking client of its own (the notes' `initializer` gives each
//! process its own session), and reports each page to the parent on its standard output.
//!
//! Arguments: `--server <http://host:port> --first <n> --count <n> --timeout-ms <ms>`.
//! It says `ready <nanos>`, waits for one line on its standard input, then says
//! `page <n> <start nanos> <end nanos> <outcome>` for each page and `done` at the end.
//! An outcome is `ok <body>`, `status <code>`, `timeout` or `other <message>`, with `\`, line
//! feeds and carriage returns escaped, so that every report is one line.

use std::io::{self, BufRead, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{FetchError, blocking_client, fetch_blocking};

/// Plays the `download` role with the child's arguments.
pub fn run(args: &[String]) {
    let value = |flag: &str| -> &str {
        args.iter()
            .position(|arg| arg == flag)
            .and_then(|at| args.get(at + 1))
            .unwrap_or_else(|| panic!("the download child needs {flag} <value>, got {args:?}"))
    };
    let number = |flag: &str| -> u64 {
        value(flag)
            .parse()
            .unwrap_or_else(|_| panic!("{flag} takes a number, got {args:?}"))
    };
    let server = value("--server");
    let first = number("--first");
    let count = number("--count");
    let client = blocking_client(Duration::from_millis(number("--timeout-ms")));

    let mut out = io::stdout().lock();
    let _ = writeln!(out, "ready {}", nanos(SystemTime::now()));
    let _ = out.flush();
    let mut go = String::new();
    if io::stdin().lock().read_line(&mut go).unwrap_or(0) == 0 {
        // The parent is gone before saying go: nobody wants the pages.
        return;
    }
    for n in first..first + count {
        let start = SystemTime::now();
        let page = fetch_blocking(&client, &format!("{server}/page/{n}"));
        let end = SystemTime::now();
        let outcome = match page {
            Ok(body) => format!("ok {}", escape(&body)),
            Err(FetchError::Status(status)) => format!("status {status}"),
            Err(FetchError::Timeout) => "timeout".to_owned(),
            Err(FetchError::Other(message)) => format!("other {}", escape(&message)),
        };
        let _ = writeln!(out, "page {n} {} {} {outcome}", nanos(start), nanos(end));
    }
    let _ = writeln!(out, "done");
    let _ = out.flush();
}

/// Nanoseconds since the UNIX epoch: the only clock two processes share.
pub fn nanos(moment: SystemTime) -> u128 {
    moment
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos())
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
