//! Lesson: the same small messages from one process to another through a pipe, a Unix socket,
//! TCP over loopback and a ring in shared memory; every message checked on arrival, each way
//! timed.
//!
//! The lecture lists the ways processes talk (files, shared memory, message passing, pipes,
//! sockets, signals) side by side, and says nothing of what each costs. Here the parent sends
//! 64-byte messages, each carrying its index, to one child per way; the child checks every one
//! (the index it expects next, the content) and reports the count and a checksum, which the
//! parent compares with its own. The streams are written with one `write` system call per
//! message, the honest time *per message*, and again through an 8 KiB `BufWriter` (128 messages
//! per call, read back through a `BufReader`), which shows what batching saves. The ring makes no
//! system call at all: both processes map its memory and pass slots with two atomic counters.
//! The ideal is the floor under every way: sender and receiver work at the same time, so no way
//! beats the busier side's own work, the receiver's (copy each message out, check it, add it to
//! the checksum), timed alone in one process with no IPC. Times are printed, never asserted:
//! they move with the machine's load.
//!
//! Run: `cargo run --example ipc_compare` (try `-- --messages 100000`, or
//! `-- --svg ipc_compare.svg`).

use std::path::PathBuf;

use ipc::child::ROLES;
use ipc::compare::{Checksum, MESSAGE, Outcome, RUNS, STREAMS, Transport, Writes};
use ipc::compare::{chart, in_one_process, micros_of, micros_per, run, table};
use ipc::scratch::{Scratch, left_behind};
use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Program};

const USAGE: &str = "\
The same small messages through a pipe, a Unix socket, TCP and shared memory: checked, timed.

usage: cargo run --example ipc_compare -- [--messages N] [--svg PATH]

  --messages N  64-byte messages sent each way (default 10000, from 1 to 1000000)
  --svg PATH    also draw the time per message of each way as an SVG chart
  -h, --help    show this text
";

fn main() {
    process::play_if_child(&ROLES);
    let mut messages: u64 = 10_000;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("messages") => messages = cli::number(parser, "--messages", 1..=1_000_000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    println!("{messages} messages of {MESSAGE} bytes from this process to a child, each way.");
    if cfg!(debug_assertions) {
        println!("(A debug build: building and checking each message costs as much as some ways");
        println!("do; `cargo run --release --example ipc_compare` shows the ways' own costs.)");
    }
    println!();
    let scratch = Scratch::new("compare");
    let outcomes = send_every_way(&Program::this(), messages, &scratch);
    let (alone, alone_sum) = in_one_process(messages);
    let floor = micros_per(alone, messages);

    print!("{}", table(&outcomes, floor));
    chart(&outcomes, floor, messages).show("ipc_compare", svg.as_deref());
    println!();

    let micros = |transport, writes| format!("{:.3}", micros_of(&outcomes, transport, writes));
    let streams = |writes| {
        STREAMS
            .map(|transport| micros(transport, writes))
            .join(" / ")
    };
    let ring = micros(Transport::SharedMemory, Writes::EachMessage);
    let ideal = format!("{floor:.3} (the receiver's own work, timed alone: no IPC)");
    Figure::new("µs per message, one write each: pipe / Unix socket / TCP / shared memory")
        .notes("not measured: the lecture lists the ways with no figures")
        .this_run(format!("{} / {ring}", streams(Writes::EachMessage)))
        .ideal(&ideal)
        .print();
    Figure::new("µs per message through 8 KiB buffers: pipe / Unix socket / TCP")
        .notes("not measured")
        .this_run(streams(Writes::Batched))
        .ideal(&ideal)
        .print();

    // ANCHOR: asserts
    let expected = Checksum::of_messages(messages);
    assert_eq!(alone_sum, expected, "expected the one-process checksum");
    for outcome in &outcomes {
        let (way, count) = (outcome.transport, outcome.count);
        assert_eq!(count, messages, "expected the {way} child to check all");
        let sum = outcome.checksum;
        assert_eq!(sum, expected, "expected the {way} child's checksum");
    }
    let folder = scratch.path().to_path_buf();
    scratch
        .remove()
        .expect("could not remove the scratch folder");
    let pids: Vec<u32> = outcomes.iter().map(|outcome| outcome.pid).collect();
    let left = left_behind(&[&folder], &pids);
    assert!(left.is_empty(), "expected nothing left behind: {left:?}");
    // ANCHOR_END: asserts
    println!("\nAs expected: every way delivered all {messages} messages whole and in order (each");
    println!("checked by the child, the checksums equal); no child, socket or ring file is left.");
}

// ANCHOR: runs
/// Sends `messages` messages every way of [`RUNS`], one child each, one after another (so that
/// no run takes a core from another), and returns what each child reported and how long it took.
fn send_every_way(program: &Program, messages: u64, scratch: &Scratch) -> Vec<Outcome> {
    RUNS.iter()
        .map(|&(transport, writes)| {
            run(program, transport, writes, messages, scratch)
                .unwrap_or_else(|error| panic!("the {transport} run ({writes:?}) failed: {error}"))
        })
        .collect()
}
// ANCHOR_END: runs

#[cfg(test)]
mod tests {
    use super::*;
    use ipc::compare::{message, receiver_on_pipe};
    use std::io::Write;

    const CHILD: &str = env!("CARGO_BIN_EXE_ipc-child");

    #[test]
    fn every_way_delivers_every_message_intact_and_in_order_and_leaves_nothing_behind() {
        let scratch = Scratch::new("compare-test");
        let outcomes = send_every_way(&Program::at(CHILD), 500, &scratch);
        assert_eq!(outcomes.len(), RUNS.len());
        for (outcome, &(transport, writes)) in outcomes.iter().zip(&RUNS) {
            assert_eq!((outcome.transport, outcome.writes), (transport, writes));
            assert_eq!(outcome.count, 500, "{transport}");
            assert_eq!(outcome.checksum, Checksum::of_messages(500), "{transport}");
        }
        let folder = scratch.path().to_path_buf();
        scratch.remove().unwrap();
        let pids: Vec<u32> = outcomes.iter().map(|outcome| outcome.pid).collect();
        assert!(left_behind(&[&folder], &pids).is_empty());
    }

    /// Sends `indices`' messages to a child expecting `expected` messages; returns its stderr.
    fn child_fails_on(indices: &[u64], expected: u64) -> String {
        let (reader, mut writer) = std::io::pipe().unwrap();
        let child = receiver_on_pipe(&Program::at(CHILD), expected, reader).unwrap();
        for &index in indices {
            writer.write_all(&message(index)).unwrap();
        }
        drop(writer);
        let finished = child.finish().unwrap();
        assert_eq!(
            finished.status.code(),
            Some(101),
            "a panic: {}",
            finished.ending()
        );
        assert!(left_behind(&[], &[finished.pid]).is_empty());
        finished.stderr
    }

    #[test]
    fn a_lost_a_doubled_or_an_extra_message_fails_the_child_with_its_index() {
        let lost = child_fails_on(&[0, 1, 3], 3);
        assert!(
            lost.contains("message 2 arrived carrying index 3"),
            "{lost}"
        );
        let doubled = child_fails_on(&[0, 1, 1], 3);
        assert!(
            doubled.contains("message 2 arrived carrying index 1"),
            "{doubled}"
        );
        let extra = child_fails_on(&[0, 1, 2, 3], 3);
        assert!(extra.contains("more than 3 messages came"), "{extra}");
        let short = child_fails_on(&[0, 1], 3);
        assert!(short.contains("message 2 of 3 did not come"), "{short}");
    }
}
