//! Lesson: the notes' Fibonacci generator, as a Rust `Iterator`.
//!
//! Session 5 of the Persian notes writes `fib()` as a Python generator: two local variables, an
//! endless `while True` loop, and a `yield` that hands out one value and pauses. A `for` loop
//! prints the values and breaks at the first one above 1000: 16 values, from 1 to 987.
//!
//! Stable Rust has no `yield`; a generator is an `Iterator`, a value with a `next()` method. This
//! lesson writes the same generator twice, as a struct that keeps its state in fields and as a
//! closure that keeps it in captured variables, and checks that both print the notes' 16 values.
//!
//! Run: `cargo run --example fibonacci` (add `-- --below N` to choose the limit).

use std::iter;

use generators::notes::{FIB_BELOW_1000 as NOTES, count_and_range, notes_style};
use lesson_kit::Figure;
use lesson_kit::cli;

const USAGE: &str = "\
Fibonacci: the notes' generator as a Rust Iterator, and the values below a limit.

usage: cargo run --example fibonacci -- [--below N]

  --below N   print the Fibonacci numbers below N (default 1000, the notes' limit)
  -h, --help  show this text
";

// ANCHOR: struct
/// The generator as a struct: its fields are the two local variables of the notes' `fib()`, and
/// they keep their values between two calls of `next()`.
struct Fib {
    current: u64,
    /// `None` once the next value would not fit in a `u64`: then the sequence ends.
    next: Option<u64>,
}

impl Fib {
    fn new() -> Self {
        Fib {
            current: 0,
            next: Some(1),
        }
    }
}

impl Iterator for Fib {
    type Item = u64;

    /// One turn of the notes' `while True` loop: move one step along, hand out the value.
    fn next(&mut self) -> Option<u64> {
        let value = self.next?;
        self.next = self.current.checked_add(value);
        self.current = value;
        Some(value)
    }
}
// ANCHOR_END: struct

// ANCHOR: from_fn
/// The same generator as a function, closer to the Python: the closure's captured variables play
/// the part of the generator's local variables, and `from_fn` calls it once per `next()`.
fn fib() -> impl Iterator<Item = u64> {
    let (mut current, mut next) = (0_u64, Some(1_u64));
    iter::from_fn(move || {
        let value = next?;
        next = current.checked_add(value);
        current = value;
        Some(value)
    })
}
// ANCHOR_END: from_fn

// ANCHOR: below
/// The notes' loop: take values until one reaches the limit. `take_while` stops at the first
/// value that fails the test, so it never asks for the one after it.
fn below(limit: u64, generator: impl Iterator<Item = u64>) -> Vec<u64> {
    generator.take_while(|&value| value < limit).collect()
}
// ANCHOR_END: below

fn main() {
    let limit: u64 = cli::only_number(USAGE, "below", 1000, 1..=u64::MAX);
    let as_in_notes = limit == 1000;

    println!("The Fibonacci numbers below {limit}, from two Rust generators:\n");
    let from_struct = below(limit, Fib::new());
    let from_closure = below(limit, fib());
    println!("   struct Fib:    {}", notes_style(&from_struct));
    println!("   fib() from_fn: {}", notes_style(&from_closure));
    if as_in_notes {
        println!("   the notes:     {}", notes_style(&NOTES));
    }
    println!();
    Figure::new(format!("Fibonacci numbers below {limit}"))
        .notes(count_and_range(&NOTES))
        .this_run(count_and_range(&from_struct))
        .ideal(if as_in_notes {
            count_and_range(&NOTES)
        } else {
            format!("every Fibonacci number below {limit}")
        })
        .print();

    // Python's integers never overflow, so the notes' generator is truly endless. A `u64` holds
    // the first 93 Fibonacci numbers; after that both Rust versions end instead of overflowing.
    let (all, last) = (Fib::new().count(), Fib::new().last().unwrap_or(0));
    println!(
        "\nUnlike the Python one, this generator ends: {all} values fit in a u64, the last {last}."
    );

    assert_eq!(
        from_struct, from_closure,
        "expected both generators to give the same values"
    );
    assert!(
        from_struct.iter().all(|&value| value < limit),
        "expected every value below {limit}, got {from_struct:?}"
    );
    if as_in_notes {
        assert_eq!(
            from_struct, NOTES,
            "expected exactly the notes' 16 values below 1000"
        );
        println!("As expected: both generators give the notes' values, in the notes' order.");
    } else {
        println!("As expected: both generators give the same values, all below {limit}.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_generators_yield_exactly_the_notes_values_below_1000() {
        assert_eq!(below(1000, Fib::new()), NOTES);
        assert_eq!(below(1000, fib()), NOTES);
    }

    #[test]
    fn the_first_value_is_1_not_the_0_of_the_notes_comment() {
        // The notes' comment reads "0, 1, 1, 2, 3, 5, ...", but the code yields 1 first.
        assert_eq!(Fib::new().next(), Some(1));
        assert_eq!(fib().next(), Some(1));
    }

    #[test]
    fn each_value_is_the_sum_of_the_two_before_it() {
        let values: Vec<u64> = Fib::new().collect();
        for window in values.windows(3) {
            assert_eq!(window[0] + window[1], window[2], "{window:?}");
        }
    }

    #[test]
    fn the_u64_generators_end_after_93_values_instead_of_overflowing() {
        assert_eq!(Fib::new().count(), 93);
        assert!(Fib::new().eq(fib()));
        assert_eq!(Fib::new().last(), Some(12_200_160_415_121_876_738));
        // Once ended, it stays ended.
        let mut generator = Fib::new();
        generator.by_ref().for_each(drop);
        assert_eq!((generator.next(), generator.next()), (None, None));
    }

    #[test]
    fn other_limits_give_the_values_below_them() {
        assert_eq!(below(1, Fib::new()), Vec::<u64>::new());
        assert_eq!(below(2, Fib::new()), [1, 1]);
        assert_eq!(below(14, fib()), [1, 1, 2, 3, 5, 8, 13]);
        assert_eq!(below(u64::MAX, Fib::new()).len(), 93);
    }
}
