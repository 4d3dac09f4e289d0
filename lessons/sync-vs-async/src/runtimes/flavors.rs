//! The same workloads on tokio's two runtimes: the current-thread runtime runs every task on the
//! one thread that calls `block_on`; the multi-thread runtime runs them on a pool of worker
//! threads, one per core by default, which steal work from each other.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use lesson_kit::Figure;
use lesson_kit::meeting::{Meeting, Outcome};
use lesson_kit::timeline::{Run, Timeline, current_lane};
use lesson_kit::work::sum_of_squares;
use tokio::runtime::{Builder, Runtime};
use tokio::sync::mpsc;

use crate::basics::ms;

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

/// The pieces of work of each CPU task in [`cpu_run`].
pub const PIECES: u32 = 10;
/// The steps of one piece: about 3 ms in a debug build.
pub const STEPS: u64 = 250_000;

/// The CPU workload ([`cpu_tasks`]: `tasks` tasks of [`PIECES`] pieces of [`STEPS`] steps) on
/// `runtime`, measured, and its timeline, titled with the `flavor`'s name.
pub fn cpu_run(runtime: &Runtime, flavor: Flavor, tasks: usize) -> (Measured<Vec<u64>>, Run) {
    let timeline = Arc::new(Timeline::new());
    let work = cpu_tasks(tasks, PIECES, STEPS, Arc::clone(&timeline));
    (measure(runtime, work), timeline.finish(flavor.name()))
}

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
                    sum = sum.wrapping_add(sum_of_squares(0..steps) as u64);
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

/// How many times longer `a` took than `b`.
fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// Prints what ping-pong took on the current-thread runtime and on the multi-thread one, and
/// its figure.
pub fn report_ping_pong(pp_current: &Measured<u32>, pp_multi: &Measured<u32>) {
    let (one, two) = (ms(pp_current.took), ms(pp_multi.took));
    println!("   current-thread: {one}, multi-thread: {two}");
    let pp_ratio = ratio(pp_multi.took, pp_current.took);
    Figure::new("ping-pong between two tasks: time on multi-thread / current-thread")
        .notes("uvloop: asyncio 2-4x faster (an echo server, the notes give no workload)")
        .this_run(format!(
            "{two} / {one} = {pp_ratio:.1}x: the current-thread runtime is {pp_ratio:.1}x faster"
        ))
        .ideal("current-thread faster: one task runs at a time, a second thread only adds wake-ups across threads")
        .print();
}

/// Prints what the CPU tasks took on `[the current-thread runtime, the multi-thread one]` and on
/// which threads, and their figure: `tasks` tasks on `cores` cores.
pub fn report_cpu(
    tasks: usize,
    cores: usize,
    [(cpu_current, run_current), (cpu_multi, run_multi)]: [(&Measured<Vec<u64>>, &Run); 2],
) {
    let (one, two) = (ms(cpu_current.took), ms(cpu_multi.took));
    let (one_lanes, two_lanes) = (run_current.lanes(), run_multi.lanes());
    println!("   current-thread: {one} on {one_lanes:?}; multi-thread: {two} on {two_lanes:?}");
    let cpu_share = ratio(cpu_multi.took, cpu_current.took);
    let (faster, ideal) = (1.0 / cpu_share, 1.0 / cores.min(tasks) as f64);
    Figure::new("CPU tasks: time on multi-thread, as a share of current-thread")
        .notes("uvloop: asyncio 2-4x faster (asyncio runs on one thread either way)")
        .this_run(format!(
            "{two} / {one} = {cpu_share:.2}: the multi-thread runtime is {faster:.1}x faster"
        ))
        .ideal(format!(
            "{ideal:.2} = 1/min({tasks} tasks, {cores} cores): every core counts"
        ))
        .print();
}

/// Prints what the sleepers (`pause` each) took on the current-thread runtime and on the
/// multi-thread one, how many slept at once, and their figure.
pub fn report_sleeps(
    pause: Duration,
    sleep_current: &Measured<usize>,
    sleep_multi: &Measured<usize>,
) {
    let (one, two) = (ms(sleep_current.took), ms(sleep_multi.took));
    let (one_asleep, two_asleep) = (sleep_current.result, sleep_multi.result);
    println!(
        "   current-thread: {one} ({one_asleep} asleep at once); multi-thread: {two} ({two_asleep} asleep at once)"
    );
    let sleep_ratio = ratio(sleep_multi.took, sleep_current.took);
    Figure::new("sleeping tasks: time on multi-thread / current-thread")
        .notes("uvloop: asyncio 2-4x faster")
        .this_run(format!("{two} / {one} = {sleep_ratio:.2}"))
        .ideal(format!(
            "1.00, both {}: a sleeping task needs no core",
            ms(pause)
        ))
        .print();
}
