//! The lesson `half_written_file`: a child saves a file of [`RECORDS`] records in two writes,
//! either in place or into a temporary file that it then renames over the target, and stops
//! between the two writes until its parent has looked; and what a reader makes of the file at
//! such a moment ([`Seen`]).

use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use lesson_kit::process::{self, Args, Error, Program, Role};

use crate::scratch::Scratch;

/// The role of the child that saves the file.
pub const SAVE_ROLE: &str = "save-records";

/// The roles this lesson's children play.
pub const ROLES: &[Role] = &[(SAVE_ROLE, save)];

/// How many records a complete file holds.
pub const RECORDS: usize = 3;

/// What the writer says after its first write; then it waits for [`GO_ON`].
pub const PAUSED: &str = "wrote part 1";

/// What the parent says when it has looked, so that the writer goes on.
pub const GO_ON: &str = "go on";

/// What the writer says when the save is complete.
pub const SAVED: &str = "saved";

/// The two ways to save a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// `File::create` on the target, then write: the way most programs save.
    InPlace,
    /// Write a temporary file in the target's folder, then `rename` it over the target.
    Rename,
}

impl fmt::Display for How {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            How::InPlace => "in-place",
            How::Rename => "rename",
        })
    }
}

impl FromStr for How {
    type Err = String;

    fn from_str(text: &str) -> Result<How, String> {
        match text {
            "in-place" => Ok(How::InPlace),
            "rename" => Ok(How::Rename),
            other => Err(format!("{other:?} is neither in-place nor rename")),
        }
    }
}

/// Record `n` (from 1) of version `version` of the file, without its newline.
pub fn record(version: u32, n: usize) -> String {
    format!("version {version}: record {n} of {RECORDS}")
}

/// The whole file, version `version`: every record on a line of its own.
pub fn contents(version: u32) -> String {
    (1..=RECORDS).map(|n| record(version, n) + "\n").collect()
}

/// The role [`SAVE_ROLE`]: saves version `--version` to `--path` the way `--how` says, in two
/// writes with a pause between them, then says [`SAVED`].
fn save(args: &Args) -> Result<(), String> {
    let target: PathBuf = args.get("--path")?;
    let version: u32 = args.get("--version")?;
    let how: How = args.get("--how")?;
    let text = contents(version);
    // The first write ends in the middle of the second record: a write can stop anywhere, and a
    // real program's `save` is many writes of a buffer's worth each.
    let cut = record(version, 1).len() + 1 + record(version, 2).len() / 2;
    let (first, rest) = text.as_bytes().split_at(cut);
    let saved = match how {
        How::InPlace => in_place(&target, first, rest),
        How::Rename => through_rename(&target, first, rest),
    };
    // A failure of the work itself (not of the arguments) panics, as any program's would.
    saved.unwrap_or_else(|error| panic!("could not save {}: {error}", target.display()));
    process::say(SAVED);
    Ok(())
}

// ANCHOR: in_place
/// Saves `first` and `rest` into `target` itself, pausing between them.
fn in_place(target: &Path, first: &[u8], rest: &[u8]) -> io::Result<()> {
    // `create` empties the file at once: from here until the last write, the file holds neither
    // the old version nor the new one, and any reader sees whatever has been written so far.
    let mut file = File::create(target)?;
    file.write_all(first)?;
    pause()?;
    file.write_all(rest)?;
    file.sync_all()
}
// ANCHOR_END: in_place

// ANCHOR: rename
/// Saves `first` and `rest` into a new file beside `target`, pausing between them, and then
/// gives that file the name `target`.
fn through_rename(target: &Path, first: &[u8], rest: &[u8]) -> io::Result<()> {
    // In the target's own folder: `rename` is atomic only within one file system, and a folder
    // elsewhere (`/tmp`) may be on another one, where `rename` fails with EXDEV.
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let temporary = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        // `create_new`: never write into a file that another saver is writing.
        let mut file = File::options()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(first)?;
        pause()?;
        file.write_all(rest)?;
        // Atomic is not durable: `rename` never shows half a file, but after a power cut the
        // new name could point at blocks never written. `sync_all` puts the bytes on the disk
        // before the name can point at them.
        file.sync_all()
    })();
    if let Err(error) = written {
        // Nothing of a failed save may stay behind; the target still holds the old version.
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    // One step: the name now means the new file. A reader sees the old file or the new one.
    fs::rename(&temporary, target)?;
    // The rename is a change to the folder: syncing the folder makes the rename itself durable.
    let folder = target.parent().unwrap_or(Path::new("."));
    File::open(folder)?.sync_all()
}
// ANCHOR_END: rename

