//! Lesson: a worker killed in the middle of a task loses nothing, if the queue is reliable.
//!
//! Worker A takes the first site's task, checks the site, and stops right before it stores the
//! verdict (it says `checked 0` and waits for a word that never comes): there this lesson kills
//! it with SIGKILL, which no program can catch. Then worker B starts and works until the queue is
//! empty. Done twice, with the two ways to take a task:
//!
//! - naive (`BRPOP`): the task left Redis when A took it; nobody has it; one result is missing;
//! - reliable (`BLMOVE` onto A's processing list, removed only with the result): A's lease runs
//!   out 300 ms after its death, the producer puts the task back, B does it. 33 of 33.
//!
//! Run: `cargo run --example killed_worker`.

use std::time::Duration;

use beyond_one_machine::child::ROLES;
use beyond_one_machine::redis_server;
use beyond_one_machine::uptime::run::{Killed, killed_worker};
use lesson_kit::Figure;
use lesson_kit::process::{self, Program};
use local_server::LocalServer;
use thread_pools::sites::{TIMEOUT, notes_sites};

const USAGE: &str = "\
Kills a worker in the middle of a task, with a naive queue and with a reliable one.

usage: cargo run --example killed_worker

  -h, --help  show this text
";

/// Each run is killed, and the lesson fails, if it is not over after this long.
const LIMIT: Duration = Duration::from_secs(30);

fn main() {
    process::play_if_child(&ROLES);
    lesson_kit::cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));
    let naive = run(true);
    let reliable = run(false);

    let lost = |run: &Killed| run.gathered.lost();
    Figure::new("tasks lost when a worker is killed mid-task (naive / reliable)")
        .notes("- (Celery: lost by default; redelivered with acks_late)")
        .this_run(format!("{} / {}", lost(&naive), lost(&reliable)))
        .ideal(0)
        .print();

    // ANCHOR: asserts
    let (n, r) = (&naive, &reliable);
    assert_eq!(
        n.gathered.results[n.task], None,
        "expected the naive queue to lose the task"
    );
    assert_eq!(lost(n), 1, "expected exactly the killed task lost");
    assert_eq!(lost(r), 0, "expected the reliable queue to lose nothing");
    assert_eq!(
        r.gathered.reaped,
        [r.task],
        "expected the killed task put back, once"
    );
    assert_eq!(
        r.gathered.times_done[r.task], 1,
        "expected it done once, by worker B"
    );
    assert_eq!(
        r.asked, 2,
        "expected its site checked twice: by A, then by B"
    );
    // ANCHOR_END: asserts
    println!("\nAs expected: the naive queue lost the killed worker's task; the reliable queue");
    println!("put it back once the worker's lease ran out, and another worker did it again.");
}

/// One run: its own Redis and sites, so that the two runs share nothing.
fn run(naive: bool) -> Killed {
    let name = if naive {
        "naive (BRPOP)"
    } else {
        "reliable (BLMOVE)"
    };
    let redis = redis_server::start_or_exit();
    let server = LocalServer::start(Duration::ZERO).expect("loopback is always there");
    let sites = notes_sites(&server, TIMEOUT);
    let program = Program::this();
    let run = killed_worker(&program, &redis, &server, &sites, naive, TIMEOUT, LIMIT)
        .unwrap_or_else(|error| panic!("the {name} run failed: {error}"));
    println!("{name}:");
    println!(
        "  worker A checked {} and was {}",
        sites[run.task].name, run.ending
    );
    println!(
        "  worker B did {} tasks; the reaper put back {:?}",
        run.second_did, run.gathered.reaped
    );
    println!(
        "  {} of {} results; {} asked {} time(s); its result: {}\n",
        sites.len() - run.gathered.lost(),
        sites.len(),
        sites[run.task].name,
        run.asked,
        run.gathered.results[run.task]
            .as_deref()
            .unwrap_or("none, lost")
    );
    run
}

#[cfg(test)]
mod tests {
    use super::*;
    use beyond_one_machine::redis_server::start_for_test;
    use beyond_one_machine::uptime::run::stop_and_check;
    use thread_pools::sites::ROOMY_TIMEOUT;

    fn killed(test: &str, naive: bool) -> Option<Killed> {
        let redis = start_for_test(test)?;
        let server = LocalServer::start(Duration::ZERO).unwrap();
        // The first ten sites show the same, in a shorter test.
        let sites = &notes_sites(&server, ROOMY_TIMEOUT)[..10];
        let program = Program::at(env!("CARGO_BIN_EXE_beyond-one-machine-child"));
        let run = killed_worker(
            &program,
            &redis,
            &server,
            sites,
            naive,
            ROOMY_TIMEOUT,
            LIMIT,
        )
        .unwrap();
        assert_eq!(run.ending, "killed by signal 9 (SIGKILL)");
        stop_and_check(redis, &run.pids);
        Some(run)
    }

    #[test]
    fn a_killed_workers_task_is_redone_once_and_nothing_is_lost() {
        let Some(run) = killed("a_killed_workers_task_is_redone_once", false) else {
            return;
        };
        assert_eq!(run.gathered.lost(), 0);
        assert_eq!(run.gathered.reaped, [run.task]);
        assert_eq!(run.gathered.times_done[run.task], 1);
        assert_eq!(
            run.asked, 2,
            "checked by the killed worker, then again by the other"
        );
        assert_eq!(
            run.second_did, 10,
            "the other worker did every task, the put-back one too"
        );
    }

    #[test]
    fn the_naive_take_loses_the_killed_workers_task() {
        let Some(run) = killed("the_naive_take_loses_the_killed_workers_task", true) else {
            return;
        };
        assert_eq!(run.gathered.results[run.task], None);
        assert_eq!(run.gathered.lost(), 1);
        assert_eq!(run.asked, 1, "checked once, by the worker that was killed");
        assert_eq!(run.second_did, 9);
        assert!(run.gathered.reaped.is_empty());
    }
}
