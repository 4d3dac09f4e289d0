//! The lesson `hello_sockets`: the lecture's server, which receives "Hello, server!" and answers
//! "Hello, client!", as a child that listens on TCP port 0 or on a Unix socket file, accepts one
//! client, says what each of its reads returned, and reads until the client shuts down its
//! writing half; and the client side: the lecture's client, the exchange over TCP and over a Unix
//! socket, one trait for both kinds of stream, and the lines to read back what the server did.

use std::fs;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use lesson_kit::process::{self, Args, Child, Error, Finished, Program, Role};

use crate::scratch::Scratch;

/// The role of the server ([`hello_server`]): TCP on 127.0.0.1, or `--unix PATH`.
pub const SERVER_ROLE: &str = "hello-server";

/// The roles this lesson's children play.
pub const ROLES: &[Role] = &[(SERVER_ROLE, hello_server)];

/// What the client sends, and what the server answers: the lecture's words.
pub const QUESTION: &str = "Hello, server!";
pub const ANSWER: &str = "Hello, client!";

/// The lecture's `recv(1024)`: at most this many bytes per read.
pub const RECV_SIZE: usize = 1024;

/// How long a read or a write may wait: a peer that neither sends nor closes is stuck.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// One exchange takes milliseconds; a server this slow is stuck, and is killed.
pub const LIMIT: Duration = Duration::from_secs(30);

/// The question in two parts, the second written only once the server has read the first.
pub const IN_TWO: [&str; 2] = ["Hello, ", "server!"];

/// The start of the server's first line over TCP; the port follows.
const LISTENING_TCP: &str = "server listening on 127.0.0.1 port ";

/// The server's first line over TCP, on `port`.
pub fn listening_on(port: u16) -> String {
    format!("{LISTENING_TCP}{port}")
}

/// The server's first line over a Unix socket at `path`.
pub fn listening_at(path: &Path) -> String {
    format!("server listening at {}", path.display())
}

/// The port in the server's first line over TCP, if `line` is that line.
pub fn port_in(line: &str) -> Option<u16> {
    line.strip_prefix(LISTENING_TCP)?.parse().ok()
}

/// What the server says after each read: how many bytes, and which.
pub fn read_report(bytes: &[u8]) -> String {
    format!(
        "server read {} bytes: {:?}",
        bytes.len(),
        String::from_utf8_lossy(bytes)
    )
}

/// The text of one read, if `line` is a [`read_report`] (of text without quotes or escapes, such
/// as the lecture's).
pub fn read_in(line: &str) -> Option<&str> {
    let (_, text) = line.strip_prefix("server read ")?.split_once(" bytes: ")?;
    text.strip_prefix('"')?.strip_suffix('"')
}

/// What the server says when the client's message is complete.
pub fn received(message: &str) -> String {
    format!("server received: {message}")
}

/// A connected stream, TCP or Unix: what the client and the server do with either.
pub trait Stream: Read + Write {
    /// Ends our writing half: the peer's next read returns 0 bytes, the end of the message.
    fn shutdown_write(&self) -> io::Result<()>;
    /// Makes every read and write give up after `limit`.
    fn time_out_after(&self, limit: Duration) -> io::Result<()>;
}

impl Stream for TcpStream {
    fn shutdown_write(&self) -> io::Result<()> {
        self.shutdown(Shutdown::Write)
    }

    fn time_out_after(&self, limit: Duration) -> io::Result<()> {
        self.set_read_timeout(Some(limit))?;
        self.set_write_timeout(Some(limit))
    }
}

impl Stream for UnixStream {
    fn shutdown_write(&self) -> io::Result<()> {
        self.shutdown(Shutdown::Write)
    }

    fn time_out_after(&self, limit: Duration) -> io::Result<()> {
        self.set_read_timeout(Some(limit))?;
        self.set_write_timeout(Some(limit))
    }
}

/// The role [`SERVER_ROLE`]: listens on TCP port 0 of 127.0.0.1, or with `--unix PATH` on a Unix
/// socket file at PATH; says where; answers one client ([`answer`]), and exits. `accept` has no
/// timeout in std: a client that never comes is the parent's to notice, and its deadline kills us.
fn hello_server(args: &Args) -> Result<(), String> {
    let path: Option<PathBuf> = args.optional("--unix")?;
    let served = match path {
        None => listen_on_port_0()
            .accept()
            .and_then(|(stream, _)| answer(stream)),
        Some(path) => {
            // Binding creates the socket file; nothing removes it but `remove_file`.
            let listener = UnixListener::bind(&path)
                .unwrap_or_else(|error| panic!("could not bind {}: {error}", path.display()));
            process::say(listening_at(&path));
            listener.accept().and_then(|(stream, _)| answer(stream))
        }
    };
    // A failure of the work itself panics, as any program's would.
    served.unwrap_or_else(|error| panic!("the exchange failed: {error}"));
    Ok(())
}

