//! Lesson: nobody passes a barrier before the last thread arrives, and each round has one leader.
//!
//! The notes name `threading.Barrier`: threads block until all of them reach it, then all go on.
//! `std::sync::Barrier` is the same, and reusable: once all have passed it, it is ready for the
//! next round. `wait` returns a `BarrierWaitResult` whose `is_leader()` is true for exactly one
//! thread per round (Python's `wait()` returns an index for the same purpose). 4 workers do 3
//! rounds of work of different lengths (10 to 40 ms, this lesson's scale), meeting after each.
//!
//! Run: `cargo run --example barrier` (try `-- --rounds 5`, or `-- --svg barrier.svg`).

use std::path::PathBuf;
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Chart, Figure, Timeline, must_finish};

const USAGE: &str = "\
A barrier: nobody passes before the last arrives; one leader per round; reusable.

usage: cargo run --example barrier -- [--rounds N] [--svg PATH]

  --rounds N  how many rounds the workers do (default 3, from 1 to 20)
  --svg PATH  also draw the timeline as an SVG file
  -h, --help  show this text
";

const WORKERS: usize = 4;
const STEP: Duration = Duration::from_millis(10);

/// One worker's passage through the barrier in one round.
#[derive(Debug, Clone, Copy)]
struct Passage {
    round: usize,
    arrived: Instant,
    passed: Instant,
    leader: bool,
}

// ANCHOR: rounds
fn meet(rounds: usize, timeline: &Timeline) -> Vec<Passage> {
    let barrier = Barrier::new(WORKERS);
    let passages = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for worker in 0..WORKERS {
            let (barrier, passages) = (&barrier, &passages);
            thread::Builder::new()
                .name(format!("worker-{worker}"))
                .spawn_scoped(scope, move || {
                    for round in 0..rounds {
                        // A different worker is the slowest in each round.
                        let share = (worker + round) % WORKERS + 1;
                        timeline.record(format!("work {round}"), || {
                            thread::sleep(STEP * share as u32)
                        });
                        let arrived = Instant::now();
                        let result = timeline.record("wait", || barrier.wait());
                        let passed = Instant::now();
                        let leader = result.is_leader();
                        passages.lock().unwrap().push(Passage {
                            round,
                            arrived,
                            passed,
                            leader,
                        });
                    }
                })
                .unwrap();
        }
    });
    passages.into_inner().unwrap()
}
// ANCHOR_END: rounds

/// Per round: how many passed before the round's last arrival, and how many leaders it had.
fn judge(passages: &[Passage], rounds: usize) -> Vec<(usize, usize, usize)> {
    (0..rounds)
        .map(|round| {
            let this: Vec<_> = passages.iter().filter(|p| p.round == round).collect();
            let last_arrival = this.iter().map(|p| p.arrived).max().unwrap();
            let early = this.iter().filter(|p| p.passed < last_arrival).count();
            let leaders = this.iter().filter(|p| p.leader).count();
            (this.len(), early, leaders)
        })
        .collect()
}

fn main() {
    let mut rounds: usize = 3;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("rounds") => rounds = cli::number(parser, "--rounds", 1..=20)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    println!(
        "{WORKERS} workers, {rounds} rounds; work takes 10 to 40 ms, then they meet at the barrier.\n"
    );
    let (passages, run) = must_finish(Duration::from_secs(30), "the rounds", move || {
        let timeline = Timeline::new();
        let passages = meet(rounds, &timeline);
        (passages, timeline.finish(format!("{rounds} rounds")))
    });
    Chart::new(format!("{WORKERS} workers meeting at a barrier"))
        .run(run)
        .show("barrier", svg.as_deref());

    let judged = judge(&passages, rounds);
    let early: usize = judged.iter().map(|&(_, early, _)| early).sum();
    let leaders: Vec<usize> = judged.iter().map(|&(_, _, leaders)| leaders).collect();
    Figure::new("passed before the last arrival / leaders per round")
        .notes("no figure: threading.Barrier(n).wait() blocks until n threads call it")
        .this_run(format!("{early} / {leaders:?}"))
        .ideal(format!("0 / {:?}", vec![1; rounds]))
        .print();

    assert!(
        judged.iter().all(|&j| j == (WORKERS, 0, 1)),
        "expected per round {WORKERS} passages, none before the last arrival, one leader: {judged:?}"
    );
    println!("\nAs expected: each round, everyone waited for the slowest, and one of them led.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_passes_early_and_each_round_has_one_leader() {
        for _ in 0..3 {
            let rounds = 5;
            let passages = must_finish(Duration::from_secs(30), "the rounds", move || {
                meet(rounds, &Timeline::new())
            });
            assert_eq!(judge(&passages, rounds), vec![(WORKERS, 0, 1); rounds]);
        }
    }

    #[test]
    fn a_barrier_short_of_one_thread_holds_everyone() {
        let outcome = lesson_kit::run_with_timeout(Duration::from_millis(50), || {
            let barrier = Barrier::new(3);
            thread::scope(|scope| {
                scope.spawn(|| barrier.wait());
                barrier.wait();
            });
        });
        assert_eq!(
            outcome,
            Err(lesson_kit::Failure::TimedOut(Duration::from_millis(50)))
        );
    }
}
