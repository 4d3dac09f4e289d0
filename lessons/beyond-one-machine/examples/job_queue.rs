//! Lesson: Redis Queue (RQ) in Rust. Jobs are enqueued by name with their arguments, a worker
//! process takes them from a real Redis and runs them, and each job's result, or its error, is
//! stored under its id for a limited time.
//!
//! The notes enqueue `count_words_at_url('http://nvie.com')`; the worker prints `Job OK` and
//! "Result is kept for 500 seconds". Here five calls are queued, two of them bound to fail (one
//! returns an error, one panics), and three calls are refused before anything reaches Redis: an
//! unknown job, a wrong number of arguments, a word where a number belongs. RQ would accept all
//! three and let them fail in the worker; a Rust queue can check a call against the job's types.
//! Seconds become milliseconds: a result is kept 500 ms, not 500 s.
//!
//! Run: `cargo run --example job_queue` (try `-- --ttl-ms 2000`).

use std::time::{Duration, Instant};

use beyond_one_machine::child::ROLES;
use beyond_one_machine::jobs::{self, Fetched, PATIENCE, enqueue, store::STARTED};
use beyond_one_machine::redis_server::{self, RedisServer};
use lesson_kit::process::{self, Finished, Program};
use lesson_kit::{Figure, cli};
use redis::Commands;

const USAGE: &str = "\
Jobs enqueued by name in a real Redis, run by a worker process, results kept for a while.

