//! The blocking requests of the lesson `rayon_blocking`: a sleep stands for an HTTP request, and
//! each run records its wall time, its timeline and how many requests were blocked at once.

use std::sync::Arc;
use std::thread::{self, Scope};
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use lesson_kit::Timeline;
use lesson_kit::live::{Live, wait_until};
use lesson_kit::timeline::Run;
use rayon::{ThreadPool, ThreadPoolBuilder};

/// One blocking request (the notes' seconds are milliseconds here).
pub const REQUEST: Duration = Duration::from_millis(20);

/// Request `number`: blocks its thread for [`REQUEST`], counted in `live`, recorded on `timeline`.
pub fn request(live: &Live, timeline: &Timeline, number: usize) {
    live.inside(|| timeline.record(format!("request#{number}"), || thread::sleep(REQUEST)));
}

/// One run of the requests.
#[derive(Debug)]
pub struct Requests {
    pub wall: Duration,
    /// The most requests blocked at once, by a live counter.
    pub peak: usize,
    /// The same by the timeline: the most spans that overlap.
    pub overlap: usize,
    /// How many requests the timeline has.
    pub drawn: usize,
    pub run: Run,
}

impl Requests {
    /// The run that began at `started` and has just ended.
    pub fn new(started: Instant, live: &Live, run: Run) -> Self {
        let (wall, peak) = (started.elapsed(), live.peak());
        let (overlap, drawn) = (run.peak_overlap(), run.spans.len());
        Requests {
            wall,
            peak,
            overlap,
            drawn,
            run,
        }
    }
}

/// A rayon pool of `threads` threads named "rayon-0", "rayon-1", ..., as the lesson `rayon_pool`
/// builds it.
pub fn rayon_pool(threads: usize) -> ThreadPool {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|number| format!("rayon-{number}"))
        .build()
        .expect("the OS refused to start the pool's threads")
}

/// Spawns, on `scope`, one task per thread of `pool` (`threads` of them) that blocks its thread
/// until `response` is closed, recorded as "blocked"; returns once all of them are blocked.
pub fn block_every_thread<'scope>(
    scope: &'scope Scope<'scope, '_>,
    (pool, threads): (&'scope ThreadPool, usize),
    response: &'scope Receiver<()>,
    timeline: &'scope Timeline,
) {
    let blocked = Arc::new(Live::new());
    let inside = Arc::clone(&blocked);
    scope.spawn(move || {
        pool.scope(|tasks| {
            for _ in 0..threads {
                let inside = &inside;
                tasks.spawn(move |_| {
                    // A timeout means the lesson has already failed elsewhere.
                    let wait = || response.recv_timeout(Duration::from_secs(10)).unwrap_err();
                    inside.inside(|| timeline.record("blocked", wait));
                });
            }
        })
    });
    wait_until("every rayon thread blocked", || blocked.now() == threads);
}
