//! Messages over a byte stream (the `framed_messages` lesson): each message is sent as a *frame*,
//! a 4-byte big-endian length and then that many bytes.
//!
//! A pipe or a stream socket carries bytes, not messages: two writes may arrive in one read, and
//! one write in several. Whoever reads must be able to tell where a message ends. A newline works
//! only for messages without newlines; a length in front works for any bytes, and it says how
//! much to wait for before a message is complete. This module also gives the children of the
//! lesson: one decodes frames from its standard input, one reads lines, and both say each message
//! they got; and the lesson's steps, which send them messages in frames or in lines.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, PipeWriter, Read, Write};
use std::os::fd::AsFd;
use std::time::Duration;

use lesson_kit::process::{self, Args, Child, Finished, Launch, Program, Role};

/// A frame's header: the length of its message, as 4 bytes, most significant first.
pub const HEADER: usize = 4;

/// The longest message a frame may carry. A header is 4 bytes of anyone's input: without a
/// limit, 4 bytes announcing 4 GiB would make the reader allocate 4 GiB and wait for it.
pub const MAX_FRAME: usize = 64 * 1024;

/// What can go wrong while reading a frame.
#[derive(Debug)]
pub enum FrameError {
    /// The stream ended inside a frame: `got` of its `expected` bytes (header included) came.
    /// When the header itself was cut, `expected` is [`HEADER`].
    Truncated { expected: usize, got: usize },
    /// The header announced `len` bytes, more than `max`: refused before reading any of them.
    TooLarge { len: usize, max: usize },
    /// Reading failed.
    Io(io::Error),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Truncated { expected, got } if *expected == HEADER => write!(
                f,
                "the stream ended inside a frame's header: {got} of its {HEADER} bytes came; \
                 nothing of it was delivered"
            ),
            FrameError::Truncated { expected, got } => write!(
                f,
                "the stream ended inside a frame: {got} of its {expected} bytes came (its header \
                 announced {} bytes, {} of them came); nothing of it was delivered",
                expected - HEADER,
                got - HEADER
            ),
            FrameError::TooLarge { len, max } => write!(
                f,
                "a frame announced a message of {len} bytes, more than the {max} allowed: refused \
                 from its header alone, before reading or allocating the message"
            ),
            FrameError::Io(error) => write!(f, "could not read a frame: {error}"),
        }
    }
}

impl std::error::Error for FrameError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FrameError::Io(error) => Some(error),
            _ => None,
        }
    }
}

// ANCHOR: write_frame
/// The frame of `message`: its length as 4 bytes, most significant first, then its bytes.
/// A message longer than [`MAX_FRAME`] is refused: the other side would refuse it.
pub fn encode(message: &[u8]) -> io::Result<Vec<u8>> {
    let len = u32::try_from(message.len())
        .ok()
        .filter(|&len| len as usize <= MAX_FRAME)
        .ok_or_else(|| {
            let why = format!(
                "a message of {} bytes, more than {MAX_FRAME}",
                message.len()
            );
            io::Error::new(io::ErrorKind::InvalidInput, why)
        })?;
    let mut frame = Vec::with_capacity(HEADER + message.len());
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(message);
    Ok(frame)
}

/// Writes `message` as one frame. One `write_all` of header and message together: into a pipe,
/// a write of at most 4096 bytes (`PIPE_BUF`) arrives whole, never interleaved with another
/// writer's; header and message written separately would be two writes.
pub fn write_frame(writer: &mut (impl Write + ?Sized), message: &[u8]) -> io::Result<()> {
    writer.write_all(&encode(message)?)
}
// ANCHOR_END: write_frame

