//! The child of the `ipc_compare` lesson: it receives the messages by the way it is told, checks
//! each, and reports how many came and their checksum.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use lesson_kit::process::{self, Args, Child, Program, Role};

use super::{Checksum, LIMIT, MESSAGE, Ring, Transport, check};

/// The child that receives, checks and counts the messages.
pub const RECEIVER_ROLE: &str = "compare-receiver";
/// What the child says once it can receive: connected, mapped, or (a pipe) at once.
pub const READY: &str = "ready to receive";

/// The roles this lesson's children play.
pub const ROLES: &[Role] = &[(RECEIVER_ROLE, receiver)];

/// The child's report: how many messages it received and checked, and their checksum.
pub fn received_line(count: u64, checksum: u64) -> String {
    format!("received {count} messages, checksum {checksum:016x}")
}

/// The count and checksum of a [`received_line`].
pub fn parse_received(line: &str) -> Option<(u64, u64)> {
    let rest = line.strip_prefix("received ")?;
    let (count, checksum) = rest.split_once(" messages, checksum ")?;
    Some((count.parse().ok()?, u64::from_str_radix(checksum, 16).ok()?))
}

/// Receives `--messages` messages by `--transport`, checks each, and says how many and their
/// checksum. A message that is not the next one expected is a failure of the work: a panic.
fn receiver(args: &Args) -> Result<(), String> {
    let transport: Transport = args.get("--transport")?;
    let messages: u64 = args.get("--messages")?;
    let batched = args.has("--batched");
    let failed = |error: io::Error| format!("could not open the {transport}: {error}");
    let checksum = if transport == Transport::SharedMemory {
        let path: String = args.get("--path")?;
        let ring = Ring::open(Path::new(&path)).map_err(failed)?;
        process::say(READY);
        receive_ring(ring, messages)
    } else {
        let stream: Box<dyn Read> = match transport {
            Transport::Pipe => {
                // The pipe is this process's standard input; a copy of it as a plain file, so
                // that no buffer of std's `Stdin` stands between the reads and the pipe.
                let fd = io::stdin().as_fd().try_clone_to_owned().map_err(failed)?;
                Box::new(File::from(fd))
            }
            Transport::UnixSocket => {
                let path: String = args.get("--path")?;
                let stream = UnixStream::connect(path).map_err(failed)?;
                stream.set_read_timeout(Some(LIMIT)).map_err(failed)?;
                Box::new(stream)
            }
            _ => {
                let port: u16 = args.get("--port")?;
                let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
                let stream = TcpStream::connect_timeout(&address, LIMIT).map_err(failed)?;
                stream.set_read_timeout(Some(LIMIT)).map_err(failed)?;
                Box::new(stream)
            }
        };
        process::say(READY);
        if batched {
            receive_stream(BufReader::new(stream), messages)
        } else {
            receive_stream(stream, messages)
        }
    };
    process::say(received_line(messages, checksum));
    Ok(())
}

/// Reads `messages` messages from `stream`, checking each, then its end: nothing more may come.
fn receive_stream(mut stream: impl Read, messages: u64) -> u64 {
    let mut sum = Checksum::new();
    let mut got = [0u8; MESSAGE];
    for index in 0..messages {
        stream
            .read_exact(&mut got)
            .unwrap_or_else(|error| panic!("message {index} of {messages} did not come: {error}"));
        check(index, &got).unwrap_or_else(|why| panic!("{why}"));
        sum.add(&got);
    }
    match stream.read(&mut got) {
        Ok(0) => sum.value(),
        Ok(_) => panic!("more than {messages} messages came"),
        Err(error) => panic!("the stream did not end after {messages} messages: {error}"),
    }
}

/// Takes `messages` messages from the ring, checking each, then waits for the sender to close
/// it, and checks that no more came.
fn receive_ring(mut ring: Ring, messages: u64) -> u64 {
    let deadline = Instant::now() + LIMIT;
    let never = AtomicBool::new(false);
    let mut sum = Checksum::new();
    for index in 0..messages {
        let got = ring
            .receive(deadline, &never)
            .unwrap_or_else(|why| panic!("{why}"));
        check(index, &got).unwrap_or_else(|why| panic!("{why}"));
        sum.add(&got);
    }
    let sent = ring
        .wait_closed(deadline)
        .unwrap_or_else(|why| panic!("{why}"));
    assert_eq!(
        sent, messages,
        "the sender put {sent} messages in the ring, not {messages}"
    );
    sum.value()
}

/// Starts the lesson's child to receive `messages` messages from `input`, a pipe's read end: for
/// a test that sends it something wrong on purpose.
pub fn receiver_on_pipe(
    program: &Program,
    messages: u64,
    input: io::PipeReader,
) -> Result<Child, String> {
    program
        .role(RECEIVER_ROLE)
        .arg("--transport", Transport::Pipe.flag())
        .arg("--messages", messages)
        .stdin_from(input)
        .start(LIMIT)
        .map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{in_one_process, message};

    #[test]
    fn the_report_line_reads_back_and_the_checksum_depends_on_order() {
        let line = received_line(500, 0x0123_4567_89ab_cdef);
        assert_eq!(parse_received(&line), Some((500, 0x0123_4567_89ab_cdef)));
        assert_eq!(parse_received("ready to receive"), None);
        let (mut ab, mut ba) = (Checksum::new(), Checksum::new());
        [0, 1].iter().for_each(|&index| ab.add(&message(index)));
        [1, 0].iter().for_each(|&index| ba.add(&message(index)));
        assert_ne!(ab, ba);
        assert_eq!(in_one_process(3000).1, Checksum::of_messages(3000));
    }
}
