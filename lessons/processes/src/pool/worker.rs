//! The worker's side of the [`ProcessPool`](super::ProcessPool): read a task line, answer a
//! `result` line, until the parent closes our input. The roles of this chapter's pool lessons.

use std::io::{self, BufRead};

use lesson_kit::process::{self, Args};
use lesson_kit::work::sum_of_squares;

use super::RESULT;

/// A worker that runs the tasks of [`answer`].
pub const POOL_ROLE: &str = "pool-worker";
/// A worker that opens a [`Session`] once, at its start (Python's `Pool(initializer=...)`).
pub const SESSION_ROLE: &str = "session-worker";

// ANCHOR: serve_tasks
/// A worker's whole life: each line on its input is a task; `work` gives the answer, sent back
/// as one `result` line, and the task is reported as a span for the parent's timeline. A closed
/// input means the pool was joined: the worker returns, and exits with code 0.
pub fn serve_tasks(mut work: impl FnMut(&str) -> String) {
    while let Some(task) = next_line() {
        let answer = process::timed(&task, || work(&task));
        process::say(format!("{RESULT}{answer}"));
    }
}
// ANCHOR_END: serve_tasks

/// The next line on our input, without its line break; `None` once the parent closed it. The
/// lock is taken per line, so that a task may read a line of its own ([`hold`]).
fn next_line() -> Option<String> {
    let mut line = String::new();
    match io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim_end_matches(['\n', '\r']).to_owned()),
    }
}

// ANCHOR: answer
/// The tasks a worker knows: `squares <from> <to>` (the sum of `i * i` over the range), `hold
/// <label>` (says `holding <label>`, then waits for one line from the parent), `panic` and `abort`
/// (a worker that dies: exit code 101, or killed by SIGABRT).
pub fn answer(task: &str) -> String {
    let words: Vec<&str> = task.split(' ').collect();
    match words[..] {
        ["squares", from, to] => match (from.parse(), to.parse()) {
            (Ok(from), Ok(to)) => sum_of_squares(from..to).to_string(),
            _ => format!("error: bad range in {task:?}"),
        },
        ["hold", label] => hold(label),
        ["panic"] => panic!("the task asked this worker to panic"),
        ["abort"] => std::process::abort(),
        _ => format!("error: unknown task {task:?}"),
    }
}
// ANCHOR_END: answer

/// Says `holding <label>`, and answers `released <label>` once the parent writes a line.
fn hold(label: &str) -> String {
    process::say(format!("holding {label}"));
    match next_line() {
        Some(_) => format!("released {label}"),
        None => format!("abandoned {label}"),
    }
}

/// The role [`POOL_ROLE`]: no flags.
pub fn pool_role(_: &Args) -> Result<(), String> {
    serve_tasks(answer);
    Ok(())
}

// ANCHOR: session
/// What a worker sets up once and keeps for every task it runs: here, its process id and how
/// many tasks it answered (a real one would hold an HTTP client or a database connection).
pub struct Session {
    pid: u32,
    answered: usize,
}

impl Session {
    /// Opens the session, and says `init <pid>` so the parent can count the openings.
    pub fn open() -> Session {
        let pid = std::process::id();
        process::timed("init", || process::say(format!("init {pid}")));
        Session { pid, answered: 0 }
    }

    /// `<pid> <answer> <how many tasks this session answered, this one included>`.
    pub fn answer(&mut self, task: &str) -> String {
        self.answered += 1;
        format!("{} {} {}", self.pid, answer(task), self.answered)
    }
}

/// The role [`SESSION_ROLE`]: the initializer runs once, before the first task.
pub fn session_role(_: &Args) -> Result<(), String> {
    let mut session = Session::open();
    serve_tasks(|task| session.answer(task));
    Ok(())
}
// ANCHOR_END: session

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_answers_sums_and_names_what_it_cannot_do() {
        assert_eq!(answer("squares 0 4"), "14");
        assert_eq!(answer("squares 3 3"), "0");
        assert_eq!(answer("squares x 3"), "error: bad range in \"squares x 3\"");
        assert_eq!(answer("juggle"), "error: unknown task \"juggle\"");
    }
}
