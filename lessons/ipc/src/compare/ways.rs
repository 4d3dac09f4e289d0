//! The parent's side of each way, for the `ipc_compare` lesson ([`run`]): make the transport,
//! start the child at its other end, send the messages, and time them until the child's report.

use std::io::{self, BufWriter, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::net::UnixListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::process::{Launch, Program};

use super::receiver::{READY, RECEIVER_ROLE, parse_received};
use super::{LIMIT, Outcome, Ring, Transport, Writes, message};
use crate::scratch::Scratch;

/// Sends `messages` messages to a child by `transport`, written as `writes` says, and waits for
/// its report; files (a socket, the ring) go into `scratch`.
pub fn run(
    program: &Program,
    transport: Transport,
    writes: Writes,
    messages: u64,
    scratch: &Scratch,
) -> Result<Outcome, String> {
    let launch = program
        .role(RECEIVER_ROLE)
        .named(transport.to_string())
        .arg("--transport", transport.flag())
        .arg("--messages", messages);
    let launch = match writes {
        Writes::EachMessage => launch,
        Writes::Batched => launch.switch("--batched"),
    };
    let name = |ending: &str| scratch.join(&format!("{}-{writes:?}.{ending}", transport.flag()));
    let (launch, mut sender) = prepare(launch, transport, &name)?;
    let mut child = launch.start(LIMIT).map_err(|error| error.to_string())?;
    child
        .wait_for_line(READY)
        .map_err(|error| error.to_string())?;
    if let Sender::Listening(listener) = sender {
        sender = Sender::Stream(accept(listener)?);
    }
    // ANCHOR: timed
    // The clock runs from the first message to the child's report that it checked the last one
    // (the report's own trip, a few µs, is shared out over all the messages). The messages go
    // from a thread of their own, so that this one can wait for the report with a deadline.
    let stop = AtomicBool::new(false);
    let (line, elapsed) = thread::scope(|scope| {
        let start = Instant::now();
        let sending = scope.spawn(|| sender.send(messages, writes, &stop));
        let line = child.wait_for("its count and checksum", |line| {
            parse_received(line).is_some()
        });
        let elapsed = start.elapsed();
        // If the child failed, the kit has killed it: a stream's write fails now; the ring's
        // sender waits for no one once told to stop.
        stop.store(true, Ordering::Relaxed);
        let sent = sending.join().expect("the sending thread panicked");
        let line = line.map_err(|error| error.to_string())?;
        sent.map_err(|error| format!("sending failed: {error}"))?;
        Ok::<_, String>((line, elapsed))
    })?;
    // ANCHOR_END: timed
    let pid = child.pid();
    child
        .finish()
        .and_then(|finished| finished.ok())
        .map_err(|error| error.to_string())?;
    let (count, checksum) = parse_received(&line).expect("checked by the wait");
    Ok(Outcome {
        transport,
        writes,
        count,
        checksum,
        elapsed,
        pid,
    })
}

/// The parent's end of a transport.
enum Sender {
    Stream(Box<dyn Write + Send>),
    Listening(Listener),
    Ring(Ring),
}

enum Listener {
    Unix(UnixListener),
    Tcp(TcpListener),
}

/// Makes the transport, and tells the child where to find its end.
fn prepare(
    launch: Launch,
    transport: Transport,
    name: &dyn Fn(&str) -> std::path::PathBuf,
) -> Result<(Launch, Sender), String> {
    let failed = |error: io::Error| format!("could not set up the {transport}: {error}");
    Ok(match transport {
        Transport::Pipe => {
            let (reader, writer) = io::pipe().map_err(failed)?;
            (launch.stdin_from(reader), Sender::Stream(Box::new(writer)))
        }
        Transport::UnixSocket => {
            let path = name("sock");
            let listener = UnixListener::bind(&path).map_err(failed)?;
            let launch = launch.arg("--path", path.display());
            (launch, Sender::Listening(Listener::Unix(listener)))
        }
        Transport::Tcp => {
            // Port 0: the system picks a free port, and the child is told which.
            let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(failed)?;
            let port = listener.local_addr().map_err(failed)?.port();
            let launch = launch.arg("--port", port);
            (launch, Sender::Listening(Listener::Tcp(listener)))
        }
        Transport::SharedMemory => {
            let path = name("ring");
            let ring = Ring::create(&path).map_err(failed)?;
            (launch.arg("--path", path.display()), Sender::Ring(ring))
        }
    })
}

/// Takes the connection of a child that said it connected. Its connection is in the listener's
/// queue, or about to be (on a busy machine, the kernel may finish TCP's handshake a moment
/// later). A blocking `accept` would wait for ever if the child died first: this one asks without
/// blocking, every millisecond, until the deadline.
fn accept(listener: Listener) -> Result<Box<dyn Write + Send>, String> {
    let failed = |error: io::Error| format!("no connection from the child that connected: {error}");
    let deadline = Instant::now() + LIMIT;
    Ok(match listener {
        Listener::Unix(listener) => {
            listener.set_nonblocking(true).map_err(failed)?;
            let (stream, _) = within(deadline, || listener.accept()).map_err(failed)?;
            stream.set_nonblocking(false).map_err(failed)?;
            stream.set_write_timeout(Some(LIMIT)).map_err(failed)?;
            Box::new(stream)
        }
        Listener::Tcp(listener) => {
            listener.set_nonblocking(true).map_err(failed)?;
            let (stream, _) = within(deadline, || listener.accept()).map_err(failed)?;
            stream.set_nonblocking(false).map_err(failed)?;
            stream.set_write_timeout(Some(LIMIT)).map_err(failed)?;
            // Every write leaves at once, as its own segment: Nagle's algorithm would otherwise
            // hold small writes back and merge them, batching what this run means to send singly.
            stream.set_nodelay(true).map_err(failed)?;
            Box::new(stream)
        }
    })
}

/// Calls `attempt` until it does not say "would block", pausing a millisecond in between, and
/// at most until `deadline`; then its last answer stands.
fn within<T>(deadline: Instant, attempt: impl Fn() -> io::Result<T>) -> io::Result<T> {
    loop {
        match attempt() {
            Err(error)
                if error.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline =>
            {
                thread::sleep(Duration::from_millis(1));
            }
            answer => return answer,
        }
    }
}

impl Sender {
    /// Sends messages `0..messages`, then closes: a stream's reader sees its end.
    fn send(self, messages: u64, writes: Writes, stop: &AtomicBool) -> io::Result<()> {
        match self {
            Sender::Stream(stream) if writes == Writes::Batched => {
                write_messages(BufWriter::new(stream), messages)
            }
            Sender::Stream(stream) => write_messages(stream, messages),
            Sender::Listening(_) => unreachable!("a listener is replaced by its connection"),
            Sender::Ring(mut ring) => {
                let deadline = Instant::now() + LIMIT;
                for index in 0..messages {
                    ring.send(&message(index), deadline, stop)
                        .map_err(io::Error::other)?;
                }
                ring.close();
                Ok(())
            }
        }
    }
}

// ANCHOR: write_messages
/// Writes messages `0..messages` to `stream`. Given the stream itself, every message is one
/// `write` system call; given a `BufWriter`, the messages gather in its 8 KiB buffer and go 128
/// at a time. Either way, `flush` before the stream closes: a `BufWriter` that is dropped
/// flushes too, but cannot say if that failed.
fn write_messages(mut stream: impl Write, messages: u64) -> io::Result<()> {
    for index in 0..messages {
        stream.write_all(&message(index))?;
    }
    stream.flush()
}
// ANCHOR_END: write_messages
