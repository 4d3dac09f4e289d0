//! Small wrong savers and decoders, to show what the checks catch. Not exercises. Each one's
//! documentation says its mistake.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use ipc_exercises::atomic_save::AtomicSave;
use ipc_exercises::frame_decoder::{FrameDecoder, FrameError, MAX_FRAME};

static SAVES: AtomicU64 = AtomicU64::new(0);

/// A temporary name beside `target`, of its own for each save.
fn temp_beside(target: &Path) -> PathBuf {
    let save = SAVES.fetch_add(1, Ordering::Relaxed);
    let mut name = target.file_name().unwrap().to_os_string();
    name.push(format!(".{}.{save}.tmp", process::id()));
    target.with_file_name(name)
}

/// Streams `source` into a new file at `temp`.
fn write_temp(temp: &Path, source: &mut dyn Read) -> io::Result<()> {
    let mut file = File::create(temp)?;
    io::copy(source, &mut file)?;
    file.sync_all()
}

/// The starter's mistake: empties the target, then writes into it as the chunks come.
pub struct DirectWrite;

impl AtomicSave for DirectWrite {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let mut file = File::create(target)?;
        io::copy(source, &mut file)?;
        Ok(())
    }
}

/// Clears the way first: removes the target, then writes a temporary file and renames it.
pub struct RemoveThenRename;

impl AtomicSave for RemoveThenRename {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        fs::remove_file(target)?;
        let temp = temp_beside(target);
        write_temp(&temp, source)?;
        fs::rename(&temp, target)
    }
}

/// Removes the target only after the last chunk, just before the rename: no look of the
/// source's falls in the gap, but the kernel's record of the folder shows it.
pub struct RemoveJustBeforeRename;

impl AtomicSave for RemoveJustBeforeRename {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let temp = temp_beside(target);
        write_temp(&temp, source)?;
        fs::remove_file(target)?;
        fs::rename(&temp, target)
    }
}

/// Keeps the old version whole while reading, then writes the target in place at once.
pub struct BufferThenWriteInPlace;

impl AtomicSave for BufferThenWriteInPlace {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let mut contents = Vec::new();
        source.read_to_end(&mut contents)?;
        fs::write(target, contents)
    }
}

/// A temporary file in the system's temporary folder, renamed over the target (here the same
/// file system, so it even works; elsewhere the rename fails or copies).
pub struct TempElsewhere;

impl AtomicSave for TempElsewhere {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let save = SAVES.fetch_add(1, Ordering::Relaxed);
        let temp = std::env::temp_dir().join(format!("elsewhere.{}.{save}.tmp", process::id()));
        let result = write_temp(&temp, source).and_then(|()| fs::rename(&temp, target));
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        }
        result
    }
}

/// Right, but holds every chunk in memory and writes the temporary file only at the end.
pub struct BuffersEverything;

impl AtomicSave for BuffersEverything {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let mut contents = Vec::new();
        source.read_to_end(&mut contents)?;
        let temp = temp_beside(target);
        fs::write(&temp, contents)?;
        fs::rename(&temp, target)
    }
}

/// Right, until the source fails: then the temporary file stays behind.
pub struct LeavesTempOnError;

impl AtomicSave for LeavesTempOnError {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let temp = temp_beside(target);
        write_temp(&temp, source)?;
        fs::rename(&temp, target)
    }
}

/// One temporary name for every save: `notes.txt.tmp`.
pub struct FixedTempName;

impl AtomicSave for FixedTempName {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let mut name = target.file_name().unwrap().to_os_string();
        name.push(".tmp");
        let temp = target.with_file_name(name);
        let result = write_temp(&temp, source).and_then(|()| fs::rename(&temp, target));
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        }
        result
    }
}

/// One temporary name, but one save at a time in this process: right here (not across
/// processes), and it makes the grader's paused save wait out its patience.
pub struct Serialised;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

impl AtomicSave for Serialised {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
        FixedTempName::save(target, source)
    }
}

/// Writes a temporary file, then copies it over the target (which writes the target in place).
pub struct NoRename;

impl AtomicSave for NoRename {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let temp = temp_beside(target);
        write_temp(&temp, source)?;
        fs::copy(&temp, target)?;
        fs::remove_file(&temp)
    }
}

/// Goes through the motions: grows a temporary file beside the target, but renames a copy made
/// elsewhere over the target, and removes the first.
pub struct DecoyTemp;

impl AtomicSave for DecoyTemp {
    fn save(target: &Path, source: &mut dyn Read) -> io::Result<()> {
        let temp = temp_beside(target);
        let mut file = File::create(&temp)?;
        let mut contents = Vec::new();
        let mut chunk = [0; 8192];
        loop {
            let count = source.read(&mut chunk)?;
            if count == 0 {
                break;
            }
            file.write_all(&chunk[..count])?;
            contents.extend_from_slice(&chunk[..count]);
        }
        let save = SAVES.fetch_add(1, Ordering::Relaxed);
        let elsewhere = std::env::temp_dir().join(format!("decoy.{}.{save}.tmp", process::id()));
        fs::write(&elsewhere, contents)?;
        fs::rename(&elsewhere, target)?;
        fs::remove_file(&temp)
    }
}

/// The starter's mistake: every piece is taken for one whole frame.
#[derive(Default)]
pub struct OneFeedOneFrame;

impl FrameDecoder for OneFeedOneFrame {
    fn feed(&mut self, bytes: &[u8], deliver: &mut dyn FnMut(Vec<u8>)) -> Result<(), FrameError> {
        if bytes.len() >= 4 {
            deliver(bytes[4..].to_vec());
        }
        Ok(())
    }

