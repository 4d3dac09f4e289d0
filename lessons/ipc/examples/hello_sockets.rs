//! Lesson: the lecture's sockets, exactly: a server receives "Hello, server!" and answers
//! "Hello, client!"; over TCP, and over a Unix socket. Then what its `recv(1024)` gets wrong.
//!
//! The lecture's server binds localhost:5000 and takes the client's message with one
//! `recv(1024)`. Two things go wrong in real programs. A fixed port fails whenever another program
//! holds it: bind port 0, and the kernel picks a free one (the server says which). And TCP is a
//! byte stream, not a stream of messages: one read returns whatever bytes have arrived. Here the
//! client writes "Hello, " and waits until the server has read it before writing "server!", so
//! the server's first read holds "Hello, " only, every run: one `recv` would have taken half the
//! message. The server here reads until the client shuts down its writing half (end of input);
//! a length sent first is the other way (the lesson `framed_messages`). A Unix socket is a file:
//! it stays after the server closes, and a new server cannot bind it until someone removes it.
//!
//! Run: `cargo run --example hello_sockets`

use ipc::child::ROLES;
use ipc::scratch::left_behind;
use ipc::socket::{IN_TWO, QUESTION, over_tcp, over_unix};
use lesson_kit::Figure;
use lesson_kit::cli;
use lesson_kit::process::{self, Program};

const USAGE: &str = "\
The lecture's exchange over TCP and over a Unix socket, and one message that takes two reads.

usage: cargo run --example hello_sockets

  -h, --help  show this text
";

fn main() {
    process::play_if_child(&ROLES);
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));
    println!("The lecture's exchange: a child is the server, the lesson is the client.\n");
    println!("1. TCP on 127.0.0.1, port 0 (the lecture's fixed 5000 may be taken):");
    let tcp = over_tcp(&Program::this(), &[QUESTION]);
    let (tcp, port) = tcp.unwrap_or_else(|error| panic!("TCP failed: {error}"));
    tcp.print();
    println!("\n2. A Unix socket, a file in a scratch folder:");
    let unix = over_unix(&Program::this(), &[QUESTION]);
    let (unix, file) = unix.unwrap_or_else(|error| panic!("Unix failed: {error}"));
    unix.print();
    file.story().iter().for_each(|line| println!("   {line}"));
    println!("\n3. TCP, the question in two writes, the second once the server read the first:");
    let split = over_tcp(&Program::this(), &IN_TWO);
    let (split, _) = split.unwrap_or_else(|error| panic!("the split failed: {error}"));
    split.print();
    let reads = split.reads();
    println!(
        "   the lecture's one recv(1024) would have returned {:?}\n",
        reads[0]
    );

    let (tcp_got, unix_got) = (tcp.received(), unix.received());
    Figure::new("what the server / the client received")
        .notes("Hello, server! / Hello, client! (TCP, localhost:5000)")
        .this_run(format!("{tcp_got} (TCP, port {port}); {unix_got} (Unix)"))
        .ideal("Hello, server! / Hello, client!, over either")
        .print();
    Figure::new("reads that took one message written in two parts")
        .notes("1: one recv(1024) takes the message")
        .this_run(format!("{}: {reads:?}", reads.len()))
        .ideal("as many as it takes: read to the end of input, or to a length sent first")
        .print();
    Figure::new("the Unix socket's file after its server closed")
        .notes("not covered")
        .this_run(file.fate())
        .ideal("removed by the program that made it, or before binding anew")
        .print();

    // ANCHOR: asserts
    for (how, exchange) in [("TCP", &tcp), ("Unix", &unix), ("split", &split)] {
        let (lines, as_said) = (&exchange.server.lines, exchange.as_in_the_lecture());
        assert!(as_said, "expected the lecture's words ({how}): {lines:?}");
    }
    assert_eq!(reads, IN_TWO, "expected one read for each write");
    assert!(file.while_listening, "expected a socket file while serving");
    assert!(file.after_close, "expected the file to outlive its server");
    let in_use = Err(std::io::ErrorKind::AddrInUse);
    assert_eq!(file.bind_again, in_use, "expected binding anew to fail");
    assert!(!file.after_removal, "expected the file gone after removal");
    let pids = [tcp.server.pid, unix.server.pid, split.server.pid];
    let left = left_behind(&[&file.path, &file.folder], &pids);
    assert!(left.is_empty(), "expected nothing left, got {left:?}");
    // ANCHOR_END: asserts
    println!("\nAs expected: the lecture's words came across both ways, the two writes took two");
    println!("reads, and the socket's file stayed until the lesson removed it.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use ipc::socket::start_tcp;
    use ipc::socket::{ANSWER, LIMIT, ask, listening_at, listening_on, read_report, received};
    use std::net::TcpStream;

    fn child() -> Program {
        Program::at(env!("CARGO_BIN_EXE_ipc-child"))
    }

    #[test]
    fn the_lecture_exchange_is_exact_over_tcp_and_over_a_unix_socket() {
        let (tcp, port) = over_tcp(&child(), &[QUESTION]).unwrap();
        let (unix, file) = over_unix(&child(), &[QUESTION]).unwrap();
        for (exchange, listening) in [(tcp, listening_on(port)), (unix, listening_at(&file.path))] {
            assert_eq!(exchange.answer, ANSWER);
            let lines = &exchange.server.lines;
            assert_eq!(lines.first(), Some(&listening));
            assert_eq!(lines.last(), Some(&received(QUESTION)));
            assert_eq!(exchange.reads().concat(), QUESTION, "{lines:?}");
            assert!(exchange.server.success(), "{}", exchange.server.ending());
        }
    }

    #[test]
    fn two_servers_at_once_get_different_ports_from_port_0() {
        let (mut one, first) = start_tcp(&child(), LIMIT).unwrap();
        let (mut two, second) = start_tcp(&child(), LIMIT).unwrap();
        assert_ne!(first, second);
        for (server, port) in [(&mut one, first), (&mut two, second)] {
            let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
            assert_eq!(ask(stream, &[QUESTION], server).unwrap(), ANSWER);
        }
        for server in [one, two] {
            assert!(server.finish().unwrap().success());
        }
    }

    #[test]
    fn one_message_written_in_two_parts_arrives_in_two_reads() {
        let (tcp, _) = over_tcp(&child(), &IN_TWO).unwrap();
        let (unix, _) = over_unix(&child(), &IN_TWO).unwrap();
        for exchange in [tcp, unix] {
            assert_eq!(exchange.reads(), IN_TWO);
            assert_eq!(exchange.server.lines[1], read_report(IN_TWO[0].as_bytes()));
            assert!(exchange.as_in_the_lecture(), "{exchange:?}");
        }
    }

    #[test]
    fn the_unix_socket_file_outlives_its_server_until_the_lesson_removes_it() {
        let (_, file) = over_unix(&child(), &[QUESTION]).unwrap();
        assert!(file.while_listening && file.after_close, "{file:?}");
        assert_eq!(file.bind_again, Err(std::io::ErrorKind::AddrInUse));
        assert!(!file.after_removal);
    }

    #[test]
    fn nothing_is_left_behind() {
        let (tcp, _) = over_tcp(&child(), &[QUESTION]).unwrap();
        let (unix, file) = over_unix(&child(), &IN_TWO).unwrap();
        let pids = [tcp.server.pid, unix.server.pid];
        let left = left_behind(&[&file.path, &file.folder], &pids);
        assert_eq!(left, Vec::<String>::new());
    }
}
