//! Lesson: a race condition left to luck hardly ever shows, which is what makes it dangerous.
//!
//! The lesson `race_condition` forces the bad timing between the check and the act with a
//! barrier, so the seat booking oversells on every run. Here nothing is forced: both customers'
//! threads are released together, many times over, and the lesson counts how often the unlocked
//! booking oversold. The check and the act are a fraction of a microsecond apart, so the other
//! thread rarely lands in between: the bug can pass every test and still happen on a busier day.
//! Then the same runs with the lock, which never oversell.
//!
//! Run: `cargo run --example race_by_luck` (add `-- --runs 20000` to try your luck longer).

use std::time::Duration;

use lesson_kit::cli;
use lesson_kit::{Figure, must_finish, seconds};
use locks_and_races::booking::{CUSTOMERS, SEATS, count_oversells, locked_run, unforced_race};

const USAGE: &str = "\
Seat booking left to luck: how often the unlocked booking oversells without forcing the timing.

usage: cargo run --example race_by_luck -- [--runs N]

  --runs N    how many unforced runs, and then locked runs, to make (default 5000, from 1 to 1000000)
  -h, --help  show this text
";

/// Only a bug in the lesson could make a run wait this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(20);

fn main() {
    let runs: u32 = cli::only_number(USAGE, "runs", 5000, 1..=1_000_000);

    println!("{SEATS} seats are left. Mohammad and Ali each want 2, each on their own thread.\n");
    println!("{runs} runs of the unlocked booking WITHOUT a barrier between check and act: both");
    println!("threads are released together and take their chances. Then {runs} locked runs.");
    let limit = LIMIT + Duration::from_millis(5) * runs;
    // ANCHOR: count
    let (unlocked, locked) = must_finish(limit, "the runs", move || {
        let unlocked = count_oversells(runs, || unforced_race(SEATS, &CUSTOMERS));
        let locked = count_oversells(runs, || locked_run(SEATS, &CUSTOMERS, || {}));
        (unlocked, locked)
    });
    // ANCHOR_END: count
    println!(
        "   no lock:   oversold in {} of {runs} runs ({})",
        unlocked.0,
        seconds(unlocked.1)
    );
    println!(
        "   with lock: oversold in {} of {runs} runs ({})",
        locked.0,
        seconds(locked.1)
    );
    Figure::new("runs that oversold, no lock and nothing forced")
        .notes("sometimes")
        .this_run(format!("{} of {runs}", unlocked.0))
        .ideal(0)
        .print();
    if unlocked.0 == 0 {
        println!("   Not once here: check and act are a fraction of a microsecond apart,");
        println!("   and the other thread rarely lands in between. That is how such bugs");
        println!("   pass every test, then oversell in production on a busier day.");
    } else {
        println!("   Here it happened, by luck alone: the same code can pass one test run");
        println!("   and fail the next, which is why `race_condition` forces the timing.");
    }

    assert_eq!(
        locked.0, 0,
        "expected the locked booking never to oversell, but it did in {} of {runs} runs",
        locked.0
    );
    println!(
        "\nAs expected: luck decided whether the unlocked booking oversold; the lock never did."
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn the_unforced_race_ends_either_right_or_oversold_never_otherwise() {
        // Whether it oversells is luck, so that is not asserted; only that no third ending exists.
        for _ in 0..500 {
            let outcome = must_finish(LIMIT, "a run", || unforced_race(2, &CUSTOMERS));
            match outcome.seats_left {
                0 => assert_eq!(outcome.booked.len(), 1, "{outcome:?}"),
                -2 => assert_eq!(outcome.booked.len(), 2, "{outcome:?}"),
                _ => panic!("expected 0 or -2 seats left, got {outcome:?}"),
            }
        }
    }

    #[test]
    fn the_lock_never_oversells_with_many_customers_arriving_together() {
        let names = [
            "Mohammad", "Ali", "Sara", "Reza", "Maryam", "Hossein", "Zahra", "Amir",
        ];
        let eight = names.map(|name| (name, 1));
        let (oversold, _) = must_finish(LIMIT * 3, "the locked runs", move || {
            count_oversells(500, || {
                let outcome = locked_run(4, &eight, thread::yield_now);
                assert_eq!(
                    (outcome.seats_left, outcome.booked.len()),
                    (0, 4),
                    "expected exactly 4 of the 8 customers booked, got {outcome:?}"
                );
                outcome
            })
        });
        assert_eq!(oversold, 0);
    }
}
