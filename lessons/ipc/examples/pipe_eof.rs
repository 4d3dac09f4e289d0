//! Lesson: the lecture's anonymous pipe, one-way from parent to child. The reader learns that the
//! data is over from the end of input (EOF), which comes only when *every* write end is closed.
//!
//! The lecture: a pipe is one-way, joins a parent and its child, and lives only as long as they
//! do. All true (the pipe has no name in the file system: `/proc` calls it `pipe:[inode]`). What
//! it leaves out is how the reader knows the data is over: a read returns 0 bytes once the pipe is
//! empty and the last write end is closed. So a write end kept open anywhere, a clone kept "for
//! later" as real programs do by accident, leaves the reader waiting forever with every line read.
//! In C the classic culprit is the child, which inherits its own pipe's write end; Rust's pipes are
//! close-on-exec, so a started program holds none (the child checks), but the parent's clone can.
//! The kernel also buffers a pipe, 64 KiB on Linux: past that, a writer waits for the reader.
//!
//! Run: `cargo run --example pipe_eof` (try `-- --lines 5000`: more than the pipe holds).

use ipc::child::ROLES;
use ipc::pipe::{deliver, end_of_input, fill_unread_pipe, keep_a_clone, said};
use ipc::scratch::left_behind;
use lesson_kit::Figure;
use lesson_kit::cli;
use lesson_kit::process::{self, Program};

const USAGE: &str = "\
A pipe from parent to child: the child's end of input, when the writer closes, and when it does not.

usage: cargo run --example pipe_eof -- [--lines N]

  --lines N   how many lines the parent writes (default 5, from 1 to 10000)
  -h, --help  show this text
";

fn main() {
    process::play_if_child(&ROLES);
    let count: usize = cli::only_number(USAGE, "lines", 5, 1..=10_000);
    println!("The parent writes {count} lines into a pipe; its read end is the child's stdin.\n");
    println!("1. The parent writes, then drops its write end:");
    let closed = deliver(&Program::this(), count).unwrap_or_else(|e| panic!("part 1: {e}"));
    closed.print();
    println!("\n2. The same, but the parent keeps a clone of the write end \"for later\":");
    let kept = keep_a_clone(&Program::this(), count).unwrap_or_else(|e| panic!("part 2: {e}"));
    kept.print();
    println!();
    let full = fill_unread_pipe().expect("could not fill a pipe");

    let end = end_of_input(count, closed.sent);
    Figure::new("what the child read before its end of input")
        .notes("not covered (a pipe: one-way, from parent to child)")
        .this_run(closed.child.lines.last().map_or("nothing", String::as_str))
        .ideal(format!("{end}: all the parent wrote"))
        .print();
    Figure::new("the child's end of input with a write end still open")
        .notes("not covered")
        .this_run(kept.timing())
        .ideal("when the last write end closes")
        .print();
    Figure::new("bytes a pipe holds that nobody reads, before a writer has to wait")
        .notes("not covered")
        .this_run(format!("{} (the kernel says {})", full.held, full.capacity))
        .ideal("65536 on Linux (16 pages); writes of up to 4096 bytes go in whole")
        .print();

    // ANCHOR: asserts
    for (how, run) in [("closed", &closed.child), ("kept", &kept.child)] {
        // No write end in the child; every line; the end of input, which counted every byte.
        let (expected, ending) = (said(count, closed.sent), run.ending());
        assert_eq!(run.lines, expected, "expected the child ({how}) to say so");
        assert!(run.success(), "expected exit code 0 ({how}), got {ending}");
    }
    let name = &closed.name;
    let no_path = name.starts_with("pipe:[");
    assert!(no_path, "expected a pipe with no path, got {name}");
    assert!(
        !kept.early,
        "expected no end of input while a write end was open"
    );
    assert_eq!(
        full.held, full.capacity,
        "expected the pipe to take its capacity"
    );
    let left = left_behind(&[], &[closed.child.pid, kept.child.pid]);
    assert!(left.is_empty(), "expected nothing left, got {left:?}");
    // ANCHOR_END: asserts
    println!("\nAs expected: the child read every line, and its end of input came when the last");
    println!("write end closed, not before, though every line had been read long before.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use ipc::pipe::{Closed, Kept, bytes_of_lines, write_ends};
    use lesson_kit::process::Finished;

    fn child() -> Program {
        Program::at(env!("CARGO_BIN_EXE_ipc-child"))
    }

    /// Both parts, with `count` lines each.
    fn both(count: usize) -> (Closed, Kept) {
        let closed = deliver(&child(), count).unwrap();
        (closed, keep_a_clone(&child(), count).unwrap())
    }

    /// That `child` read `count` lines, `bytes` bytes in all, then its end of input, and exited 0.
    fn read_all(child: &Finished, count: usize, bytes: usize) {
        assert_eq!(child.lines, said(count, bytes));
        assert!(child.success(), "{}", child.ending());
    }

    #[test]
    fn the_child_reads_every_line_then_end_of_input_when_the_writer_closes() {
        let closed = deliver(&child(), 3).unwrap();
        assert_eq!(closed.sent, bytes_of_lines(3));
        read_all(&closed.child, 3, bytes_of_lines(3));
    }

    #[test]
    fn more_than_the_pipe_holds_arrives_whole_for_the_writer_waits_for_the_reader() {
        let closed = deliver(&child(), 5000).unwrap();
        assert!(closed.sent > fill_unread_pipe().unwrap().capacity);
        read_all(&closed.child, 5000, closed.sent);
    }

    #[test]
    fn a_forgotten_write_end_holds_back_end_of_input_until_it_is_dropped() {
        let kept = keep_a_clone(&child(), 4).unwrap();
        assert!(!kept.early, "end of input came while a write end was open");
        // Every line was read before the wait; the end of input came only after the drop.
        read_all(&kept.child, 4, bytes_of_lines(4));
    }

    #[test]
    fn the_child_holds_no_write_end_for_std_pipes_close_on_exec() {
        // Even while the parent holds two write ends, the child holds none of them.
        let (closed, kept) = both(1);
        assert_eq!(closed.child.lines[0], write_ends(0));
        assert_eq!(kept.child.lines[0], write_ends(0));
    }

    #[test]
    fn no_child_is_left_behind() {
        let (closed, kept) = both(2);
        let pids = [closed.child.pid, kept.child.pid];
        assert_eq!(left_behind(&[], &pids), Vec::<String>::new());
    }
}
