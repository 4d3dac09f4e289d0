//! Lesson: one job asked for four times, with four different answers: queued (no worker has
//! taken it), started (a worker holds it), finished (its result, and how long Redis keeps it),
//! and, once that time is up, no such job at all.
//!
//! RQ keeps a result 500 s by default ("Result is kept for 500 seconds") and then deletes it, so
//! a program that asks too late learns nothing, not even that the job ever ran. Here the time is
//! scaled from seconds to milliseconds (500 ms). Nothing is left to luck: the worker starts
//! only after the first answer, says when it has marked the job started and waits for our word
//! before running it, and the result and its remaining time are read in one transaction.
//!
//! Run: `cargo run --example expiring_results` (try `-- --ttl-ms 2000`).

use std::time::{Duration, Instant};

use beyond_one_machine::child::ROLES;
use beyond_one_machine::jobs::worker::started_line;
use beyond_one_machine::jobs::{self, Fetched, PATIENCE, enqueue, fetch};
use beyond_one_machine::redis_server::{self, RedisServer};
use lesson_kit::process::{self, Finished, Program};
use lesson_kit::{Figure, cli};

const USAGE: &str = "\
One job's result asked for before it runs, while it runs, after it ran, and after it expired.

usage: cargo run --example expiring_results -- [--ttl-ms MS]

  --ttl-ms MS  how long the result is kept, in ms (default 500: the notes' 500 s, scaled)
  -h, --help   show this text
";

/// What one run showed.
#[derive(Debug)]
struct Run {
    /// The four answers, in the order they were asked for.
    answers: Vec<Fetched>,
    /// The time the result had left when it was read, and how long after that read (timed from
    /// just before it) the job was first found gone.
    left: Duration,
    gone_after: Duration,
    worker: Finished,
}

fn run(program: &Program, server: &RedisServer, ttl: Duration) -> Run {
    let mut conn = server.connection();
    let ask = |conn: &mut _, id| fetch(conn, id).expect("Redis answers");
    // ANCHOR: answers
    let id = enqueue(&mut conn, "add", &["20", "22"], ttl).expect("a good call");
    let queued = ask(&mut conn, id);
    let mut worker = jobs::start_worker(program, server, 1, true).expect("a worker");
    worker
        .wait_for_line(&started_line(id))
        .expect("it takes the job");
    let started = ask(&mut conn, id);
    worker.send_line("run it").expect("it waits for our word");
    jobs::wait_for_done(&mut worker, id).expect("it runs the job");
    let read_at = Instant::now();
    let finished = ask(&mut conn, id);
    let gone_at = jobs::wait_until_gone(&mut conn, id, ttl + PATIENCE).expect("it expires");
    let gone = ask(&mut conn, id);
    // ANCHOR_END: answers
    let left = finished.expires_in().unwrap_or_default();
    let worker = worker.finish().expect("the worker ends after its job");
    let answers = vec![queued, started, finished, gone];
    let gone_after = gone_at - read_at;
    Run {
        answers,
        left,
        gone_after,
        worker,
    }
}

fn main() {
    process::play_if_child(&ROLES);
    let ttl_ms: u64 = cli::only_number(USAGE, "ttl-ms", 500, 100..=60_000);
    let ttl = Duration::from_millis(ttl_ms);
    let server = redis_server::start_or_exit();
    println!(
        "A Redis server of our own: pid {}, {}",
        server.pid(),
        server.url()
    );
    println!("One job, add(20, 22), its result kept {ttl_ms} ms. It is asked for:\n");
    let run = run(&Program::this(), &server, ttl);
    let when = [
        "before any worker ran",
        "while a worker held it",
        "after it finished",
        "after it expired",
    ];
    for (when, answer) in when.iter().zip(&run.answers) {
        println!("  {when:<22} {answer}");
    }
    let (left, gone) = (run.left.as_millis(), run.gone_after.as_millis());
    println!("\n  read with {left} ms left; found gone {gone} ms after that read\n");
    Figure::new("how long a finished job's result is kept")
        .notes("500 s (`Result is kept for 500 seconds`), then gone")
        .this_run(format!(
            "{ttl_ms} ms: read with {left} ms left, gone {gone} ms later"
        ))
        .ideal(format!(
            "{ttl_ms} ms from the job's end, then `no such job`"
        ))
        .print();

    // ANCHOR: asserts
    let states: Vec<&str> = run.answers.iter().map(Fetched::state).collect();
    // A stall longer than the whole time to live would lose the result before it is read.
    let hint = format!(
        "(if \"finished\" is missing, try --ttl-ms 5000): {:?}",
        run.answers
    );
    assert_eq!(
        states,
        ["queued", "started", "finished", "no such job"],
        "{hint}"
    );
    assert_eq!(
        run.answers[2].result(),
        Some("42"),
        "expected the result 42"
    );
    assert!(
        run.left > Duration::ZERO && run.left <= ttl,
        "expected 0 < left <= {ttl_ms} ms"
    );
    // Redis counts whole milliseconds: allow it one, and our clock one more.
    let early = run.gone_after + Duration::from_millis(2) < run.left;
    assert!(
        !early,
        "expected the result kept {left} ms; it was gone after {gone} ms"
    );
    assert!(run.worker.success(), "expected the worker to exit 0");
    // ANCHOR_END: asserts
    println!("\nAs expected: not done, being done, done with its result, then nothing: after");
    println!(
        "{ttl_ms} ms Redis deleted the job; \"expired\" reads the same as \"never enqueued\"."
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use beyond_one_machine::jobs::left_behind;
    use beyond_one_machine::redis_server::start_for_test;

    const CHILD: &str = env!("CARGO_BIN_EXE_beyond-one-machine-child");

    #[test]
    fn one_job_answers_queued_started_finished_then_no_such_job() {
        let Some(server) = start_for_test("one_job_answers_in_order") else {
            return;
        };
        // Longer than any stall of a loaded machine, short enough for a fast test.
        let ttl = Duration::from_millis(800);
        let run = run(&Program::at(CHILD), &server, ttl);
        let pid = run.worker.pid;
        let states: Vec<&str> = run.answers.iter().map(Fetched::state).collect();
        assert_eq!(states, ["queued", "started", "finished", "no such job"]);
        assert_eq!(
            run.answers[0].to_string(),
            "job 1, add(20, 22): queued, no worker has taken it yet"
        );
        assert!(
            matches!(&run.answers[1], Fetched::Started { worker, .. } if *worker == pid.to_string())
        );
        assert_eq!(run.answers[2].result(), Some("42"));
        assert!(
            run.left > Duration::ZERO && run.left <= ttl,
            "{:?}",
            run.left
        );
        // Never gone early (the read was timed from before it was sent), nor kept long after.
        assert!(
            run.gone_after + Duration::from_millis(2) >= run.left,
            "{run:?}"
        );
        assert!(run.gone_after < run.left + PATIENCE, "{run:?}");
        let lines = &run.worker.lines;
        assert_eq!(
            lines[1..],
            ["started job 1", "finished job 1: 42"],
            "{lines:?}"
        );
        assert_eq!(run.worker.ending(), "exit code 0");
        assert_eq!(left_behind(server, &[pid]), Vec::<String>::new());
    }
}