    fn finish(self) -> Result<(), FrameError> {
        Ok(())
    }
}

/// Lines instead of frames: a message ends at `\n`.
#[derive(Default)]
pub struct NewlineDelimited {
    buffer: Vec<u8>,
}

impl FrameDecoder for NewlineDelimited {
    fn feed(&mut self, bytes: &[u8], deliver: &mut dyn FnMut(Vec<u8>)) -> Result<(), FrameError> {
        for &byte in bytes {
            if byte == b'\n' {
                deliver(std::mem::take(&mut self.buffer));
            } else {
                self.buffer.push(byte);
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<(), FrameError> {
        Ok(())
    }
}

/// A decoder right in every way but the order of the header's bytes, and what it does after
/// delivering, which `Framer` says.
#[derive(Default)]
pub struct Framer<const LITTLE_ENDIAN: bool, const HOLD_BACK: bool, const ONE_PER_FEED: bool> {
    buffer: Vec<u8>,
    /// Whole frames not delivered yet (`HOLD_BACK`).
    held: Vec<Vec<u8>>,
    /// Another limit than `MAX_FRAME`.
    limit: Option<u64>,
    truncated_is_fine: bool,
    partial: bool,
    limit_when_whole: bool,
}

impl<const LE: bool, const HOLD: bool, const ONE: bool> Framer<LE, HOLD, ONE> {
    fn announced(&self) -> Option<u64> {
        let header = *self.buffer.first_chunk::<4>()?;
        Some(u64::from(if LE {
            u32::from_le_bytes(header)
        } else {
            u32::from_be_bytes(header)
        }))
    }

    fn step(&mut self, bytes: &[u8], deliver: &mut dyn FnMut(Vec<u8>)) -> Result<(), FrameError> {
        if HOLD {
            // Delivers the frames completed by the last call only now that more bytes came.
            for frame in self.held.drain(..) {
                deliver(frame);
            }
        }
        self.buffer.extend_from_slice(bytes);
        while let Some(len) = self.announced() {
            let too_large = len > self.limit.unwrap_or(MAX_FRAME);
            if too_large && !self.limit_when_whole {
                return Err(FrameError::TooLarge {
                    len,
                    max: MAX_FRAME,
                });
            }
            if (self.buffer.len() as u64) < 4 + len {
                break;
            }
            if too_large {
                return Err(FrameError::TooLarge {
                    len,
                    max: MAX_FRAME,
                });
            }
            let frame: Vec<u8> = self.buffer.drain(..4 + len as usize).skip(4).collect();
            if HOLD {
                self.held.push(frame);
            } else {
                deliver(frame);
            }
            if ONE {
                break;
            }
        }
        if self.partial && self.buffer.len() > 4 {
            // What has come of the frame under way goes out at once (and again once whole).
            deliver(self.buffer[4..].to_vec());
        }
        Ok(())
    }

    fn end(self) -> Result<(), FrameError> {
        let got = self.buffer.len() as u64;
        if got == 0 || self.truncated_is_fine {
            return Ok(());
        }
        let expected = self.announced().map_or(4, |len| 4 + len);
        Err(FrameError::Truncated { expected, got })
    }
}

macro_rules! framer {
    ($(#[$doc:meta])* $name:ident = $framer:ty { $($field:ident: $value:expr),* }) => {
        $(#[$doc])*
        pub struct $name($framer);

        impl Default for $name {
            #[allow(clippy::needless_update)]
            fn default() -> Self {
                $name(Framer {
                    $($field: $value,)*
                    ..Framer::default()
                })
            }
        }

        impl FrameDecoder for $name {
            fn feed(
                &mut self,
                bytes: &[u8],
                deliver: &mut dyn FnMut(Vec<u8>),
            ) -> Result<(), FrameError> {
                self.0.step(bytes, deliver)
            }

            fn finish(self) -> Result<(), FrameError> {
                self.0.end()
            }
        }
    };
}

framer!(
    /// Reads the length's bytes the wrong way round.
    LittleEndian = Framer<true, false, false> {}
);
framer!(
    /// Delivers the frames one call late: only when more bytes come.
    HoldsBackUntilNextHeader = Framer<false, true, false> {}
);
framer!(
    /// Delivers at most one frame per call, and keeps the others for later calls.
    OnlyFirstFramePerFeed = Framer<false, false, true> {}
);
framer!(
    /// Delivers the part of the frame under way at the end of each call.
    DeliversPartial = Framer<false, false, false> { partial: true }
);
framer!(
    /// No limit: buffers whatever length a header announces.
    NoLimit = Framer<false, false, false> { limit: Some(u64::MAX) }
);
framer!(
    /// Checks the limit only once the whole frame has come: after buffering it.
    LimitWhenWhole = Framer<false, false, false> { limit_when_whole: true }
);
framer!(
    /// Off by one: refuses a frame of exactly `MAX_FRAME` bytes, which is allowed.
    LimitOffByOne = Framer<false, false, false> { limit: Some(MAX_FRAME - 1) }
);
framer!(
    /// A stream that ends inside a frame is fine by it.
    TruncatedIsFine = Framer<false, false, false> { truncated_is_fine: true }
);
framer!(
    /// The right decoder, to prove that the `Framer` of the fixtures above is right but for
    /// what each one changes.
    RightFramer = Framer<false, false, false> {}
);
