//! Shared code of the starvation lessons (`starvation`, `more_workers`): the heartbeat task that
//! counts its turns, the ways a busy task may behave between its steps, and how long the heartbeat
//! stayed silent.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use lesson_kit::timeline::Run;
use lesson_kit::{Figure, Timeline};

use crate::basics::ms;

/// Only a stuck run could take this long; the lessons fail instead of hanging.
pub const LIMIT: Duration = Duration::from_secs(60);

/// What the heartbeat and the busy tasks share: the beats so far, and when to stop beating.
#[derive(Debug, Default)]
pub struct Shared {
    pub beats: AtomicU64,
    pub done: AtomicBool,
}

// ANCHOR: heartbeat
/// A task that counts its turns: one beat, then back to the runtime, until it is told to stop.
pub async fn heartbeat(shared: Arc<Shared>, spans: Option<Arc<Timeline>>) {
    loop {
        if let Some(spans) = &spans {
            spans.begin("heartbeat", "beat").end();
        }
        shared.beats.fetch_add(1, Ordering::SeqCst);
        if shared.done.load(Ordering::SeqCst) {
            return;
        }
        tokio::task::yield_now().await;
    }
}
// ANCHOR_END: heartbeat

/// How a busy task behaves between two steps of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Between {
    /// Straight on to the next step: no `.await` at all.
    Nothing,
    /// `.await` on an `async fn` that does the step and never waits.
    ReadyAwait,
    /// `tokio::task::yield_now().await`: back to the end of the ready tasks.
    YieldNow,
}

impl Between {
    pub const ALL: [Between; 3] = [Between::Nothing, Between::ReadyAwait, Between::YieldNow];

    pub fn title(self) -> &'static str {
        match self {
            Between::Nothing => "no await",
            Between::ReadyAwait => "await that never waits",
            Between::YieldNow => "yield_now",
        }
    }
}

/// Spins until `ready` says yes or [`LIMIT`] has passed; says whether `ready` said yes.
pub fn spin_until(ready: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + LIMIT;
    while !ready() {
        if Instant::now() > deadline {
            return false;
        }
        std::hint::spin_loop();
    }
    true
}

/// The longest time between two heartbeats of `run`, or zero with fewer than two.
pub fn longest_silence(run: &Run) -> Duration {
    let beats: Vec<Duration> = run
        .spans
        .iter()
        .filter(|span| span.lane == "heartbeat")
        .map(|span| span.start)
        .collect();
    let gaps = beats.windows(2).map(|pair| pair[1] - pair[0]);
    gaps.max().unwrap_or_default()
}

/// Prints the lesson `starvation`'s figures: the heartbeats `counts` during a busy task of `steps`
/// steps, and the `runs`, in the order of [`Between::ALL`].
pub fn print_figures(steps: u64, counts: &[u64], runs: &[Run]) {
    Figure::new(format!(
        "heartbeats while a busy task of {steps} steps worked, on one thread: \
         no await / await that never waits / yield_now"
    ))
    .notes("(no figure) a task that never gives control back: the other tasks do not run")
    .this_run(format!("{} / {} / {}", counts[0], counts[1], counts[2]))
    .ideal(format!("0 / 0 / {steps} (one beat per yield)"))
    .print();
    let (silent, yielding) = (longest_silence(&runs[0]), longest_silence(&runs[2]));
    Figure::new("longest silence of the heartbeat: no await / yield_now")
        .notes("(no figure)")
        .this_run(format!("{} / {}", ms(silent), ms(yielding)))
        .ideal(format!(
            "the whole busy run / a step or two (one step took {})",
            ms(one_step(&runs[2]))
        ))
        .print();
}

/// How long the first step of the busy task took in `run` (zero if it took none).
pub fn one_step(run: &Run) -> Duration {
    let busy = run.spans.iter().find(|span| span.lane == "busy");
    busy.map_or(Duration::ZERO, |span| span.length())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lesson_kit::timeline::Span;

    fn span(lane: &str, start_ms: u64, end_ms: u64) -> Span {
        Span {
            lane: lane.into(),
            label: "x".into(),
            start: Duration::from_millis(start_ms),
            end: Duration::from_millis(end_ms),
        }
    }

    #[test]
    fn the_longest_silence_is_the_widest_gap_between_beats() {
        let mut run = Run {
            title: "run".into(),
            spans: vec![
                span("heartbeat", 0, 0),
                span("busy", 1, 4),
                span("heartbeat", 5, 5),
                span("heartbeat", 7, 7),
            ],
        };
        assert_eq!(longest_silence(&run), Duration::from_millis(5));
        assert_eq!(one_step(&run), Duration::from_millis(3));
        run.spans.truncate(2);
        assert_eq!(longest_silence(&run), Duration::ZERO);
    }

    #[test]
    fn the_heartbeat_beats_once_more_after_it_is_told_to_stop() {
        let shared = Arc::new(Shared::default());
        shared.done.store(true, Ordering::SeqCst);
        crate::basics::one_thread().block_on(heartbeat(Arc::clone(&shared), None));
        assert_eq!(shared.beats.load(Ordering::SeqCst), 1);
    }
}