// ANCHOR: read_frame
/// Reads one frame and returns its message, waiting as long as it takes for all of its bytes,
/// however many reads they come in. `Ok(None)`: the stream ended cleanly, between two frames.
/// A frame cut short is an error, and nothing of it is returned: a message is whole or absent.
pub fn read_frame(reader: &mut (impl Read + ?Sized)) -> Result<Option<Vec<u8>>, FrameError> {
    let mut header = [0u8; HEADER];
    match fill(reader, &mut header)? {
        0 => return Ok(None),
        HEADER => {}
        got => {
            return Err(FrameError::Truncated {
                expected: HEADER,
                got,
            });
        }
    }
    let len = u32::from_be_bytes(header) as usize;
    if len > MAX_FRAME {
        // Judged from the header alone: not one byte of the message is read or allocated.
        return Err(FrameError::TooLarge {
            len,
            max: MAX_FRAME,
        });
    }
    let mut message = vec![0; len];
    let got = fill(reader, &mut message)?;
    if got < len {
        let (expected, got) = (HEADER + len, HEADER + got);
        return Err(FrameError::Truncated { expected, got });
    }
    Ok(Some(message))
}

/// Reads until `buf` is full or the stream ends, and says how many bytes came. (`read_exact`
/// would do the first part, but its error cannot say how many bytes came before the end.)
fn fill(reader: &mut (impl Read + ?Sized), buf: &mut [u8]) -> Result<usize, FrameError> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(FrameError::Io(error)),
        }
    }
    Ok(filled)
}
// ANCHOR_END: read_frame

/// A reader that counts the bytes read through it and, if asked, says the size of every read to
/// the parent: `read 5 bytes (9 in all)`. That line is how the parent knows that the child took
/// everything sent so far and is waiting for more.
#[derive(Debug)]
pub struct Counting<R> {
    inner: R,
    /// The bytes read so far.
    pub total: usize,
    tell: bool,
}

impl<R: Read> Counting<R> {
    /// Counts silently.
    pub fn new(inner: R) -> Self {
        Counting {
            inner,
            total: 0,
            tell: false,
        }
    }

    /// Counts, and says every read with [`process::say`]: for a child.
    pub fn telling(inner: R) -> Self {
        Counting {
            inner,
            total: 0,
            tell: true,
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.total += read;
        if self.tell {
            process::say(read_line(read, self.total));
        }
        Ok(read)
    }
}

/// What a telling reader says after a read of `read` bytes, `total` in all.
pub fn read_line(read: usize, total: usize) -> String {
    format!("read {} ({total} in all)", bytes(read))
}

/// What a child says for the `n`th message it got (from 1): its length and its text, quoted.
pub fn heard(n: usize, message: &[u8]) -> String {
    let text = String::from_utf8_lossy(message);
    format!("message {n}: {} {text:?}", bytes(message.len()))
}

/// What a child says for each of `messages` when it gets them all, whole and in order.
pub fn heard_all(messages: &[&[u8]]) -> Vec<String> {
    (1..)
        .zip(messages)
        .map(|(n, message)| heard(n, message))
        .collect()
}

/// `1 byte`, `2 bytes`.
fn bytes(count: usize) -> String {
    format!("{count} byte{}", if count == 1 { "" } else { "s" })
}

/// What a child says when its input ended cleanly after `n` messages.
pub fn end_line(n: usize) -> String {
    format!("end of input after {n} messages")
}

/// What a child says when it stops at a bad frame.
pub fn refused_line(error: &FrameError) -> String {
    format!("refused: {error}")
}

/// The lines in which a child said a message it got.
pub fn said(lines: &[String]) -> Vec<&str> {
    let lines = lines.iter().map(String::as_str);
    lines.filter(|line| line.starts_with("message ")).collect()
}

/// The end of a telling reader's line once it has read `total` bytes in all: `(38 in all)`.
pub fn all_read(total: usize) -> String {
    format!("({total} in all)")
}

/// `refused` if a child's last line is a refusal, otherwise `not refused`.
pub fn verdict(lines: &[String]) -> &'static str {
    if refused(lines) {
        "refused"
    } else {
        "not refused"
    }
}

