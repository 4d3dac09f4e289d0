//! Lesson: the notes' `ThreadPoolExecutor`, with the chapter's own pool (`thread_pools::pool`).
//!
//! Six "site checks" on a `Pool` of 4 workers, made to finish in a fixed order. `Handle::wait`
//! gives the results in submission order, `as_completed` in finishing order; a task that panics
//! leaves `Err` in its handle (an exception kept in a future) and all 4 workers go on.
//!
//! Run: `cargo run --example pool_futures`.

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use lesson_kit::{Figure, cli, must_finish};
use thread_pools::pool::{Handle, Panicked, Pool, as_completed};
use thread_pools::quiet_panics::quietly;
use thread_pools::roll_call::roll_call;
use thread_pools::turns::Turns;

const USAGE: &str = "\
The notes' ThreadPoolExecutor on the chapter's pool: wait on each handle, as_completed, a panic.

usage: cargo run --example pool_futures [-h | --help]
";

const WORKERS: usize = 4;
/// When each site's check finishes, by its place in the queue: site-0 finishes third (rank 2).
/// A rank is never more than 4 places behind, or it would wait for a worker that never frees.
const FINISH_RANK: [usize; 6] = [2, 0, 3, 1, 5, 4];
/// The finishing order that follows from the ranks.
const FINISHED: [usize; 6] = [1, 3, 0, 2, 5, 4];
const PATIENCE: Duration = Duration::from_secs(10);

/// The check of one site; what it returns stands for the site's status line.
fn check(site: usize) -> String {
    thread::sleep(Duration::from_millis(5));
    format!("site-{site}: up")
}

// ANCHOR: gather
/// Submits the 6 checks, then waits for each handle in turn: the results come in submission
/// order, whatever order the checks finished in (returned second).
fn gather(pool: &Pool) -> (Vec<String>, Vec<usize>) {
    let turns = Arc::new(Turns::default());
    let handles: Vec<Handle<String>> = (0..FINISH_RANK.len())
        .map(|site| {
            let turns = Arc::clone(&turns);
            pool.submit(move || {
                turns.wait_for(FINISH_RANK[site], PATIENCE);
                let status = check(site);
                turns.pass_on(site);
                status
            })
        })
        .collect();
    let results = handles.into_iter().map(|handle| handle.wait().unwrap());
    (results.collect(), turns.passed())
}
// ANCHOR_END: gather

// ANCHOR: completed
/// The same checks, taken as they complete. The turn passes on only once the main thread has
/// the last result: otherwise two results could reach their channels in either order.
fn completed(pool: &Pool) -> Vec<(usize, String)> {
    let turns = Arc::new(Turns::default());
    let handles = (0..FINISH_RANK.len())
        .map(|site| {
            let turns = Arc::clone(&turns);
            pool.submit(move || {
                turns.wait_for(FINISH_RANK[site], PATIENCE);
                check(site)
            })
        })
        .collect();
    let mut order = Vec::new();
    for (site, result) in as_completed(handles) {
        order.push((site, result.unwrap()));
        turns.pass_on(site);
    }
    order
}
// ANCHOR_END: completed

// ANCHOR: panic
/// Three checks, the middle one panics; then a roll call of the workers, which all take a task.
fn survive_a_panic(pool: &Pool) -> (Vec<Result<String, Panicked>>, Vec<String>) {
    let statuses: Vec<Handle<String>> = (0..3)
        .map(|site| {
            pool.submit(move || match site {
                1 => panic!("site-1 is down: connection refused"),
                _ => check(site),
            })
        })
        .collect();
    let statuses = statuses.into_iter().map(Handle::wait).collect();
    (statuses, roll_call(pool, PATIENCE))
}
// ANCHOR_END: panic

/// Runs one step on `pool`, failing with a message instead of hanging.
fn step<T: Send + 'static>(pool: &Arc<Pool>, what: &str, step: fn(&Pool) -> T) -> T {
    let pool = Arc::clone(pool);
    must_finish(PATIENCE * 2, what, move || step(&pool))
}

fn in_submission_order() -> Vec<String> {
    (0..6).map(|site| format!("site-{site}: up")).collect()
}

fn down() -> Result<String, Panicked> {
    Err(Panicked("site-1 is down: connection refused".into()))
}

fn main() {
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));
    println!("6 site checks on {WORKERS} workers, made to finish in the order {FINISHED:?}.\n");
    let pool = Arc::new(Pool::new(WORKERS, "pool"));
    let (results, finished) = step(&pool, "gather", gather);
    println!("1. wait() on each handle, in submission order (they finished as {finished:?}):");
    println!("   {}", results.join(", "));
    let order = step(&pool, "as_completed", completed);
    println!("\n2. as_completed, in the order they finished:\n   {order:?}");
    println!("\n3. One check panics; the pool keeps the panic in its handle:");
    let (statuses, names) = quietly(|| step(&pool, "the panic", survive_a_panic));
    println!("   {statuses:?}\n   then a roll call of the workers: {names:?}\n");

    let indices: Vec<usize> = order.iter().map(|(site, _)| *site).collect();
    Figure::new("order of the results, waiting on each handle in turn")
        .notes("no figure: future.result() on each future, in the order submitted")
        .this_run(results.join(", "))
        .ideal("submission order, site-0 to site-5")
        .print();
    Figure::new("order of the results from as_completed")
        .notes("no figure: as_completed yields each future as it finishes")
        .this_run(format!("{indices:?}"))
        .ideal(format!("the finishing order, {FINISHED:?}"))
        .print();
    let failed = format!("{:?}; then {} workers ran tasks", statuses[1], names.len());
    Figure::new("a task that fails")
        .notes("no figure: its exception is kept in its future; the pool goes on")
        .this_run(failed)
        .ideal("Err for that task only, every worker still working")
        .print();

    assert_eq!(results, in_submission_order(), "expected submission order");
    assert_eq!(finished, FINISHED, "expected the finishing order set");
    assert_eq!(indices, FINISHED, "expected as_completed to follow it");
    assert!(
        statuses[0].is_ok() && statuses[1] == down() && statuses[2].is_ok(),
        "expected only site-1's handle to hold the panic, got {statuses:?}"
    );
    let workers: Vec<String> = (0..WORKERS).map(|n| format!("pool-{n}")).collect();
    assert_eq!(names, workers, "expected every worker alive");
    println!("\nAs expected: submission order, finishing order, a panic kept, every worker alive.");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> Arc<Pool> {
        Arc::new(Pool::new(WORKERS, "pool"))
    }

    #[test]
    fn wait_gives_submission_order_though_the_tasks_finished_in_another() {
        let (results, finished) = step(&pool(), "gather", gather);
        assert_eq!(finished, FINISHED);
        assert_eq!(results, in_submission_order());
    }

    #[test]
    fn as_completed_gives_the_finishing_order_with_each_result_by_its_index() {
        let order = step(&pool(), "completed", completed);
        let expected = FINISHED.map(|site| (site, format!("site-{site}: up")));
        assert_eq!(order, expected);
    }

    #[test]
    fn a_panic_stays_in_its_handle_and_every_worker_goes_on() {
        let (statuses, names) = step(&pool(), "panic", survive_a_panic);
        let up = |site| Ok(format!("site-{site}: up"));
        assert_eq!(statuses, [up(0), down(), up(2)]);
        assert_eq!(names, ["pool-0", "pool-1", "pool-2", "pool-3"]);
    }
}
