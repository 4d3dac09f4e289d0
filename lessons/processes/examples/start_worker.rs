//! Lesson: the notes' first `multiprocessing.Process`: start a worker, let it print, join it.
//! Rust starts a *program*, not a function: the worker is this very program, told by its
//! arguments which part to play.
//!
//! The notes hand `Process` a function and its arguments, `start()` it and `join()` it. Python
//! can do that because the child is a copy of the same interpreter: with `fork` it inherits the
//! function object in memory, with `spawn` a fresh interpreter imports the module and looks the
//! function up by name. A Rust program has no interpreter to copy or to ask for a function.
//! It could call `fork()` through libc, but a forked child of a program with threads (the kit
//! reads each child's output on threads; the test harness runs tests on threads) gets only the
//! calling thread, and a lock that another thread held at that moment, in the allocator or on
//! stdout, stays locked in the child forever: until it starts a new program, the child may only
//! call a short list of async-signal-safe functions. So Rust starts a program, passes it text
//! (arguments, the environment), and the program decides what to run: a *role*. (Python's
//! `spawn` does the same, with the function's name as the text.)
//!
//! Run: `cargo run --example start_worker` (try `-- --name Grace`).

use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Finished, Program, ROLE_VARIABLE};
use processes::child::ROLES;
use processes::start::{GREET_ROLE, hello, identity, wait_at_most};

const USAGE: &str = "\
The notes' first worker process: started, printing, joined; twice.

usage: cargo run --example start_worker -- [--name NAME]

  --name NAME  whom the worker greets (default Ada)
  -h, --help   show this text
";

/// A worker that prints two lines takes milliseconds; one that takes this long is stuck.
const LIMIT: Duration = Duration::from_secs(30);

/// The exit code the second worker is asked to end with, to show that it comes back.
const CODE: i32 = 3;

fn main() {
    process::play_if_child(ROLES);
    let mut name = String::from("Ada");
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("name") => name = cli::value(parser, "--name")?,
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let me = std::process::id();
    println!("This is process {me}.\n");

    println!("1. With the workbook's process kit (deadline, clean-up, output read for us):");
    let worker = with_kit(&Program::this(), &name);
    for line in &worker.lines {
        println!("   worker said: {line}");
    }
    println!("   worker ended with {}\n", worker.ending());

    println!("2. With std::process::Command alone:");
    let (status, pid, output) = bare(Program::this().path(), &name);
    for line in output.lines() {
        println!("   worker said: {line}");
    }
    println!("   worker {pid} ended with {}\n", process::describe(status));

    Figure::new("a worker's life, from its start to its join")
        .notes("not measured")
        .this_run(format!("{:.1} ms", worker.lived.as_secs_f64() * 1000.0))
        .ideal("a few ms: a new program is loaded and started (see process_costs)")
        .print();

    // ANCHOR: asserts
    let expected = [hello(&name), identity(worker.pid, me)];
    assert_eq!(
        worker.lines, expected,
        "expected the first worker to greet and say who it is"
    );
    assert!(
        worker.success(),
        "expected exit code 0, got {}",
        worker.ending()
    );
    let expected = format!("{}\n{}\n", hello(&name), identity(pid, me));
    assert_eq!(output, expected, "expected the second worker's two lines");
    assert_eq!(
        status.code(),
        Some(CODE),
        "expected exit code {CODE}, got {status}"
    );
    assert_ne!(pid, me, "expected the worker to be another process");
    // ANCHOR_END: asserts
    println!("\nAs expected: two workers, each a new process started by {me}, greeted {name};");
    println!("their output came back through a pipe, and their exit codes through `wait`.");
}

// ANCHOR: with_kit
/// The notes' `Process(...)`, `start()`, `join()`: a copy of `program` playing the greeter.
/// The kit reads its output as it comes, and kills and reaps it if it is not done in time.
fn with_kit(program: &Program, name: &str) -> Finished {
    let worker = program.role(GREET_ROLE).arg("--name", name).named("worker");
    worker
        .run(LIMIT)
        .unwrap_or_else(|error| panic!("the worker failed: {error}"))
}
// ANCHOR_END: with_kit

// ANCHOR: bare
/// The same with std alone: start `program` as the greeter, asking for exit code [`CODE`],
/// wait for it (at most [`LIMIT`]) and read what it printed. Returns its exit status, process
/// id and output.
fn bare(program: &Path, name: &str) -> (ExitStatus, u32, String) {
    let mut child = Command::new(program)
        .env(ROLE_VARIABLE, GREET_ROLE) // which part to play
        .arg(format!("--name={name}"))
        .arg(format!("--exit-code={CODE}"))
        .stdout(Stdio::piped()) // its stdout becomes a pipe to us; stderr stays the terminal's
        .spawn()
        .expect("could not start the worker");
    let pid = child.id();
    // The worker's few lines fit in the pipe's buffer (64 KiB on Linux), so it can exit before
    // we read them. A worker that prints more would block until we read: then read first.
    let status = wait_at_most(&mut child, LIMIT);
    let mut output = String::new();
    let mut stdout = child.stdout.take().expect("stdout is piped");
    stdout
        .read_to_string(&mut output)
        .expect("could not read the worker's output");
    (status, pid, output)
}
// ANCHOR_END: bare

#[cfg(test)]
mod tests {
    use super::*;

    const CHILD: &str = env!("CARGO_BIN_EXE_processes-child");

    #[test]
    fn the_worker_is_another_process_that_greets_and_exits_as_told() {
        let me = std::process::id();
        let worker = with_kit(&Program::at(CHILD), "Grace");
        assert_eq!(worker.lines, [hello("Grace"), identity(worker.pid, me)]);
        assert!(worker.success(), "{}", worker.ending());
        let (status, pid, output) = bare(Path::new(CHILD), "Linus");
        assert_eq!(
            output,
            format!("{}\n{}\n", hello("Linus"), identity(pid, me))
        );
        assert_eq!(status.code(), Some(CODE));
        assert!(pid != me && worker.pid != me && pid != worker.pid);
    }

    #[test]
    fn a_worker_without_its_argument_refuses_with_code_2() {
        let worker = Program::at(CHILD).role(GREET_ROLE).run(LIMIT).unwrap();
        assert_eq!(worker.status.code(), Some(2));
        assert!(
            worker.stderr.contains("missing --name"),
            "{}",
            worker.stderr
        );
    }
}
