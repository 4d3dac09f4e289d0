//! Cutting a range of numbers into one range per worker, with whole-number bounds.
//!
//! The notes compute each worker's bounds as `total * (n - 1) / workers` with Python's `/`,
//! which gives a float (16666666.666... for a third of 50 000 000), and `range()` refuses a
//! float. Integer division fixes the type, and computing every bound from the *total* (not
//! adding a rounded share to the previous bound) makes the pieces meet exactly: each number
//! lands in one piece, none is lost, and the pieces differ in length by one at most.

use std::ops::Range;

// ANCHOR: split
/// `numbers` cut into `parts` consecutive ranges that cover every number exactly once. Piece `k`
/// starts at `first + len * k / parts`, so piece `k` ends where piece `k + 1` starts.
pub fn split(numbers: Range<u64>, parts: usize) -> Vec<Range<u64>> {
    let parts = parts.max(1) as u128;
    let len = u128::from(numbers.end.saturating_sub(numbers.start));
    // u128: `len * k` may not fit in u64 for a huge range; the bound itself always does.
    let bound = |k: u128| numbers.start + (len * k / parts) as u64;
    (0..parts).map(|k| bound(k)..bound(k + 1)).collect()
}
// ANCHOR_END: split

/// The bounds the notes' formula gives for piece `n` (from 1) of `workers`, as floats: the
/// notes pass these to `range()`, which rejects any that is not a whole number.
pub fn notes_bounds(total: u64, n: u64, workers: u64) -> (f64, f64) {
    let total = total as f64;
    let workers = workers as f64;
    let n = n as f64;
    (total * (n - 1.0) / workers, total * n / workers)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every number of `numbers` in exactly one piece, in order, and pieces that differ in length
    /// by one at most.
    fn check(numbers: Range<u64>, parts: usize) {
        let pieces = split(numbers.clone(), parts);
        assert_eq!(pieces.len(), parts.max(1), "{numbers:?} in {parts}");
        let covered: Vec<u64> = pieces.iter().flat_map(|piece| piece.clone()).collect();
        let every: Vec<u64> = numbers.clone().collect();
        assert_eq!(covered, every, "{numbers:?} in {parts}: {pieces:?}");
        let lengths = pieces.iter().map(|piece| piece.end - piece.start);
        let (short, long) = (lengths.clone().min().unwrap(), lengths.max().unwrap());
        assert!(long - short <= 1, "{numbers:?} in {parts}: {pieces:?}");
    }

    #[test]
    fn the_pieces_cover_every_number_exactly_once() {
        for parts in 1..=9 {
            for (start, end) in [(1, 1), (1, 2), (1, 101), (0, 7), (5, 1_000), (1, 3)] {
                check(start..end, parts);
            }
        }
        assert_eq!(split(1..11, 3), [1..4, 4..7, 7..11]);
        // More workers than numbers: some get nothing, and nothing is counted twice.
        assert_eq!(split(1..3, 4), [1..1, 1..2, 2..2, 2..3]);
    }

    #[test]
    fn a_huge_range_splits_without_overflow() {
        let pieces = split(0..u64::MAX, 3);
        assert_eq!(pieces.first().unwrap().start, 0);
        assert_eq!(pieces.last().unwrap().end, u64::MAX);
        assert!(pieces.windows(2).all(|pair| pair[0].end == pair[1].start));
    }

    #[test]
    fn the_notes_bounds_are_not_whole_numbers_for_three_workers() {
        // What Python's `range()` would be handed for the second third of 50 000 000.
        let (start, end) = notes_bounds(50_000_000, 2, 3);
        assert!(start.fract() != 0.0 && end.fract() != 0.0, "{start} {end}");
        let pieces = split(1..50_000_001, 3);
        assert_eq!(pieces[1], 16_666_667..33_333_334);
    }
}
