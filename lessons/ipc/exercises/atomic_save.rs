//! Exercise "atomic_save": fix the half-written file.
//!
//! `save` must replace the file `target` with everything `source` gives, so that a reader of
//! `target` at any moment (another process, say) finds either the complete previous contents or
//! the complete new ones: never a part, never no file at all. Write what `source` gives as it
//! arrives. If `source` fails, return its error and leave `target` as it was, with nothing else
//! left behind. Two saves to the same target may run at the same time. The source is the
//! grader's: before each chunk it gives, it looks at the target and its folder, and records what
//! a reader would have found.
//!
//! Grade it: `cargo grade --exercise atomic_save`. Stuck? `cargo grade --hint atomic_save`.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::atomic_save::AtomicSave;

pub struct Saver;

impl AtomicSave for Saver {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        // TODO: a reader must never find the target half-written, nor missing.
        // This empties the target first and then writes the new contents into it as they
        // arrive: a reader in between finds an empty file, then a growing part of the new one.
        let mut file = File::create(target)?;
        io::copy(source, &mut file)?;
        Ok(())
    }
}
