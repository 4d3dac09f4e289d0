//! The children of the lesson `shared_memory`, which map one file into their memory, and the
//! one unsafe step they take: seeing the start of that map as atomics.
//!
//! The map holds three 8-byte slots, each only ever touched as an `AtomicU64`: the counter, the
//! halfway meeting of the two adders, and a note passed from one child to another.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use lesson_kit::process::{self, Args, Children, Program, Role};
use memmap2::MmapRaw;

/// How big the shared file is: one page, the unit in which memory is mapped.
pub const MAP_LEN: u64 = 4096;

/// Which slot is which.
const COUNTER: usize = 0;
const HALFWAY: usize = 1;
const NOTE: usize = 2;
const SLOTS: usize = 3;

/// The role of an adder ([`add`]): `--file PATH --count N --way load-store|fetch-add`.
pub const ADD_ROLE: &str = "shared-add";
/// The role of the child that writes the note ([`write_note`]): `--file PATH --value N`.
pub const NOTE_WRITER_ROLE: &str = "note-writer";
/// The role of the child that reads the note and answers it ([`read_note`]): `--file PATH`.
pub const NOTE_READER_ROLE: &str = "note-reader";

/// The roles this lesson's children play.
pub const ROLES: &[Role] = &[
    (ADD_ROLE, add),
    (NOTE_WRITER_ROLE, write_note),
    (NOTE_READER_ROLE, read_note),
];

/// What an adder says once both adders are halfway through, each still adding.
pub const MET_HALFWAY: &str = "met the other adder halfway";

/// The parent's word that tells the note's writer to look at the note again.
pub const LOOK_AGAIN: &str = "look again";

/// How long an adder waits halfway for the other; only a dead or stuck one takes this long.
const MEET_LIMIT: Duration = Duration::from_secs(30);

/// Makes the file at `path` (it must not exist yet), [`MAP_LEN`] bytes of zeroes: every slot
/// starts at 0.
pub fn create_map_file(path: &Path) -> io::Result<()> {
    File::create_new(path)?.set_len(MAP_LEN)
}

/// Maps the file at `path` into this process's memory, shared (`MAP_SHARED`): every process that
/// maps it sees the same bytes, the very pages of the file in the kernel's cache, and what one
/// stores the others see. The file may be closed afterwards; the map stays until it is dropped.
///
/// `MmapRaw` hands out only a raw pointer. `MmapMut::map_mut` makes the same map but lends it
/// out as `&mut [u8]`, a promise that nobody else changes those bytes, which the other process
/// breaks; a raw pointer promises nothing, and [`atomics`] is the one way we read through it.
pub fn map_file(path: &Path) -> io::Result<MmapRaw> {
    let file = OpenOptions::new().read(true).write(true).open(path)?;
    MmapRaw::map_raw(&file)
}

// ANCHOR: atomics
/// The first `count` 8-byte slots of `map`, as atomics.
///
/// # Panics
/// If the map is shorter than `count` slots, or does not start on an 8-byte boundary (a map
/// starts on a page boundary, unless it was made at an offset into its file).
///
/// # Safety
/// Every process that maps these bytes, this one included, must touch them only as
/// `AtomicU64`s (through this function), never as plain bytes or plain `u64`s; and nobody may
/// shrink the file while it is mapped.
pub unsafe fn atomics(map: &MmapRaw, count: usize) -> &[AtomicU64] {
    let bytes = count.checked_mul(size_of::<AtomicU64>());
    assert!(
        bytes.is_some_and(|bytes| bytes <= map.len()),
        "{count} slots of 8 bytes do not fit in a map of {} bytes",
        map.len()
    );
    let start = map.as_mut_ptr().cast::<AtomicU64>();
    assert!(
        start.is_aligned(),
        "the map does not start on an 8-byte boundary"
    );
    // SAFETY: the slots lie inside the map and are aligned (both checked above), and the map
    // stays mapped while it is borrowed, so for as long as the slice lives. Any 8 bytes are a
    // valid `AtomicU64`, zeroes included. Two accesses to one location at the same time, at least
    // one of them a write, are a data race, undefined behaviour, unless both are atomic: between
    // threads, and here between processes. The caller promises that every access to these bytes
    // is atomic, so their values may change under our feet without breaking any rule:
    // `AtomicU64` is a cell, made to be changed through a shared reference.
    unsafe { std::slice::from_raw_parts(start, count) }
}
// ANCHOR_END: atomics

