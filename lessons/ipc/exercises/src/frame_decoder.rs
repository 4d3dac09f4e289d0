//! The exercise "frame_decoder": its contract, and the checks that grade it.
//!
//! The student edits `frame_decoder.rs` (beside `src/`); the reference solution is
//! `../solutions/frame_decoder.rs`. The grader encodes messages drawn from seeds (empty ones,
//! one of exactly `MAX_FRAME` bytes, bytes that include `\n` and 0) as frames, feeds the stream
//! to the decoder in pieces cut every way a socket may cut it (all at once, one byte at a time,
//! pieces of random sizes, cuts inside every header), and records every message delivered with
//! the number of the `feed` call that delivered it.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use exercise_kit::grading::{Code, Runs};
use exercise_kit::seeded;
use lesson_kit::timeout::panic_message;

#[path = "../frame_decoder.rs"]
pub mod starter;

#[path = "../../solutions/frame_decoder.rs"]
pub mod solution;

/// The longest payload a frame may announce: a frame announcing more is refused.
pub const MAX_FRAME: u64 = 65_536;

/// Why a stream of frames is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// A header announced a payload of `len` bytes, more than `max` (`MAX_FRAME`).
    TooLarge { len: u64, max: u64 },
    /// The stream ended inside a frame: `got` bytes of it had arrived, header included, of the
    /// `expected` it needed (4 while the header itself is incomplete, else 4 + the payload's
    /// length).
    Truncated { expected: u64, got: u64 },
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::TooLarge { len, max } => write!(
                f,
                "a frame announced a payload of {len} bytes, more than the {max} allowed"
            ),
            FrameError::Truncated { expected, got } => write!(
                f,
                "the stream ended inside a frame: {got} of its {expected} bytes had arrived"
            ),
        }
    }
}

impl std::error::Error for FrameError {}

/// A decoder of frames (a 4-byte big-endian length, then that many bytes of payload) from
/// bytes that arrive in pieces of any size, as every version of the exercise offers it.
pub trait FrameDecoder: Default {
    /// Takes the next bytes that arrived and hands `deliver` every message they complete, in
    /// order, each as soon as its last byte arrives. A header announcing more than `MAX_FRAME`
    /// bytes gives `Err(TooLarge)` from the call that completes that header.
    fn feed(&mut self, bytes: &[u8], deliver: &mut dyn FnMut(Vec<u8>)) -> Result<(), FrameError>;
    /// The stream ended: `Ok` if it ended between two frames, `Err(Truncated { .. })` inside one.
    fn finish(self) -> Result<(), FrameError>;
}

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Decoder>(),
        Code::Solution => runs::<solution::Decoder>(),
    }
}

/// The checks' functions for any decoder (the tests also grade broken ones).
pub fn runs<D: FrameDecoder>() -> Runs {
    exercise_kit::runs![
        whole_messages_any_split::<D>,
        delivered_without_delay::<D>,
        refuses_oversized_at_once::<D>,
        truncated_is_an_error::<D>
    ]
}

/// `count` messages from `seed`: lengths up to 700 (the third one empty), bytes that include
/// `\n` and 0; with `largest`, one of exactly `MAX_FRAME` bytes among them.
fn messages(seed: u64, count: usize, largest: bool) -> Vec<Vec<u8>> {
    let big = seeded::below(seed, 0, count as u64) as usize;
    (0..count)
        .map(|index| {
            let len = match index {
                2 => 0,
                _ if largest && index == big => MAX_FRAME as usize,
                _ => 1 + seeded::below(seed, 1 + index as u64, 700) as usize,
            };
            let salt = seeded::number(seed, 1_000 + index as u64);
            let mut message: Vec<u8> = (0..len)
                .map(|at| seeded::mix(salt ^ at as u64) as u8)
                .collect();
            if len > 2 {
                // A delimiter-based decoder would cut here.
                message[len / 2] = b'\n';
                message[len / 3] = 0;
            }
            message
        })
        .collect()
}

