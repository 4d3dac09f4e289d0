//! Lesson: `next()` hands out one value at a time, and a generator computes nothing ahead.
//!
//! The notes say that each call of `next(result)` computes one step and returns it (the first
//! call returns 1), and that a generator keeps its state between calls. This lesson counts the
//! work: its Fibonacci generator counts the values it computes, and so does a function that
//! builds the whole list first.
//!
//! Run: `cargo run --example lazy_next` (add `-- --below N` to move the list's limit).

use generators::counting::CountingFib;
use lesson_kit::Figure;
use lesson_kit::cli;

const USAGE: &str = "\
Lazy next(): one value per call, state kept between calls, nothing computed ahead.

usage: cargo run --example lazy_next -- [--below N]

  --below N   the limit of the eager list and of the loop with a break (default 1000, as in the notes)
  -h, --help  show this text
";

// ANCHOR: eager
/// The eager way: a function that returns the finished list, with its own work counter. It must
/// compute every value, and the first one above the limit to know where to stop, before the
/// caller sees anything.
fn fib_list_below(limit: u64, steps: &mut usize) -> Vec<u64> {
    let (mut current, mut next) = (0_u64, 1_u64);
    let mut list = Vec::new();
    loop {
        *steps += 1;
        (current, next) = (next, current.saturating_add(next));
        if current >= limit || current == u64::MAX {
            return list;
        }
        list.push(current);
    }
}
// ANCHOR_END: eager

fn main() {
    let limit: u64 = cli::only_number(USAGE, "below", 1000, 2..=u64::MAX / 2);

    // ANCHOR: one_at_a_time
    println!("1. One value per next(), and the generator remembers where it stopped.");
    let mut result = CountingFib::new();
    println!(
        "   created the generator:  {} values computed",
        result.steps
    );
    let first = result.next();
    println!(
        "   next(): {first:?}  -> {} value computed so far",
        result.steps
    );
    let mut seen = vec![first];
    for _ in 0..4 {
        let value = result.next();
        seen.push(value);
        println!(
            "   next(): {value:?}  -> {} values computed so far",
            result.steps
        );
    }
    // ANCHOR_END: one_at_a_time

    // ANCHOR: independent
    println!("\n2. A second generator has its own state and starts from the beginning.");
    let mut other = CountingFib::new();
    let other_first = other.next();
    println!(
        "   other.next(): {other_first:?}; result has still computed {}, other {}",
        result.steps, other.steps
    );
    println!("   result.next(): {:?}, where it left off", result.next());
    // ANCHOR_END: independent

    // ANCHOR: take_three
    println!("\n3. Three values from an endless generator cost three steps.");
    let mut endless = CountingFib::new();
    let three: Vec<u64> = endless.by_ref().take(3).collect();
    println!("   take(3): {three:?} after {} steps", endless.steps);
    // ANCHOR_END: take_three

    // ANCHOR: for_break
    println!("\n4. The notes' loop: print values, break at the first one above the limit.");
    let mut looped = CountingFib::new();
    let mut printed = 0;
    for item in looped.by_ref() {
        if item > limit {
            break;
        }
        printed += 1;
    }
    let computed_by_loop = looped.steps;
    println!(
        "   printed {printed} values, computed {computed_by_loop}: one more to see it was too big"
    );
    println!(
        "   and it can go on where the loop stopped: next() = {:?}",
        looped.next()
    );
    // ANCHOR_END: for_break

    // ANCHOR: compare
    println!("\n5. The eager function hands over nothing until the whole list is built.");
    let mut list_steps = 0;
    let list = fib_list_below(limit, &mut list_steps);
    println!(
        "   fib_list_below({limit}) computed {list_steps} values before the caller saw {:?}",
        list.first()
    );
    let mut lazy = CountingFib::new();
    let lazy_first = lazy.next();
    println!(
        "   the generator computed {} before the caller saw {lazy_first:?}",
        lazy.steps
    );
    // ANCHOR_END: compare
    println!();
    Figure::new("values computed before the caller sees the first one")
        .notes("next(result) -> 1, computed on demand")
        .this_run(format!(
            "{} (generator), {list_steps} (list below {limit})",
            lazy.steps
        ))
        .ideal(1)
        .print();

    let expected = [1, 1, 2, 3, 5].map(Some);
    assert_eq!(seen, expected, "expected next() to go on where it stopped");
    assert_eq!(
        (result.steps, other.steps, endless.steps),
        (6, 1, 3),
        "expected exactly one step per value handed out"
    );
    assert_eq!(
        computed_by_loop,
        printed + 1,
        "expected the loop with a break to compute one value past the last one it printed"
    );
    assert_eq!(
        (lazy.steps, list_steps),
        (1, list.len() + 1),
        "expected the generator to compute 1 value for the first, the list all of them plus one"
    );
    println!(
        "\nAs expected: one step per next(), nothing computed ahead, state kept between calls."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_loop_computes_17_values_to_print_16() {
        let mut generator = CountingFib::new();
        let printed: Vec<u64> = generator.by_ref().take_while(|&v| v <= 1000).collect();
        let after = (printed.len(), generator.steps, generator.next());
        // 1597 must be computed to know that 987 was the last; then the generator goes on.
        assert_eq!(after, (16, 17, Some(2584)));
    }

    #[test]
    fn the_eager_list_computes_everything_first() {
        let mut steps = 0;
        let list = fib_list_below(1000, &mut steps);
        assert_eq!((list.len(), steps), (16, 17));
        let mut steps = 0;
        let list = fib_list_below(u64::MAX / 2, &mut steps);
        assert_eq!((list.len(), steps), (92, 93));
    }
}
