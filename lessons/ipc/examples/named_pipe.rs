//! Lesson: a named pipe (FIFO), a pipe with a name in the file system, where two processes that
//! share nothing else can meet. Opening it waits for the other end; it stays after both close.
//!
//! The Russian lecture lists named pipes and calls them "bidirectional (in most
//! implementations)". That is Windows' named pipe. On Linux and every POSIX system a FIFO is one
//! byte stream: whoever reads first takes the bytes, the writer included. Here the parent and
//! its child both write into one FIFO and then read: each reads back its own message. Two-way
//! talk takes two FIFOs, one per direction.
//!
//! Run: `cargo run --example named_pipe`

use std::time::Duration;

use ipc::child::ROLES;
use ipc::fifo::{ANSWER, END, QUESTION, run, transcript};
use ipc::scratch::left_behind;
use lesson_kit::Figure;
use lesson_kit::cli;
use lesson_kit::process::{self, Program};
use nix::errno::Errno;

const USAGE: &str = "\
A FIFO: an open that waits for the other end, an end of stream, a name that stays, one stream.

usage: cargo run --example named_pipe

  -h, --help  show this text
";

/// How long the open for writing is watched, to see that it waits: it would wait forever.
const PATIENCE: Duration = Duration::from_millis(200);

/// Everything else takes milliseconds; a child this slow is stuck, and is killed.
const LIMIT: Duration = Duration::from_secs(30);

fn main() {
    process::play_if_child(&ROLES);
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));
    let run = run(&Program::this(), PATIENCE, LIMIT);
    let (meeting, echo) = (&run.meeting, &run.echo);
    let refused = meeting
        .refused_with()
        .map_or("opened".into(), |e| e.to_string());
    let either = |flag: bool, yes: &'static str, no| if flag { yes } else { no };
    let waiting = either(meeting.still_waiting, "still waiting", "done already");
    let after = either(meeting.fifo_after, "still there, a FIFO", "gone");
    let removed = either(meeting.gone_after_remove, "gone", "still there");
    println!("1. A FIFO, written by us and read by a child that knows only its name");
    println!("   open for writing with O_NONBLOCK, no reader yet: {refused}");
    println!("   open for writing on a thread, no reader yet: {waiting} after {PATIENCE:?}");
    println!("   the child opened it for reading, and our open completed; it said:");
    for line in &meeting.lines {
        println!("      {line}");
    }
    println!("   after both ends closed: {after}; removed by the lesson: {removed}");
    println!("2. One FIFO used both ways: we write {QUESTION:?}, the child {ANSWER:?}");
    let (ours, theirs) = (&echo.parent_read, &echo.child_read);
    println!("   then we read {ours:?}, and the child read {theirs:?}\n");

    Figure::new("opening a FIFO for writing before any reader has")
        .notes("not covered")
        .this_run(format!(
            "{waiting} after {PATIENCE:?} (O_NONBLOCK: {refused})"
        ))
        .ideal("waits until a reader opens (O_NONBLOCK: refused at once, ENXIO)")
        .print();
    Figure::new("the FIFO after both ends closed")
        .notes("not covered")
        .this_run(format!("{after}; removed by the lesson"))
        .ideal("stays in the file system until removed, like a file")
        .print();
    Figure::new("what each side read from one FIFO used both ways")
        .notes("named pipes are bidirectional (in most implementations)")
        .this_run(format!("we read {ours:?}, the child {theirs:?}"))
        .ideal("on Linux one stream: one FIFO per direction (Windows' named pipes are duplex)")
        .print();

    // ANCHOR: asserts
    let errno = meeting.refused_with();
    assert_eq!(errno, Some(Errno::ENXIO), "expected ENXIO, got {refused}");
    assert!(
        meeting.still_waiting,
        "expected the open to wait for a reader"
    );
    let ended_early = meeting.before_close.iter().any(|line| line == END);
    assert!(!ended_early, "expected no end while our end was open");
    let all = transcript();
    assert_eq!(meeting.lines, all, "expected every message, then the end");
    assert!(meeting.fifo_after, "expected the FIFO to outlive its ends");
    assert!(meeting.gone_after_remove, "expected no FIFO once removed");
    assert_eq!(ours, QUESTION, "expected us to read back our question");
    assert_eq!(theirs, ANSWER, "expected the child to read its answer");
    let ended_well = meeting.ended_well && echo.ended_well;
    assert!(ended_well, "expected both children to end well");
    let left = left_behind(&[&run.scratch], &run.pids());
    assert!(left.is_empty(), "expected nothing left, got {left:?}");
    // ANCHOR_END: asserts
    println!("\nAs expected: the open waited for a reader, the reader read to the end when we");
    println!("closed, the FIFO outlived both ends, and one FIFO gave each its own words back.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use ipc::fifo::{MESSAGES, Run, got};

    fn run_with_child() -> Run {
        run(
            &Program::at(env!("CARGO_BIN_EXE_ipc-child")),
            PATIENCE,
            LIMIT,
        )
    }

    #[test]
    fn opening_for_writing_waits_until_a_reader_opens() {
        let run = run_with_child();
        // Still waiting after the patience; completed once the reader started (or `run` panics).
        assert!(run.meeting.still_waiting);
        let errno = run
            .meeting
            .refused
            .as_ref()
            .and_then(|error| error.raw_os_error());
        assert_eq!(
            errno,
            Some(Errno::ENXIO as i32),
            "{:?}",
            run.meeting.refused
        );
        assert_eq!(
            run.meeting.lines.first().map(String::as_str),
            Some("opened")
        );
    }

    #[test]
    fn the_reader_gets_every_message_and_the_end_only_when_the_writer_closes() {
        let run = run_with_child();
        let before: Vec<String> = MESSAGES.iter().map(|message| got(message)).collect();
        assert!(
            run.meeting.before_close.ends_with(&before),
            "{:?}",
            run.meeting.before_close
        );
        assert!(!run.meeting.before_close.iter().any(|line| line == END));
        assert_eq!(run.meeting.lines, transcript());
        assert!(run.meeting.ended_well);
    }

    #[test]
    fn the_fifo_stays_after_both_ends_close_until_removed() {
        let run = run_with_child();
        assert!(run.meeting.fifo_after);
        assert!(run.meeting.gone_after_remove);
    }

    #[test]
    fn one_fifo_is_one_stream_each_side_reads_back_its_own_message() {
        let echo = run_with_child().echo;
        assert_eq!(
            (echo.parent_read.as_str(), echo.child_read.as_str()),
            (QUESTION, ANSWER)
        );
        assert!(echo.ended_well);
    }

    #[test]
    fn a_run_leaves_no_fifo_no_folder_and_no_process_behind() {
        let run = run_with_child();
        assert_eq!(
            left_behind(&[&run.scratch], &run.pids()),
            Vec::<String>::new()
        );
    }
}