/// Says [`PAUSED`] and waits for the parent's [`GO_ON`]; an error if the parent closed our input.
fn pause() -> io::Result<()> {
    process::say(PAUSED);
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    if line.trim_end() == GO_ON {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "expected {GO_ON:?} from the parent, got {line:?}"
        )))
    }
}

/// What a reader found: no file, or the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    NoFile,
    Text(String),
}

impl Seen {
    /// What a reader finds at `path` now.
    ///
    /// # Panics
    /// On any error but a missing file.
    pub fn at(path: &Path) -> Seen {
        match fs::read_to_string(path) {
            Ok(text) => Seen::Text(text),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Seen::NoFile,
            Err(error) => panic!("could not read {}: {error}", path.display()),
        }
    }

    /// What a reader reads from `file`, a file it opened earlier, from where it stands to the end.
    ///
    /// # Panics
    /// If the file cannot be read.
    pub fn read(file: &mut File) -> Seen {
        let mut text = String::new();
        file.read_to_string(&mut text)
            .unwrap_or_else(|error| panic!("could not read an open file: {error}"));
        Seen::Text(text)
    }

    /// How many complete records (whole lines) it holds.
    pub fn records(&self) -> usize {
        match self {
            Seen::NoFile => 0,
            Seen::Text(text) => text.matches('\n').count(),
        }
    }

    /// How many bytes of a record cut off (after the last newline) it holds.
    pub fn cut_bytes(&self) -> usize {
        match self {
            Seen::NoFile => 0,
            Seen::Text(text) => text.len() - text.rfind('\n').map_or(0, |at| at + 1),
        }
    }

    /// The version it is, if it is exactly one complete version of the file.
    pub fn version(&self) -> Option<u32> {
        let Seen::Text(text) = self else {
            return None;
        };
        let version = text
            .strip_prefix("version ")?
            .split(':')
            .next()?
            .parse()
            .ok()?;
        (*text == contents(version)).then_some(version)
    }

    /// Part of a file: a file that is there, but not one complete version.
    pub fn partial(&self) -> bool {
        *self != Seen::NoFile && self.version().is_none()
    }
}

impl fmt::Display for Seen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let records = self.records();
        match (self, self.version()) {
            (Seen::NoFile, _) => write!(f, "no file"),
            (_, Some(version)) => write!(f, "{records} of {RECORDS} records (version {version})"),
            _ if self.cut_bytes() > 0 => write!(
                f,
                "{records} of {RECORDS} records and {} bytes of the next",
                self.cut_bytes()
            ),
            _ => write!(f, "{records} of {RECORDS} records"),
        }
    }
}

/// The inode number of the file open as `file`: which file it is, whatever its name.
///
/// # Panics
/// If the file's metadata cannot be read.
pub fn inode(file: &File) -> u64 {
    file.metadata()
        .unwrap_or_else(|error| panic!("could not read an open file's metadata: {error}"))
        .ino()
}

/// The inode number of the file the name `path` means now.
///
/// # Panics
/// If there is no file at `path`.
pub fn inode_at(path: &Path) -> u64 {
    fs::metadata(path)
        .unwrap_or_else(|error| panic!("could not read {}'s metadata: {error}", path.display()))
        .ino()
}

/// One save of one version by a child, and what a reader found.
#[derive(Debug, Clone)]
pub struct Save {
    pub version: u32,
    /// What a reader found between the writer's two writes.
    pub between: Seen,
    /// What a reader found when the save was done.
    pub after: Seen,
    /// A reader that opened the file between the writes (if there was a file) and read it after
    /// the save: what it read, and which file (inode) it had open.
    pub held: Option<(Seen, u64)>,
    /// Which file the name means after the save.
    pub inode_after: u64,
    pub pid: u32,
    /// Whether the writer exited with code 0.
    pub ended_well: bool,
}