/// The frames of `messages`, one after another, and where each frame ends in the stream.
fn encode(messages: &[Vec<u8>]) -> (Vec<u8>, Vec<usize>) {
    let mut stream = Vec::new();
    let mut ends = Vec::new();
    for message in messages {
        stream.extend_from_slice(&(message.len() as u32).to_be_bytes());
        stream.extend_from_slice(message);
        ends.push(stream.len());
    }
    (stream, ends)
}

/// `stream` cut at `cuts` (any order; cuts outside it are ignored).
fn cut(stream: &[u8], mut cuts: Vec<usize>) -> Vec<Vec<u8>> {
    cuts.retain(|&at| at > 0 && at < stream.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces = Vec::new();
    let mut from = 0;
    for at in cuts.into_iter().chain([stream.len()]) {
        pieces.push(stream[from..at].to_vec());
        from = at;
    }
    pieces
}

/// Pieces of random sizes from 1 to `largest` bytes, with an empty piece now and then.
fn random_pieces(stream: &[u8], seed: u64, largest: u64) -> Vec<Vec<u8>> {
    let mut pieces = Vec::new();
    let (mut from, mut n) = (0, 0);
    while from < stream.len() {
        n += 1;
        if seeded::below(seed, n, 9) == 0 {
            pieces.push(Vec::new());
        }
        let size = 1 + seeded::below(seed ^ 0x51CE, n, largest) as usize;
        let to = stream.len().min(from + size);
        pieces.push(stream[from..to].to_vec());
        from = to;
    }
    pieces
}

/// Cuts inside every header (after its first, second or third byte, in turn) and in the middle
/// of every payload.
fn header_cuts(stream: &[u8], ends: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts = Vec::new();
    let mut start = 0;
    for (index, &end) in ends.iter().enumerate() {
        cuts.push(start + 1 + index % 3);
        cuts.push((start + 4 + end) / 2);
        start = end;
    }
    cut(stream, cuts)
}

/// What a decoder did with the pieces fed to it.
struct Fed {
    /// Each message delivered, with the number of the feed call that delivered it.
    deliveries: Vec<(usize, Vec<u8>)>,
    /// The first error a feed call returned, with its number: feeding stops there.
    error: Option<(usize, FrameError)>,
    /// What `finish` returned, if every feed call returned `Ok`.
    finished: Option<Result<(), FrameError>>,
}

/// Feeds `pieces` to a new decoder, one call each, then calls `finish`.
fn feed<D: FrameDecoder>(pieces: &[Vec<u8>]) -> Result<Fed, String> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut decoder = D::default();
        let mut deliveries = Vec::new();
        for (call, piece) in pieces.iter().enumerate() {
            let mut deliver = |message| deliveries.push((call, message));
            if let Err(error) = decoder.feed(piece, &mut deliver) {
                return Fed {
                    deliveries,
                    error: Some((call, error)),
                    finished: None,
                };
            }
        }
        Fed {
            deliveries,
            error: None,
            finished: Some(decoder.finish()),
        }
    }))
    .map_err(|panic| format!("the decoder panicked: {}", panic_message(panic.as_ref())))
}

/// Which message `got` is, for a message.
fn which(got: &[u8], sent: &[Vec<u8>]) -> String {
    match sent.iter().position(|message| message == got) {
        Some(index) => format!("message {index} ({} bytes)", got.len()),
        None => format!("{} bytes that no message held", got.len()),
    }
}

/// `Err` unless `deliveries` are exactly `sent`: in order, none twice, none missing, none in part.
fn judge_deliveries(
    deliveries: &[(usize, Vec<u8>)],
    sent: &[Vec<u8>],
    how: &str,
) -> Result<(), String> {
    for (index, want) in sent.iter().enumerate() {
        let Some((_, got)) = deliveries.get(index) else {
            return Err(format!(
                "with {how}, {} of the {} messages were delivered: message {index} \
                 ({} bytes) never was. Deliver every message the bytes complete, however they \
                 were cut",
                deliveries.len(),
                sent.len(),
                want.len()
            ));
        };
        if got == want {
            continue;
        }
        if got.len() < want.len() && want.starts_with(got) {
            return Err(format!(
                "with {how}, delivery {index} was only the first {} of message \
                 {index}'s {} bytes: a message is delivered whole, once its last byte arrived, \
                 never in part",
                got.len(),
                want.len()
            ));
        }
        return Err(format!(
            "with {how}, delivery {index} was {}, where message {index} ({} bytes) \
             belongs: the 4-byte big-endian length says where each message ends, whatever \
             bytes it holds",
            which(got, sent),
            want.len()
        ));
    }
    if deliveries.len() > sent.len() {
        return Err(format!(
            "with {how}, {} messages were delivered for the {} sent: each exactly once",
            deliveries.len(),
            sent.len()
        ));
    }
    Ok(())
}

