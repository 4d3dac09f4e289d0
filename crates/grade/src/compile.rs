//! Building the grader with the student's files, as `cargo build --message-format=json` reports
//! it: the grader's executable, or the compiler's messages about the student's files alone.
//!
//! One mistake in a starter makes the compiler complain about the checks too (a type the starter
//! no longer offers, say); those messages follow from the student's and would only bury them.

use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use serde_json::Value;

/// What the build said, sorted.
#[derive(Debug, Default, PartialEq)]
pub struct Messages {
    /// The executable of the bin target named after the package built.
    pub executable: Option<PathBuf>,
    /// Whether the build succeeded, once cargo said so.
    pub succeeded: Option<bool>,
    /// Each error whose place is one of the student's files: the file, and the compiler's
    /// message as it would print it.
    pub yours: Vec<(String, String)>,
    /// Every other error, as the compiler would print it.
    pub others: Vec<String>,
}

/// Why there is no grader to run.
#[derive(Debug, PartialEq)]
pub enum Failure {
    /// The student's `files` do not compile: the compiler's `messages` about them.
    Yours {
        files: Vec<String>,
        messages: String,
    },
    /// Anything else: the compiler's or cargo's own words.
    Other(String),
}

/// Builds the package `package` (whose bin target has the same name) of the workspace at `root`
/// and returns its executable. `starters` are the student's files, from `root`.
pub fn build(root: &Path, package: &str, starters: &[&str]) -> Result<PathBuf, Failure> {
    let format = if std::io::stderr().is_terminal() {
        "json-diagnostic-rendered-ansi"
    } else {
        "json"
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(cargo)
        .current_dir(root)
        .args([
            "build",
            "--quiet",
            "-p",
            package,
            "--message-format",
            format,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| Failure::Other(format!("cannot start cargo: {error}")))?;
    let mut stderr = child.stderr.take().expect("piped");
    let cargo_said = thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let finished = slow_build_note();
    let messages = sort(
        BufReader::new(child.stdout.take().expect("piped")),
        package,
        starters,
    );
    let status = child.wait();
    let _ = finished.send(());
    let cargo_said = cargo_said.join().unwrap_or_default();
    match (messages, status) {
        (
            Messages {
                executable: Some(executable),
                succeeded: Some(true),
                ..
            },
            Ok(status),
        ) if status.success() => Ok(executable),
        (messages, _) if !messages.yours.is_empty() => {
            let mut files: Vec<String> = Vec::new();
            for (file, _) in &messages.yours {
                if !files.contains(file) {
                    files.push(file.clone());
                }
            }
            let messages = messages
                .yours
                .into_iter()
                .map(|(_, rendered)| rendered)
                .collect();
            Err(Failure::Yours { files, messages })
        }
        (messages, _) => Err(Failure::Other(messages.others.concat() + &cargo_said)),
    }
}

/// After a moment without an answer, says that the build may take a while; send on the channel
/// once it is done.
fn slow_build_note() -> mpsc::Sender<()> {
    let (finished, done) = mpsc::channel::<()>();
    thread::spawn(move || {
        if done.recv_timeout(Duration::from_secs(2)) == Err(mpsc::RecvTimeoutError::Timeout) {
            eprintln!(
                "Compiling the grader with your files (the first time takes a minute or two)..."
            );
        }
    });
    finished
}

/// Sorts cargo's JSON messages (one per line): the executable of `package`'s bin target, whether
/// the build succeeded, and the errors, those placed in one of `starters` apart.
pub fn sort(lines: impl BufRead, package: &str, starters: &[&str]) -> Messages {
    let mut messages = Messages::default();
    for line in lines.lines().map_while(Result::ok) {
        let Ok(message) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") if message["target"]["name"] == package => {
                if let Some(executable) = message["executable"].as_str() {
                    messages.executable = Some(PathBuf::from(executable));
                }
            }
            Some("build-finished") => messages.succeeded = message["success"].as_bool(),
            Some("compiler-message") => {
                let diagnostic = &message["message"];
                let spans = diagnostic["spans"].as_array().map(Vec::as_slice);
                // "aborting due to N previous errors" has no place: it only counts the others.
                if diagnostic["level"] != "error" || spans.is_none_or(<[Value]>::is_empty) {
                    continue;
                }
                let rendered = diagnostic["rendered"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                let primary = spans
                    .into_iter()
                    .flatten()
                    .find(|span| span["is_primary"] == true)
                    .and_then(|span| span["file_name"].as_str())
                    .map(normalize);
                match primary.filter(|file| starters.contains(&file.as_str())) {
                    Some(file) => messages.yours.push((file, rendered)),
                    None => messages.others.push(rendered),
                }
            }
            _ => {}
        }
    }
    messages
}

/// A path as the compiler names it (`lessons/x/exercises/src/../demo.rs`), with `/`, and without
/// `.` and `..`.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}