// ANCHOR: port_0
/// A TCP listener on 127.0.0.1, on the port the kernel picks when asked for port 0; says which.
/// The lecture's fixed 5000 fails whenever another program, or a second copy of this one, holds it.
fn listen_on_port_0() -> TcpListener {
    let listener = TcpListener::bind("127.0.0.1:0").expect("could not bind a TCP port");
    let port = listener
        .local_addr()
        .expect("a bound socket has an address")
        .port();
    process::say(listening_on(port));
    listener
}
// ANCHOR_END: port_0

// ANCHOR: answer
/// The lecture's server, with its one `recv(1024)` made a loop: a stream has no messages, only
/// bytes, so the message ends where the client says it ends, by shutting down its writing half.
fn answer(mut stream: impl Stream) -> io::Result<()> {
    stream.time_out_after(TIMEOUT)?;
    let mut message = Vec::new();
    let mut buffer = [0; RECV_SIZE];
    loop {
        // One read returns whatever has arrived so far: part of a message, or more than one.
        let read = stream.read(&mut buffer)?;
        if read == 0 {
            break; // the client's end of the message
        }
        process::say(read_report(&buffer[..read]));
        message.extend_from_slice(&buffer[..read]);
    }
    process::say(received(&String::from_utf8_lossy(&message)));
    stream.write_all(ANSWER.as_bytes())
    // Dropping the stream closes it: the client's read of the answer ends there.
}
// ANCHOR_END: answer

// ANCHOR: client
/// The lecture's client: writes `parts`, and after each but the last waits until the server has
/// read it; then shuts down its writing half, the end of the message, and reads the answer.
pub fn ask(mut stream: impl Stream, parts: &[&str], server: &mut Child) -> Result<String, Error> {
    stream
        .time_out_after(TIMEOUT)
        .expect("could not set a timeout");
    for (i, part) in parts.iter().enumerate() {
        stream.write_all(part.as_bytes()).expect("could not write");
        if i + 1 < parts.len() {
            wait_till_read(server, part.len())?; // nothing more is on its way meanwhile
        }
    }
    stream
        .shutdown_write()
        .expect("could not shut down the writing half");
    let mut answer = String::new();
    // The server closes the connection after its answer: that is where the answer ends.
    stream
        .read_to_string(&mut answer)
        .expect("could not read the answer");
    Ok(answer)
}
// ANCHOR_END: client

// ANCHOR: tcp
/// Asks a TCP server of `program` the question in `parts`; returns the exchange and the port.
pub fn over_tcp(program: &Program, parts: &[&str]) -> Result<(Exchange, u16), Error> {
    let (mut server, port) = start_tcp(program, LIMIT)?;
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("could not connect");
    let answer = ask(stream, parts, &mut server)?;
    let server = server.finish()?;
    Ok((Exchange { answer, server }, port))
}
// ANCHOR_END: tcp

// ANCHOR: unix
/// Asks a Unix socket server of `program` the question in `parts`, with its socket file in a
/// scratch folder, and looks at that file while the server listens and after it closed.
pub fn over_unix(program: &Program, parts: &[&str]) -> Result<(Exchange, SocketFile), Error> {
    let scratch = Scratch::new("sockets");
    let path = scratch.join("hello.sock");
    let launch = program.role(SERVER_ROLE).arg("--unix", path.display());
    let mut server = launch.start(LIMIT)?;
    server.wait_for_line(&listening_at(&path))?;
    let while_listening = is_socket(&path);
    let stream = UnixStream::connect(&path).expect("could not connect");
    let answer = ask(stream, parts, &mut server)?;
    let server = server.finish()?; // it closed its listener and exited
    let file = SocketFile::close_out(scratch, path, while_listening);
    Ok((Exchange { answer, server }, file))
}
// ANCHOR_END: unix

/// Waits until the server's reads add up to `bytes` bytes in all, and returns the text of each.
pub fn wait_till_read(server: &mut Child, bytes: usize) -> Result<Vec<String>, Error> {
    let mut reads: Vec<String> = Vec::new();
    while reads.iter().map(String::len).sum::<usize>() < bytes {
        let line = server.wait_for("a read report", |line| read_in(line).is_some())?;
        reads.extend(read_in(&line).map(str::to_owned));
    }
    Ok(reads)
}

