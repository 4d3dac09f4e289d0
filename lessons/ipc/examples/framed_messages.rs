//! Lesson: messages through a pipe, each one framed: a 4-byte length, then its bytes. A pipe
//! carries bytes, not messages, and a message may come in several reads.
//!
//! The lecture lists "message passing" among the ways processes talk, and says nothing of where
//! one message ends; its socket example takes one `recv(1024)` as one whole message. A pipe or a
//! stream socket keeps the bytes in order but not the edges of the writes: one write may come in
//! two reads, two writes in one. Here the parent sends four messages to its child through a pipe,
//! the last in two writes with the child already waiting in between, and the child puts each
//! message together from its length. Then what goes wrong: a frame cut short by the end of the
//! stream, a header announcing 4 GiB, and the same messages one per line, where a message that
//! holds a newline arrives as two.
//!
//! Run: `cargo run --example framed_messages` (try `-- --text "any message you like"`).

use ipc::child::ROLES;
use ipc::frame::{cut_short, cut_short_said, end_line, halves_fit, heard_all, one_per_line};
use ipc::frame::{oversized, oversized_said, read_across_pause, reads_for, said, send_framed};
use ipc::frame::{show, show_paused, verdict};
use ipc::scratch::left_behind;
use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Program};

const USAGE: &str = "\
Messages through a pipe, framed by their length; one of them in two writes; what goes wrong.