/// The lines in which a child said the reads that took its message `n` (from 1): those after
/// the message before it (or from its first line) up to message `n`. Empty if it never said `n`.
pub fn reads_for(lines: &[String], n: usize) -> &[String] {
    if said(lines).len() < n {
        return &[];
    }
    let mut between = lines.split(|line| line.starts_with("message "));
    between.nth(n - 1).unwrap_or_default()
}

/// Whether a child's last line is a refusal.
pub fn refused(lines: &[String]) -> bool {
    lines
        .last()
        .is_some_and(|line| line.starts_with("refused:"))
}

/// What the child says about [`cut_short`]'s frames: the whole one, then the refusal.
pub fn cut_short_said() -> [String; 2] {
    let expected = HEADER + CUT_MESSAGE.len();
    let error = FrameError::Truncated {
        expected,
        got: CUT_AFTER,
    };
    [heard(1, b"fine"), refused_line(&error)]
}

/// What the child says about [`oversized`]'s header: one read of 4 bytes, then the refusal.
pub fn oversized_said() -> [String; 2] {
    let error = FrameError::TooLarge {
        len: u32::MAX as usize,
        max: MAX_FRAME,
    };
    [read_line(HEADER, HEADER), refused_line(&error)]
}

/// Prints a child's lines, indented.
pub fn show(lines: &[String]) {
    lines.iter().for_each(|line| println!("   child: {line}"));
}

/// Prints a child's lines, indented, and the parent's pause after the child's read of all the
/// `paused_at` bytes sent before it.
pub fn show_paused(lines: &[String], paused_at: usize) {
    for line in lines {
        println!("   child: {line}");
        if line.ends_with(&all_read(paused_at)) {
            println!("   parent: (the child read all {paused_at} bytes sent; now the rest)");
        }
    }
}

/// Whether among the `reads` a child said for one message there is a read of all the `paused_at`
/// bytes sent before the parent paused, and another read after it: the message came in reads on
/// both sides of the pause.
pub fn read_across_pause(reads: &[String], paused_at: usize) -> bool {
    let pause = reads.iter().position(|l| l.ends_with(&all_read(paused_at)));
    pause.is_some_and(|at| at + 1 < reads.len())
}

/// The child that decodes frames from its standard input.
pub const FRAME_READER_ROLE: &str = "frame-reader";
/// The child that takes each line of its standard input as a message.
pub const LINE_READER_ROLE: &str = "line-reader";

/// The roles this lesson's children play.
pub const ROLES: &[Role] = &[
    (FRAME_READER_ROLE, frame_reader),
    (LINE_READER_ROLE, line_reader),
];

/// This process's standard input as a plain file: every `read` is one system call, with no
/// buffer of std's `Stdin` in between, so that the reads the child reports are the real ones.
fn raw_stdin() -> Result<File, String> {
    let fd = io::stdin().as_fd().try_clone_to_owned();
    fd.map(File::from)
        .map_err(|error| format!("no standard input: {error}"))
}

/// Decodes frames from standard input and says each message, until the input ends or a frame is
/// bad. With `--tell-reads`, it also says the size of every read.
fn frame_reader(args: &Args) -> Result<(), String> {
    let input = raw_stdin()?;
    let mut input = if args.has("--tell-reads") {
        Counting::telling(input)
    } else {
        Counting::new(input)
    };
    let mut count = 0;
    loop {
        match read_frame(&mut input) {
            Ok(Some(message)) => {
                count += 1;
                process::say(heard(count, &message));
            }
            Ok(None) => break process::say(end_line(count)),
            // After a bad frame, nobody knows where the next one starts: the stream is lost.
            Err(error) => break process::say(refused_line(&error)),
        }
    }
    Ok(())
}

/// Takes each line of standard input as one message, as newline-delimited text does.
fn line_reader(_: &Args) -> Result<(), String> {
    let mut count = 0;
    for line in BufReader::new(raw_stdin()?).lines() {
        let line = line.map_err(|error| format!("could not read a line: {error}"))?;
        count += 1;
        process::say(heard(count, line.as_bytes()));
    }
    process::say(end_line(count));
    Ok(())
}

