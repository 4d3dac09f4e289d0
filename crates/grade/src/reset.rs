//! `cargo grade --reset ID`: puts back the starter as shipped. Its text comes from the clone's
//! history (the newest version of the file whose fingerprint is the declared one), so it is the
//! starter the grader expects even after the student committed their work.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use exercise_kit::grading::fingerprint;

use crate::catalog::{Catalog, Entry};

/// What a reset did.
#[derive(Debug, PartialEq, Eq)]
pub enum Reset {
    /// The file already was the starter as shipped.
    AlreadyShipped,
    /// The starter is back; the student's file, if there was one, was kept in `backup`.
    Restored { backup: Option<PathBuf> },
    /// The student answered no: nothing changed.
    Declined,
}

/// Puts back the starter of `entry`. When the file holds the student's edits, asks first (on
/// `answers`, unless `yes`) and keeps the file as a backup beside it.
pub fn reset(
    catalog: &Catalog,
    entry: &Entry,
    yes: bool,
    answers: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Reset, String> {
    let file = catalog.path(&entry.starter);
    let current = catalog.starter_text(entry);
    if current
        .as_deref()
        .is_some_and(|text| fingerprint(text) == entry.starter_sha256)
    {
        return Ok(Reset::AlreadyShipped);
    }
    let shipped = shipped_text(&catalog.root, entry)?;
    let backup = match &current {
        None => None,
        Some(edited) => {
            let backup = free_backup_name(&file);
            if !yes {
                let _ = write!(
                    out,
                    "{} holds your edits. Put the starter back, keeping your file as {}? [y/N] ",
                    entry.starter,
                    relative(&catalog.root, &backup)
                );
                let _ = out.flush();
                let mut answer = String::new();
                let _ = answers.read_line(&mut answer);
                if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
                    return Ok(Reset::Declined);
                }
            }
            std::fs::write(&backup, edited)
                .map_err(|error| format!("cannot write {}: {error}", backup.display()))?;
            Some(backup)
        }
    };
    std::fs::write(&file, shipped)
        .map_err(|error| format!("cannot write {}: {error}", file.display()))?;
    Ok(Reset::Restored { backup })
}

/// The starter of `entry` as shipped: the newest version in the history of `root`'s git clone
/// whose fingerprint is the declared one.
pub fn shipped_text(root: &Path, entry: &Entry) -> Result<String, String> {
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .map_err(|error| format!("cannot run git ({error}); --reset needs a git clone"))
    };
    let log = git(&["log", "--format=%H", "--", &entry.starter])?;
    if !log.status.success() {
        return Err(format!(
            "git cannot read this repository's history ({}); --reset needs a git clone",
            lesson_kit::text::one_line(String::from_utf8_lossy(&log.stderr).trim())
        ));
    }
    for commit in String::from_utf8_lossy(&log.stdout).lines() {
        let shown = git(&["show", &format!("{commit}:{}", entry.starter)])?;
        if let Ok(text) = String::from_utf8(shown.stdout)
            && shown.status.success()
            && fingerprint(&text) == entry.starter_sha256
        {
            return Ok(text);
        }
    }
    Err(format!(
        "no version of {} in this clone's history is the starter as shipped (sha256 {}); a \
         shallow clone keeps too little history (`git fetch --unshallow`)",
        entry.starter, entry.starter_sha256
    ))
}

/// `<file>.bak`, or `<file>.bak.2`, `.bak.3`... whichever does not exist yet.
fn free_backup_name(file: &Path) -> PathBuf {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    (1..)
        .map(|number| match number {
            1 => file.with_file_name(format!("{name}.bak")),
            n => file.with_file_name(format!("{name}.bak.{n}")),
        })
        .find(|candidate| !candidate.exists())
        .expect("some number is free")
}

/// `path` from `root`, for messages.
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}
