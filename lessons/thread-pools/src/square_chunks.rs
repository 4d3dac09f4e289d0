//! The CPU work of the lesson `rayon_pool`: a sum of squares cut into chunks, each chunk recorded
//! on a timeline, so that the chart shows which thread ran it and when.

use lesson_kit::meeting::Meeting;
use lesson_kit::timeline::Run;
use lesson_kit::work::sum_of_squares;
use lesson_kit::{Timeline, seconds};

pub const CHUNKS: u64 = 8;
pub const CHUNK: u64 = 1_000_000;

/// The sum of the squares in chunk `number`, recorded as "chunk#number".
pub fn chunk(timeline: &Timeline, number: u64) -> u128 {
    timeline.record(format!("chunk#{number}"), || {
        sum_of_squares(number * CHUNK..(number + 1) * CHUNK)
    })
}

/// Chunk `number`, once it has met a partner at `pair` (a meeting of two): only two chunks that
/// run at once, on two threads, can meet.
pub fn chunk_in_pair(pair: &Meeting, timeline: &Timeline, number: u64) -> u128 {
    pair.arrive();
    chunk(timeline, number)
}

/// Every chunk, one after another on the calling thread.
pub fn sum_serially(timeline: &Timeline) -> u128 {
    (0..CHUNKS).map(|number| chunk(timeline, number)).sum()
}

/// The sum by the closed form n(n-1)(2n-1)/6: what every way of adding the chunks must give.
pub fn expected() -> u128 {
    let n = u128::from(CHUNKS * CHUNK);
    n * (n - 1) * (2 * n - 1) / 6
}

/// The value of `work` and the timeline it recorded, titled `title`.
pub fn timed<T>(title: &str, work: impl FnOnce(&Timeline) -> T) -> (T, Run) {
    let timeline = Timeline::new();
    let value = work(&timeline);
    (value, timeline.finish(title))
}

/// The wall time of `part` as a share of `whole`'s, and the two times as text.
pub fn share(part: &Run, whole: &Run) -> (f64, String) {
    let (part, whole) = (part.wall_time(), whole.wall_time());
    let times = format!("{} / {}", seconds(part), seconds(whole));
    (part.div_duration_f64(whole), times)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_serial_sum_matches_the_closed_form_and_records_every_chunk() {
        let (sum, run) = timed("serial", sum_serially);
        assert_eq!(sum, expected());
        assert_eq!(run.spans.len(), CHUNKS as usize);
    }
}