/// A child that takes a few milliseconds is stuck if it takes this long.
pub const LIMIT: Duration = Duration::from_secs(30);

/// Starts the child `launch` with a new pipe as its standard input, gives `write` the pipe's
/// write end (and the child, to wait for its lines), closes the write end when `write` returns,
/// and waits for the child's end.
pub fn with_pipe(launch: Launch, write: impl FnOnce(&mut PipeWriter, &mut Child)) -> Finished {
    let (reader, mut writer) = io::pipe().expect("could not make a pipe");
    let mut child = launch
        .stdin_from(reader)
        .start(LIMIT)
        .unwrap_or_else(|error| panic!("could not start the reader: {error}"));
    write(&mut writer, &mut child);
    // The last write end closes: the child's next read returns 0, the end of its input.
    drop(writer);
    child
        .finish()
        .unwrap_or_else(|error| panic!("the reader failed: {error}"))
}

// ANCHOR: split
/// Sends `messages` as frames to a child that says each read and each message, and returns what
/// it said and how many bytes it had read when the parent paused. Every frame but the last goes
/// in one write, each after the child said the message before (so its reads are the same every
/// run); the last one in two writes: the first half, then, once the child has said that it read
/// all of it and so waits for more, the other half.
pub fn send_framed(program: &Program, messages: &[&[u8]]) -> (Finished, usize) {
    let launch = program.role(FRAME_READER_ROLE).switch("--tell-reads");
    let mut paused_at = 0;
    let finished = with_pipe(launch, |writer, child| {
        let (last, first) = messages.split_last().expect("at least one message");
        for (n, message) in first.iter().enumerate() {
            write_frame(writer, message).expect("could not write to the pipe");
            paused_at += HEADER + message.len();
            let line = heard(n + 1, message);
            child
                .wait_for_line(&line)
                .unwrap_or_else(|error| panic!("{error}"));
        }
        let frame = encode(last).expect("a message within the limit");
        let (half, rest) = frame.split_at(frame.len() / 2);
        writer.write_all(half).expect("could not write to the pipe");
        paused_at += half.len();
        let read_all = all_read(paused_at);
        let half_read = |line: &str| line.ends_with(&read_all);
        let waited = child.wait_for("the read of the first half", half_read);
        waited.unwrap_or_else(|error| panic!("{error}"));
        writer.write_all(rest).expect("could not write to the pipe");
    });
    (finished, paused_at)
}
// ANCHOR_END: split

/// The lesson's `--text`, if each half of its frame fits one pipe write that arrives whole
/// (`PIPE_BUF`, 4096 bytes): at most 4000 bytes.
pub fn halves_fit(text: String) -> Result<String, String> {
    match text.len() {
        0..=4000 => Ok(text),
        len => Err(format!("--text must be at most 4000 bytes, got {len}")),
    }
}

/// The message whose frame [`cut_short`] cuts, and how many bytes of its frame it sends.
pub const CUT_MESSAGE: &[u8] = b"cut short!";
pub const CUT_AFTER: usize = HEADER + 4;

/// A frame cut short: one whole frame (`fine`), then the first [`CUT_AFTER`] bytes of the frame
/// of [`CUT_MESSAGE`], and the writer closes. The child delivers the first and refuses the rest.
pub fn cut_short(program: &Program) -> Finished {
    with_pipe(program.role(FRAME_READER_ROLE), |writer, _| {
        write_frame(writer, b"fine").expect("could not write to the pipe");
        let frame = encode(CUT_MESSAGE).expect("a short message");
        writer
            .write_all(&frame[..CUT_AFTER])
            .expect("could not write to the pipe");
    })
}

