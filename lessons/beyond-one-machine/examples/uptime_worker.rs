//! Lesson: a worker of the distributed uptime checker, started by hand, like `celery worker` in
//! the notes. Start the producer first with `cargo run --example uptime_distributed -- --workers 0`;
//! it prints the command to start workers with its Redis address. Start as many as you like, each
//! in a terminal of its own: they share the 33 checks between them. A worker stops when the
//! producer says the work is over, or after a minute without a task (`--idle-seconds`).
//!
//! Run: `cargo run --example uptime_worker -- --redis redis+unix:///tmp/workbook-redis-…/redis.sock`.

use std::time::Duration;

use beyond_one_machine::child::ROLES;
use beyond_one_machine::uptime::Worker;
use lesson_kit::cli::{self, Arg};
use lesson_kit::process;

const USAGE: &str = "\
A worker of the distributed uptime checker: takes checks from Redis and stores the verdicts.

usage: cargo run --example uptime_worker -- --redis URL [--name NAME] [--idle-seconds S]

  --redis URL       the Redis server the producer printed (redis+unix:///…/redis.sock)
  --name NAME       this worker's name, unique among the workers (default: worker-<pid>)
  --idle-seconds S  stop after this long without a task (default 60, 1 to 3600)
  -h, --help        show this text
";

fn main() {
    process::play_if_child(&ROLES);
    let (mut redis, mut name, mut idle) = (None::<String>, None::<String>, 60_u64);
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("redis") => redis = Some(cli::value(parser, "--redis")?),
            Arg::Long("name") => name = Some(cli::value(parser, "--name")?),
            Arg::Long("idle-seconds") => idle = cli::number(parser, "--idle-seconds", 1..=3600)?,
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let Some(redis) = redis else {
        eprintln!("error: --redis URL is required: the address uptime_distributed printed");
        std::process::exit(2);
    };
    // ANCHOR: main
    let name = name.unwrap_or_else(|| format!("worker-{}", std::process::id()));
    let mut worker = Worker::new(redis, name);
    worker.idle_limit = Duration::from_secs(idle);
    match worker.run() {
        Ok(done) => println!("{} checked {done} sites", worker.name),
        Err(error) => {
            eprintln!("error: {}", lesson_kit::text::one_line(&error));
            std::process::exit(2);
        }
    }
    // ANCHOR_END: main
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use beyond_one_machine::queue::Queue;
    use beyond_one_machine::redis_server::start_for_test;
    use beyond_one_machine::uptime::run::{enqueue, stop_and_check, worker};
    use beyond_one_machine::uptime::{LEASE, QUEUE, Task, WORKER_ROLE};
    use lesson_kit::process::Program;
    use local_server::LocalServer;
    use thread_pools::sites::{ROOMY_TIMEOUT, notes_sites};

    const LIMIT: Duration = Duration::from_secs(30);

    /// The worker's loop in a child process, with `redis` as its address.
    fn worker_with(redis: &str) -> lesson_kit::process::Finished {
        Program::at(env!("CARGO_BIN_EXE_beyond-one-machine-child"))
            .role(WORKER_ROLE)
            .arg("--redis", redis)
            .arg("--name", "w")
            .run(Duration::from_secs(30))
            .unwrap()
    }

    #[test]
    fn a_bad_or_unreachable_redis_address_ends_the_worker_with_code_2_and_one_line() {
        let gone = std::env::temp_dir().join("workbook-no-such-folder/redis.sock");
        for address in [
            "not a url".to_owned(),
            format!("redis+unix://{}", gone.display()),
        ] {
            let finished = worker_with(&address);
            assert_eq!(
                finished.status.code(),
                Some(2),
                "{address}: {}",
                finished.ending()
            );
            let said: Vec<&str> = finished.stderr.lines().collect();
            assert_eq!(said.len(), 1, "{address}: {said:?}");
            assert!(said[0].starts_with("error: "), "{address}: {said:?}");
        }
    }

    #[test]
    fn a_task_stays_on_the_processing_list_until_its_result_is_stored() {
        let test = "a_task_stays_on_the_processing_list_until_its_result_is_stored";
        let Some(redis) = start_for_test(test) else {
            return;
        };
        let server = LocalServer::start(Duration::ZERO).unwrap();
        let sites = &notes_sites(&server, ROOMY_TIMEOUT)[..1];
        let mut conn = redis.connection();
        enqueue(&mut conn, sites, ROOMY_TIMEOUT).unwrap();
        let program = Program::at(env!("CARGO_BIN_EXE_beyond-one-machine-child"));
        let launch = worker(&program, &redis.url(), "w", LEASE).arg("--pause-after", 1);
        let mut w = launch.start(LIMIT).unwrap();
        w.wait_for_line("checked 0, not acknowledged yet").unwrap();
        // The site is checked, the worker holds the verdict: Redis still has the task, no result.
        let queue = Queue::new(QUEUE);
        let mut list = |key: String| -> Vec<usize> {
            let tasks = queue.list(&mut conn, &key).unwrap();
            tasks
                .iter()
                .map(|t| Task::parse(t).unwrap().index)
                .collect()
        };
        assert_eq!(
            list(queue.processing_key("w")),
            [0],
            "on the worker's processing list"
        );
        assert_eq!(list(queue.tasks_key()), [], "and no longer on the queue");
        assert_eq!(queue.results(&mut redis.connection()).unwrap().len(), 0);
        w.send_line("go on").unwrap();
        w.wait_for("its `done` line", |l| l.starts_with("done 0 "))
            .unwrap();
        // Acknowledged: off the processing list, with its result, both in one step.
        assert_eq!(
            list(queue.processing_key("w")),
            [],
            "off the processing list once done"
        );
        let results: Vec<String> = queue.results(&mut conn).unwrap().into_values().collect();
        assert_eq!(results, ["up"]);
        queue.stop(&mut conn).unwrap();
        let pid = w.pid();
        assert!(w.finish().unwrap().success());
        stop_and_check(redis, &[pid]);
    }
}
