//! `cargo grade --watch`: grades an exercise each time its file is saved.
//!
//! The files are polled (their text read a few times a second and compared) rather than watched
//! through the operating system's notifications: a handful of small files costs nothing to read,
//! and polling sees every way an editor saves, including writing a new file and renaming it over
//! the old one, on every system, with no dependency.

use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// An exercise's file, watched.
#[derive(Debug, Clone)]
pub struct Watched {
    pub id: String,
    /// The file, for reading.
    pub path: PathBuf,
    /// The file, for messages.
    pub shown: String,
}

/// What the loop does when something happens.
pub trait Student {
    /// Grades exercise `id` and prints its checks; says whether it earned full points.
    fn grade(&mut self, id: &str) -> bool;
    /// Prints the hint of exercise `id`.
    fn hint(&mut self, id: &str);
}

pub const HELP: &str = "Save an exercise's file and it is graded. Type h and Enter for the hint \
                        of the last exercise graded, Enter to grade it again, q and Enter to quit.";

/// Watches `files` until `q` is typed (each line the student types arrives on `typed`), grading
/// `first` at once if given. Polls every `poll`.
pub fn watch(
    files: &[Watched],
    typed: &Receiver<String>,
    poll: Duration,
    first: Option<&str>,
    student: &mut dyn Student,
    out: &mut dyn Write,
) {
    let mut seen: Vec<Option<String>> = files.iter().map(read).collect();
    let _ = writeln!(out, "Watching {} exercise files. {HELP}", files.len());
    let mut last: Option<String> = None;
    if let Some(id) = first {
        last = Some(grade(id, student, out));
    }
    let mut typing = true;
    loop {
        if typing {
            match typed.recv_timeout(poll) {
                Ok(line) => match (line.trim(), last.clone()) {
                    ("q", _) => return,
                    ("h", Some(id)) => student.hint(&id),
                    ("", Some(id)) => last = Some(grade(&id, student, out)),
                    ("h" | "", None) => {
                        let _ = writeln!(out, "Nothing graded yet: save an exercise's file.");
                    }
                    _ => {
                        let _ = writeln!(out, "{HELP}");
                    }
                },
                Err(RecvTimeoutError::Timeout) => {}
                // Nothing more can be typed (standard input was closed): watch on, until
                // interrupted.
                Err(RecvTimeoutError::Disconnected) => typing = false,
            }
        } else {
            thread::sleep(poll);
        }
        for (index, file) in files.iter().enumerate() {
            if read(file) != seen[index] {
                seen[index] = settled(file, poll);
                let _ = writeln!(out, "\n-- {} changed: grading {} --", file.shown, file.id);
                last = Some(grade(&file.id, student, out));
            }
        }
    }
}

/// Grades `id`, says what to do next, and returns `id`: the exercise graded last.
fn grade(id: &str, student: &mut dyn Student, out: &mut dyn Write) -> String {
    let complete = student.grade(id);
    let _ = if complete {
        writeln!(
            out,
            "{id} has full points. Save another exercise to grade it."
        )
    } else {
        writeln!(
            out,
            "{id} does not have full points yet: save it again to regrade; h and Enter shows its \
             hint."
        )
    };
    let _ = out.flush();
    id.to_owned()
}

fn read(file: &Watched) -> Option<String> {
    std::fs::read_to_string(&file.path).ok()
}

/// The file's text once two reads `poll` apart agree: an editor may save in several writes.
fn settled(file: &Watched, poll: Duration) -> Option<String> {
    let mut text = read(file);
    for _ in 0..10 {
        thread::sleep(poll / 2);
        let again = read(file);
        if again == text {
            break;
        }
        text = again;
    }
    text
}
