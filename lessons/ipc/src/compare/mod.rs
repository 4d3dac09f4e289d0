//! The same small messages from one process to another in four ways (the `ipc_compare` lesson):
//! a pipe, a Unix socket, TCP over loopback, and a ring buffer in shared memory.
//!
//! The parent sends messages of [`MESSAGE`] bytes, each carrying its index; the child, started
//! by [`run`], receives them, checks every one (its index in order, its content), and says how
//! many came and their checksum. The three streams are written either with one `write` per
//! message, a system call each, or through an 8 KiB `BufWriter`, 128 messages per call, and
//! read the same way (one `read_exact` per message, or through a `BufReader`). The ring needs no
//! system call per message: the two processes share its memory, and two atomic counters say
//! which slots are full.
//!
//! This file holds what every way shares: the messages, their checks, and what a run measured.
//! `ways.rs` sends them (the parent's side), `receiver.rs` receives them (the child),
//! `ring.rs` is the shared-memory ring, and `report.rs` puts the runs side by side with the floor
//! that no way can beat.

use std::fmt;
use std::time::Duration;

mod receiver;
mod report;
mod ring;
mod ways;

pub use receiver::{READY, RECEIVER_ROLE, ROLES, parse_received, received_line, receiver_on_pipe};
pub use report::{STREAMS, chart, in_one_process, micros_of, micros_per, table};
pub use ring::{Ring, SLOTS};
pub use ways::run;

/// The size of every message.
pub const MESSAGE: usize = 64;

/// Sending thousands of small messages takes milliseconds; a run that takes this long is stuck.
pub const LIMIT: Duration = Duration::from_secs(60);

/// Message `index`: the index in its first 8 bytes (most significant first), then 7 words of
/// 8 bytes that depend on the index, so that a message lost, doubled, swapped or garbled is
/// noticed. Built a word at a time: in a debug build, a loop over 64 single bytes would cost
/// more than some of the ways it is sent.
pub fn message(index: u64) -> [u8; MESSAGE] {
    let mut bytes = [0u8; MESSAGE];
    let seed = index.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for (at, word) in bytes.chunks_exact_mut(8).enumerate() {
        let value = if at == 0 {
            index
        } else {
            seed.rotate_left(at as u32 * 8) ^ at as u64
        };
        word.copy_from_slice(&value.to_be_bytes());
    }
    bytes
}

/// Whether `got` is message `index`, and if not, what is wrong with it.
pub fn check(index: u64, got: &[u8; MESSAGE]) -> Result<(), String> {
    if *got == message(index) {
        return Ok(());
    }
    let carried = u64::from_be_bytes(got[..8].try_into().expect("8 bytes"));
    if carried == index {
        Err(format!("message {index} arrived with its content changed"))
    } else {
        Err(format!(
            "message {index} arrived carrying index {carried}: lost, doubled or out of order"
        ))
    }
}

/// A checksum of the messages received, in order (FNV-1a over 8-byte words): the child reports
/// it, the parent compares it with the checksum of what it sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checksum(u64);

impl Checksum {
    pub fn new() -> Self {
        Checksum(0xcbf2_9ce4_8422_2325)
    }

    pub fn add(&mut self, message: &[u8; MESSAGE]) {
        for word in message.chunks_exact(8) {
            let word = u64::from_be_bytes(word.try_into().expect("8 bytes"));
            self.0 = (self.0 ^ word).wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub fn value(self) -> u64 {
        self.0
    }

    /// The checksum of messages `0..count`: what the child must report.
    pub fn of_messages(count: u64) -> u64 {
        let mut sum = Checksum::new();
        (0..count).for_each(|index| sum.add(&message(index)));
        sum.value()
    }
}

impl Default for Checksum {
    fn default() -> Self {
        Checksum::new()
    }
}

/// One way from a process to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Pipe,
    UnixSocket,
    Tcp,
    SharedMemory,
}

impl Transport {
    /// Its name in the child's arguments.
    fn flag(self) -> &'static str {
        match self {
            Transport::Pipe => "pipe",
            Transport::UnixSocket => "unix",
            Transport::Tcp => "tcp",
            Transport::SharedMemory => "ring",
        }
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Transport::Pipe => "pipe",
            Transport::UnixSocket => "Unix socket",
            Transport::Tcp => "TCP over loopback",
            Transport::SharedMemory => "shared memory ring",
        })
    }
}

impl std::str::FromStr for Transport {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let all = [
            Transport::Pipe,
            Transport::UnixSocket,
            Transport::Tcp,
            Transport::SharedMemory,
        ];
        all.into_iter()
            .find(|transport| transport.flag() == text)
            .ok_or_else(|| "expected pipe, unix, tcp or ring".to_owned())
    }
}

/// How a stream is written (and read): one system call per message, or through 8 KiB buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writes {
    /// One `write` per message, and one `read_exact` per message on the other side.
    EachMessage,
    /// Through std's `BufWriter` and `BufReader` with their default 8 KiB: 128 messages a call.
    Batched,
}

/// Every run of the lesson: each stream both ways, and the ring (which makes no system call per
/// message either way, so it runs once).
pub const RUNS: [(Transport, Writes); 7] = [
    (Transport::Pipe, Writes::EachMessage),
    (Transport::UnixSocket, Writes::EachMessage),
    (Transport::Tcp, Writes::EachMessage),
    (Transport::Pipe, Writes::Batched),
    (Transport::UnixSocket, Writes::Batched),
    (Transport::Tcp, Writes::Batched),
    (Transport::SharedMemory, Writes::EachMessage),
];

/// What one run measured and what the child said.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub transport: Transport,
    pub writes: Writes,
    /// How many messages the child received, checked, and the checksum of their bytes.
    pub count: u64,
    pub checksum: u64,
    /// From the first message sent to the child's report that it checked the last, by the
    /// parent's clock.
    pub elapsed: Duration,
    /// The child's process id.
    pub pid: u32,
}

impl Outcome {
    /// The time per message, in microseconds.
    pub fn micros_per_message(&self) -> f64 {
        micros_per(self.elapsed, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_out_of_place_or_changed_is_named() {
        assert_eq!(check(7, &message(7)), Ok(()));
        let why = check(7, &message(8)).unwrap_err();
        assert_eq!(
            why,
            "message 7 arrived carrying index 8: lost, doubled or out of order"
        );
        let mut changed = message(7);
        changed[40] ^= 1;
        assert_eq!(
            check(7, &changed).unwrap_err(),
            "message 7 arrived with its content changed"
        );
        assert_ne!(
            message(1)[8..],
            message(2)[8..],
            "contents differ, not only indices"
        );
    }
}