/// The value of the counter in the file at `path`, read from the file itself: what the adders
/// stored through their maps went to the file's pages, which `read` sees too.
pub fn read_counter(path: &Path) -> io::Result<u64> {
    let bytes = std::fs::read(path)?;
    let start = COUNTER * size_of::<u64>();
    let slot = bytes.get(start..start + size_of::<u64>()).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the file is shorter than the counter",
        )
    })?;
    Ok(u64::from_ne_bytes(slot.try_into().expect("8 bytes")))
}

/// How an adder adds 1: in two steps, or in one indivisible step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adding {
    /// `load`, then `store` of the value plus 1.
    LoadStore,
    /// `fetch_add(1)`.
    FetchAdd,
}

impl fmt::Display for Adding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, not `write_str`: so that `{:<10}` lines the names up.
        f.pad(match self {
            Adding::LoadStore => "load-store",
            Adding::FetchAdd => "fetch-add",
        })
    }
}

impl FromStr for Adding {
    type Err = String;

    fn from_str(text: &str) -> Result<Adding, String> {
        match text {
            "load-store" => Ok(Adding::LoadStore),
            "fetch-add" => Ok(Adding::FetchAdd),
            _ => Err("expected load-store or fetch-add".to_owned()),
        }
    }
}

// ANCHOR: add_times
/// Adds 1 to `counter`, `times` times, `way`.
fn add_times(counter: &AtomicU64, times: u64, way: Adding) {
    // Relaxed: only the count matters, nothing else is published through it; the parent reads
    // it after both adders exited, and an exit that the parent waited for orders everything.
    match way {
        // Each step is atomic, the pair is not: the other adder may store between our load and
        // our store, and our store then overwrites what it added. Lost updates, but no undefined
        // behaviour. A plain `*p += 1` on a `*mut u64` into the map would be a data race, which
        // Rust leaves undefined: the compiler may assume nobody else writes there.
        Adding::LoadStore => {
            for _ in 0..times {
                let seen = counter.load(Ordering::Relaxed);
                counter.store(seen + 1, Ordering::Relaxed);
            }
        }
        // One indivisible read-modify-write (`lock xadd` on x86): nothing comes in between.
        Adding::FetchAdd => {
            for _ in 0..times {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}
// ANCHOR_END: add_times

/// The role [`ADD_ROLE`]: maps the file, says `ready`, and on `go` adds `--count` times, meeting
/// the other adder halfway, so that both are known to be adding at one moment.
fn add(args: &Args) -> Result<(), String> {
    let path: PathBuf = args.get("--file")?;
    let count: u64 = args.get("--count")?;
    let way: Adding = args.get("--way")?;
    let map =
        map_file(&path).map_err(|error| format!("could not map {}: {error}", path.display()))?;
    // SAFETY: every process of this lesson touches the file's slots through `atomics` only, and
    // nobody shrinks it.
    let slots = unsafe { atomics(&map, SLOTS) };
    if !process::ready_for_go() {
        return Ok(());
    }
    let half = count / 2;
    add_times(&slots[COUNTER], half, way);
    meet(&slots[HALFWAY])?;
    process::say(MET_HALFWAY);
    add_times(&slots[COUNTER], count - half, way);
    Ok(())
}

/// Counts this adder in at the halfway meeting, and waits until the other adder has arrived too:
/// each arrived in the middle of its additions, so both were adding at one moment.
fn meet(halfway: &AtomicU64) -> Result<(), String> {
    halfway.fetch_add(1, Ordering::Relaxed);
    let deadline = Instant::now() + MEET_LIMIT;
    while halfway.load(Ordering::Relaxed) < 2 {
        if Instant::now() >= deadline {
            return Err(format!(
                "the other adder did not get halfway in {MEET_LIMIT:?}"
            ));
        }
        // Give the core away while waiting: on a busy machine the other adder may need it.
        std::thread::yield_now();
    }
    Ok(())
}

/// What the note's writer says when it stored `value`.
pub fn stored(value: u64) -> String {
    format!("stored {value}")
}

/// What the note's reader says when it read `value`.
pub fn read(value: u64) -> String {
    format!("read {value}")
}

/// What the note's writer says when it looked again and found `value`.
pub fn now_reads(value: u64) -> String {
    format!("now reads {value}")
}

/// Maps the file at `path`, and runs `work` on the note's slot.
fn with_note(
    path: &Path,
    work: impl FnOnce(&AtomicU64) -> Result<(), String>,
) -> Result<(), String> {
    let map =
        map_file(path).map_err(|error| format!("could not map {}: {error}", path.display()))?;
    // SAFETY: as in `add`: only atomics touch these slots, and the file keeps its size.
    let slots = unsafe { atomics(&map, SLOTS) };
    work(&slots[NOTE])
}

/// The role [`NOTE_WRITER_ROLE`]: stores `--value` in the note, waits for the parent's word
/// while keeping its map, then says what the note holds now.
fn write_note(args: &Args) -> Result<(), String> {
    let path: PathBuf = args.get("--file")?;
    let value: u64 = args.get("--value")?;
    with_note(&path, |note| {
        note.store(value, Ordering::Release);
        process::say(stored(value));
        let mut word = String::new();
        io::stdin()
            .lock()
            .read_line(&mut word)
            .map_err(|error| format!("could not read the parent's word: {error}"))?;
        if word.trim_end() != LOOK_AGAIN {
            return Err(format!("expected {LOOK_AGAIN:?}, got {word:?}"));
        }
        process::say(now_reads(note.load(Ordering::Acquire)));
        Ok(())
    })
}

/// The role [`NOTE_READER_ROLE`]: reads the note, and stores its answer, the value plus 1.
fn read_note(args: &Args) -> Result<(), String> {
    let path: PathBuf = args.get("--file")?;
    with_note(&path, |note| {
        let value = note.load(Ordering::Acquire);
        process::say(read(value));
        note.store(value + 1, Ordering::Release);
        process::say(stored(value + 1));
        Ok(())
    })
}

/// What two adders left in the map.
#[derive(Debug, Clone)]
pub struct Counted {
    /// The counter after both exited.
    pub total: u64,
    /// Whether both said they met halfway: both were adding at one moment.
    pub met_halfway: bool,
    pub pids: Vec<u32>,
}

impl Counted {
    /// How many of the `2 × times` additions of two adders the counter lacks.
    pub fn lost(&self, times: u64) -> u64 {
        2 * times - self.total.min(2 * times)
    }
}

// ANCHOR: count_in_two
/// Two children map the file at `path` (made here) and add 1 to the counter in it, `times`
/// times each, `way`, starting at one moment. Every wait ends by `limit`: then the children are
/// killed, and this panics.
pub fn count_in_two(
    program: &Program,
    path: &Path,
    times: u64,
    way: Adding,
    limit: Duration,
) -> Counted {
    create_map_file(path).expect("could not make the file to map");
    let adder = program
        .role(ADD_ROLE)
        .arg("--file", path.display())
        .arg("--count", times)
        .arg("--way", way);
    let mut adders = Children::start(vec![adder; 2], limit)
        .unwrap_or_else(|error| panic!("could not start the adders: {error}"));
    adders
        .ready_go()
        .unwrap_or_else(|error| panic!("the adders did not get ready: {error}"));
    let adders = adders
        .finish()
        .unwrap_or_else(|error| panic!("the adders did not finish: {error}"));
    let adders: Vec<_> = adders
        .into_iter()
        .map(|adder| {
            adder
                .ok()
                .unwrap_or_else(|error| panic!("an adder failed: {error}"))
        })
        .collect();
    Counted {
        total: read_counter(path).expect("could not read the counter"),
        met_halfway: adders.iter().all(|adder| adder.said(MET_HALFWAY)),
        pids: adders.iter().map(|adder| adder.pid).collect(),
    }
}
// ANCHOR_END: count_in_two

/// What passing a note through the map showed.
#[derive(Debug, Clone)]
pub struct Note {
    /// What the writer stored, what the reader read, and what the writer read afterwards.
    pub stored: u64,
    pub read: u64,
    pub read_back: u64,
    /// Every line each child said, with who said it, in the order they said them.
    pub said: Vec<(&'static str, String)>,
    pub pids: [u32; 2],
}

/// Passes a note between two processes through the file at `path` (made here): the writer stores
/// `value` and keeps its map open; the reader, started only then, reads it and stores the value
/// plus 1; the writer, told to look again, finds that in its own map.
pub fn pass_a_note(program: &Program, path: &Path, value: u64, limit: Duration) -> Note {
    create_map_file(path).expect("could not make the file to map");
    let file = path.display().to_string();
    let mut writer = program
        .role(NOTE_WRITER_ROLE)
        .arg("--file", &file)
        .arg("--value", value)
        .named("writer")
        .start(limit)
        .unwrap_or_else(|error| panic!("could not start the writer: {error}"));
    writer
        .wait_for_line(&stored(value))
        .unwrap_or_else(|error| panic!("the writer stored nothing: {error}"));
    let reader = program
        .role(NOTE_READER_ROLE)
        .arg("--file", &file)
        .named("reader");
    let reader = reader
        .run(limit)
        .and_then(|end| end.ok())
        .unwrap_or_else(|error| panic!("the reader failed: {error}"));
    writer
        .send_line(LOOK_AGAIN)
        .unwrap_or_else(|error| panic!("the writer took no word: {error}"));
    let writer = writer
        .finish()
        .and_then(|end| end.ok())
        .unwrap_or_else(|error| panic!("the writer failed: {error}"));
    let number = |lines: &[String], prefix: &str| -> u64 {
        lines
            .iter()
            .find_map(|line| line.strip_prefix(prefix)?.parse().ok())
            .unwrap_or_else(|| panic!("no line {prefix:?}... among {lines:?}"))
    };
    Note {
        stored: value,
        read: number(&reader.lines, "read "),
        read_back: number(&writer.lines, "now reads "),
        pids: [writer.pid, reader.pid],
        // The writer said its first line before the reader started, and the rest after it ended.
        said: (writer
            .lines
            .iter()
            .take(1)
            .map(|line| ("writer", line.clone())))
        .chain(reader.lines.iter().map(|line| ("reader", line.clone())))
        .chain(
            writer
                .lines
                .iter()
                .skip(1)
                .map(|line| ("writer", line.clone())),
        )
        .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scratch::Scratch;
    use memmap2::MmapOptions;

    #[test]
    fn a_view_of_atomics_must_fit_in_the_map_and_be_aligned() {
        let scratch = Scratch::new("atomics");
        let path = scratch.join("map");
        create_map_file(&path).unwrap();
        let map = map_file(&path).unwrap();
        // SAFETY: only atomics touch this file, in this test alone.
        let slots = unsafe { atomics(&map, 512) };
        slots[511].store(7, Ordering::Relaxed);
        assert_eq!(slots.len(), 512);
        let too_many = std::panic::catch_unwind(|| {
            // SAFETY: as above; this view is refused before it is made.
            unsafe { atomics(&map, 513) }.len()
        });
        assert!(
            too_many.is_err(),
            "513 slots of 8 bytes are more than 4096 bytes"
        );
        // A map made 4 bytes into the file starts 4 bytes past a page boundary.
        let file = File::open(&path).unwrap();
        let shifted = MmapOptions::new()
            .offset(4)
            .map_raw_read_only(&file)
            .unwrap();
        let misaligned = std::panic::catch_unwind(|| {
            // SAFETY: as above; this view is refused before it is made.
            unsafe { atomics(&shifted, 1) }.len()
        });
        assert!(
            misaligned.is_err(),
            "a view 4 bytes into a page is not aligned"
        );
        drop((map, shifted));
        assert_eq!(read_counter(&path).unwrap(), 0);
    }

    #[test]
    fn the_two_ways_of_adding_read_back_from_their_names() {
        for way in [Adding::LoadStore, Adding::FetchAdd] {
            assert_eq!(way.to_string().parse(), Ok(way));
        }
        assert!("plus".parse::<Adding>().is_err());
    }
}
