//! The lesson `pipe_eof`: a child that reads its standard input, the read end of an anonymous
//! pipe, line by line until the end of input; the lesson's two steps, which write it lines and
//! close the write end, or keep a clone of it open; a way to wait for one of the child's lines
//! with a short deadline of the lesson's own; and two looks at a pipe itself: its name in
//! `/proc`, and how much it holds when nobody reads.

use std::fs;
use std::io::{self, BufRead, Write};
use std::os::fd::{AsFd, AsRawFd};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::process::{self, Args, Child, Error, Finished, Program, Role};
use nix::fcntl::{FcntlArg, OFlag, fcntl};

/// The role of the child that reads its input to the end ([`read_to_end`]).
pub const READ_ROLE: &str = "pipe-reader";

/// The roles this lesson's children play.
pub const ROLES: &[Role] = &[(READ_ROLE, read_to_end)];

/// Reading a few lines takes milliseconds; a child this slow is stuck, and is killed.
pub const LIMIT: Duration = Duration::from_secs(30);

/// How long the lesson waits for an end of input that must not come: if it has not come by now,
/// with every line read, it is not on its way.
pub const SHORT: Duration = Duration::from_millis(300);

/// The most bytes one write into a pipe may carry and still arrive whole, never mixed with another
/// writer's bytes (POSIX's `PIPE_BUF`; 4096 on Linux).
pub const PIPE_BUF: usize = 4096;

/// Line `k` (from 1) that the parent writes into the pipe, without its newline.
pub fn message(k: usize) -> String {
    format!("message {k} through the pipe")
}

/// What the child says when it has read line `k`.
pub fn read_line(k: usize) -> String {
    format!("read line {k}")
}

/// What the child says when a read returned 0 bytes: the end of input, after `lines` lines and
/// `bytes` bytes in all.
pub fn end_of_input(lines: usize, bytes: usize) -> String {
    let s = if lines == 1 { "" } else { "s" };
    format!("end of input after {lines} line{s}, {bytes} bytes")
}

/// Whether `line` is the child's [`end_of_input`] line.
pub fn is_end_of_input(line: &str) -> bool {
    line.starts_with("end of input")
}

/// What the child says first: how many write ends of its own input pipe it holds.
pub fn write_ends(count: usize) -> String {
    format!("write ends of my input pipe held here: {count}")
}

/// Everything the child says when it holds no write end of its pipe and reads `count` lines,
/// `bytes` bytes in all, before its end of input.
pub fn said(count: usize, bytes: usize) -> Vec<String> {
    let read = (1..=count).map(read_line);
    let all = std::iter::once(write_ends(0)).chain(read);
    all.chain([end_of_input(count, bytes)]).collect()
}

/// Writes lines 1 to `count` ([`message`]) into `writer`, and returns how many bytes that was.
///
/// # Panics
/// If a write fails: the reader is gone.
pub fn write_lines(writer: &mut impl Write, count: usize) -> usize {
    (1..=count)
        .map(|k| {
            let line = message(k) + "\n";
            // A full pipe (64 KiB unread) makes `write_all` wait here until the child reads.
            writer
                .write_all(line.as_bytes())
                .unwrap_or_else(|error| panic!("could not write line {k}: {error}"));
            line.len()
        })
        .sum()
}

/// How many bytes the lines 1 to `count` ([`message`]) are, newlines included.
pub fn bytes_of_lines(count: usize) -> usize {
    write_lines(&mut io::sink(), count)
}

/// The first part of the lesson: what the child said, how many bytes were sent, and the pipe's
/// name.
#[derive(Debug)]
pub struct Closed {
    pub child: Finished,
    pub sent: usize,
    pub name: String,
}

/// The second part: what the child said, whether its end of input came while the clone was open,
/// and how long after the clone was dropped it came.
#[derive(Debug)]
pub struct Kept {
    pub child: Finished,
    pub early: bool,
    pub after_drop: Duration,
}

