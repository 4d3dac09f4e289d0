//! The exercise "atomic_save": its contract, and the checks that grade it.
//!
//! The student edits `atomic_save.rs` (beside `src/`); the reference solution is
//! `../solutions/atomic_save.rs`. The grader supplies the folder, the old version of the target
//! and the source of the new contents, and records what happened: before it gives each chunk of
//! the new contents, and once more after the last, the source itself looks at the target and
//! its folder, as another process reading the file at that moment would. The kernel's record of
//! the folder (inotify) also shows a target removed or moved away between two looks. Every check
//! runs in a folder of its own, removed when it ends; the contents are drawn from seeds.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use exercise_kit::grading::{Code, Runs};
use exercise_kit::seeded;
use lesson_kit::timeout::panic_message;
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};
use tempfile::TempDir;

#[path = "../atomic_save.rs"]
pub mod starter;

#[path = "../../solutions/atomic_save.rs"]
pub mod solution;

/// Saving a file so that nobody ever reads half of it, as every version of the exercise offers it.
pub trait AtomicSave {
    /// Replaces the file `target` with everything `source` gives, so that a reader of `target`
    /// at any moment finds either the complete previous contents or the complete new ones.
    /// Writes what `source` gives as it arrives (it may be more than fits in memory). If
    /// `source` fails, returns its error and leaves `target` as it was, and nothing behind.
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()>;
}

/// How long saver A, paused halfway in `two_saves_at_once`, waits for saver B to finish. B
/// takes milliseconds; a version that makes the saves wait for each other waits this out once,
/// and then goes on.
pub const PATIENCE: Duration = Duration::from_millis(1500);

/// The name of the target in its folder.
const TARGET: &str = "notes.txt";

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Saver>(),
        Code::Solution => runs::<solution::Saver>(),
    }
}

/// The checks' functions for any saver (the tests also grade broken ones).
pub fn runs<P: AtomicSave>() -> Runs {
    exercise_kit::runs![
        readers_never_see_half::<P>,
        temp_beside_target_and_gone::<P>,
        failure_leaves_old_intact::<P>,
        two_saves_at_once::<P>
    ]
}

/// `len` bytes drawn from `seed`.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    (0..len)
        .map(|at| (seeded::number(seed, at as u64 / 8) >> (8 * (at % 8))) as u8)
        .collect()
}

/// New contents in chunks, all from `seed`: 5 to 8 chunks, each longer than the 8 KiB that
/// `io::copy` or a `BufWriter` holds back, so what was written shows before the next chunk.
fn chunks(seed: u64) -> Vec<Vec<u8>> {
    let count = 5 + seeded::below(seed, 0, 4) as usize;
    (0..count)
        .map(|chunk| {
            let len = 9_000 + seeded::below(seed, 1 + chunk as u64, 11_000) as usize;
            bytes(seed ^ ((chunk as u64 + 1) << 32), len)
        })
        .collect()
}

/// A fresh folder for one round, with the target holding `old`.
fn folder_with(old: &[u8]) -> Result<(TempDir, PathBuf), String> {
    let folder = tempfile::Builder::new()
        .prefix("workbook-atomic-save-")
        .tempdir()
        .map_err(|error| format!("the grader could not make its folder: {error}"))?;
    let target = folder.path().join(TARGET);
    fs::write(&target, old)
        .map_err(|error| format!("the grader could not write {TARGET}: {error}"))?;
    Ok((folder, target))
}

/// The target's inode, as the grader sees it.
fn inode(target: &Path) -> Result<u64, String> {
    fs::metadata(target)
        .map(|meta| meta.ino())
        .map_err(|error| format!("the target {} cannot be read: {error}", target.display()))
}

/// What a reader found at one moment of a save.
#[derive(Debug, Clone)]
struct Look {
    /// Whose source looked ("save A's ", or nothing when one save runs), how many chunks it
    /// had given, and of how many.
    saver: &'static str,
    given: usize,
    of: usize,
    /// The target's contents; `None` if there was no file.
    target: Option<Vec<u8>>,
    /// Every other entry of the folder.
    others: Vec<Entry>,
}

/// An entry of the target's folder other than the target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    name: String,
    inode: u64,
    size: u64,
    /// A regular file, not a folder or anything else.
    file: bool,
}

