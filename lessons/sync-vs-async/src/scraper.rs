//! Scaffolding of the lesson `scraper`: how it prints its results and its figures.

use std::time::Duration;

use lesson_kit::{Figure, seconds};

/// The first and the last of `results`, or all of them when there are fewer than two.
pub fn first_and_last(results: &[String]) -> String {
    match results {
        [first, .., last] => format!("{first:?} ... {last:?}"),
        _ => format!("{results:?}"),
    }
}

/// Prints the scraper's figures: its wall times `[sync, async]` beside the notes' and the
/// `ideal` ones, in seconds and in the notes' seconds (one of which is `second_ms` here).
pub fn print_figures(items: usize, second_ms: u64, measured: [Duration; 2], ideal: [Duration; 2]) {
    let notes = |d: Duration| d.as_secs_f64() * 1000.0 / second_ms as f64;
    let pair = |[sync, pipelined]: [Duration; 2]| {
        let (a, b) = (notes(sync), notes(pipelined));
        let (sync, pipelined) = (seconds(sync), seconds(pipelined));
        format!("{sync} / {pipelined} (in the notes' seconds: {a:.1} / {b:.1}")
    };
    Figure::new(format!("wall time of {items} items: sync / async"))
        .notes("24 s / 13 s (20 items)")
        .this_run(format!("{})", pair(measured)))
        .ideal(format!("{}; waits need no core)", pair(ideal)))
        .print();
    let share = |[sync, pipelined]: [Duration; 2]| pipelined.as_secs_f64() / sync.as_secs_f64();
    Figure::new("time of async, as a share of sync")
        .notes(format!("{:.2} (13 s / 24 s)", 13.0 / 24.0))
        .this_run(format!("{:.2}", share(measured)))
        .ideal(format!(
            "{:.3} ((n + 1) / 2n steps: the pipeline hides all the processing but the last)",
            share(ideal)
        ))
        .print();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_results_show_their_ends_only() {
        let results: Vec<String> = (0..3).map(|n| format!("page {n}")).collect();
        assert_eq!(first_and_last(&results), r#""page 0" ... "page 2""#);
        assert_eq!(first_and_last(&results[..1]), r#"["page 0"]"#);
    }

    #[test]
    fn a_channel_of_capacity_0_panics_unlike_asyncio_queue_0() {
        let outcome = std::panic::catch_unwind(|| tokio::sync::mpsc::channel::<String>(0));
        let payload = outcome.expect_err("tokio::sync::mpsc::channel(0) should panic");
        let message = lesson_kit::timeout::panic_message(payload.as_ref());
        assert_eq!(message, "mpsc bounded channel requires buffer > 0");
    }
}
