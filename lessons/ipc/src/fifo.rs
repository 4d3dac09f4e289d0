//! The lesson `named_pipe`: making a FIFO, opening it for writing on a thread of its own (the open
//! waits for a reader) that is never left blocked, the child that reads it, and the child that
//! writes into one FIFO and reads from it, to show that a FIFO is one stream, not two directions.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use lesson_kit::process::{self, Args, Error, Program, Role};
use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::sys::stat::Mode;

use crate::scratch::Scratch;

/// The role of the child that reads every line from a FIFO.
pub const READ_ROLE: &str = "fifo-read";

/// The role of the child that writes a line into a FIFO and reads a line from it.
pub const TALK_ROLE: &str = "fifo-talk";

/// The roles this lesson's children play.
pub const ROLES: &[Role] = &[(READ_ROLE, read_lines), (TALK_ROLE, talk)];

/// What the reader says when its open has completed.
pub const OPENED: &str = "opened";

/// What the reader says when a read returned 0 bytes: every writer has closed its end.
pub const END: &str = "end of stream";

/// What the talker waits for before it reads.
pub const READ_NOW: &str = "read now";

/// What the reader says for each line it read.
pub fn got(line: &str) -> String {
    format!("got: {line}")
}

/// What the talker says after writing `line` into the FIFO.
pub fn wrote(line: &str) -> String {
    format!("wrote: {line}")
}

/// What the talker says after reading `line` from the FIFO.
pub fn read_back(line: &str) -> String {
    format!("read: {line}")
}

// ANCHOR: mkfifo
/// Makes a FIFO at `path` that only its owner may read and write. std cannot: `mkfifo` is nix's.
///
/// # Panics
/// If the FIFO cannot be made (a file already at `path`, say).
pub fn make_fifo(path: &Path) {
    nix::unistd::mkfifo(path, Mode::S_IRUSR | Mode::S_IWUSR)
        .unwrap_or_else(|error| panic!("could not make a FIFO at {}: {error}", path.display()));
}
// ANCHOR_END: mkfifo

/// Opens `path` for writing without waiting: with no reader, Linux refuses at once with ENXIO
/// ("No such device or address") instead of waiting for one.
pub fn open_write_now(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .custom_flags(OFlag::O_NONBLOCK.bits())
        .open(path)
}

/// Opens `path` for reading and writing at once, without waiting for anyone: Linux allows it on
/// a FIFO (POSIX leaves it undefined), and the opener is its own reader and writer. Reads do
/// not wait either: an empty FIFO is the error `WouldBlock`, never a hang.
pub fn open_both_now(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(OFlag::O_NONBLOCK.bits())
        .open(path)
}

/// Reads one line from `file`, a byte at a time, so that not a byte of the next line is taken:
/// on a FIFO shared by two processes, bytes read ahead into a buffer would be lost to the other.
pub fn read_one_line(mut file: &File) -> io::Result<String> {
    let mut line = Vec::new();
    let mut byte = [0u8];
    loop {
        match file.read(&mut byte)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            _ if byte[0] == b'\n' => break,
            _ => line.push(byte[0]),
        }
    }
    String::from_utf8(line).map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))
}

/// Writes `line` and its newline into `file` in one write (a pipe never splits a write of up to
/// 4096 bytes, `PIPE_BUF`, so two writers' lines never interleave).
pub fn write_line(mut file: &File, line: &str) -> io::Result<()> {
    file.write_all(format!("{line}\n").as_bytes())
}

/// An open of a FIFO for writing, on a thread of its own, because it blocks until some process
/// opens the FIFO for reading. Dropped before the open completed, it opens a reader end itself
/// (which does not wait), so the thread's open completes and the thread ends: no thread is ever
/// left blocked, even when the lesson fails.
#[derive(Debug)]
pub struct PendingOpen {
    path: PathBuf,
    opened: Receiver<io::Result<File>>,
    thread: Option<JoinHandle<()>>,
    done: bool,
}

impl PendingOpen {
    /// Starts opening `path` for writing, on a new thread.
    pub fn start(path: &Path) -> PendingOpen {
        let (send, opened) = mpsc::channel();
        let target = path.to_path_buf();
        let thread = thread::spawn(move || {
            // The plain, blocking open: it returns when a reader opens the FIFO too.
            let _ = send.send(OpenOptions::new().write(true).open(&target));
        });
        let path = path.to_path_buf();
        PendingOpen {
            path,
            opened,
            thread: Some(thread),
            done: false,
        }
    }

    /// The open's outcome, if it completes within `limit`; `None` if it is still waiting.
    pub fn wait(&mut self, limit: Duration) -> Option<io::Result<File>> {
        if self.done {
            return Some(Err(io::Error::other(
                "the open's outcome was taken already",
            )));
        }
        match self.opened.recv_timeout(limit) {
            Ok(outcome) => {
                self.done = true;
                Some(outcome)
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                self.done = true;
                Some(Err(io::Error::other(
                    "the opening thread ended without an outcome",
                )))
            }
        }
    }
}

