//! Lesson: more worker threads are no fix for a task that never gives control back.
//!
//! A multi-thread runtime has several worker threads, each running tasks. With 2 workers, a busy
//! task that computes and never waits holds one of them, and the heartbeat (the task of the
//! lesson `starvation` that counts its turns) keeps beating on the other. With as many busy tasks
//! as workers, the heartbeat starves again. The busy tasks start first, and the heartbeat only once
//! every busy task holds a worker, so the counts are the same on every run.
//!
//! Run: `cargo run --example more_workers` (try `-- --steps 5 --step-work 1000000`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use lesson_kit::Figure;
use lesson_kit::cli::{self, Arg};
use lesson_kit::work::sum_of_squares;
use sync_vs_async::starvation::{LIMIT, Shared, heartbeat, spin_until};

const USAGE: &str = "\
Busy tasks that never wait, beside a heartbeat task, on a runtime with 2 worker threads.

usage: cargo run --example more_workers -- [--steps N] [--step-work N]

  --steps N      steps of work of each of the 2 busy tasks (default 20, from 1 to 1000)
  --step-work N  numbers added up in each step (default 200000, from 1 to 100000000)
  -h, --help     show this text
";

/// How long a busy task on a worker thread works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    /// This many steps.
    Steps(u64),
    /// Until it has seen this many heartbeats (or [`LIMIT`] has passed).
    Beats(u64),
}

// ANCHOR: workers
/// `busy_tasks` busy tasks that never await, and then a heartbeat, on a runtime with `workers`
/// worker threads. Returns the fewest heartbeats that any busy task saw while it worked.
fn on_workers(workers: usize, busy_tasks: usize, until: Until, step_work: u64) -> u64 {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_time()
        .build()
        .expect("could not start the tokio runtime");
    let shared = Arc::new(Shared::default());
    let (started, go) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicBool::new(false)),
    );
    // Spawned from outside the runtime, every task goes to the queue that all workers share.
    let working: Vec<_> = (0..busy_tasks)
        .map(|_| {
            let (shared, started, go) =
                (Arc::clone(&shared), Arc::clone(&started), Arc::clone(&go));
            runtime.spawn(async move {
                started.fetch_add(1, Ordering::SeqCst);
                assert!(spin_until(|| go.load(Ordering::SeqCst)), "never told to go");
                let before = shared.beats.load(Ordering::SeqCst);
                let seen = || shared.beats.load(Ordering::SeqCst) - before;
                match until {
                    Until::Steps(steps) => {
                        for _ in 0..steps {
                            sum_of_squares(0..step_work);
                        }
                    }
                    Until::Beats(beats) => {
                        spin_until(|| {
                            sum_of_squares(0..step_work);
                            seen() >= beats
                        });
                    }
                }
                seen()
            })
        })
        .collect();
    // The heartbeat comes once every busy task holds a worker thread.
    let all_started = spin_until(|| started.load(Ordering::SeqCst) == busy_tasks);
    assert!(all_started, "the busy tasks did not all start");
    let beating = runtime.spawn(heartbeat(Arc::clone(&shared), None));
    go.store(true, Ordering::SeqCst);
    runtime.block_on(async {
        let mut fewest = u64::MAX;
        for task in working {
            let seen = tokio::time::timeout(LIMIT, task).await;
            fewest = fewest.min(
                seen.expect("a busy task never ended")
                    .expect("a busy task panicked"),
            );
        }
        shared.done.store(true, Ordering::SeqCst);
        let stopped = tokio::time::timeout(LIMIT, beating).await;
        stopped
            .expect("the heartbeat did not stop")
            .expect("the heartbeat panicked");
        fewest
    })
}
// ANCHOR_END: workers

fn main() {
    let (mut steps, mut step_work) = (20, 200_000);
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("steps") => steps = cli::number(parser, "--steps", 1..=1000)?,
            Arg::Long("step-work") => {
                step_work = cli::number(parser, "--step-work", 1..=100_000_000)?
            }
            other => return Err(other.unexpected()),
        }
        Ok(())
    });

    println!("Two worker threads (a multi-thread runtime), busy tasks that never await:");
    let wanted = 100;
    let beside_one = on_workers(2, 1, Until::Beats(wanted), step_work / 100 + 1);
    println!(
        "   beside 1 busy task:  the heartbeat beat {beside_one} times (the busy task stops at {wanted})"
    );
    let beside_two = on_workers(2, 2, Until::Steps(steps), step_work);
    println!("   beside 2 busy tasks: the heartbeat beat {beside_two} times while both worked\n");

    Figure::new("heartbeats on 2 worker threads: beside 1 busy task / beside 2")
        .notes("(asyncio has one thread only)")
        .this_run(format!("{beside_one} / {beside_two}"))
        .ideal(format!(
            "{wanted} or more (a worker is free) / 0 (no worker is free)"
        ))
        .print();

    // ANCHOR: asserts
    // Counts again: a free worker lets the heartbeat beat, two busy workers stop it.
    assert!(
        beside_one >= wanted,
        "expected the heartbeat to beat {wanted} times on the free worker, got {beside_one}"
    );
    assert_eq!(
        beside_two, 0,
        "expected no heartbeat while 2 busy tasks held both worker threads"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: more workers only help while one of them is free.");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small steps: the counts do not depend on how long a step takes.
    const WORK: u64 = 2_000;

    #[test]
    fn two_workers_keep_the_heartbeat_alive_beside_one_busy_task() {
        assert!(on_workers(2, 1, Until::Beats(50), WORK) >= 50);
    }

    #[test]
    fn as_many_busy_tasks_as_workers_starve_the_heartbeat_again() {
        assert_eq!(on_workers(2, 2, Until::Steps(20), WORK), 0);
        assert_eq!(on_workers(3, 3, Until::Steps(20), WORK), 0);
    }
}
