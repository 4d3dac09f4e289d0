//! Lesson: rayon's pool for CPU work: `par_iter` in `install` (timed against serial work), `scope`
//! (tasks borrow local data), `spawn` (no handle: results come through a channel), and panics: a
//! scope raises its task's panic; one in `spawn` aborts the process unless the pool has a handler.
//!
//! Run: `cargo run --example rayon_pool` (try `-- --threads 2`, or `-- --svg rayon_pool.svg`).

use std::panic::{self, AssertUnwindSafe};
use std::{sync::atomic::AtomicBool, sync::atomic::Ordering, time::Duration};

use lesson_kit::meeting::{Meeting, Outcome};
use lesson_kit::timeout::panic_message;
use lesson_kit::{Chart, Figure, Timeline, cores, must_finish, timeline::Run};
use rayon::{ThreadPool, ThreadPoolBuilder, prelude::*};
use thread_pools::square_chunks::{CHUNKS, chunk_in_pair, expected, share, sum_serially, timed};
use thread_pools::{flags::threads_and_svg, quiet_panics::quietly};

const ABOUT: &str = "rayon's ThreadPool: par_iter in install, scope, spawn, and panics.";
const PATIENCE: Duration = Duration::from_secs(10);

// ANCHOR: build
fn build(threads: usize) -> ThreadPool {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|number| format!("rayon-{number}"))
        .build()
        .expect("the OS refused to start the pool's threads")
}
// ANCHOR_END: build

// ANCHOR: par_iter
/// The chunks on the pool's threads, met in pairs: proof that two of them ran at once.
fn sum_in_pool(pool: &ThreadPool, timeline: &Timeline) -> (u128, Outcome) {
    let pair = Meeting::new(2, PATIENCE);
    let sum = pool.install(|| {
        (0..CHUNKS)
            .into_par_iter()
            .map(|number| chunk_in_pair(&pair, timeline, number))
            .sum()
    });
    (sum, pair.outcome())
}
// ANCHOR_END: par_iter

// ANCHOR: scope
/// Tasks that borrow `sites`, and each its element of `lengths`: all done when the scope returns.
fn lengths_in_scope(pool: &ThreadPool, sites: &[&str]) -> Vec<usize> {
    let mut lengths = vec![0; sites.len()];
    pool.scope(|scope| {
        for (length, site) in lengths.iter_mut().zip(sites) {
            scope.spawn(move |_| *length = site.len());
        }
    });
    lengths
}
// ANCHOR_END: scope

// ANCHOR: spawn
/// A spawned task owns its data (`'static`) and gives no handle: results come through a channel.
fn squares_by_spawn(pool: &ThreadPool, count: u64) -> Vec<(u64, u64)> {
    let (results, received) = crossbeam_channel::unbounded();
    for number in 0..count {
        let results = results.clone();
        pool.spawn(move || results.send((number, number * number)).unwrap());
    }
    received.iter().take(count as usize).collect()
}
// ANCHOR_END: spawn

// ANCHOR: scope_panic
/// One task panics: the scope waits for the other, then raises the panic for `catch_unwind`.
fn panic_in_scope(pool: &ThreadPool) -> (Result<(), String>, bool) {
    let other_finished = AtomicBool::new(false);
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        pool.scope(|scope| {
            scope.spawn(|_| panic!("site-7 is down"));
            scope.spawn(|_| other_finished.store(true, Ordering::SeqCst));
        })
    }));
    let message = caught.map_err(|payload| panic_message(payload.as_ref()));
    (message, other_finished.load(Ordering::SeqCst))
}

/// A `panic_handler` gets a spawned task's panic, which would otherwise abort the process.
fn panic_with_handler() -> String {
    let (messages, received) = crossbeam_channel::unbounded();
    let pool = ThreadPoolBuilder::new()
        .num_threads(1)
        .panic_handler(move |payload| messages.send(panic_message(payload.as_ref())).unwrap())
        .build()
        .expect("the OS refused to start the pool's thread");
    pool.spawn(|| panic!("site-9 is down"));
    received.recv_timeout(PATIENCE).expect("no panic handled")
}
// ANCHOR_END: scope_panic

/// Both panics, then 1 + ... + 100 on the pool, which goes on working.
fn panics(pool: &ThreadPool) -> (Result<(), String>, bool, String, u64) {
    let ((caught, other_finished), handled) = (panic_in_scope(pool), panic_with_handler());
    let after = pool.install(|| (1..=100).into_par_iter().sum());
    (caught, other_finished, handled, after)
}