impl Drop for PendingOpen {
    fn drop(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        if !self.done {
            // A reader end of our own, held until the thread has ended: the blocked open
            // completes. An open for reading with O_NONBLOCK never waits, so this cannot block.
            let reader = OpenOptions::new()
                .read(true)
                .custom_flags(OFlag::O_NONBLOCK.bits())
                .open(&self.path);
            if reader.is_err() && !thread.is_finished() {
                // The FIFO is gone from its path: nothing can reach the blocked open now, and
                // joining would hang. The lesson removes the FIFO only after the open completed.
                return;
            }
        }
        let _ = thread.join();
    }
}

// ANCHOR: reader
/// The role [`READ_ROLE`]: a process that knows only the FIFO's name (`--path`), and no handle
/// of its parent's. Opens it for reading, says every line it reads, and [`END`] at the end.
fn read_lines(args: &Args) -> Result<(), String> {
    let path: PathBuf = args.get("--path")?;
    // Waits until some process has the FIFO open for writing (the parent does, or is trying to).
    let fifo = File::open(&path)
        .unwrap_or_else(|error| panic!("could not open {}: {error}", path.display()));
    process::say(OPENED);
    for line in BufReader::new(fifo).lines() {
        let line = line.unwrap_or_else(|error| panic!("could not read the FIFO: {error}"));
        process::say(got(&line));
    }
    // A read returned 0 bytes: no process has the FIFO open for writing any more.
    process::say(END);
    Ok(())
}
// ANCHOR_END: reader

// ANCHOR: talk
/// The role [`TALK_ROLE`]: the other side of a "two-way" FIFO. Writes `--say` into the FIFO at
/// `--path`, waits for the parent's [`READ_NOW`], then reads one line from the FIFO, expecting
/// the parent's message, and says what it read.
fn talk(args: &Args) -> Result<(), String> {
    let path: PathBuf = args.get("--path")?;
    let message: String = args.get("--say")?;
    let talked = (|| {
        let fifo = open_both_now(&path)?;
        write_line(&fifo, &message)?;
        process::say(wrote(&message));
        let mut word = String::new();
        io::stdin().lock().read_line(&mut word)?;
        if word.trim_end() != READ_NOW {
            return Err(io::Error::other(format!(
                "expected {READ_NOW:?}, got {word:?}"
            )));
        }
        read_one_line(&fifo)
    })();
    let heard = talked.unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    process::say(read_back(&heard));
    Ok(())
}
// ANCHOR_END: talk

/// The lines the parent sends the reader.
pub const MESSAGES: [&str; 2] = ["hello through the FIFO", "a second line"];

/// Everything the reader should say: [`OPENED`], each of [`MESSAGES`] as it got it, [`END`].
pub fn transcript() -> Vec<String> {
    let got = MESSAGES.iter().map(|message| got(message));
    [OPENED.to_owned()]
        .into_iter()
        .chain(got)
        .chain([END.to_owned()])
        .collect()
}

/// What the parent writes into the "two-way" FIFO for the child.
pub const QUESTION: &str = "question for the child";

/// What the child writes into it for the parent.
pub const ANSWER: &str = "answer for the parent";

/// One FIFO between the parent (writer) and a child (reader), seen from the parent.
#[derive(Debug)]
pub struct Meeting {
    /// The open for writing with `O_NONBLOCK` before any reader: its error, if it failed.
    pub refused: Option<io::Error>,
    /// Whether the ordinary open for writing was still waiting after the patience given.
    pub still_waiting: bool,
    /// The reader's lines once every message had arrived, before the writer closed.
    pub before_close: Vec<String>,
    /// The reader's lines at its end.
    pub lines: Vec<String>,
    /// Whether the path was still a FIFO after both ends had closed.
    pub fifo_after: bool,
    /// Whether the path was gone after the lesson removed it.
    pub gone_after_remove: bool,
    pub pid: u32,
    /// Whether the reader exited with code 0.
    pub ended_well: bool,
}

impl Meeting {
    /// The error of the open with `O_NONBLOCK`, as an errno (`ENXIO`), if it failed with one.
    pub fn refused_with(&self) -> Option<Errno> {
        let errno = self.refused.as_ref()?.raw_os_error()?;
        Some(Errno::from_raw(errno))
    }
}