usage: cargo run --example job_queue -- [--ttl-ms MS]

  --ttl-ms MS  how long each result is kept, in ms (default 500: the notes' 500 s, scaled)
  -h, --help   show this text
";

/// The calls the lesson makes: a job's name and its arguments, as a caller writes them.
const CALLS: &[(&str, &[&str])] = &[
    ("count_words", &["Rust runs this job in a worker process"]),
    ("add", &["2", "3"]),
    ("square_slowly", &["12", "20"]),
    ("fail", &["disk full"]),
    ("divide", &["1", "0"]),
    ("resize", &["photo.png"]),
    ("add", &["2"]),
    ("add", &["two", "3"]),
];

/// What one run showed.
struct Run {
    /// Each refused call's error, in words.
    refused: Vec<String>,
    /// The server's keys before the refused calls and after them.
    keys: (u64, u64),
    /// What `fetch` said of each accepted job once the worker was done with all of them.
    done: Vec<Fetched>,
    took: Duration,
    worker: Finished,
    /// Job ids still on the worker's list of started jobs at the end.
    started: Vec<u64>,
}

fn run(program: &Program, server: &RedisServer, ttl: Duration) -> Run {
    let mut conn = server.connection();
    let start = Instant::now();
    let (mut ids, mut refused) = (Vec::new(), Vec::new());
    let mut keys = (0, 0);
    for (i, &(name, args)) in CALLS.iter().enumerate() {
        if i == 5 {
            keys.0 = jobs::key_count(&mut conn);
        }
        // ANCHOR: enqueue
        match enqueue(&mut conn, name, args, ttl) {
            Ok(id) => ids.push(id),
            Err(error) => refused.push(error.to_string()),
        }
        // ANCHOR_END: enqueue
    }
    keys.1 = jobs::key_count(&mut conn);
    let worker = jobs::start_worker(program, server, ids.len(), false).expect("a worker");
    let done = jobs::wait_until_done(&mut conn, &ids, PATIENCE).unwrap_or_else(|e| panic!("{e}"));
    let took = start.elapsed();
    let worker = worker.finish().expect("the worker ends after its jobs");
    let started = conn
        .lrange(STARTED, 0, -1)
        .expect("LRANGE the started jobs");
    Run {
        refused,
        keys,
        done,
        took,
        worker,
        started,
    }
}

fn main() {
    process::play_if_child(&ROLES);
    let ttl_ms: u64 = cli::only_number(USAGE, "ttl-ms", 500, 100..=60_000);
    let ttl = Duration::from_millis(ttl_ms);
    let server = redis_server::start_or_exit();
    println!("A Redis server of our own: {}", server.url());
    println!("Enqueueing 8 calls, results kept {ttl_ms} ms; then a worker runs them.\n");
    let run = run(&Program::this(), &server, ttl);
    for error in &run.refused {
        println!("  {error}");
    }
    let (before, after) = run.keys;
    println!("  Redis keys before the refused calls: {before}, after: {after}\n");
    for line in &run.worker.lines {
        println!("  worker said: {line}");
    }
    println!("  worker ended: {}\n", run.worker.ending());
    for fetched in &run.done {
        println!("  fetched {fetched}");
    }
    let failed = run.done.iter().filter(|f| f.error().is_some()).count();
    let (done, took) = (run.done.len(), run.took.as_millis());
    let summary = format!("{done} jobs done in {took} ms, {failed} of them failed");
    println!();
    Figure::new("jobs run by a worker through Redis")
        .notes("1 job, count_words_at_url -> 322, `Job OK`, result kept 500 s")
        .this_run(format!("{summary}, 3 refused; results kept {ttl_ms} ms"))
        .ideal("every valid call run once, every error stored, every bad call refused before Redis")
        .print();

    // ANCHOR: asserts
    let results: Vec<&str> = run.done.iter().filter_map(Fetched::result).collect();
    assert_eq!(
        results,
        ["8", "5", "144"],
        "expected three results in order"
    );
    let errors: Vec<&str> = run.done.iter().filter_map(Fetched::error).collect();
    assert_eq!(errors, ["disk full", "panicked: attempt to divide by zero"]);
    assert_eq!(
        run.refused.len(),
        3,
        "expected 3 refused: {:?}",
        run.refused
    );
    assert_eq!(before, after, "expected refused calls to write nothing");
    let kept = |f: &Fetched| f.expires_in().is_some_and(|left| left <= ttl);
    assert!(
        run.done.iter().all(kept),
        "expected results kept <= {ttl_ms} ms"
    );
    assert!(
        run.worker.success() && run.started.is_empty(),
        "expected all done"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: each job ran once in the worker; a job's error, even a panic, was");
    println!("stored as its answer; the bad calls were refused before Redis saw them.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use beyond_one_machine::jobs::left_behind;
    use beyond_one_machine::redis_server::start_for_test;

    const CHILD: &str = env!("CARGO_BIN_EXE_beyond-one-machine-child");

    #[test]
    fn a_worker_runs_each_job_once_and_stores_results_errors_and_expiry() {
        let Some(server) = start_for_test("a_worker_runs_each_job_once") else {
            return;
        };
        // Long enough that no result can expire while a loaded machine gathers them.
        let ttl = Duration::from_secs(60);
        let run = run(&Program::at(CHILD), &server, ttl);
        let text = |f: &Fetched| f.to_string().rsplit_once(" (kept").unwrap().0.to_owned();
        assert_eq!(
            run.done.iter().map(text).collect::<Vec<_>>(),
            [
                "job 1, count_words(\"Rust runs this job in a worker process\"): finished, result 8",
                "job 2, add(2, 3): finished, result 5",
                "job 3, square_slowly(12, 20): finished, result 144",
                "job 4, fail(\"disk full\"): failed: disk full",
                "job 5, divide(1, 0): failed: panicked: attempt to divide by zero",
            ]
        );
        // Each job was started once, in queue order, by the one worker, which survived the panic.
        let started = run.worker.lines.iter().filter(|l| l.starts_with("started"));
        let expected = (1..=5).map(|id| format!("started job {id}"));
        assert!(started.cloned().eq(expected), "{:?}", run.worker.lines);
        let stderr = &run.worker.stderr;
        assert!(stderr.contains("attempt to divide by zero"), "{stderr}");
        assert_eq!(run.worker.ending(), "exit code 0");
        assert!(run.started.is_empty(), "{:?}", run.started);
        assert_eq!(run.refused.len(), 3);
        assert_eq!(run.keys, (7, 7), "5 jobs, the queue, the id counter");
        // Every job, finished or failed, really carries the expiry in Redis.
        let mut conn = server.connection();
        for id in 1..=5 {
            let pttl: i64 = conn.pttl(format!("job:{id}")).unwrap();
            assert!(pttl > 50_000 && pttl <= 60_000, "job {id}: PTTL {pttl}");
        }
        drop(conn);
        assert_eq!(left_behind(server, &[run.worker.pid]), Vec::<String>::new());
    }
}