impl Closed {
    /// Prints what the child said, and the pipe's name.
    pub fn print(&self) {
        show(&self.child);
        let name = &self.name;
        println!("   the pipe's name: {name} (not a path: nothing in the file system)");
    }
}

impl Kept {
    /// Prints what the child said, and whether its end of input came within [`SHORT`].
    pub fn print(&self) {
        show(&self.child);
        let early = ["no end of input", "end of input"][usize::from(self.early)];
        println!("   {SHORT:?} after the last line was read: {early}; then the clone was dropped");
    }

    /// When the end of input came: within [`SHORT`] or not, and how long after the drop.
    pub fn timing(&self) -> String {
        let first = ["not after ", "within "][usize::from(self.early)];
        let after = format!("{:.1?} after the last write end closed", self.after_drop);
        format!("{first}{SHORT:?}; {after}")
    }
}

// ANCHOR: deliver
/// Starts a child of `program` that reads a new pipe to its end, writes `count` lines into the
/// pipe, closes it, and waits for the child to finish.
pub fn deliver(program: &Program, count: usize) -> Result<Closed, Error> {
    let (reader, mut writer) = io::pipe().expect("could not make a pipe");
    let name = pipe_name(&writer);
    // The read end becomes the child's stdin; `start` drops the parent's copy of it.
    let child = program.role(READ_ROLE).stdin_from(reader).start(LIMIT)?;
    let sent = write_lines(&mut writer, count);
    drop(writer); // the last write end: once the pipe is empty, the child's read returns 0
    let child = child.finish()?;
    Ok(Closed { child, sent, name })
}
// ANCHOR_END: deliver

// ANCHOR: kept
/// Like [`deliver`], but a clone of the write end stays open until the child has read every line
/// and the lesson has waited [`SHORT`] for its end of input; then the clone is dropped.
pub fn keep_a_clone(program: &Program, count: usize) -> Result<Kept, Error> {
    let (reader, mut writer) = io::pipe().expect("could not make a pipe");
    let mut child = program.role(READ_ROLE).stdin_from(reader).start(LIMIT)?;
    let for_later = writer.try_clone().expect("could not clone the write end");
    write_lines(&mut writer, count);
    drop(writer);
    child.wait_for_line(&read_line(count))?;
    // Every line is read; the child now waits in `read` for more, or for the end of input.
    let mut watch = Watch::start(child, "its end of input", is_end_of_input);
    let early = watch.came_within(SHORT);
    drop(for_later); // the last write end, at last
    let (child, after_drop) = watch.finish(Instant::now(), LIMIT)?;
    Ok(Kept {
        child,
        early,
        after_drop,
    })
}
// ANCHOR_END: kept

/// Prints what a reader child said, the lines it read as one line.
fn show(child: &Finished) {
    let lines = &child.lines;
    println!("   child: {}", lines[0]);
    match &lines[1..lines.len() - 1] {
        [] => {}
        [one] => println!("   child: {one}"),
        [first, .., last] => println!("   child: {first} .. {last}"),
    }
    println!("   child: {}", lines[lines.len() - 1]);
}

// ANCHOR: reader
/// The role [`READ_ROLE`]: says how many write ends of its input pipe it holds, then reads its
/// input line by line, saying each, until a read returns nothing: the end of input.
fn read_to_end(_: &Args) -> Result<(), String> {
    let held = write_ends_of_stdin()
        .map_err(|error| format!("could not look at my descriptors: {error}"))?;
    process::say(write_ends(held));
    let mut input = io::stdin().lock();
    let (mut lines, mut bytes) = (0, 0);
    let mut line = Vec::new();
    loop {
        line.clear();
        // Blocks while the pipe is empty and any write end, in any process, is still open.
        let read = input
            .read_until(b'\n', &mut line)
            .unwrap_or_else(|error| panic!("could not read my input: {error}"));
        if read == 0 {
            break; // every write end is closed, and every byte was read
        }
        (lines, bytes) = (lines + 1, bytes + read);
        process::say(read_line(lines));
    }
    process::say(end_of_input(lines, bytes));
    Ok(())
}
// ANCHOR_END: reader

