//! The runs of the `ipc_compare` lesson side by side: the time per message of each, as a table
//! and as a chart, and the floor that no way can beat, the receiver's own work with no IPC.

use std::hint::black_box;
use std::time::{Duration, Instant};

use lesson_kit::plot::Bars;

use super::{Checksum, MESSAGE, Outcome, SLOTS, Transport, Writes, check, message};

/// `elapsed` shared out over `count` messages, in microseconds.
pub fn micros_per(elapsed: Duration, count: u64) -> f64 {
    elapsed.as_secs_f64() * 1e6 / count.max(1) as f64
}

/// The ideal, a floor no way can beat: the receiver's own work, with no IPC. Sender and
/// receiver run at the same time, each on its core, so a run can go no faster than the busier of
/// the two, the receiver: it copies each message out of a slot, checks it against the message it
/// expects (which it builds, as the sender built the one sent), and adds it to the checksum. This
/// times that work alone in one process, on messages put in the slots beforehand (untimed: on the
/// sender's side of the run), the best of three tries. Returns the time taken and the checksum.
pub fn in_one_process(messages: u64) -> (Duration, u64) {
    // The best of three tries: a floor is the fastest the work goes, not a slow moment's time.
    let tries = (0..3).map(|_| receiver_work(messages));
    tries.min_by_key(|(took, _)| *took).expect("three tries")
}

/// One try of [`in_one_process`].
fn receiver_work(messages: u64) -> (Duration, u64) {
    let mut slots = vec![[0u8; MESSAGE]; SLOTS as usize];
    let (mut timed, mut sum) = (Duration::ZERO, Checksum::new());
    for first in (0..messages).step_by(SLOTS as usize) {
        let indices = first..(first + SLOTS).min(messages);
        for index in indices.clone() {
            slots[(index % SLOTS) as usize] = message(index);
        }
        let start = Instant::now();
        for index in indices {
            // `black_box`: the optimizer must not skip a copy it can see through.
            let got = black_box(slots[(index % SLOTS) as usize]);
            check(index, &got).unwrap_or_else(|why| panic!("{why}"));
            sum.add(&got);
        }
        timed += start.elapsed();
    }
    (timed, sum.value())
}

/// The microseconds per message of the run of `transport` written as `writes`, if it ran.
pub fn micros_of(outcomes: &[Outcome], transport: Transport, writes: Writes) -> f64 {
    let outcome = outcomes
        .iter()
        .find(|outcome| (outcome.transport, outcome.writes) == (transport, writes));
    outcome.map_or(f64::NAN, Outcome::micros_per_message)
}

/// The three streams.
pub const STREAMS: [Transport; 3] = [Transport::Pipe, Transport::UnixSocket, Transport::Tcp];

/// The runs as a table: a row per way, a column per way of writing; then the ideal, `floor`.
pub fn table(outcomes: &[Outcome], floor: f64) -> String {
    let micros = |transport, writes| micros_of(outcomes, transport, writes);
    let mut table =
        String::from("µs per message        one write per message   through 8 KiB buffers\n");
    for transport in STREAMS {
        let one = micros(transport, Writes::EachMessage);
        let buffered = micros(transport, Writes::Batched);
        let name = transport.to_string();
        table += &format!("{name:<20}  {one:>8.3}                {buffered:>8.3}\n");
    }
    let ring = micros(Transport::SharedMemory, Writes::EachMessage);
    table += &format!("shared memory ring    {ring:>8.3}  (no system call per message)\n");
    table + &format!("in one process        {floor:>8.3}  (the receiver's work alone, no IPC)\n")
}

/// The runs as a bar chart, the ideal `floor` last.
pub fn chart(outcomes: &[Outcome], floor: f64, messages: u64) -> Bars {
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let title = format!("time per {MESSAGE}-byte message ({messages} messages, {build} build)");
    let mut chart = Bars::new(title, "µs per message");
    let ways = [
        (Writes::EachMessage, "one write per message", ""),
        (Writes::Batched, "8 KiB buffers", ", buffered"),
    ];
    for (writes, series, suffix) in ways {
        for transport in STREAMS {
            let micros = micros_of(outcomes, transport, writes);
            chart = chart.measured(&format!("{transport}{suffix}"), series, micros);
        }
    }
    let ring = micros_of(outcomes, Transport::SharedMemory, Writes::EachMessage);
    chart
        .measured("shared memory ring", "no system call", ring)
        .ideal("in one process", floor)
}
