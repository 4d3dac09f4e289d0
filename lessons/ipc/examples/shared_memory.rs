//! Lesson: two processes map one file into their memory and add to one counter in it: in two
//! steps (load, then store) updates are lost; with one `fetch_add` none is.
//!
//! Every other way between processes copies bytes through the kernel; shared memory copies
//! nothing: a file mapped with `MAP_SHARED` by two processes is the same physical pages in both,
//! and what one stores the other sees at once. That is also its danger: whatever two processes
//! touch there at the same time needs the same care as memory shared by two threads, and fewer
//! tools are on offer (std's `Mutex` is not one of them; see the chapter). Here the only tool is
//! atomics: a load then a store loses the other process's updates, a `fetch_add` loses none.
//!
//! Run: `cargo run --example shared_memory` (try `-- --count 10000000`).

use std::time::{Duration, Instant};

use ipc::child::ROLES;
use ipc::memory::{Adding, count_in_two, pass_a_note};
use ipc::scratch::{Scratch, left_behind};
use lesson_kit::cli;
use lesson_kit::process::{self, Program};
use lesson_kit::{Figure, seconds};

const USAGE: &str = "\
Two processes add to one counter in a shared memory map: load then store, then fetch_add.

usage: cargo run --example shared_memory -- [--count N]

  --count N   how many times each of the two processes adds 1 (default 1000000, from 1000 to
              100000000)
  -h, --help  show this text
";

/// Adding a million times takes milliseconds; only a stuck child takes this long.
const LIMIT: Duration = Duration::from_secs(60);

/// The note one child passes to the other through the map.
const NOTE: u64 = 42;

fn main() {
    process::play_if_child(&ROLES);
    let count: u64 = cli::only_number(USAGE, "count", 1_000_000, 1_000..=100_000_000);
    let program = Program::this();
    let scratch = Scratch::new("shared-counter");
    let folder = scratch.path().to_path_buf();

    println!("1. One memory in two processes: the writer stores {NOTE} in the map and keeps it");
    println!("   open; the reader, started only then, reads the note and answers in it.");
    let note = pass_a_note(&program, &scratch.join("note"), NOTE, LIMIT);
    for (who, line) in &note.said {
        println!("   {who} said: {line}");
    }

    println!("\n2. Two processes add 1, {count} times each, to one counter in the map:");
    let mut runs = Vec::new();
    for way in [Adding::LoadStore, Adding::FetchAdd] {
        let started = Instant::now();
        let counted = count_in_two(&program, &scratch.join(&way.to_string()), count, way, LIMIT);
        let (total, lost, took) = (counted.total, counted.lost(count), started.elapsed());
        println!(
            "   {way:<10}  counter {total:>8} ({lost} updates lost) in {}",
            seconds(took)
        );
        runs.push((counted, lost));
    }
    let [(racy, racy_lost), (atomic, _)] = &runs[..] else {
        unreachable!("two runs")
    };
    println!();

    let title = |way: &str| format!("the counter after 2 × {count} additions, {way}");
    Figure::new(title("load then store"))
        .notes("not measured")
        .this_run(format!("{} ({racy_lost} updates lost)", racy.total))
        .ideal(2 * count)
        .print();
    Figure::new(title("fetch_add"))
        .notes("not measured")
        .this_run(atomic.total)
        .ideal(2 * count)
        .print();
    scratch
        .remove()
        .expect("could not remove the scratch folder");

    // ANCHOR: asserts
    assert_eq!(
        (note.read, note.read_back),
        (NOTE, NOTE + 1),
        "expected each child to see what the other stored in the map"
    );
    for counted in [racy, atomic] {
        assert!(
            counted.met_halfway,
            "expected both adders to add at one moment"
        );
    }
    // Lost updates are likely, never certain: on a busy machine the two may not interleave.
    assert!(
        racy.total <= 2 * count,
        "expected at most {}, got {}",
        2 * count,
        racy.total
    );
    assert_eq!(
        atomic.total,
        2 * count,
        "expected fetch_add to lose no update"
    );
    let pids = [&note.pids[..], &racy.pids, &atomic.pids].concat();
    let left = left_behind(&[&folder], &pids);
    assert!(left.is_empty(), "expected nothing left behind: {left:?}");
    // ANCHOR_END: asserts
    println!("\nAs expected: both processes saw one memory; a load then a store let {racy_lost}");
    println!("updates be overwritten, and fetch_add lost none.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const CHILD: &str = env!("CARGO_BIN_EXE_ipc-child");

    /// Enough additions that two adders surely overlap, few enough for a debug build.
    const TIMES: u64 = 200_000;

    /// Removes `scratch`, and checks that neither it nor the mapped file at `path` nor any of the
    /// processes `pids` is left.
    fn nothing_left(scratch: Scratch, path: &Path, pids: &[u32]) {
        let folder = scratch.path().to_path_buf();
        scratch
            .remove()
            .expect("could not remove the scratch folder");
        let left = left_behind(&[&folder, path], pids);
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn two_processes_see_one_memory() {
        let scratch = Scratch::new("test-note");
        let path = scratch.join("note");
        let note = pass_a_note(&Program::at(CHILD), &path, 7, LIMIT);
        assert_eq!((note.stored, note.read, note.read_back), (7, 7, 8));
        let said: Vec<String> = (note.said.iter())
            .map(|(who, line)| format!("{who}: {line}"))
            .collect();
        assert_eq!(
            said,
            [
                "writer: stored 7",
                "reader: read 7",
                "reader: stored 8",
                "writer: now reads 8"
            ]
        );
        nothing_left(scratch, &path, &note.pids);
    }

    /// Two adders, `way`, in a scratch folder of their own; checks that they met halfway and
    /// that nothing is left behind, and returns the counter.
    fn count(way: Adding) -> u64 {
        let scratch = Scratch::new(&format!("test-{way}"));
        let path = scratch.join("counter");
        let counted = count_in_two(&Program::at(CHILD), &path, TIMES, way, LIMIT);
        assert!(counted.met_halfway, "the adders did not meet halfway");
        assert_eq!(counted.pids.len(), 2);
        nothing_left(scratch, &path, &counted.pids);
        counted.total
    }

    #[test]
    fn fetch_add_loses_no_update_with_both_adders_running_at_once() {
        assert_eq!(count(Adding::FetchAdd), 2 * TIMES);
    }

    #[test]
    fn load_then_store_never_gives_more_than_2n() {
        let total = count(Adding::LoadStore);
        assert!(total <= 2 * TIMES, "{total} > {}", 2 * TIMES);
    }
}