// ANCHOR: meet
/// Makes a FIFO at `path`, opens it for writing before any reader exists (waiting at most
/// `patience` to see that the open waits), starts a copy of `program` that opens it by name
/// for reading, sends it [`MESSAGES`], closes, and removes the FIFO.
pub fn meet(
    program: &Program,
    path: &Path,
    patience: Duration,
    limit: Duration,
) -> Result<Meeting, Error> {
    make_fifo(path);
    // Without waiting: no process has it open for reading, so Linux refuses at once.
    let refused = open_write_now(path).err();
    // The ordinary open waits for a reader: on a thread of its own, so that we can watch it wait.
    let mut opening = PendingOpen::start(path);
    let early = opening.wait(patience);
    let still_waiting = early.is_none();
    // A reader that gets nothing from us but the name: no handle is inherited.
    let mut reader = program
        .role(READ_ROLE)
        .arg("--path", path.display())
        .start(limit)?;
    let fifo = match early.or_else(|| opening.wait(limit)) {
        Some(opened) => opened.expect("could not open the FIFO for writing"),
        None => panic!("the open for writing still waited {limit:?} after the reader started"),
    };
    reader.wait_for_line(OPENED)?;
    for message in MESSAGES {
        write_line(&fifo, message).expect("could not write into the FIFO");
        reader.wait_for_line(&got(message))?;
    }
    // Everything arrived, and our end is still open: the reader waits for more, no end yet.
    let before_close = reader.lines().to_vec();
    drop(fifo); // the only writer closes: the reader's next read returns 0 bytes
    reader.wait_for_line(END)?;
    let reader = reader.finish()?;
    // Both ends are closed, and the name is still there, a FIFO, until someone removes it.
    let fifo_after = fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_fifo());
    fs::remove_file(path).expect("could not remove the FIFO");
    let gone_after_remove = path.symlink_metadata().is_err();
    Ok(Meeting {
        refused,
        still_waiting,
        before_close,
        lines: reader.lines.clone(),
        fifo_after,
        gone_after_remove,
        pid: reader.pid,
        ended_well: reader.success(),
    })
}
// ANCHOR_END: meet

/// The lecture's "two-way" named pipe, tried: what each side read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Echo {
    /// What the parent read, expecting the child's [`ANSWER`].
    pub parent_read: String,
    /// What the child read, expecting the parent's [`QUESTION`].
    pub child_read: String,
    pub pid: u32,
    /// Whether the child exited with code 0.
    pub ended_well: bool,
}

// ANCHOR: one_stream
/// Makes a FIFO at `path` and uses it both ways: the parent writes [`QUESTION`], a copy of
/// `program` writes [`ANSWER`]; then the parent reads, then the child.
pub fn one_stream(program: &Program, path: &Path, limit: Duration) -> Result<Echo, Error> {
    make_fifo(path);
    let fifo = open_both_now(path).expect("could not open the FIFO for reading and writing");
    write_line(&fifo, QUESTION).expect("could not write the question");
    let launch = program.role(TALK_ROLE).arg("--path", path.display());
    let mut child = launch.arg("--say", ANSWER).start(limit)?;
    child.wait_for_line(&wrote(ANSWER))?;
    // The FIFO holds the question, then the answer: one stream, and whoever reads takes the
    // first bytes. We read first (the child waits for our word), expecting the answer.
    let parent_read = read_one_line(&fifo).expect("expected a line in the FIFO");
    child.send_line(READ_NOW)?;
    let said = child.wait_for("what it read", |line| line.starts_with(&read_back("")))?;
    let child = child.finish()?;
    Ok(Echo {
        parent_read,
        child_read: said[read_back("").len()..].to_owned(),
        pid: child.pid,
        ended_well: child.success(),
    })
}
// ANCHOR_END: one_stream

/// The lesson's two FIFOs.
#[derive(Debug)]
pub struct Run {
    pub meeting: Meeting,
    pub echo: Echo,
    /// The scratch folder the FIFOs were in, removed by now.
    pub scratch: PathBuf,
}

impl Run {
    /// The children's process ids.
    pub fn pids(&self) -> Vec<u32> {
        vec![self.meeting.pid, self.echo.pid]
    }
}

/// Runs [`meet`] and [`one_stream`] with copies of `program`, in a scratch folder removed at
/// the end.
///
/// # Panics
/// If a child fails, or the folder cannot be removed.
pub fn run(program: &Program, patience: Duration, limit: Duration) -> Run {
    let scratch = Scratch::new("fifo");
    let meeting = meet(program, &scratch.join("channel"), patience, limit)
        .unwrap_or_else(|error| panic!("the reader failed: {error}"));
    let echo = one_stream(program, &scratch.join("both-ways"), limit)
        .unwrap_or_else(|error| panic!("the talker failed: {error}"));
    let path = scratch.path().to_path_buf();
    scratch
        .remove()
        .expect("could not remove the scratch folder");
    Run {
        meeting,
        echo,
        scratch: path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_open_dropped_before_any_reader_ends_its_thread() {
        let scratch = crate::scratch::Scratch::new("fifo-unit");
        let path = scratch.join("fifo");
        make_fifo(&path);
        let mut opening = PendingOpen::start(&path);
        assert!(opening.wait(Duration::from_millis(50)).is_none());
        // Dropping joins the thread; were it still blocked, this test would hang here.
        drop(opening);
        let both = open_both_now(&path).unwrap();
        assert_eq!(
            read_one_line(&both).unwrap_err().kind(),
            io::ErrorKind::WouldBlock
        );
        write_line(&both, "one").unwrap();
        write_line(&both, "two").unwrap();
        assert_eq!(read_one_line(&both).unwrap(), "one");
        assert_eq!(read_one_line(&both).unwrap(), "two");
    }
}