/// Starts a TCP server of `program` (every wait on it ends by `limit`), and returns it with the
/// port the kernel gave it.
pub fn start_tcp(program: &Program, limit: Duration) -> Result<(Child, u16), Error> {
    let mut server = program.role(SERVER_ROLE).start(limit)?;
    let line = server.wait_for("its port", |line| port_in(line).is_some())?;
    let port = port_in(&line).expect("the line has a port");
    Ok((server, port))
}

/// Whether `path` is a socket file now.
pub fn is_socket(path: &Path) -> bool {
    path.symlink_metadata()
        .is_ok_and(|meta| meta.file_type().is_socket())
}

/// One exchange: what the client received, and the server's lines and end.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// What the client read back.
    pub answer: String,
    pub server: Finished,
}

impl Exchange {
    /// The text of each of the server's reads, in order.
    pub fn reads(&self) -> Vec<&str> {
        self.server
            .lines
            .iter()
            .filter_map(|line| read_in(line))
            .collect()
    }

    /// Prints the server's lines, then what the client received.
    pub fn print(&self) {
        for line in &self.server.lines {
            println!("   {line}");
        }
        println!("   client received: {}", self.answer);
    }

    /// What the server and the client received: `Hello, server! / Hello, client!`.
    pub fn received(&self) -> String {
        format!("{} / {}", self.reads().concat(), self.answer)
    }

    /// Whether the server received the question whole, answered, and ended well.
    pub fn as_in_the_lecture(&self) -> bool {
        self.answer == ANSWER
            && self.server.lines.contains(&received(QUESTION))
            && self.server.success()
    }
}

/// The Unix socket's file, looked at through an exchange.
#[derive(Debug, Clone)]
pub struct SocketFile {
    pub path: PathBuf,
    /// The scratch folder it was in, removed by now.
    pub folder: PathBuf,
    /// Whether it was a socket file while the server listened.
    pub while_listening: bool,
    /// Whether it was still there after the server had closed and exited.
    pub after_close: bool,
    /// What binding a new server to it said then.
    pub bind_again: Result<(), io::ErrorKind>,
    /// Whether it was still there after the lesson removed it.
    pub after_removal: bool,
}

impl SocketFile {
    // ANCHOR: socket_file
    /// Looks at the socket file at `path` once its server has closed, then removes it, and the
    /// scratch folder it is in. `while_listening`: whether it was a socket file while the server
    /// listened.
    ///
    /// # Panics
    /// If the file or the folder cannot be removed.
    pub fn close_out(scratch: Scratch, path: PathBuf, while_listening: bool) -> SocketFile {
        // Closing a Unix listener leaves its file behind, and the file keeps the path taken:
        // a new server's `bind` fails with "address in use" until someone removes it.
        let after_close = is_socket(&path);
        let bind_again = UnixListener::bind(&path)
            .map(drop)
            .map_err(|error| error.kind());
        fs::remove_file(&path).expect("could not remove the socket file");
        let after_removal = path.symlink_metadata().is_ok();
        let folder = scratch.path().to_path_buf();
        scratch
            .remove()
            .expect("could not remove the scratch folder");
        SocketFile {
            path,
            folder,
            while_listening,
            after_close,
            bind_again,
            after_removal,
        }
    }
    // ANCHOR_END: socket_file

    /// What became of the file: while the server listened, after it closed, after the removal.
    pub fn story(&self) -> [String; 2] {
        let listening = if self.while_listening {
            "a socket"
        } else {
            "none"
        };
        let there = |yes: bool| if yes { "still there" } else { "gone" };
        let (closed, removed) = (there(self.after_close), there(self.after_removal));
        let again = self.bind_again();
        [
            format!("its file while the server listened: {listening}; after it closed: {closed}"),
            format!("a new server binding it then: {again}; once the lesson removed it: {removed}"),
        ]
    }

    /// The file's fate in a few words: still there after its server closed (or gone), what
    /// binding it anew said, until the lesson removed it.
    pub fn fate(&self) -> String {
        let stayed = if self.after_close {
            "still there"
        } else {
            "gone"
        };
        let again = self.bind_again();
        format!("{stayed} (binding it anew: {again}) until the lesson removed it")
    }

    /// What binding a new server to the file said, in words.
    pub fn bind_again(&self) -> String {
        self.bind_again
            .map_or_else(|kind| kind.to_string(), |()| "bound".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_lines_read_back_as_they_were_said() {
        assert_eq!(port_in(&format!("{LISTENING_TCP}40123")), Some(40123));
        assert_eq!(port_in("server listening at /tmp/x.sock"), None);
        let report = read_report(b"Hello, ");
        assert_eq!(report, "server read 7 bytes: \"Hello, \"");
        assert_eq!(read_in(&report), Some("Hello, "));
        assert_eq!(read_in(&received(QUESTION)), None);
    }
}
