//! The same workloads on tokio's two runtimes: the current-thread runtime runs every task on the
//! one thread that calls `block_on`; the multi-thread runtime runs them on a pool of worker
//! threads, one per core by default, which steal work from each other.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use lesson_kit::meeting::{Meeting, Outcome};
use lesson_kit::timeline::{Timeline, current_lane};
use tokio::runtime::{Builder, Runtime};
use tokio::sync::mpsc;

use crate::basics::crunch;

/// Which of tokio's runtimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    CurrentThread,
    MultiThread,
}

impl Flavor {
    pub const BOTH: [Flavor; 2] = [Flavor::CurrentThread, Flavor::MultiThread];

    pub fn name(self) -> &'static str {
        match self {
            Flavor::CurrentThread => "current-thread",
            Flavor::MultiThread => "multi-thread",
        }
    }

    // ANCHOR: build
    /// A runtime of this flavor. The multi-thread one gets `workers` worker threads, named
    /// `worker-0`, `worker-1`, … so that a timeline shows which one ran what.
    pub fn runtime(self, workers: usize) -> Runtime {
        let mut builder = match self {
            Flavor::CurrentThread => Builder::new_current_thread(),
            Flavor::MultiThread => {
                let mut builder = Builder::new_multi_thread();
                let next = AtomicUsize::new(0);
                builder.worker_threads(workers).thread_name_fn(move || {
                    format!("worker-{}", next.fetch_add(1, Ordering::Relaxed))
                });
                builder
            }
        };
        builder
            .enable_time()
            .build()
            .expect("tokio could not start a runtime")
    }
    // ANCHOR_END: build
}

/// What a workload measured: its result and how long it took inside the runtime.
#[derive(Debug, Clone)]
pub struct Measured<T> {
    pub result: T,
    pub took: Duration,
}

/// Runs `work` as a task on `runtime` and times it (building the runtime is not counted).
pub fn measure<T, F>(runtime: &Runtime, work: F) -> Measured<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    runtime.block_on(async {
        let started = Instant::now();
        // Spawned, not awaited in place: on the multi-thread runtime, `block_on` itself runs on
        // the calling thread, and only spawned tasks run on the workers.
        let result = tokio::spawn(work).await.expect("the workload panicked");
        Measured {
            result,
            took: started.elapsed(),
        }
    })
}

// ANCHOR: ping_pong
/// Two tasks send a number back and forth `rounds` times, each adding one; returns the number.
/// Neither task has anything to do until the other answers: only one of them can run at a time.
pub async fn ping_pong(rounds: u32) -> u32 {
    let (to_pong, mut pong_inbox) = mpsc::channel::<u32>(1);
    let (to_ping, mut ping_inbox) = mpsc::channel::<u32>(1);
    let pong = tokio::spawn(async move {
        while let Some(ball) = pong_inbox.recv().await {
            if to_ping.send(ball + 1).await.is_err() {
                break;
            }
        }
    });
    let mut ball = 0;
    for _ in 0..rounds {
        to_pong.send(ball).await.expect("pong stopped early");
        ball = ping_inbox.recv().await.expect("pong stopped early");
    }
    drop(to_pong); // pong's loop ends when its inbox closes
    pong.await.expect("pong panicked");
    ball
}
// ANCHOR_END: ping_pong

// ANCHOR: cpu_tasks
/// `tasks` tasks, each doing `chunks` pieces of CPU work with an `.await` between pieces.
/// Each piece is recorded on `timeline`, under the name of the thread that ran it.
/// Returns each task's sum, in task order.
pub async fn cpu_tasks(tasks: usize, chunks: u32, steps: u64, timeline: Arc<Timeline>) -> Vec<u64> {
    let handles: Vec<_> = (0..tasks)
        .map(|task| {
            let timeline = Arc::clone(&timeline);
            tokio::spawn(async move {
                let mut sum = 0u64;
                for _ in 0..chunks {
                    let piece = timeline.begin(current_lane(), format!("task {task}"));
                    // Only equal sums matter here: the low 64 bits will do.
                    sum = sum.wrapping_add(crunch(steps) as u64);
                    piece.end();
                    // Back to the scheduler: another task may run, here or on another worker.
                    tokio::task::yield_now().await;
                }
                sum
            })
        })
        .collect();
    let mut sums = Vec::with_capacity(tasks);
    for handle in handles {
        sums.push(handle.await.expect("a CPU task panicked"));
    }
    sums
}
// ANCHOR_END: cpu_tasks

/// `tasks` tasks that each sleep `pause` once; returns how many were asleep at the same moment.
pub async fn sleeps(tasks: usize, pause: Duration) -> usize {
    let asleep = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let (asleep, peak) = (Arc::clone(&asleep), Arc::clone(&peak));
            tokio::spawn(async move {
                let now = asleep.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(pause).await;
                asleep.fetch_sub(1, Ordering::SeqCst);
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("a sleeping task panicked");
    }
    peak.load(Ordering::SeqCst)
}

// ANCHOR: meet
/// Two tasks try to meet: each blocks its thread in `Meeting::arrive` until the other arrives,
/// or `patience` runs out. Blocking a runtime's thread is a mistake in real code; here it is
/// the probe: two tasks can only meet if they run at the same moment, on two threads.
pub fn meet(runtime: &Runtime, patience: Duration) -> Outcome {
    let meeting = Arc::new(Meeting::new(2, patience));
    runtime.block_on(async {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let meeting = Arc::clone(&meeting);
                tokio::spawn(async move { meeting.arrive() })
            })
            .collect();
        for handle in handles {
            handle.await.expect("a meeting task panicked");
        }
    });
    meeting.outcome()
}
// ANCHOR_END: meet