impl Look {
    fn take(folder: &Path, saver: &'static str, given: usize, of: usize) -> Look {
        // What a reader opening the target by its name at this moment gets.
        let target = fs::read(folder.join(TARGET)).ok();
        Look {
            saver,
            given,
            of,
            target,
            others: others(folder),
        }
    }

    fn moment(&self) -> String {
        if self.given == self.of {
            format!(
                "after the last of {}{} chunks was given",
                self.saver, self.of
            )
        } else {
            let (saver, next, of) = (self.saver, self.given + 1, self.of);
            format!("before {saver}chunk {next} of {of} was given")
        }
    }
}

/// The entries of `folder` other than the target.
fn others(folder: &Path) -> Vec<Entry> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut others: Vec<_> = entries
        .flatten()
        .filter(|entry| entry.file_name() != OsStr::new(TARGET))
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            Some(Entry {
                name: entry.file_name().to_string_lossy().into_owned(),
                inode: meta.ino(),
                size: meta.len(),
                file: meta.is_file(),
            })
        })
        .collect();
    others.sort();
    others
}

/// The names of `others`, for a message.
fn names(others: &[Entry]) -> String {
    let names: Vec<_> = others
        .iter()
        .map(|entry| format!("{:?}", entry.name))
        .collect();
    names.join(", ")
}

/// Where saver A pauses in `two_saves_at_once`, and what saver B has done meanwhile.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Default)]
struct GateState {
    /// A has given half its chunks and waits.
    a_paused: bool,
    a_returned: bool,
    b_returned: bool,
}

impl Gate {
    fn lock(&self) -> MutexGuard<'_, GateState> {
        // Nothing panics under this lock.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set(&self, change: impl FnOnce(&mut GateState)) {
        change(&mut self.lock());
        self.changed.notify_all();
    }

    /// Waits until `done` holds or `patience` has passed; says whether it holds.
    fn wait(&self, patience: Duration, done: impl Fn(&GateState) -> bool) -> bool {
        let deadline = Instant::now() + patience;
        let mut state = self.lock();
        while !done(&state) {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            state = (self.changed)
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }
}

/// The grader's source of new contents: it gives `chunks` one after another, and looks at the
/// folder before each chunk and after the last.
struct Source {
    folder: PathBuf,
    /// "save A's " or "save B's " when two saves run, else nothing: for the looks' messages.
    saver: &'static str,
    chunks: Vec<Vec<u8>>,
    /// Whole chunks given, and bytes given of the next one.
    given: usize,
    offset: usize,
    /// Whether the look before chunk `given` (or after the last) is taken.
    looked: bool,
    /// Fails, instead of giving chunk `n`.
    fail_at: Option<usize>,
    /// Pauses before chunk `n` until saver B has returned.
    pause: Option<(usize, Arc<Gate>)>,
    looks: Vec<Look>,
}

impl Source {
    fn new(folder: &Path, chunks: Vec<Vec<u8>>) -> Source {
        Source {
            folder: folder.to_path_buf(),
            saver: "",
            chunks,
            given: 0,
            offset: 0,
            looked: false,
            fail_at: None,
            pause: None,
            looks: Vec::new(),
        }
    }

    fn failure(at: usize) -> String {
        format!("the sender went away after {at} chunks")
    }
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.offset == 0 && !self.looked {
            self.looked = true;
            if let Some((at, gate)) = &self.pause
                && *at == self.given
            {
                gate.set(|state| state.a_paused = true);
                // A version that makes the saves wait for each other waits this out, once.
                gate.wait(PATIENCE, |state| state.b_returned);
            }
            let look = Look::take(&self.folder, self.saver, self.given, self.chunks.len());
            self.looks.push(look);
        }
        if self.fail_at == Some(self.given) {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                Source::failure(self.given),
            ));
        }
        let Some(chunk) = self.chunks.get(self.given) else {
            return Ok(0);
        };
        let count = buf.len().min(chunk.len() - self.offset);
        buf[..count].copy_from_slice(&chunk[self.offset..self.offset + count]);
        self.offset += count;
        if self.offset == chunk.len() {
            (self.given, self.offset, self.looked) = (self.given + 1, 0, false);
        }
        Ok(count)
    }
}

