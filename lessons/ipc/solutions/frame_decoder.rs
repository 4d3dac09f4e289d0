//! Reference solution of the exercise "frame_decoder".
//!
//! The bytes are kept in one buffer until they make a whole frame. After each piece, a loop
//! delivers every frame the buffer holds whole, in order, and keeps the rest for the next piece.
//! The length is checked as soon as the header is in, before a byte of the payload is waited
//! for.

use crate::frame_decoder::{FrameDecoder, FrameError, MAX_FRAME};

#[derive(Default)]
pub struct Decoder {
    /// The bytes of the frame under way: what arrived after the last whole frame.
    buffer: Vec<u8>,
}

/// The length a frame's header announces, once its 4 bytes are in.
fn announced(bytes: &[u8]) -> Option<u64> {
    let header = bytes.first_chunk::<4>()?;
    Some(u64::from(u32::from_be_bytes(*header)))
}

impl FrameDecoder for Decoder {
    fn feed(&mut self, bytes: &[u8], deliver: &mut dyn FnMut(Vec<u8>)) -> Result<(), FrameError> {
        self.buffer.extend_from_slice(bytes);
        let mut start = 0;
        let outcome = loop {
            let rest = &self.buffer[start..];
            let Some(len) = announced(rest) else {
                break Ok(());
            };
            if len > MAX_FRAME {
                break Err(FrameError::TooLarge {
                    len,
                    max: MAX_FRAME,
                });
            }
            let end = 4 + len as usize;
            if rest.len() < end {
                break Ok(());
            }
            deliver(rest[4..end].to_vec());
            start += end;
        };
        // Once per piece, not once per frame: many small frames in one piece cost one move.
        self.buffer.drain(..start);
        outcome
    }

    fn finish(self) -> Result<(), FrameError> {
        let got = self.buffer.len() as u64;
        match announced(&self.buffer) {
            _ if got == 0 => Ok(()),
            None => Err(FrameError::Truncated { expected: 4, got }),
            Some(len) => Err(FrameError::Truncated {
                expected: 4 + len,
                got,
            }),
        }
    }
}