/// `Err` if a feed call refused a stream of whole frames, none over `MAX_FRAME`.
fn no_error(fed: &Fed, how: &str) -> Result<(), String> {
    match fed.error {
        Some((call, error)) => Err(format!(
            "with {how}, feed call {call} returned Err({error:?}), though no header announced \
             more than MAX_FRAME ({MAX_FRAME}) bytes and the 4-byte length is big-endian"
        )),
        None => Ok(()),
    }
}

/// The ways the checks cut a stream, each with its name.
fn splits(stream: &[u8], ends: &[usize], seed: u64) -> Vec<(&'static str, Vec<Vec<u8>>)> {
    vec![
        ("the stream fed all at once", vec![stream.to_vec()]),
        (
            "the stream fed in pieces of random sizes",
            random_pieces(stream, seed, 3_000),
        ),
        (
            "the stream fed in small pieces of random sizes",
            random_pieces(stream, seed + 1, 9),
        ),
        (
            "the stream fed with cuts inside every header",
            header_cuts(stream, ends),
        ),
    ]
}

fn whole_messages_any_split<D: FrameDecoder>() -> Result<(), String> {
    let sent = messages(0xF4A3E, 14, true);
    let (stream, ends) = encode(&sent);
    for (how, pieces) in splits(&stream, &ends, 0xF4A3F) {
        let fed = feed::<D>(&pieces)?;
        no_error(&fed, how)?;
        judge_deliveries(&fed.deliveries, &sent, how)?;
    }
    // Without the largest message: one call per byte of it would cost most of the time limit
    // in a decoder that copies its whole buffer on every call, which is slow but not wrong.
    let sent = messages(0xB1E, 12, false);
    let (stream, _) = encode(&sent);
    let how = "the stream fed one byte at a time";
    let fed = feed::<D>(&cut(&stream, (1..stream.len()).collect()))?;
    no_error(&fed, how)?;
    judge_deliveries(&fed.deliveries, &sent, how)
}

fn delivered_without_delay<D: FrameDecoder>() -> Result<(), String> {
    let sent = messages(0xDE1A7, 10, false);
    let (stream, ends) = encode(&sent);
    let mut ways = splits(&stream, &ends, 0xDE1A8);
    ways.remove(0);
    ways.insert(
        0,
        (
            "the stream fed one frame per call",
            cut(&stream, ends.clone()),
        ),
    );
    for (how, pieces) in ways {
        let fed = feed::<D>(&pieces)?;
        no_error(&fed, how)?;
        // The call that gave each frame's last byte.
        let mut last = Vec::new();
        let mut given = 0;
        for (call, piece) in pieces.iter().enumerate() {
            given += piece.len();
            while last.len() < ends.len() && ends[last.len()] <= given {
                last.push(call);
            }
        }
        for (index, ((call, got), want)) in fed.deliveries.iter().zip(&sent).enumerate() {
            if got != want {
                break;
            }
            if *call != last[index] {
                let when = if *call > last[index] {
                    "only"
                } else {
                    "already"
                };
                return Err(format!(
                    "with {how}, message {index} was delivered {when} during feed \
                     call {call}, but its last byte came in call {}: deliver each message during \
                     the very call that gives its last byte, not when more bytes come",
                    last[index]
                ));
            }
        }
        judge_deliveries(&fed.deliveries, &sent, how)?;
    }
    Ok(())
}

