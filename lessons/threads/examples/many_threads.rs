//! Lesson: many threads, built from a list, all started, then all joined.
//!
//! The notes build a list of threads (and mention 100 of them), start every one, then join every
//! one. This lesson starts 100 threads the same way. Each sleeps a little, a different time for
//! each, and returns the square of its number. They finish in a scrambled order, but joining
//! the handles in list order gives the results in list order. A barrier proves that all 100
//! threads were alive at the same moment.
//!
//! Run: `cargo run --example many_threads` (try `-- --threads 1000`).

use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::Duration;

use lesson_kit::cli;
use lesson_kit::{Figure, must_finish};

const USAGE: &str = "\
Many threads from a list: all started, all joined, results in list order.

usage: cargo run --example many_threads -- [--threads N]

  --threads N  how many threads (default 100, from 1 to 2000)
  -h, --help   show this text
";

/// Only a bug in the lesson could take this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(60);

/// What a run of many threads gave back.
#[derive(Debug)]
struct Outcome {
    /// What each thread returned, in the order the handles were joined.
    results: Vec<u64>,
    /// The thread numbers in the order the threads finished.
    finished: Vec<u64>,
}

// ANCHOR: spawn_all_join_all
fn start_and_join(count: u64) -> Outcome {
    // One more than the threads: main waits there too, so it opens only when all are alive.
    let all_alive = Arc::new(Barrier::new(count as usize + 1));
    let finished = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<thread::JoinHandle<u64>> = (0..count)
        .map(|number| {
            let all_alive = Arc::clone(&all_alive);
            let finished = Arc::clone(&finished);
            thread::Builder::new()
                .name(format!("worker-{number}"))
                .spawn(move || {
                    all_alive.wait();
                    // A different short pause for each, so they finish out of order.
                    thread::sleep(Duration::from_millis(number * 7 % 10));
                    finished.lock().unwrap().push(number);
                    number * number
                })
                .expect("the OS refused to start a thread")
        })
        .collect();
    all_alive.wait();
    println!(
        "   all {count} threads are alive at once (the barrier for {} opened)",
        count + 1
    );
    // Joined in list order: each join waits for its own thread, whenever that one finishes.
    let results = handles
        .into_iter()
        .map(|handle| handle.join().expect("a worker panicked"))
        .collect();
    let finished = finished.lock().unwrap().clone();
    Outcome { results, finished }
}
// ANCHOR_END: spawn_all_join_all

fn main() {
    let count: u64 = cli::only_number(USAGE, "threads", 100, 1..=2000);

    println!("Starting {count} threads from a list, then joining them in list order:");
    let outcome = must_finish(LIMIT, "the threads", move || start_and_join(count));
    let first: Vec<u64> = outcome.finished.iter().take(10).copied().collect();
    println!("   the first threads to finish were numbers {first:?}");
    let results: Vec<u64> = outcome.results.iter().take(10).copied().collect();
    println!("   the first results, in list order: {results:?}");
    let in_order = outcome.finished.windows(2).all(|pair| pair[0] < pair[1]);
    Figure::new(format!("results of {count} threads joined in list order"))
        .notes("100 threads in a list; all started, all joined")
        .this_run(format!(
            "{} results in list order; finishing order {}",
            outcome.results.len(),
            if in_order {
                "happened to match"
            } else {
                "scrambled"
            }
        ))
        .ideal("every result, in list order, whatever order the threads finish in")
        .print();

    let expected: Vec<u64> = (0..count).map(|number| number * number).collect();
    assert_eq!(
        outcome.results, expected,
        "expected the squares of 0..{count} in list order"
    );
    let mut finished = outcome.finished.clone();
    finished.sort_unstable();
    assert_eq!(
        finished,
        (0..count).collect::<Vec<_>>(),
        "expected every thread to finish exactly once"
    );
    println!(
        "\nAs expected: all {count} threads ran at once, and join gave their results in list order."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_list_order_whatever_the_finishing_order() {
        for count in [1, 10, 300] {
            let outcome = must_finish(LIMIT, "the threads", move || start_and_join(count));
            assert_eq!(
                outcome.results,
                (0..count).map(|n| n * n).collect::<Vec<_>>()
            );
            assert_eq!(outcome.finished.len(), count as usize);
        }
    }
}