/// How many of this process's descriptors write into the pipe that its stdin reads from. The C
/// classic is a child that inherited such a write end and never closed it: it then waits for its
/// own end of input forever. std makes every pipe close-on-exec, so a started program holds none.
fn write_ends_of_stdin() -> io::Result<usize> {
    // Both ends of one pipe read as the same `pipe:[<inode>]` in /proc.
    let pipe = fs::read_link("/proc/self/fd/0")?;
    let mut count = 0;
    for entry in fs::read_dir("/proc/self/fd")? {
        let fd = entry?.file_name();
        let fd = fd.to_string_lossy();
        // The folder's own descriptor is gone by the time we look at it: skip what vanished.
        let Ok(target) = fs::read_link(format!("/proc/self/fd/{fd}")) else {
            continue;
        };
        let Ok(info) = fs::read_to_string(format!("/proc/self/fdinfo/{fd}")) else {
            continue;
        };
        // `flags:` is in octal; its lowest two bits are the access mode, 1 for write only.
        let flags = info
            .lines()
            .find_map(|line| line.strip_prefix("flags:"))
            .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok());
        if target == pipe && flags.is_some_and(|flags| flags & 3 == 1) {
            count += 1;
        }
    }
    Ok(count)
}

/// The name the kernel gives the pipe that `end` belongs to, `pipe:[<inode>]`: not a path, for an
/// anonymous pipe has no name in the file system, and nobody but its holders can open it.
///
/// # Panics
/// If `/proc` cannot be read.
pub fn pipe_name(end: &impl AsRawFd) -> String {
    let link = format!("/proc/self/fd/{}", end.as_raw_fd());
    let target = fs::read_link(&link)
        .unwrap_or_else(|error| panic!("could not read the link {link}: {error}"));
    target.to_string_lossy().into_owned()
}

/// A pipe that nobody reads, written into until it is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full {
    /// How many bytes went in before the next write would have waited.
    pub held: usize,
    /// The pipe's capacity, as the kernel says (`F_GETPIPE_SZ`).
    pub capacity: usize,
}

// ANCHOR: fill
/// Writes [`PIPE_BUF`]-byte chunks into a new pipe that nobody reads, until the kernel says the
/// next one would wait. A writer in blocking mode, the usual one, would wait right there.
pub fn fill_unread_pipe() -> io::Result<Full> {
    let (reader, mut writer) = io::pipe()?;
    let capacity = fcntl(writer.as_fd(), FcntlArg::F_GETPIPE_SZ)?;
    let flags = OFlag::from_bits_truncate(fcntl(writer.as_fd(), FcntlArg::F_GETFL)?);
    // Non-blocking: a write that would wait fails with `WouldBlock` instead.
    fcntl(writer.as_fd(), FcntlArg::F_SETFL(flags | OFlag::O_NONBLOCK))?;
    let chunk = [b'x'; PIPE_BUF];
    let mut held = 0;
    loop {
        // A write of up to PIPE_BUF bytes goes in whole or not at all, never in part.
        match writer.write(&chunk) {
            Ok(written) => held += written,
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
            Err(error) => return Err(error),
        }
    }
    drop(reader);
    let capacity = usize::try_from(capacity).map_err(io::Error::other)?;
    Ok(Full { held, capacity })
}
// ANCHOR_END: fill

/// A line of a child awaited on a thread of its own ([`Watch::start`]), so that the lesson can
/// wait for it with a short deadline of its own and, if it has not come, go on and wait again:
/// the kit's waits have one deadline for the whole child, and past it the child is killed.
#[derive(Debug)]
pub struct Watch {
    answer: Receiver<Watched>,
    seen: Option<Watched>,
}

