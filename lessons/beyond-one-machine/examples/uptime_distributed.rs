//! Lesson: the uptime checker of the chapter "Thread pools", spread over worker processes through
//! a real Redis server, as the notes do with Celery (`check_website_task.delay(address)` for each
//! site, then `ResultSet.get()`): this program puts one task per site on a Redis list, worker
//! processes take the tasks and store each verdict, and this program gathers them, with a
//! deadline. The same sites must come out down as in every style of that chapter.
//!
//! The sites are played by a local server, as in that chapter: answers in 5 to 40 ms, six sites
//! down; the checker waits 250 ms for an answer and notifies the owner of a site that is down with
//! a 25 ms sleep (the notes' 0.5 s scaled 1/20). Redis runs on a Unix socket in a temporary
//! folder, started and stopped by this lesson.
//!
//! Run: `cargo run --example uptime_distributed` (try `-- --workers 8`, or `-- --workers 0` and
//! start workers yourself in other terminals).

use std::time::{Duration, Instant};

use beyond_one_machine::child::ROLES;
use beyond_one_machine::redis_server::{self, RedisServer};
use beyond_one_machine::uptime::run::{
    Gathered, distributed, down_by_server, enqueue, expected_down, gather, stop_and_wait,
};
use lesson_kit::cli::{self, Arg};
use lesson_kit::process::{self, Program};
use lesson_kit::{Figure, seconds};
use local_server::LocalServer;
use thread_pools::sites::{Site, TIMEOUT, ideal, notes_sites};

const USAGE: &str = "\
The notes' uptime checker, spread over worker processes through a Redis server of its own.

usage: cargo run --example uptime_distributed -- [--workers N] [--wait-seconds S]

  --workers N       worker processes to start (default 4, like the notes' Celery; 0 to 32);
                    0 starts none and prints the command to start workers by hand
  --wait-seconds S  how long to wait for every result (default 60, 1 to 3600)
  -h, --help        show this text
";

fn main() {
    process::play_if_child(&ROLES);
    let (mut workers, mut wait) = (4_usize, 60_u64);
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("workers") => workers = cli::number(parser, "--workers", 0..=32)?,
            Arg::Long("wait-seconds") => wait = cli::number(parser, "--wait-seconds", 1..=3600)?,
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let limit = Duration::from_secs(wait);
    let redis = redis_server::start_or_exit();
    let server = LocalServer::start(Duration::ZERO).expect("loopback is always there");
    let sites = notes_sites(&server, TIMEOUT);
    println!(
        "Redis at {}\nChecking {} sites through Redis with {workers} worker processes.\n",
        redis.url(),
        sites.len()
    );
    let (gathered, wall) = if workers == 0 {
        by_hand(&redis, &sites, limit)
    } else {
        // ANCHOR: run
        let program = Program::this();
        let run = distributed(&program, &redis, &sites, workers, TIMEOUT, limit)
            .unwrap_or_else(|error| panic!("the distributed run failed: {error}"));
        for (worker, did) in &run.per_worker {
            println!("{worker} checked {did} sites");
        }
        // ANCHOR_END: run
        (run.gathered, run.wall)
    };

    let found = gathered.down(&sites);
    println!("\nThe down sites: {found:?}");
    // With workers started by hand, only the learner knows how many there were.
    let best = match workers {
        0 => "- (as many at once as you started)".to_owned(),
        n => format!("{} ({n} at once)", seconds(ideal(n, TIMEOUT))),
    };
    Figure::new(format!("celery, the uptime checker with {workers} workers"))
        .notes("2.5 s (CelerySquirrel)")
        .this_run(seconds(wall))
        .ideal(best)
        .print();

    // ANCHOR: asserts
    assert_eq!(gathered.lost(), 0, "expected a result for every site");
    let by_server = down_by_server(&sites, &server, TIMEOUT);
    assert_eq!(
        found, by_server,
        "expected the verdicts of the server's own log"
    );
    if by_server != expected_down() {
        println!("\nnote: the server answered a site late: too busy a machine for {TIMEOUT:?}.");
        return;
    }
    assert_eq!(
        found,
        expected_down(),
        "expected the sites down in \"Thread pools\""
    );
    // ANCHOR_END: asserts
    if workers > 0 {
        assert!(
            wall >= ideal(workers, TIMEOUT),
            "expected at least the ideal {:?}, it took {wall:?}",
            ideal(workers, TIMEOUT)
        );
    }
    println!("\nAs expected: every site has a result, and the same six sites are down.");
}

/// `--workers 0`: the learner starts the workers; the producer only enqueues and gathers.
fn by_hand(redis: &RedisServer, sites: &[Site], limit: Duration) -> (Gathered, Duration) {
    println!("Start one or more workers, each in a terminal of its own, from this folder:\n");
    println!(
        "    cargo run --example uptime_worker -- --redis {}\n",
        redis.url()
    );
    println!(
        "Waiting up to {} for all {} results…",
        seconds(limit),
        sites.len()
    );
    let mut conn = redis.connection();
    let started = Instant::now();
    enqueue(&mut conn, sites, TIMEOUT).unwrap_or_else(|error| panic!("{error}"));
    let gathered = gather(&mut conn, sites.len(), started + limit).unwrap_or_else(|error| {
        eprintln!("error: {error}: no worker took the tasks in time");
        std::process::exit(1)
    });
    let wall = started.elapsed();
    // The workers see this and stop; the Redis server stays up until they have let go of it.
    stop_and_wait(&mut conn, Duration::from_secs(5));
    (gathered, wall)
}

#[cfg(test)]
mod tests {
    use super::*;
    use beyond_one_machine::redis_server::start_for_test;
    use beyond_one_machine::uptime::run::stop_and_check;

    #[test]
    fn three_workers_find_exactly_the_expected_sites_down() {
        let Some(redis) = start_for_test("three_workers_find_exactly_the_expected_sites_down")
        else {
            return;
        };
        // A site that answers in 40 ms must never miss the timeout, even when the tests share two
        // cores with a build: a whole second of patience, and three workers to keep the test short.
        let patience = Duration::from_secs(1);
        let server = LocalServer::start(Duration::ZERO).unwrap();
        let sites = notes_sites(&server, patience);
        let program = Program::at(env!("CARGO_BIN_EXE_beyond-one-machine-child"));
        let limit = Duration::from_secs(30);
        let run = distributed(&program, &redis, &sites, 3, patience, limit).unwrap();
        assert_eq!(run.gathered.down(&sites), expected_down());
        assert_eq!(run.gathered.lost(), 0);
        // Every worker took part, and together they did each site once: 33 requests at the server.
        let each: Vec<usize> = run.per_worker.iter().map(|(_, did)| *did).collect();
        assert!(each.len() == 3 && !each.contains(&0), "{each:?}");
        let did: usize = each.iter().sum();
        assert_eq!((did, server.log().len()), (33, 33));
        assert!(run.wall >= ideal(3, patience));
        stop_and_check(redis, &run.pids);
    }
}
