//! Scaffolding of the lesson `spawn_blocking`: how a task calls the blocking client, a one-thread
//! runtime whose blocking pool's threads have names, and what one run saw.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lesson_kit::timeline::Run;
use lesson_kit::{Figure, seconds};
use local_server::Stats;

use crate::downloads::FetchError;

/// How a task calls the blocking client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Directly,
    SpawnBlocking,
}

impl Call {
    pub fn title(self) -> &'static str {
        match self {
            Call::Directly => "called directly",
            Call::SpawnBlocking => "in spawn_blocking",
        }
    }
}

/// A one-thread runtime (every task on the thread that calls `block_on`) whose blocking pool's
/// threads are called `blocking-0`, `blocking-1`, ... (lanes of the timeline).
pub fn one_thread_with_named_pool() -> tokio::runtime::Runtime {
    let named = AtomicUsize::new(0);
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .thread_name_fn(move || format!("blocking-{}", named.fetch_add(1, Ordering::SeqCst)))
        .build()
        .expect("a current-thread runtime")
}

/// One run: the pages, the time, what the server saw, and what the heartbeat did meanwhile.
#[derive(Debug)]
pub struct Outcome {
    pub pages: Vec<Result<String, FetchError>>,
    pub wall: Duration,
    pub stats: Stats,
    /// Beats while the downloads ran.
    pub beats: usize,
    /// Beats at which the server was holding a request: beats during a blocking call.
    pub beats_during_requests: usize,
    /// The heartbeat's longest sleep, from going to sleep to running again: its longest span on
    /// the lane `heartbeat` of `run`.
    pub longest_sleep: Duration,
    pub run: Run,
}

impl Outcome {
    /// The outcome of a run that fetched `pages` in `wall` while the server counted `stats` and
    /// the heartbeat took `beats` (all, and during requests), recorded as `run`.
    pub fn new(
        pages: Vec<Result<String, FetchError>>,
        wall: Duration,
        stats: Stats,
        (beats, beats_during_requests): (usize, usize),
        run: Run,
    ) -> Outcome {
        Outcome {
            pages,
            wall,
            stats,
            beats,
            beats_during_requests,
            longest_sleep: longest(&run, "heartbeat"),
            run,
        }
    }

    /// The line the lesson prints about this run.
    pub fn report(&self) -> String {
        format!(
            "{} pages in {}; server: at most {} in flight at once; heartbeats: {}, of which {} \
             came while a request was at the server\n",
            self.pages.iter().filter(|page| page.is_ok()).count(),
            seconds(self.wall),
            self.stats.peak_in_flight,
            self.beats,
            self.beats_during_requests
        )
    }
}

/// Prints the lesson's figures: wall times, requests in flight and heartbeats of `pages` requests
/// of `latency` each, called `[directly, in spawn_blocking]`, beside a heartbeat every `beat`.
pub fn print_figures(
    pages: usize,
    latency: Duration,
    beat: Duration,
    [direct, moved]: [&Outcome; 2],
) {
    let (slow, fast) = (seconds(direct.wall), seconds(moved.wall));
    let ideal = [seconds(latency * pages as u32), seconds(latency)].join(" / ");
    let what = format!("wall time of {pages} blocking requests: directly / spawn_blocking");
    Figure::new(what)
        .notes("(no figure: use threads for a library that has no async version)")
        .this_run(format!("{slow} / {fast}"))
        .ideal(ideal)
        .print();
    let (one, many) = (direct.stats.peak_in_flight, moved.stats.peak_in_flight);
    Figure::new("requests in flight at the server at once: directly / spawn_blocking")
        .notes("(not measured)")
        .this_run(format!("{one} / {many}"))
        .ideal(format!("1 / {pages}"))
        .print();
    let (silent, beating) = (direct.beats_during_requests, moved.beats_during_requests);
    let (stalled, awake) = (direct.longest_sleep, moved.longest_sleep);
    let per_request = latency.as_millis() / beat.as_millis();
    Figure::new("heartbeats while a request was at the server: directly / spawn_blocking")
        .notes("(not measured; a blocked event loop runs no other task)")
        .this_run(format!(
            "{silent} / {beating} (longest sleep of the heartbeat: {stalled:.0?} / {awake:.0?})"
        ))
        .ideal(format!("0 / about {per_request} (one every {beat:?})"))
        .print();
}

/// The longest span on `lane` of `run`, or zero if it has none.
pub fn longest(run: &Run, lane: &str) -> Duration {
    let spans = run.spans.iter().filter(|span| span.lane == lane);
    spans.map(|span| span.length()).max().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lesson_kit::timeline::Span;

    #[test]
    fn the_longest_span_of_a_lane() {
        let span = |lane: &str, end_ms| Span {
            lane: lane.into(),
            label: "sleep".into(),
            start: Duration::ZERO,
            end: Duration::from_millis(end_ms),
        };
        let run = Run {
            title: "run".into(),
            spans: vec![
                span("heartbeat", 5),
                span("heartbeat", 9),
                span("runtime", 40),
            ],
        };
        assert_eq!(longest(&run, "heartbeat"), Duration::from_millis(9));
        assert_eq!(longest(&run, "nothing"), Duration::ZERO);
    }

    #[test]
    fn the_blocking_pool_threads_are_named_in_order() {
        let runtime = one_thread_with_named_pool();
        let name = || std::thread::current().name().map(str::to_owned);
        let first = runtime.block_on(async { tokio::task::spawn_blocking(name).await });
        let first = first.unwrap();
        assert_eq!(first.as_deref(), Some("blocking-0"));
    }
}