/// What a [`Watch`] saw: the child back, the line (or why it never came), and when it came.
#[derive(Debug)]
struct Watched {
    child: Child,
    line: Result<String, Error>,
    at: Instant,
}

impl Watch {
    /// Waits, on a new thread, for a line of `child` that `wanted` accepts (`what` says which, for
    /// the error). The kit's deadline of `child` still bounds the wait.
    pub fn start(
        mut child: Child,
        what: &'static str,
        wanted: impl Fn(&str) -> bool + Send + 'static,
    ) -> Watch {
        let (answer_in, answer) = mpsc::channel();
        thread::spawn(move || {
            let line = child.wait_for(what, wanted);
            let at = Instant::now();
            // Nobody listening any more: dropping `child` here kills and reaps it.
            let _ = answer_in.send(Watched { child, line, at });
        });
        Watch { answer, seen: None }
    }

    /// Whether the line (or the child's end) came within `limit`; if not, the watch goes on.
    pub fn came_within(&mut self, limit: Duration) -> bool {
        if self.seen.is_none() {
            self.seen = self.receive(limit);
        }
        self.seen.is_some()
    }

    /// Waits at most `limit` for the line, then for the child's end; returns what the child said
    /// and how long after `since` the line came (zero if it came before).
    ///
    /// # Panics
    /// If nothing came by then: the kit's own deadline for the child is past too.
    pub fn finish(
        mut self,
        since: Instant,
        limit: Duration,
    ) -> Result<(Finished, Duration), Error> {
        let watched = match self.seen.take() {
            Some(watched) => watched,
            None => self
                .receive(limit)
                .expect("an answer from the child by the deadline"),
        };
        watched.line?;
        let after = watched.at.saturating_duration_since(since);
        Ok((watched.child.finish()?, after))
    }

    /// What was seen, if it comes within `limit`.
    ///
    /// # Panics
    /// If the waiting thread ended without an answer, which only a bug in the kit could cause.
    fn receive(&self, limit: Duration) -> Option<Watched> {
        match self.answer.recv_timeout(limit) {
            Ok(watched) => Some(watched),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the thread that waited for the child's line ended without an answer")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_say_what_they_count_and_the_end_is_recognised() {
        let mut sink = Vec::new();
        let bytes = write_lines(&mut sink, 2);
        let expected = format!("{}\n{}\n", message(1), message(2));
        assert_eq!(
            (sink, bytes),
            (expected.clone().into_bytes(), expected.len())
        );
        assert_eq!(end_of_input(2, 60), "end of input after 2 lines, 60 bytes");
        assert!(is_end_of_input(&end_of_input(0, 0)));
        assert!(!is_end_of_input(&read_line(3)) && !is_end_of_input(&write_ends(0)));
    }

    #[test]
    fn an_unread_pipe_takes_its_capacity_then_refuses_more() {
        let full = fill_unread_pipe().unwrap();
        assert!(
            full.capacity >= 4096 && full.capacity.is_multiple_of(4096),
            "{full:?}"
        );
        assert_eq!(full.held, full.capacity);
    }

    #[test]
    fn an_anonymous_pipe_has_no_path_in_the_file_system() {
        let (_reader, writer) = io::pipe().unwrap();
        let name = pipe_name(&writer);
        assert!(name.starts_with("pipe:["), "{name}");
        assert!(!std::path::Path::new(&name).exists());
    }

    #[test]
    fn a_pipe_is_named_by_its_inode_and_both_ends_name_the_same_pipe() {
        let (reader, writer) = io::pipe().unwrap();
        let name = pipe_name(&writer);
        assert!(name.starts_with("pipe:[") && name.ends_with(']'), "{name}");
        assert_eq!(pipe_name(&reader), name);
        let (other, _) = io::pipe().unwrap();
        assert_ne!(pipe_name(&other), name);
    }
}