/// `Err` unless `fed` was refused with `TooLarge` for `len` by feed call `call`, after
/// delivering `sent`.
fn judge_refusal(
    fed: &Fed,
    sent: &[Vec<u8>],
    len: u64,
    call: usize,
    how: &str,
) -> Result<(), String> {
    let wanted = FrameError::TooLarge {
        len,
        max: MAX_FRAME,
    };
    match fed.error {
        None => {
            return Err(format!(
                "with {how}, a header announced {len} bytes, more than MAX_FRAME \
                 ({MAX_FRAME}), but feed returned Ok(()): refuse such a frame with \
                 Err({wanted:?}) from the very call that completes its header, before its \
                 bytes arrive (a peer could announce 4 GiB)"
            ));
        }
        Some((at, error)) if at != call || error != wanted => {
            return Err(format!(
                "with {how}, feed call {at} returned Err({error:?}), where call {call}, which \
                 completes the header announcing {len} bytes, should return Err({wanted:?})"
            ));
        }
        Some(_) => {}
    }
    judge_deliveries(&fed.deliveries, sent, how)
        .map_err(|message| format!("{message}; the messages before the refused frame count"))
}

fn refuses_oversized_at_once<D: FrameDecoder>() -> Result<(), String> {
    // The header of one byte too many, at the end of one call with three frames.
    let sent = messages(0x0B16, 3, false);
    let (mut stream, _) = encode(&sent);
    let len = MAX_FRAME + 1;
    stream.extend_from_slice(&(len as u32).to_be_bytes());
    let how = "three frames and a header of MAX_FRAME + 1 in one feed call";
    judge_refusal(&feed::<D>(&[stream])?, &sent, len, 0, how)?;
    // A huge header, cut after its third byte: the call with the fourth refuses it.
    let sent = messages(0x0B17, 4, false);
    let (stream, _) = encode(&sent);
    let len = 1_000_000 + seeded::below(0x0B18, 0, u64::from(u32::MAX) - 1_000_000);
    let header = (len as u32).to_be_bytes();
    let pieces = [stream, header[..3].to_vec(), header[3..].to_vec()];
    let how = "four frames, then a header cut after its third byte";
    judge_refusal(&feed::<D>(&pieces)?, &sent, len, 2, how)
}

/// A stream of `truncated_is_an_error`: what it is, its whole messages, the bytes after them,
/// and what `finish` must return.
type Case<'a> = (&'a str, &'a [Vec<u8>], Vec<u8>, Result<(), FrameError>);

fn truncated_is_an_error<D: FrameDecoder>() -> Result<(), String> {
    let mut sent = messages(0x7A1C, 5, false);
    // A frame of an empty message is whole once its header is in.
    sent.push(Vec::new());
    let (stream, _) = encode(&sent);
    let partial_body = {
        let mut frame = 30u32.to_be_bytes().to_vec();
        frame.extend_from_slice(&[7; 10]);
        frame
    };
    let cases: [Case; 4] = [
        ("a stream of no bytes at all", &[], Vec::new(), Ok(())),
        (
            "a stream of whole frames only, the last of an empty message",
            &sent,
            Vec::new(),
            Ok(()),
        ),
        (
            "a stream of whole frames, then 2 bytes of a header",
            &sent,
            vec![0, 0],
            Err(FrameError::Truncated {
                expected: 4,
                got: 2,
            }),
        ),
        (
            "a stream of whole frames, then a header announcing 30 bytes and 10 of them",
            &sent,
            partial_body,
            Err(FrameError::Truncated {
                expected: 34,
                got: 14,
            }),
        ),
    ];
    for (round, (how, whole, tail, wanted)) in cases.into_iter().enumerate() {
        let mut bytes = if whole.is_empty() {
            Vec::new()
        } else {
            stream.clone()
        };
        bytes.extend_from_slice(&tail);
        let fed = feed::<D>(&random_pieces(&bytes, 0x7A1D + round as u64, 500))?;
        no_error(&fed, how)?;
        judge_deliveries(&fed.deliveries, whole, how)
            .map_err(|message| format!("{message}; nothing of an unfinished frame is delivered"))?;
        let finished = fed.finished.expect("every feed call returned Ok");
        if finished != wanted {
            let advice = match wanted {
                Ok(()) => "a stream that ends between two frames ends well".to_owned(),
                Err(error) => format!("the stream ended inside a frame: return Err({error:?})"),
            };
            return Err(format!(
                "with {how}, finish returned {finished:?}: {advice}"
            ));
        }
    }
    Ok(())
}
