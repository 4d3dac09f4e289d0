//! A folder of its own for each run's files, FIFOs and sockets, and the proof that a run left
//! nothing behind: neither that folder nor any of its child processes.

use std::io;
use std::path::{Path, PathBuf};

/// Every scratch folder's name begins with this, in the system's temporary folder.
pub const PREFIX: &str = "workbook-ipc-";

/// A new, empty folder in the system's temporary folder, named `workbook-ipc-<what>-<random>`
/// and removed with everything in it when the `Scratch` is dropped (also when a panic unwinds).
#[derive(Debug)]
pub struct Scratch(tempfile::TempDir);

impl Scratch {
    /// Makes the folder; `what` says which lesson it is for.
    ///
    /// # Panics
    /// If the temporary folder cannot be written to.
    pub fn new(what: &str) -> Scratch {
        let dir = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{what}-"))
            .tempdir()
            .unwrap_or_else(|error| panic!("could not make a scratch folder: {error}"));
        Scratch(dir)
    }

    /// Where the folder is.
    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// A path inside the folder.
    pub fn join(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    /// Removes the folder now, and says if that failed (dropping it ignores errors).
    pub fn remove(self) -> io::Result<()> {
        self.0.close()
    }
}

/// Whether no process `pid` exists any more, not even as a zombie: it ended and was reaped.
pub fn process_gone(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return true;
    };
    // Signal "none" delivers nothing; it only asks whether the process exists.
    matches!(
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None),
        Err(nix::errno::Errno::ESRCH)
    )
}

/// What a run left behind: each path of `paths` that still exists and each process of `pids`
/// that still runs or was never reaped, in words; empty when nothing is left.
pub fn left_behind(paths: &[&Path], pids: &[u32]) -> Vec<String> {
    let files = paths
        .iter()
        .filter(|path| path.symlink_metadata().is_ok())
        .map(|path| format!("{} still exists", path.display()));
    let processes = pids
        .iter()
        .filter(|&&pid| !process_gone(pid))
        .map(|pid| format!("process {pid} still exists"));
    files.chain(processes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scratch_folder_is_gone_after_use_and_a_running_process_is_noticed() {
        let scratch = Scratch::new("test");
        let path = scratch.path().to_path_buf();
        std::fs::write(scratch.join("file"), b"x").unwrap();
        assert!(
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("workbook-ipc-test-")
        );
        let me = std::process::id();
        assert_eq!(
            left_behind(&[&path], &[me]),
            [
                format!("{} still exists", path.display()),
                format!("process {me} still exists")
            ]
        );
        scratch.remove().unwrap();
        assert!(left_behind(&[&path], &[]).is_empty());
        assert!(!process_gone(me));
    }
}
