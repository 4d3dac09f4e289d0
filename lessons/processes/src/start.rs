//! The worker of the lesson `start_worker`, and a wait with a deadline for a plain
//! `std::process::Child`.

use std::process::ExitStatus;
use std::time::{Duration, Instant};

use lesson_kit::process::{self, Args};

/// The role of a worker that greets `--name` and exits with `--exit-code` (default 0).
pub const GREET_ROLE: &str = "greet";

// ANCHOR: greet
/// The role [`GREET_ROLE`]: the notes' `print_func`, as a part this program can be started to
/// play. Says hello, then who it is and who started it, and exits with the code it was given:
/// the one number a process hands back without any pipe.
pub fn greet(args: &Args) -> Result<(), String> {
    let name: String = args.get("--name")?;
    let code: i32 = args.get_or("--exit-code", 0)?;
    process::say(hello(&name));
    process::say(identity(
        std::process::id(),
        std::os::unix::process::parent_id(),
    ));
    std::process::exit(code)
}
// ANCHOR_END: greet

/// The worker's first line.
pub fn hello(name: &str) -> String {
    format!("hello, {name}")
}

/// The worker's second line: its process id and its parent's.
pub fn identity(pid: u32, parent: u32) -> String {
    format!("I am process {pid}, started by process {parent}")
}

/// Waits for `child` to exit, at most `limit`: then kills and reaps it, and panics. std's
/// `wait` has no deadline; `try_wait` asks without blocking, so a short nap between asks
/// gives one.
pub fn wait_at_most(child: &mut std::process::Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("could not wait for the child") {
            return status;
        }
        if Instant::now() >= deadline {
            // Nothing may be left running: kill it, and reap it so that no zombie stays behind.
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the child (pid {}) was still running after {limit:?}",
                child.id()
            );
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn a_child_that_outlives_the_deadline_is_killed_and_reaped() {
        let mut child = Command::new("sleep").arg("30").spawn().unwrap();
        let waited = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            wait_at_most(&mut child, Duration::from_millis(50))
        }));
        assert!(waited.is_err(), "expected a panic at the deadline");
        // Reaped already: nothing to wait for any more, and it was killed, not finished.
        let status = child.try_wait().unwrap().expect("the child was reaped");
        assert_eq!(
            lesson_kit::process::describe(status),
            "killed by signal 9 (SIGKILL)"
        );
    }
}
