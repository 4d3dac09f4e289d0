//! The two jobs of the notes' comparison, shared by the lessons, the child processes and the tests.

use std::hint::black_box;
use std::thread;
use std::time::Duration;

/// The notes' `only_sleep`: do nothing until a timer expires. Needs no core while it waits.
pub fn only_sleep(unit: Duration) {
    thread::sleep(unit);
}

/// The notes' `crunch_numbers`: count from 0 to `count` one step at a time, and return where it
/// stopped. `black_box` hides the loop from the optimizer, which would otherwise replace it with
/// its result (or delete it, since the notes never use the result).
pub fn crunch_numbers(count: u64) -> u64 {
    let mut x: u64 = 0;
    while x < black_box(count) {
        x = black_box(x + 1);
    }
    x
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
