//! Lesson: rayon's pool is for CPU work, not for blocking I/O.
//!
//! A rayon pool has one thread per core. A blocking call (a 20 ms sleep for the notes'
//! `requests.get`) holds a thread without using its core: 16 take ceil(16 / cores) rounds of 20 ms
//! on rayon, one on a pool of 16 (the chapter's `Pool`). Worse, CPU work given to it waits too.
//!
//! Run: `cargo run --example rayon_blocking` (try `-- --threads 8` or `-- --svg rayon_blocking.svg`).

use std::{sync::Arc, thread, time::Duration, time::Instant};

use lesson_kit::live::{Live, wait_until};
use lesson_kit::{Chart, Figure, Timeline, cores, must_finish, seconds, timeline::Run};
use rayon::{ThreadPool, prelude::*};
use thread_pools::blocking_requests::{REQUEST, Requests, block_every_thread, rayon_pool, request};
use thread_pools::{flags::threads_and_svg, pool::Handle, pool::Pool};

const ABOUT: &str = "16 blocking requests on a rayon pool sized to the cores, and on a pool of 16.";

const REQUESTS: usize = 16;
/// How long the blocked requests keep the rayon pool after the CPU job arrives.
const HOLD: Duration = Duration::from_millis(50);
const PATIENCE: Duration = Duration::from_secs(10);

// ANCHOR: blocking
/// The 16 requests on rayon's pool: each blocks one of its threads while it waits.
fn on_rayon(pool: &ThreadPool) -> Requests {
    let (live, timeline, started) = (Live::new(), Timeline::new(), Instant::now());
    pool.scope(|scope| {
        for number in 0..REQUESTS {
            let (live, timeline) = (&live, &timeline);
            scope.spawn(move |_| request(live, timeline, number));
        }
    });
    Requests::new(started, &live, timeline.finish("rayon"))
}

/// The 16 requests on the chapter's pool of 16 workers. Each one, once blocked, waits for the
/// others to block too before its 20 ms begin, so that all 16 are blocked at once even on a
/// machine too busy to start 16 threads quickly.
fn on_pool() -> Requests {
    let (live, timeline) = (Arc::new(Live::new()), Arc::new(Timeline::new()));
    let (pool, started) = (Pool::new(REQUESTS, "io"), Instant::now());
    let handles: Vec<_> = (0..REQUESTS)
        .map(|number| {
            let (live, timeline) = (live.clone(), timeline.clone());
            pool.submit(move || {
                // The span begins before the request counts itself in, so every span has
                // begun by the time all 16 are in, and none ends before that moment.
                timeline.record(format!("request#{number}"), || {
                    live.inside(|| {
                        wait_until("all 16 requests blocked", || live.peak() == REQUESTS);
                        thread::sleep(REQUEST)
                    })
                })
            })
        })
        .collect();
    handles.into_iter().try_for_each(Handle::wait).unwrap();
    Requests::new(started, &live, timeline.finish("pool of 16"))
}
// ANCHOR_END: blocking

// ANCHOR: cost
/// Blocks every thread of `pool` until a response that comes HOLD after a small CPU job is given
/// to the pool; returns how long after it was given the job started, and the response came.
fn cpu_job_waits(pool: &ThreadPool, threads: usize, timeline: &Timeline) -> (Duration, Duration) {
    let (respond, response) = crossbeam_channel::bounded::<()>(0);
    thread::scope(|scope| {
        block_every_thread(scope, (pool, threads), &response, timeline);
        let given = Instant::now();
        let job = scope.spawn(move || {
            pool.install(|| {
                let started = Instant::now();
                timeline.record("par_iter", || (0..1_000_u64).into_par_iter().sum::<u64>());
                started
            })
        });
        thread::sleep(HOLD);
        let responded = Instant::now();
        drop(respond);
        let started = job.join().expect("the CPU job panicked");
        (started - given, responded - given)
    })
}
// ANCHOR_END: cost