/// The sum is right, and its chunks met two at once on 2 to `threads` threads of the pool.
fn check_sum(threads: usize, sum: u128, outcome: &Outcome, run: &Run) {
    let (lanes, expected) = (run.lanes(), expected());
    let named = lanes.iter().all(|lane| lane.starts_with("rayon-"));
    let on_pool = named && (2..=threads).contains(&lanes.len());
    assert!(
        sum == expected && run.spans.len() == CHUNKS as usize && outcome.met && on_pool,
        "expected {expected} from {CHUNKS} chunks met on 2 to {threads} pool threads: {sum}, {run:?}"
    );
}

fn main() {
    let (threads, svg) = threads_and_svg("rayon_pool", ABOUT, (4, "4"), 2..=16);
    let (cores, sites) = (cores(), ["a.example", "bb.example", "ccc.example"]);
    println!("A rayon pool of {threads} threads, {cores} cores; two tasks panic on purpose.");
    let (sums, lengths, squares, panicked) = must_finish(PATIENCE * 3, "all", move || {
        let pool = build(threads);
        let serial = timed("serial", sum_serially);
        let sums = (serial, timed("par_iter", |line| sum_in_pool(&pool, line)));
        let (lengths, squares) = (lengths_in_scope(&pool, &sites), squares_by_spawn(&pool, 5));
        (sums, lengths, squares, quietly(|| panics(&pool)))
    });
    let ((serial, run_serial), ((sum, outcome), run_pooled)) = sums;
    let (caught, other_finished, handled, after) = panicked;
    let lanes = run_pooled.lanes().len();
    println!("\n1. par_iter in install: {sum}, on {lanes} threads of the pool.");
    println!("2. scope, borrowing the sites and the lengths: {lengths:?}");
    println!("3. spawn, results through a channel: {squares:?}");
    println!("4. a panic in scope: {caught:?}; other task done: {other_finished}; then {after}");
    println!("5. a panic in spawn, sent on by the panic_handler: {handled:?}\n");
    Chart::new(format!("sum of squares in {CHUNKS} chunks"))
        .run(run_serial.clone())
        .run(run_pooled.clone())
        .show("rayon_pool", svg.as_deref());
    let ((share, times), busy) = (share(&run_pooled, &run_serial), cores.min(threads));
    Figure::new("time of par_iter as a share of serial")
        .notes("no figure for a pool; CPU-bound Python threads take as long as serial")
        .this_run(format!("{share:.2} ({times})"))
        .ideal(format!("{:.2} (1 / {busy} cores)", 1.0 / busy as f64))
        .print();
    Figure::new("a panic in a task")
        .notes("no figure: kept in its future, raised by result()")
        .this_run("scope: raised when the scope ends; spawn: to the panic_handler")
        .ideal("no task lost, the pool still working")
        .print();
    assert_eq!(serial, expected(), "expected the closed form serially");
    check_sum(threads, sum, &outcome, &run_pooled);
    assert!(
        lengths == [9, 10, 11] && squares.len() == 5,
        "expected every scoped and every spawned task's result: {lengths:?}, {squares:?}"
    );
    assert!(
        caught == Err("site-7 is down".into()) && other_finished && after == 5050,
        "expected the scope to raise the panic after its other task, then the pool to work"
    );
    assert_eq!(handled, "site-9 is down", "expected it in the handler");
    println!("\nAs expected: equal sums, work on several pool threads, and no panic lost.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn par_iter_gives_the_serial_sum_on_several_threads_of_the_pool() {
        for threads in [2, 4] {
            let ((sum, outcome), run) = must_finish(PATIENCE * 3, "the sum", move || {
                timed("par_iter", |line| sum_in_pool(&build(threads), line))
            });
            check_sum(threads, sum, &outcome, &run);
        }
    }

    #[test]
    fn scoped_tasks_borrow_local_data_and_spawned_ones_send_through_a_channel() {
        let sites: Vec<&str> = (1..=20).map(|n| &"xxxxxxxxxxxxxxxxxxxx"[..n]).collect();
        let (lengths, mut squares) = must_finish(PATIENCE * 2, "the tasks", move || {
            let pool = build(3);
            (lengths_in_scope(&pool, &sites), squares_by_spawn(&pool, 30))
        });
        assert_eq!(lengths, (1..=20).collect::<Vec<_>>());
        squares.sort();
        assert_eq!(squares, (0..30).map(|n| (n, n * n)).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_a_scope_comes_out_when_it_ends_and_a_spawned_one_goes_to_the_handler() {
        let (caught, other_done, handled, after) =
            must_finish(PATIENCE, "the panics", || panics(&build(2)));
        assert_eq!((caught, other_done), (Err("site-7 is down".into()), true));
        assert_eq!((after, &handled[..]), (5050, "site-9 is down"));
    }
}
