//! Lesson: what a worker process costs, next to a worker thread. Starting one, and sending it a
//! small task and getting the result back.
//!
//! A process is a new program: the system creates the process, maps the program's file, the
//! program's runtime sets itself up, and only then can it say it is ready. A thread shares the
//! running program, so it only needs a stack. A task for a process travels as bytes through a
//! pipe (a system call to write, one to read, and the worker must be woken); a task for a thread
//! is a value moved through a channel in the memory both share. The notes do not measure these
//! costs, but they decide when processes pay off: for work that lasts much longer than they do.
//!
//! Run: `cargo run --example process_costs` (try `-- --trips 2000`, or `-- --svg costs.svg`).

use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Finished, Program};
use lesson_kit::{Chart, Timeline};
use processes::child::ROLES;
use processes::costs::{LIMIT, SQUARER_ROLE, print_medians, task};
use processes::costs::{start_process, start_thread};

const USAGE: &str = "\
What a worker process costs next to a thread: its start, and a round trip of a small task.

usage: cargo run --example process_costs -- [--starts N] [--trips N] [--svg PATH]

  --starts N  workers started, one after another, of each kind (default 10, from 1 to 200)
  --trips N   round trips of a task to each kind of worker (default 200, from 1 to 100000)
  --svg PATH  also draw the timeline as an SVG file
  -h, --help  show this text
";

fn main() {
    process::play_if_child(ROLES);
    let (mut starts, mut trips): (usize, u64) = (10, 200);
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("starts") => starts = cli::number(parser, "--starts", 1..=200)?,
            Arg::Long("trips") => trips = cli::number(parser, "--trips", 1..=100_000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let program = Program::this();
    println!("{starts} starts and {trips} round trips of each kind of worker.\n");

    // ANCHOR: measure
    // Each timeline starts its clock when it is made: just before what it times.
    let process_starts = Timeline::new();
    let by_process: Vec<_> = (0..starts)
        .map(|_| start_process(&program, &process_starts))
        .collect();
    let thread_starts = Timeline::new();
    let by_thread: Vec<_> = (0..starts).map(|_| start_thread(&thread_starts)).collect();
    let pipe = Timeline::new();
    let (pipe_times, pipe_answers) = over_a_pipe(&program, trips, &pipe);
    let channel = Timeline::new();
    let (channel_times, channel_answers) = over_a_channel(trips, &channel);
    // ANCHOR_END: measure

    Chart::new("starts, then round trips, one after another")
        .run(process_starts.finish(format!("{starts} process starts")))
        .run(thread_starts.finish(format!("{starts} thread starts")))
        .run(pipe.finish(format!("{trips} trips over a pipe")))
        .run(channel.finish(format!("{trips} trips over a channel")))
        .show("process_costs", svg.as_deref());

    let what = format!("starting a worker, median of {starts}: process / thread");
    let ideal = "start workers once and give them many tasks, as a pool does";
    print_medians(&what, &by_process, &by_thread, ideal);
    let what = format!("a small task there and back, median of {trips}: pipe / channel");
    let ideal = "tasks that run much longer than a trip, or many numbers per trip";
    print_medians(&what, &pipe_times, &channel_times, ideal);

    // ANCHOR: asserts
    // Costs are printed, not compared: a busy machine can slow any one of them. What must hold:
    // every answer came back right, and every measured cost is a real, positive time.
    let expected: Vec<u64> = (0..trips).map(task).collect();
    assert_eq!(
        pipe_answers, expected,
        "expected the process to answer every task right"
    );
    assert_eq!(
        channel_answers, expected,
        "expected the thread to answer every task right"
    );
    for (what, samples) in [
        ("process starts", &by_process),
        ("thread starts", &by_thread),
        ("trips over a pipe", &pipe_times),
        ("trips over a channel", &channel_times),
    ] {
        let shortest = samples.iter().min().copied().unwrap_or_default();
        assert!(
            shortest > Duration::ZERO,
            "expected {what} to take some time, got {shortest:?}"
        );
    }
    // ANCHOR_END: asserts
    println!(
        "\nAs expected: all {} answers right, and every start and trip took real time.",
        2 * trips
    );
}

// ANCHOR: trips
/// Sends `trips` tasks, one at a time, to a worker process through a pipe, and reads each
/// answer: the time of each round trip, and the answers. (The kit reads the worker's output on
/// a thread of its own, which hands each line over: one more wake-up in each trip.)
fn over_a_pipe(program: &Program, trips: u64, timeline: &Timeline) -> (Vec<Duration>, Vec<u64>) {
    let worker = program.role(SQUARER_ROLE).named("process").start(LIMIT);
    let mut worker = worker.unwrap_or_else(|error| panic!("{error}"));
    worker.ready_go().unwrap_or_else(|error| panic!("{error}"));
    let (mut times, mut answers) = (Vec::new(), Vec::new());
    for n in 0..trips {
        let _trip = timeline.begin("process", "trip");
        let sent = Instant::now();
        worker
            .send_line(&n.to_string())
            .unwrap_or_else(|error| panic!("{error}"));
        let answer = worker.wait_for("an answer", |_| true);
        let answer = answer.unwrap_or_else(|error| panic!("{error}"));
        times.push(sent.elapsed());
        answers.push(answer.parse().expect("a number"));
    }
    worker
        .finish()
        .and_then(Finished::ok)
        .unwrap_or_else(|error| panic!("{error}"));
    (times, answers)
}

/// The same with a worker thread and two channels: tasks one way, answers the other.
fn over_a_channel(trips: u64, timeline: &Timeline) -> (Vec<Duration>, Vec<u64>) {
    thread::scope(|scope| {
        // Made inside the scope: if anything here panics, dropping `tasks` ends the worker,
        // and the scope's wait for it ends too.
        let (tasks, inbox) = mpsc::channel::<u64>();
        let (outbox, results) = mpsc::channel::<u64>();
        scope.spawn(move || inbox.iter().try_for_each(|n| outbox.send(task(n))));
        let (mut times, mut answers) = (Vec::new(), Vec::new());
        for n in 0..trips {
            let _trip = timeline.begin("thread", "trip");
            let sent = Instant::now();
            tasks.send(n).expect("the worker thread is there");
            answers.push(results.recv_timeout(LIMIT).expect("an answer in time"));
            times.push(sent.elapsed());
        }
        (times, answers)
    })
}
// ANCHOR_END: trips

#[cfg(test)]
mod tests {
    use super::*;

    const CHILD: &str = env!("CARGO_BIN_EXE_processes-child");

    #[test]
    fn every_task_comes_back_right_from_a_process_and_from_a_thread() {
        let expected: Vec<u64> = (0..50).map(task).collect();
        let (times, answers) = over_a_pipe(&Program::at(CHILD), 50, &Timeline::new());
        assert_eq!((times.len(), answers), (50, expected.clone()));
        let (times, answers) = over_a_channel(50, &Timeline::new());
        assert_eq!((times.len(), answers), (50, expected));
        assert!(times.iter().all(|time| *time > Duration::ZERO));
    }

    #[test]
    fn a_process_and_a_thread_each_take_time_to_start() {
        let timeline = Timeline::new();
        assert!(start_process(&Program::at(CHILD), &timeline) > Duration::ZERO);
        assert!(start_thread(&timeline) > Duration::ZERO);
        let run = timeline.finish("starts");
        assert_eq!(run.lanes(), ["processes", "threads"]);
    }
}