/// What no load on the machine can fake: lower bounds on time, and the peaks.
fn check(threads: usize, rayon: &Requests, io: &Requests) {
    let least = REQUEST * REQUESTS.div_ceil(threads) as u32;
    assert!(
        rayon.wall >= least && rayon.peak.max(rayon.overlap) <= threads && rayon.drawn == REQUESTS,
        "expected rayon to take at least {least:?}, {threads} at a time: {rayon:?}"
    );
    assert!(
        io.wall >= REQUEST && [io.peak, io.overlap, io.drawn] == [REQUESTS; 3],
        "expected all {REQUESTS} requests blocked at once on the pool of 16: {io:?}"
    );
}

/// The CPU job started only after the response, on a thread the response freed, once all the
/// pool's threads had blocked.
fn check_cost(threads: usize, (waited, responded): (Duration, Duration), run: &Run) {
    let (job, blocked): (Vec<_>, Vec<_>) = run.spans.iter().partition(|s| s.label == "par_iter");
    let j = job[0];
    let freed = blocked.iter().any(|b| b.lane == j.lane && b.end <= j.start);
    let all_first = blocked.iter().all(|b| b.start < j.start);
    assert!(
        waited >= responded && responded >= HOLD && blocked.len() == threads && freed && all_first,
        "expected the job to wait for the response ({responded:?}), got {waited:?}: {run:?}"
    );
}

fn main() {
    let cores = cores();
    let default = (cores.min(REQUESTS), "one per core");
    let (threads, svg) = threads_and_svg("rayon_blocking", ABOUT, default, 1..=REQUESTS);
    println!(
        "{REQUESTS} blocking requests of {REQUEST:?} (sleeps standing for HTTP requests) on a"
    );
    println!("rayon pool of {threads} threads ({cores} cores seen) and on a pool of {REQUESTS}.\n");
    let (rayon, io, waits, cost) = must_finish(PATIENCE * 3, "the runs", move || {
        let pool = rayon_pool(threads);
        let (rayon, io, timeline) = (on_rayon(&pool), on_pool(), Timeline::new());
        let waits = cpu_job_waits(&pool, threads, &timeline);
        (rayon, io, waits, timeline.finish("rayon, blocked"))
    });
    Chart::new(format!("{REQUESTS} blocking requests of {REQUEST:?}"))
        .run(rayon.run.clone())
        .run(io.run.clone())
        .run(cost.clone())
        .show("rayon_blocking", svg.as_deref());

    let rounds = REQUESTS.div_ceil(threads) as u32;
    let ideal = format!("{} ({rounds} rounds)", seconds(REQUEST * rounds));
    Figure::new("wall time of the requests: rayon / pool of 16")
        .notes("no figure")
        .this_run(format!("{} / {}", seconds(rayon.wall), seconds(io.wall)))
        .ideal(format!("{ideal} / {}", seconds(REQUEST)))
        .print();
    Figure::new("most requests blocked at once: rayon / pool of 16")
        .notes("no figure")
        .this_run(format!("{} / {}", rayon.peak, io.peak))
        .ideal(format!("{threads} / {REQUESTS}"))
        .print();
    let came = format!("the response came after {}", seconds(waits.1));
    Figure::new("wait of a small par_iter given to the blocked rayon pool")
        .notes("no figure")
        .this_run(format!("{} ({came})", seconds(waits.0)))
        .ideal(format!("at least {}, until the response", seconds(HOLD)))
        .print();

    check(threads, &rayon, &io);
    check_cost(threads, waits, &cost);
    println!("\nAs expected: rayon, {threads} at a time, made CPU work wait; the pool ran all 16.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rayon_blocks_as_many_requests_as_it_has_threads_and_the_io_pool_all_16() {
        for threads in [1, 2, 4] {
            let (rayon, io) = must_finish(PATIENCE * 3, "the requests", move || {
                (on_rayon(&rayon_pool(threads)), on_pool())
            });
            check(threads, &rayon, &io);
        }
    }

    #[test]
    fn cpu_work_waits_while_every_rayon_thread_is_blocked() {
        for threads in [1, 3] {
            let (waits, run) = must_finish(PATIENCE * 2, "the job", move || {
                let timeline = Timeline::new();
                let waits = cpu_job_waits(&rayon_pool(threads), threads, &timeline);
                (waits, timeline.finish("cost"))
            });
            check_cost(threads, waits, &run);
        }
    }
}