/// Runs `P::save` on the grader's `source`: its result, or its panic as an error.
fn save<P: AtomicSave>(target: &Path, source: &mut Source) -> Result<io::Result<()>, String> {
    catch_unwind(AssertUnwindSafe(|| P::save(target, source)))
        .map_err(|panic| format!("save panicked: {}", panic_message(panic.as_ref())))
}

/// What `found` is, among the `versions` a reader may find.
fn what(found: &[u8], versions: &[(&str, &[u8])]) -> String {
    if let Some((name, _)) = versions.iter().find(|(_, version)| *version == found) {
        return format!("{name} ({} bytes)", found.len());
    }
    if found.is_empty() {
        return "an empty file".into();
    }
    if let Some((name, version)) = versions
        .iter()
        .find(|(_, version)| version.starts_with(found))
    {
        return format!(
            "only the first {} bytes of {name} (of {})",
            found.len(),
            version.len()
        );
    }
    let known: Vec<_> = versions
        .iter()
        .map(|(name, version)| format!("{name} ({} bytes)", version.len()))
        .collect();
    format!(
        "{} bytes that are none of {}, but a mix",
        found.len(),
        known.join(", ")
    )
}

/// `Err` for the first look that found the target missing or not one of `versions` whole.
fn judge_looks(looks: &[Look], versions: &[(&str, &[u8])], advice: &str) -> Result<(), String> {
    for look in looks {
        match &look.target {
            None => {
                return Err(format!(
                    "{}, a reader found no file at the target: it was missing. The old version \
                     must stay in place until the new one replaces it in one step: rename the \
                     finished new file over the target",
                    look.moment()
                ));
            }
            Some(found) if !versions.iter().any(|(_, version)| version == found) => {
                return Err(format!(
                    "{}, a reader of the target found {}: a half-written file. {advice}",
                    look.moment(),
                    what(found, versions)
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// `Err` unless the folder holds the target and nothing else.
fn only_the_target(folder: &Path, when: &str) -> Result<(), String> {
    let left = others(folder);
    if left.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{when}, the target's folder still holds {}: a temporary file must not be left behind",
            names(&left)
        ))
    }
}

const WRITE_BESIDE: &str = "Write the new contents to a temporary file beside the target, and \
                            rename it over the target once it is complete";

/// The kernel's record of the folder: whether the target was removed or moved away, and whether
/// a file moved in over it came from the folder itself.
struct Watch {
    inotify: Inotify,
}

impl Watch {
    fn on(folder: &Path) -> Result<Watch, String> {
        let fail = |error| format!("the grader could not watch its folder: {error}");
        let inotify =
            Inotify::init(InitFlags::IN_NONBLOCK | InitFlags::IN_CLOEXEC).map_err(fail)?;
        let flags =
            AddWatchFlags::IN_DELETE | AddWatchFlags::IN_MOVED_FROM | AddWatchFlags::IN_MOVED_TO;
        inotify.add_watch(folder, flags).map_err(fail)?;
        Ok(Watch { inotify })
    }

    /// `Err` if the target was removed or moved away, or replaced by a file from elsewhere.
    fn judge(&self) -> Result<(), String> {
        let mut events = Vec::new();
        // Every event is queued by the time `save` has returned: the calls that caused them did.
        while let Ok(more) = self.inotify.read_events() {
            events.extend(more);
        }
        let target = |event: &&nix::sys::inotify::InotifyEvent| {
            event.name.as_deref() == Some(OsStr::new(TARGET))
        };
        if events
            .iter()
            .any(|event| event.mask.contains(AddWatchFlags::IN_Q_OVERFLOW))
        {
            let message = "so many things happened in the target's folder that the kernel's \
                           record of them overflowed: write chunks, not single bytes";
            return Err(message.into());
        }
        if let Some(event) = events.iter().filter(target).find(|event| {
            event
                .mask
                .intersects(AddWatchFlags::IN_DELETE | AddWatchFlags::IN_MOVED_FROM)
        }) {
            let how = if event.mask.contains(AddWatchFlags::IN_DELETE) {
                "removed"
            } else {
                "moved away"
            };
            return Err(format!(
                "the target was {how} during the save, so for a moment it was missing: a \
                 reader then finds no file. Rename the new file over the target, which \
                 replaces it in one step"
            ));
        }
        for arrival in events
            .iter()
            .filter(target)
            .filter(|event| event.mask.contains(AddWatchFlags::IN_MOVED_TO))
        {
            let from_here = events.iter().any(|event| {
                event.cookie == arrival.cookie && event.mask.contains(AddWatchFlags::IN_MOVED_FROM)
            });
            if !from_here {
                let message = "the file renamed over the target came from another folder, which \
                               may be on another file system, where a rename is a copy: \
                               create the temporary file in the target's own folder";
                return Err(message.into());
            }
        }
        Ok(())
    }
}

/// One save over an old version, in a fresh folder: the old and new contents, the looks, the
/// folder watched, and the target's inode before the save.
struct Round {
    folder: TempDir,
    target: PathBuf,
    old: Vec<u8>,
    new: Vec<u8>,
    looks: Vec<Look>,
    /// How many chunks the source had to give.
    chunks: usize,
    result: io::Result<()>,
    watch: Watch,
    inode_before: u64,
}

fn round<P: AtomicSave>(seed: u64, fail_at: Option<usize>) -> Result<Round, String> {
    let old = bytes(seed, 20_000 + seeded::below(seed, 99, 20_000) as usize);
    let (folder, target) = folder_with(&old)?;
    let inode_before = inode(&target)?;
    let chunks = chunks(seed + 1);
    let new = chunks.concat();
    let count = chunks.len();
    let mut source = Source::new(folder.path(), chunks);
    source.fail_at = fail_at;
    let watch = Watch::on(folder.path())?;
    let result = save::<P>(&target, &mut source)?;
    Ok(Round {
        folder,
        target,
        old,
        new,
        looks: source.looks,
        chunks: count,
        result,
        watch,
        inode_before,
    })
}

fn readers_never_see_half<P: AtomicSave>() -> Result<(), String> {
    for seed in [0xA70_0001, 0xA70_0002] {
        let round = round::<P>(seed, None)?;
        if let Err(error) = &round.result {
            return Err(format!(
                "save returned Err({error}) although the source gave every chunk"
            ));
        }
        judge_looks(
            &round.looks,
            &[("the old version", &round.old)],
            WRITE_BESIDE,
        )?;
        round.watch.judge()?;
        let after = fs::read(&round.target).map_err(|error| {
            format!(
                "after save returned, the target cannot be read ({error}): it must hold the \
                 new contents"
            )
        })?;
        if after != round.new {
            return Err(format!(
                "after save returned, the target holds {}, where the new contents belong",
                what(
                    &after,
                    &[
                        ("the old version", &round.old),
                        ("the new contents", &round.new)
                    ]
                )
            ));
        }
        let inode_after = inode(&round.target)?;
        if inode_after == round.inode_before {
            return Err(format!(
                "after save returned, the target is still the same file (inode {inode_after}): \
                 its contents were rewritten in place, where a reader can catch them \
                 half-written. {WRITE_BESIDE}"
            ));
        }
    }
    Ok(())
}

fn temp_beside_target_and_gone<P: AtomicSave>() -> Result<(), String> {
    let round = round::<P>(0xB35_1DE, None)?;
    if let Err(error) = &round.result {
        return Err(format!(
            "save returned Err({error}) although the source gave every chunk"
        ));
    }
    // Files of the folder that held some of the new contents while the chunks were given.
    let mut grew: Vec<&Entry> = (round.looks.iter())
        .filter(|look| look.given > 0)
        .flat_map(|look| &look.others)
        .filter(|entry| entry.file && entry.size > 0)
        .collect();
    grew.sort_by_key(|entry| entry.inode);
    grew.dedup_by_key(|entry| entry.inode);
    if grew.is_empty() {
        return Err(format!(
            "while the {} chunks were given, no new file in the target's folder held any of \
             them: write each chunk, as it arrives, to a temporary file in the target's own \
             folder (another folder may be on another file system, where a rename is a copy)",
            round.chunks
        ));
    }
    round.watch.judge()?;
    let target_inode = inode(&round.target)?;
    if !grew.iter().any(|entry| entry.inode == target_inode) {
        let names: Vec<_> = grew
            .iter()
            .map(|entry| format!("{:?}", entry.name))
            .collect();
        return Err(format!(
            "after save returned, the target is not the file that grew beside it while the \
             chunks were given ({}): rename that temporary file over the target",
            names.join(", ")
        ));
    }
    only_the_target(round.folder.path(), "after save returned")
}

fn failure_leaves_old_intact<P: AtomicSave>() -> Result<(), String> {
    let seed = 0x0FA1_10ED;
    let at = 2 + seeded::below(seed, 7, 3) as usize;
    let round = round::<P>(seed, Some(at))?;
    let expected = Source::failure(at);
    match &round.result {
        Ok(()) => {
            return Err(format!(
                "save returned Ok(()) although the source failed after {at} chunks (\"{expected}\"): \
                 return the source's error"
            ));
        }
        Err(error) if !error.to_string().contains(&expected) => {
            return Err(format!(
                "the source failed with \"{expected}\", but save returned Err({error}): return \
                 the source's error"
            ));
        }
        Err(_) => {}
    }
    judge_looks(
        &round.looks,
        &[("the old version", &round.old)],
        WRITE_BESIDE,
    )?;
    round.watch.judge()?;
    let after = fs::read(&round.target).ok();
    if after.as_deref() != Some(&round.old[..]) {
        return Err(format!(
            "after a save whose source failed, the target holds {}, where the old version must \
             stay",
            after.map_or("nothing (it is gone)".into(), |after| {
                what(
                    &after,
                    &[
                        ("the old version", &round.old),
                        ("the new contents", &round.new),
                    ],
                )
            })
        ));
    }
    only_the_target(
        round.folder.path(),
        &format!("after a save whose source failed after {at} chunks"),
    )
    .map_err(|message| format!("{message}: remove it when the save fails"))
}

fn two_saves_at_once<P: AtomicSave>() -> Result<(), String> {
    let seed = 0x2_5A7E;
    let old = bytes(seed, 24_000);
    let (folder, target) = folder_with(&old)?;
    let (a_chunks, b_chunks) = (chunks(seed + 1), chunks(seed + 2));
    let (a_new, b_new) = (a_chunks.concat(), b_chunks.concat());
    let gate = Arc::new(Gate::default());
    let mut a_source = Source::new(folder.path(), a_chunks);
    a_source.saver = "save A's ";
    let half = a_source.chunks.len() / 2;
    a_source.pause = Some((half, Arc::clone(&gate)));
    let mut b_source = Source::new(folder.path(), b_chunks);
    b_source.saver = "save B's ";
    let (a_result, b_result) = thread::scope(|scope| {
        let b = scope.spawn(|| {
            // B starts once A is paused halfway (or has returned without getting there).
            gate.wait(PATIENCE * 4, |state| state.a_paused || state.a_returned);
            let result = save::<P>(&target, &mut b_source);
            gate.set(|state| state.b_returned = true);
            result
        });
        let a = save::<P>(&target, &mut a_source);
        gate.set(|state| state.a_returned = true);
        (a, b.join().expect("save's panics are caught"))
    });
    let versions: [(&str, &[u8]); 3] = [
        ("the old version", &old),
        ("save A's contents", &a_new),
        ("save B's contents", &b_new),
    ];
    let share = "While save A was paused halfway, save B ran from start to end; two saves must \
                 not share a temporary file: give each save a name of its own";
    // In the order they were taken: A's first half, B's whole save, then the rest of A's, the
    // looks where a temporary file shared with B would show.
    let (a_before, a_after) = a_source.looks.split_at(half.min(a_source.looks.len()));
    judge_looks(a_before, &versions, WRITE_BESIDE)?;
    judge_looks(&b_source.looks, &versions, WRITE_BESIDE)?;
    judge_looks(a_after, &versions, share)?;
    for (saver, result, advice) in [("A", a_result?, share), ("B", b_result?, "")] {
        if let Err(error) = result {
            return Err(format!(
                "save {saver} returned Err({error}) although its source gave every chunk. \
                 {advice}"
            )
            .trim_end()
            .to_owned());
        }
    }
    let after = fs::read(&target).ok();
    if after.as_deref() != Some(&a_new[..]) && after.as_deref() != Some(&b_new[..]) {
        return Err(format!(
            "after both saves returned, the target holds {}, where one save's contents belong \
             whole. {share}",
            after.map_or("nothing (it is gone)".into(), |after| what(
                &after, &versions
            ))
        ));
    }
    only_the_target(folder.path(), "after both saves returned")
}
