//! Lesson: starting a process costs far more than starting a thread.
//!
//! The notes' table says that processes are more expensive to create and to switch between than
//! threads, without a figure. This lesson measures it: it starts and joins threads that do
//! nothing, then starts and waits for processes that do nothing (copies of this program, playing
//! the role `exit`), and compares the medians.
//!
//! The comparison is tested in `tests/lessons/processes.rs`, with the crate's `foundations-child` program.
//!
//! Run: `cargo run --example spawn_cost` (try `-- --threads 1000 --processes 100`).

use std::path::PathBuf;
use std::time::Duration;

use foundations::roles;
use foundations::spawning::{
    children_cpu_time, median, one_after_another, process_once, thread_once,
};
use foundations::thread_cpu_time;
use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Program};
use lesson_kit::{Chart, Figure, cores, must_finish};

const USAGE: &str = "\
What it costs to start (and wait for) a thread, and a process.

usage: cargo run --example spawn_cost -- [--threads N] [--processes M] [--svg PATH]

  --threads N    how many threads to start, one after another (default 50, from 1 to 100000)
  --processes M  how many processes to start, one after another (default 20, from 1 to 10000)
  --svg PATH     also draw the timeline as an SVG file
  -h, --help     show this text
";

/// Only a stuck thread or child could take this long; the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(300);

fn micros(duration: Duration) -> String {
    format!("{:.0} µs", duration.as_secs_f64() * 1e6)
}

fn main() {
    // A copy of this program started below: play the part, and stop.
    process::play_if_child(roles::ROLES);
    let mut threads: usize = 50;
    let mut processes: usize = 20;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("threads") => threads = cli::number(parser, "--threads", 1..=100_000)?,
            Arg::Long("processes") => processes = cli::number(parser, "--processes", 1..=10_000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });

    println!("Start {threads} threads, then {processes} processes, one after another;");
    println!("each does nothing and is waited for before the next one starts.\n");

    // ANCHOR: measure
    let exit_at_once = Program::this().role(roles::EXIT);
    let (threads_run, processes_run) = must_finish(LIMIT, "starting the workers", move || {
        let threads_run = one_after_another(
            format!("{threads} threads"),
            "thread",
            threads,
            thread_cpu_time,
            thread_once,
        );
        let processes_run = one_after_another(
            format!("{processes} processes"),
            "process",
            processes,
            children_cpu_time,
            || {
                let (took, status) = process_once(&mut exit_at_once.command());
                assert!(status.success(), "a child process failed: {status}");
                took
            },
        );
        (threads_run, processes_run)
    });
    // ANCHOR_END: measure

    let (thread, process) = (median(&threads_run.times), median(&processes_run.times));
    let ratio = process.as_secs_f64() / thread.as_secs_f64();
    println!(
        "thread:  start + join, median of {threads}: {}",
        micros(thread)
    );
    println!(
        "process: start + wait, median of {processes}: {}",
        micros(process)
    );
    Figure::new("cost of starting one worker and waiting for it")
        .notes("processes cost more than threads (a table; no figure)")
        .this_run(format!(
            "thread {}; process {} ({ratio:.0}x a thread)",
            micros(thread),
            micros(process)
        ))
        .ideal(format!(
            "as little as possible; one at a time, so the {} cores do not matter",
            cores()
        ))
        .print();

    println!();
    Chart::new(format!(
        "{threads} threads, then {processes} processes, started one after another"
    ))
    .run(threads_run.run)
    .run(processes_run.run)
    .show("spawn_cost", svg.as_deref());

    // A process must load a whole program and set up its memory; a thread shares all of that.
    // The assertion compares CPU time, which waiting for a busy core cannot inflate: under load,
    // even the fastest thread start once took longer on the clock than the fastest process start.
    let per_thread = threads_run.cpu / threads as u32;
    let per_process = processes_run.cpu / processes as u32;
    println!(
        "CPU time: {} per thread start, {} per process start",
        micros(per_thread),
        micros(per_process)
    );
    assert!(
        per_process > per_thread,
        "expected a process to cost more CPU time to start than a thread, got process {} and \
         thread {}",
        micros(per_process),
        micros(per_thread)
    );
    println!("\nAs expected: a process cost about {ratio:.0} times as much as a thread.");
}