usage: cargo run --example framed_messages -- [--text TEXT]

  --text TEXT  the message sent in two writes (default \"a message cut in two\"; up to 4000 bytes)
  -h, --help   show this text
";

fn main() {
    process::play_if_child(&ROLES);
    let mut text = String::from("a message cut in two");
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("text") => text = halves_fit(cli::value(parser, "--text")?)?,
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let messages: [&[u8]; 4] = [b"hello", b"two\nlines", b"", text.as_bytes()];

    println!("1. Four messages, each framed by its length; the last one in two writes:");
    let (framed, paused_at) = send_framed(&Program::this(), &messages);
    show_paused(&framed.lines, paused_at);
    println!("\n2. One whole frame, then 8 bytes of a 14-byte frame, and the pipe closes:");
    let cut = cut_short(&Program::this());
    show(&cut.lines);
    println!("\n3. A header announcing 4294967295 bytes, then 100 bytes:");
    let huge = oversized(&Program::this());
    show(&huge.lines);
    println!("\n4. The same four messages, one per line:");
    let by_line = one_per_line(&Program::this(), &messages);
    show(&by_line.lines);
    println!();

    let (framed_said, line_said) = (said(&framed.lines), said(&by_line.lines));
    let last_reads = reads_for(&framed.lines, 4); // the child's reads that took the last message
    let (delivered, reads, lines) = (framed_said.len(), last_reads.len(), line_said.len());
    let whole = format!("{delivered} delivered whole; the last in {reads} reads");
    Figure::new("4 messages through a pipe, framed by their length; the last in two writes")
        .notes("no framing: one recv(1024) taken as one message")
        .this_run(whole)
        .ideal("4 delivered whole, however the bytes are cut into reads")
        .print();
    Figure::new("the same 4 messages, one per line")
        .notes("no framing")
        .this_run(format!("{lines} delivered: \"two\\nlines\" as two"))
        .ideal("4, if no message holds a newline")
        .print();
    let (cut_said, cut_verdict) = (said(&cut.lines).len(), verdict(&cut.lines));
    let cut_run = format!("{cut_said} message, then {cut_verdict}");
    let huge_run = format!("{}, then {}", huge.lines[0], verdict(&huge.lines));
    Figure::new("a frame cut short / a header announcing 4 GiB")
        .this_run(format!("{cut_run} / {huge_run}"))
        .ideal("1 message, then refused: never half a one / refused after the header's 4 bytes")
        .print();

    // ANCHOR: asserts
    let expected = heard_all(&messages);
    assert_eq!(framed_said, expected, "expected 4 whole messages");
    let end = framed.lines.last();
    assert_eq!(end, Some(&end_line(4)), "expected a clean end");
    let resumed = read_across_pause(last_reads, paused_at);
    assert!(resumed, "expected a read, a pause, a read, the message");
    assert_eq!(cut.lines, cut_short_said(), "expected a message, a refusal");
    assert_eq!(huge.lines, oversized_said(), "expected a refusal at once");
    // One line more for each newline inside a message: those messages came in pieces.
    let newlines = messages.concat().iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, 4 + newlines, "expected a message per piece");
    assert_ne!(line_said, expected, "expected newlines to break a message");
    for run in [&framed, &cut, &huge, &by_line] {
        assert!(run.success(), "expected a clean end, got {}", run.ending());
        let left = left_behind(&[], &[run.pid]);
        assert!(left.is_empty(), "expected nothing left behind: {left:?}");
    }
    // ANCHOR_END: asserts
    println!("\nAs expected: every framed message arrived whole, even the one cut in two; a frame");
    println!("cut short and an oversized header were refused, with nothing half-delivered; and a");
    println!("newline in a message broke the line framing, but never the length framing.");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child() -> Program {
        Program::at(env!("CARGO_BIN_EXE_ipc-child"))
    }

    /// What `run` said, once it is known to have ended well and left no process behind.
    fn clean(run: &process::Finished) -> &[String] {
        assert!(run.success(), "{}", run.ending());
        assert!(left_behind(&[], &[run.pid]).is_empty());
        &run.lines
    }

    #[test]
    fn a_message_written_in_two_halves_is_delivered_once_and_whole() {
        let messages: [&[u8]; 4] = [b"hello", b"two\nlines", b"", b"a message cut in two"];
        let (run, paused_at) = send_framed(&child(), &messages);
        assert_eq!(paused_at, 38);
        let expected = [
            "read 4 bytes (4 in all)",
            "read 5 bytes (9 in all)",
            "message 1: 5 bytes \"hello\"",
            "read 4 bytes (13 in all)",
            "read 9 bytes (22 in all)",
            "message 2: 9 bytes \"two\\nlines\"",
            "read 4 bytes (26 in all)",
            "message 3: 0 bytes \"\"",
            "read 4 bytes (30 in all)",
            // The parent waits here; the child is blocked in its next read.
            "read 8 bytes (38 in all)",
            "read 12 bytes (50 in all)",
            "message 4: 20 bytes \"a message cut in two\"",
            "read 0 bytes (50 in all)",
            "end of input after 4 messages",
        ];
        assert_eq!(clean(&run), expected);
        // Any text, cut anywhere: in the header (frames of 4 to 7 bytes) or deep in the message.
        for text in ["", "a", "ab", "abc", &"long ".repeat(800)] {
            let messages = [&b"first"[..], text.as_bytes()];
            let (run, _) = send_framed(&child(), &messages);
            assert_eq!(said(clean(&run)), heard_all(&messages));
            assert_eq!(run.lines.last(), Some(&end_line(2)));
        }
    }

    #[test]
    fn a_frame_cut_short_is_refused_with_its_numbers_and_nothing_of_it_delivered() {
        // The first message, then the refusal with its numbers (worded as `ipc::frame` tests).
        assert_eq!(clean(&cut_short(&child())), cut_short_said());
    }

    #[test]
    fn an_oversized_header_is_refused_at_once_without_reading_the_message() {
        // `oversized` waits for the refusal while the pipe is open and 100 more bytes wait in it:
        // the child read the header (one read of 4 bytes) and nothing more.
        assert_eq!(clean(&oversized(&child())), oversized_said());
    }

    #[test]
    fn a_newline_in_a_message_breaks_newline_framing_but_not_length_framing() {
        let messages: [&[u8]; 3] = [b"one", b"two\nlines", b"three"];
        let by_line = one_per_line(&child(), &messages);
        let pieces = heard_all(&[b"one", b"two", b"lines", b"three"]);
        assert_eq!(
            said(clean(&by_line)),
            pieces,
            "one message came as two lines"
        );
        let (framed, _) = send_framed(&child(), &messages);
        assert_eq!(said(clean(&framed)), heard_all(&messages));
    }
}
