//! The notes' `only_sleep`, and the line each job prints, shared by the lessons, the child
//! processes and the tests. (The other job, `crunch_numbers`, is `lesson_kit::work::crunch_numbers`.)

use std::thread;
use std::time::Duration;

/// The notes' `only_sleep`: do nothing until a timer expires. Needs no core while it waits.
pub fn only_sleep(unit: Duration) {
    thread::sleep(unit);
}

/// The line each job prints first, like the notes' `PID: .., Process Name: .., Thread Name: ..`.
pub fn who_line(process: &str) -> String {
    let current = thread::current();
    format!(
        "pid: {}, process: {process}, thread: {}",
        std::process::id(),
        current.name().unwrap_or("(unnamed)")
    )
}