/// A header announcing `u32::MAX` bytes, followed by 100 bytes in the same write. The parent
/// waits for the child's refusal with the pipe still open: the child refuses at once, having read
/// the header and nothing else (it says its reads).
pub fn oversized(program: &Program) -> Finished {
    let launch = program.role(FRAME_READER_ROLE).switch("--tell-reads");
    with_pipe(launch, |writer, child| {
        let mut bytes = u32::MAX.to_be_bytes().to_vec();
        bytes.extend_from_slice(&[b'x'; 100]);
        writer
            .write_all(&bytes)
            .expect("could not write to the pipe");
        child
            .wait_for("its refusal", |line| line.starts_with("refused:"))
            .unwrap_or_else(|error| panic!("no refusal while the pipe was open: {error}"));
    })
}

/// `messages` sent one per line, as newline-delimited text sends them, to the line reader.
pub fn one_per_line(program: &Program, messages: &[&[u8]]) -> Finished {
    with_pipe(program.role(LINE_READER_ROLE), |writer, _| {
        for message in messages {
            let line = [message, &b"\n"[..]].concat();
            writer
                .write_all(&line)
                .expect("could not write to the pipe");
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives its bytes in pieces of the sizes `sizes` yields (at least 1), as a stream may.
    struct Pieces<I> {
        bytes: Vec<u8>,
        at: usize,
        sizes: I,
    }

    impl<I: Iterator<Item = usize>> Read for Pieces<I> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let size = self.sizes.next().unwrap_or(usize::MAX).max(1);
            let size = size.min(buf.len()).min(self.bytes.len() - self.at);
            buf[..size].copy_from_slice(&self.bytes[self.at..self.at + size]);
            self.at += size;
            Ok(size)
        }
    }

    /// A small seeded generator (splitmix64): the same seed, the same numbers, every run.
    fn numbers(mut seed: u64) -> impl Iterator<Item = u64> {
        std::iter::from_fn(move || {
            seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = seed;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            Some(z ^ (z >> 31))
        })
    }

    fn read_all(reader: &mut impl Read) -> Result<Vec<Vec<u8>>, FrameError> {
        std::iter::from_fn(|| read_frame(reader).transpose()).collect()
    }

    #[test]
    fn messages_split_at_random_places_come_out_whole_and_in_order() {
        for seed in 0..200 {
            let mut random = numbers(seed);
            // Lengths from 0 to 299; bytes of every value, newlines and zeros among them.
            let messages: Vec<Vec<u8>> = (0..20)
                .map(|_| {
                    let len = random.next().unwrap() % 300;
                    (0..len).map(|_| random.next().unwrap() as u8).collect()
                })
                .collect();
            let bytes: Vec<u8> = messages.iter().flat_map(|m| encode(m).unwrap()).collect();
            // Pieces of 1 to 7 bytes: cuts inside headers and messages, several frames per read.
            let sizes = numbers(seed + 1000).map(|n| (n % 7) as usize + 1);
            let mut reader = Pieces {
                bytes,
                at: 0,
                sizes,
            };
            let got = read_all(&mut reader).unwrap();
            assert_eq!(got, messages, "seed {seed}");
        }
    }

    #[test]
    fn a_frame_cut_short_is_truncated_with_its_numbers_and_delivers_nothing() {
        let frame = encode(b"0123456789").unwrap();
        let mut body_cut = Pieces {
            bytes: frame[..8].to_vec(),
            at: 0,
            sizes: 1..9,
        };
        let error = read_frame(&mut body_cut).unwrap_err();
        assert!(
            matches!(
                error,
                FrameError::Truncated {
                    expected: 14,
                    got: 8
                }
            ),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "the stream ended inside a frame: 8 of its 14 bytes came (its header announced 10 \
             bytes, 4 of them came); nothing of it was delivered"
        );
        let mut header_cut = Pieces {
            bytes: frame[..2].to_vec(),
            at: 0,
            sizes: 1..3,
        };
        let error = read_frame(&mut header_cut).unwrap_err();
        assert!(
            matches!(
                error,
                FrameError::Truncated {
                    expected: 4,
                    got: 2
                }
            ),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .contains("inside a frame's header: 2 of its 4 bytes")
        );
        // After whole frames, the end is clean: `None`, no error.
        let mut whole = Pieces {
            bytes: frame.clone(),
            at: 0,
            sizes: 1..3,
        };
        assert_eq!(read_all(&mut whole).unwrap(), [b"0123456789".to_vec()]);
    }

    #[test]
    fn an_oversized_header_is_refused_after_reading_the_header_alone() {
        let mut bytes = 70_000u32.to_be_bytes().to_vec();
        bytes.extend_from_slice(&[7; 70_000]);
        let mut reader = Counting::new(io::Cursor::new(bytes));
        let error = read_frame(&mut reader).unwrap_err();
        assert!(
            matches!(
                error,
                FrameError::TooLarge {
                    len: 70_000,
                    max: MAX_FRAME
                }
            ),
            "{error:?}"
        );
        assert_eq!(reader.total, HEADER, "not one byte of the message was read");
        assert!(
            error
                .to_string()
                .contains("70000 bytes, more than the 65536 allowed")
        );
    }

    #[test]
    fn the_longest_message_allowed_passes_and_one_more_byte_does_not() {
        let longest = vec![1; MAX_FRAME];
        let frame = encode(&longest).unwrap();
        assert_eq!(read_frame(&mut frame.as_slice()).unwrap(), Some(longest));
        let error = encode(&[1; MAX_FRAME + 1]).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn the_reads_of_a_message_are_the_lines_since_the_message_before_and_may_span_a_pause() {
        let lines = [
            "read 4 bytes (4 in all)",
            "message 1: 0 bytes \"\"",
            "read 4 bytes (8 in all)",
        ];
        let lines = lines.map(String::from);
        assert_eq!(reads_for(&lines, 1), &lines[..1]);
        assert!(reads_for(&lines, 2).is_empty(), "message 2 never came");
        assert_eq!(heard_all(&[b"", b"a"]), [heard(1, b""), heard(2, b"a")]);
        let reads = ["read 2 bytes (2 in all)", "read 2 bytes (4 in all)"].map(String::from);
        assert!(read_across_pause(&reads, 2));
        assert!(!read_across_pause(&reads, 4), "no read after the pause");
        assert!(!read_across_pause(&reads, 3), "no read of all 3 bytes");
    }

    #[test]
    fn a_text_too_long_to_split_into_two_whole_writes_is_refused() {
        assert_eq!(halves_fit("x".repeat(4000)).map(|t| t.len()), Ok(4000));
        let error = halves_fit("x".repeat(4001)).unwrap_err();
        assert_eq!(error, "--text must be at most 4000 bytes, got 4001");
    }

    #[test]
    fn the_refusals_of_the_lesson_say_their_numbers() {
        let refusal = "refused: the stream ended inside a frame: 8 of its 14 bytes came (its \
                       header announced 10 bytes, 4 of them came); nothing of it was delivered";
        assert_eq!(cut_short_said(), [heard(1, b"fine").as_str(), refusal]);
        let refusal = "refused: a frame announced a message of 4294967295 bytes, more than the \
                       65536 allowed: refused from its header alone, before reading or \
                       allocating the message";
        assert_eq!(oversized_said(), ["read 4 bytes (4 in all)", refusal]);
        assert_eq!(read_line(9, 38), format!("read 9 bytes {}", all_read(38)));
    }

    #[test]
    fn an_empty_message_is_a_header_alone_and_an_empty_stream_is_a_clean_end() {
        assert_eq!(encode(b"").unwrap(), [0, 0, 0, 0]);
        let mut two = [encode(b"").unwrap(), encode(b"\n").unwrap()].concat();
        let got = read_all(&mut two.as_slice()).unwrap();
        assert_eq!(got, [b"".to_vec(), b"\n".to_vec()]);
        two.clear();
        assert!(read_frame(&mut two.as_slice()).unwrap().is_none());
    }
}
