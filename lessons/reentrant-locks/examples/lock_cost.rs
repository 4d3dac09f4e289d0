//! Lesson: "a Lock is slightly faster than an RLock", measured in Rust.
//!
//! The notes say a `Lock` is faster than an `RLock`, but not by enough to matter. This lesson
//! times lock/unlock pairs with nobody else contending, for `std::sync::Mutex`,
//! `parking_lot::Mutex` and `parking_lot::ReentrantMutex`. A reentrant lock has more to do: it
//! asks which thread is calling, compares it with the owner, and keeps a count. Each repetition
//! times all three, one after another, so that a busy moment of the machine hits all three; the
//! figures are the medians of the repetitions. They are printed, never asserted: a speed depends
//! on the machine, the build (`cargo run --release` shows the optimized one) and what else runs.
//!
//! Run: `cargo run --example lock_cost` (try `-- --pairs 1000000 --repetitions 21`).

use std::hint::black_box;
use std::time::Instant;

use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};

const USAGE: &str = "\
Uncontended lock/unlock pairs of std's Mutex, parking_lot's Mutex and its ReentrantMutex.

usage: cargo run --example lock_cost -- [--pairs N] [--repetitions R]

  --pairs N        lock/unlock pairs per lock and repetition (default 200000, from 1 to 100000000)
  --repetitions R  how many times all three are timed; the median is kept (default 15, from 1 to 101)
  -h, --help       show this text
";

/// Nanoseconds per lock/unlock pair, for each of the three locks.
#[derive(Debug, Clone, Copy)]
struct Costs {
    std_mutex: f64,
    parking_lot_mutex: f64,
    reentrant: f64,
}

// ANCHOR: pairs
/// Nanoseconds per pair: `pairs` times, lock, touch the data, unlock.
fn time_pairs<G>(pairs: u64, mut lock_and_unlock: impl FnMut() -> G) -> f64 {
    let started = Instant::now();
    for _ in 0..pairs {
        black_box(lock_and_unlock()); // the guard is dropped here: one pair
    }
    started.elapsed().as_nanos() as f64 / pairs as f64
}

fn one_repetition(pairs: u64) -> Costs {
    let std_mutex = std::sync::Mutex::new(0_u64);
    let parking_lot_mutex = parking_lot::Mutex::new(0_u64);
    let reentrant = parking_lot::ReentrantMutex::new(0_u64);
    Costs {
        std_mutex: time_pairs(pairs, || *black_box(&std_mutex).lock().unwrap()),
        parking_lot_mutex: time_pairs(pairs, || *black_box(&parking_lot_mutex).lock()),
        reentrant: time_pairs(pairs, || *black_box(&reentrant).lock()),
    }
}
// ANCHOR_END: pairs

/// The median of each lock's figures over `repetitions`, and the reentrant/plain ratio of each
/// repetition (sorted), to show how much it moved.
fn measure(pairs: u64, repetitions: usize) -> (Costs, Vec<f64>) {
    let runs: Vec<Costs> = (0..repetitions).map(|_| one_repetition(pairs)).collect();
    let median = |figure: fn(&Costs) -> f64| {
        let mut values: Vec<f64> = runs.iter().map(figure).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let mut ratios: Vec<f64> = runs
        .iter()
        .map(|c| c.reentrant / c.parking_lot_mutex)
        .collect();
    ratios.sort_by(f64::total_cmp);
    let costs = Costs {
        std_mutex: median(|c| c.std_mutex),
        parking_lot_mutex: median(|c| c.parking_lot_mutex),
        reentrant: median(|c| c.reentrant),
    };
    (costs, ratios)
}

fn main() {
    let mut pairs: u64 = 200_000;
    let mut repetitions: usize = 15;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("pairs") => pairs = cli::number(parser, "--pairs", 1..=100_000_000)?,
            Arg::Long("repetitions") => {
                repetitions = cli::number(parser, "--repetitions", 1..=101)?
            }
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "{repetitions} repetitions of {pairs} uncontended lock/unlock pairs per lock ({build} build):\n"
    );
    let (costs, ratios) = measure(pairs, repetitions);
    println!(
        "   std::sync::Mutex             {:6.1} ns per pair",
        costs.std_mutex
    );
    println!(
        "   parking_lot::Mutex           {:6.1} ns per pair",
        costs.parking_lot_mutex
    );
    println!(
        "   parking_lot::ReentrantMutex  {:6.1} ns per pair",
        costs.reentrant
    );
    let ratio = costs.reentrant / costs.parking_lot_mutex;
    let (low, high) = (ratios[0], ratios[ratios.len() - 1]);
    println!(
        "   reentrant / parking_lot mutex: {ratio:.2} (repetitions ranged {low:.2} to {high:.2})"
    );
    println!(
        "   reentrant / std mutex:         {:.2}",
        costs.reentrant / costs.std_mutex
    );

    Figure::new("cost of an uncontended lock/unlock pair: reentrant / plain")
        .notes("Lock is faster than RLock, slightly (no figure)")
        .this_run(format!(
            "{:.1} ns / {:.1} ns = {ratio:.2} (std's Mutex: {:.1} ns; {build} build)",
            costs.reentrant, costs.parking_lot_mutex, costs.std_mutex
        ))
        .ideal("above 1, and small in ns: the owner check is a thread id read and compared")
        .print();

    // A speed is never asserted; what is asserted is that every figure is a real measurement.
    assert!(
        [costs.std_mutex, costs.parking_lot_mutex, costs.reentrant]
            .iter()
            .all(|ns| ns.is_finite() && *ns > 0.0),
        "expected a positive time per pair for every lock, got {costs:?}"
    );
    println!("\nMeasured, not asserted: the ratio is printed for you to compare with the notes.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lock_is_timed_and_every_ratio_is_kept_sorted() {
        let (costs, ratios) = measure(2_000, 5);
        assert!(costs.std_mutex > 0.0 && costs.parking_lot_mutex > 0.0 && costs.reentrant > 0.0);
        assert_eq!(ratios.len(), 5);
        assert!(
            ratios.windows(2).all(|pair| pair[0] <= pair[1]),
            "{ratios:?}"
        );
    }
}
