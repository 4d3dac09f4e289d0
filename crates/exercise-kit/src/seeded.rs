//! The checks' own inputs: numbers drawn from fixed seeds, the same on every run and machine (so a
//! check never flakes on them), but written nowhere a solution could copy answers from. A table
//! of the answers to the grader's inputs does not fit them; only doing the work does.

/// SplitMix64's finaliser: a well-spread hash of `x`; neighbouring numbers get unrelated values.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `n`th number of the stream that `seed` names.
pub fn number(seed: u64, n: u64) -> u64 {
    mix(mix(seed) ^ n)
}

/// The `n`th number of the stream `seed`, from 0 to `limit - 1`.
pub fn below(seed: u64, n: u64, limit: u64) -> u64 {
    number(seed, n) % limit
}

/// `count` different numbers below `limit`, in the order the stream `seed` gives them.
pub fn distinct(seed: u64, count: usize, limit: u64) -> Vec<usize> {
    assert!(
        count as u64 <= limit,
        "{count} different numbers below {limit}"
    );
    let mut chosen: Vec<usize> = Vec::with_capacity(count);
    let mut n = 0;
    while chosen.len() < count {
        let candidate = below(seed, n, limit) as usize;
        if !chosen.contains(&candidate) {
            chosen.push(candidate);
        }
        n += 1;
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_numbers_every_time_and_another_seed_others() {
        assert_eq!(distinct(7, 8, 1000), distinct(7, 8, 1000));
        assert_ne!(distinct(7, 8, 1000), distinct(8, 8, 1000));
        let mut pages = distinct(7, 8, 1000);
        pages.sort_unstable();
        pages.dedup();
        assert_eq!(pages.len(), 8);
        assert!(pages.iter().all(|&page| page < 1000));
        // SplitMix64's published first output for the state 0.
        assert_eq!(mix(0), 0xE220_A839_7B1D_CDAF);
        assert!((0..100).all(|n| below(3, n, 10) < 10));
    }
}
