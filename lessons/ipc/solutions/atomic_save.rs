//! Reference solution of the exercise "atomic_save".
//!
//! The new contents go to a temporary file in the target's own folder, under a name no other
//! save uses; once complete and on disk, the file is renamed over the target. A rename within
//! one file system replaces the directory entry in one step, so a reader opens either the old
//! file or the new one. On any error the temporary file is removed and the target is untouched.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::atomic_save::AtomicSave;

pub struct Saver;

/// Numbers the saves of this process: with the process id, a name no other save uses.
static SAVES: AtomicU64 = AtomicU64::new(0);

impl AtomicSave for Saver {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let (temp, mut file) = create_temp(target)?;
        let written = io::copy(source, &mut file)
            // On disk before the rename: after a crash, the name never points at a file whose
            // data never reached the disk.
            .and_then(|_| file.sync_all())
            .and_then(|()| fs::rename(&temp, target));
        if written.is_err() {
            // The error to report is the one that stopped the save, not this cleanup's.
            let _ = fs::remove_file(&temp);
        }
        written
    }
}

/// A new file beside `target`, named after it, the process and this save.
fn create_temp(target: &Path) -> io::Result<(PathBuf, File)> {
    let name = target.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the target has no file name")
    })?;
    loop {
        let mut temp_name = name.to_os_string();
        let save = SAVES.fetch_add(1, Ordering::Relaxed);
        temp_name.push(format!(".{}.{save}.tmp", process::id()));
        let temp = target.with_file_name(temp_name);
        // `create_new` refuses a file that exists: a leftover of a crashed save of an earlier
        // process with the same id is never written into; the next number is tried instead.
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
}