// ANCHOR: look
/// Starts a copy of `program` that saves `version` to `target` the way `how` says, and looks
/// at the file while the child waits between its two writes, and again when it is done.
pub fn save_and_look(
    program: &Program,
    target: &Path,
    how: How,
    version: u32,
    limit: Duration,
) -> Result<Save, Error> {
    let launch = program.role(SAVE_ROLE).arg("--path", target.display());
    let mut writer = launch
        .arg("--how", how)
        .arg("--version", version)
        .start(limit)?;
    writer.wait_for_line(PAUSED)?;
    // The writer is stopped between two writes until we say so: the moment a reader might hit.
    let between = Seen::at(target);
    let mut held = File::open(target).ok(); // and a reader that opens the file now
    writer.send_line(GO_ON)?;
    writer.wait_for_line(SAVED)?;
    let held = held.as_mut().map(|file| (Seen::read(file), inode(file)));
    let (after, inode_after) = (Seen::at(target), inode_at(target));
    let writer = writer.finish()?;
    let (pid, ended_well) = (writer.pid, writer.success());
    Ok(Save {
        version,
        between,
        after,
        held,
        inode_after,
        pid,
        ended_well,
    })
}
// ANCHOR_END: look

/// The lesson's saves: each way, version 1 where there was no file, then version 2 over it.
#[derive(Debug, Clone)]
pub struct Run {
    pub in_place: [Save; 2],
    pub renamed: [Save; 2],
    /// The scratch folder the files were in, removed by now.
    pub scratch: PathBuf,
}

impl Run {
    /// Every save, in the order they ran.
    pub fn saves(&self) -> impl Iterator<Item = &Save> {
        self.in_place.iter().chain(&self.renamed)
    }

    /// The writers' process ids.
    pub fn pids(&self) -> Vec<u32> {
        self.saves().map(|save| save.pid).collect()
    }
}

/// Runs the lesson's four saves with copies of `program`, each way in its own file of a scratch
/// folder that is removed at the end. Every wait on a writer ends by `limit`.
///
/// # Panics
/// If a writer fails, or the folder cannot be removed.
pub fn run(program: &Program, limit: Duration) -> Run {
    let scratch = Scratch::new("file");
    let saves = |how: How, name: &str| {
        let target = scratch.join(name);
        [1, 2].map(|version| {
            save_and_look(program, &target, how, version, limit).unwrap_or_else(|error| {
                panic!("the save of version {version} ({how}) failed: {error}")
            })
        })
    };
    let in_place = saves(How::InPlace, "in-place.txt");
    let renamed = saves(How::Rename, "renamed.txt");
    let path = scratch.path().to_path_buf();
    scratch
        .remove()
        .expect("could not remove the scratch folder");
    Run {
        in_place,
        renamed,
        scratch: path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_tells_a_whole_version_from_part_of_one() {
        let whole = Seen::Text(contents(7));
        assert_eq!(whole.version(), Some(7));
        assert!(!whole.partial() && !Seen::NoFile.partial());
        assert_eq!(whole.to_string(), "3 of 3 records (version 7)");
        let text = contents(2);
        let cut = Seen::Text(text[..text.len() - 5].to_owned());
        assert!(cut.partial());
        let expected = format!(
            "2 of 3 records and {} bytes of the next",
            record(2, 3).len() - 4
        );
        assert_eq!(cut.to_string(), expected);
        let two = Seen::Text(record(1, 1) + "\n" + &record(1, 2) + "\n");
        assert!(two.partial());
        assert_eq!(two.to_string(), "2 of 3 records");
        assert_eq!(Seen::NoFile.to_string(), "no file");
        assert_eq!("rename".parse(), Ok(How::Rename));
        assert_eq!(How::InPlace.to_string().parse(), Ok(How::InPlace));
    }
}
