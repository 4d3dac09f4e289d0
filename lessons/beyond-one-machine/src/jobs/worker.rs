//! The worker, as a child process: takes job ids from the queue, runs each job, and stores its
//! result or its error with the job's expiry, as an RQ worker does.

use std::collections::HashMap;
use std::io::BufRead;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use lesson_kit::process::{Args, say};
use redis::{Commands, Connection};

use super::registry;
use super::store::{JobId, QUEUE, STARTED};

/// The role's name.
pub const ROLE: &str = "job-worker";

/// What the worker says once it is connected and about to wait for jobs.
pub const LISTENING: &str = "listening on jobs:queue";

/// What the worker says once it marked job `id` started, before it runs it.
pub fn started_line(id: JobId) -> String {
    format!("started {id}")
}

/// How a worker's line about job `id` being done begins: `finished job 3: ` or `failed job 3: `.
pub fn done_prefixes(id: JobId) -> [String; 2] {
    [format!("finished {id}: "), format!("failed {id}: ")]
}

/// `--redis URL` (required), `--jobs N` (stop after N jobs; without it, run until killed),
/// `--wait-ms MS` (give up, exit code 1, after waiting that long for a job; without it, wait
/// forever), `--hold` (after marking each job started, wait for a line on stdin before running
/// it: the tests' and the lessons' way to read a job while it is started, without racing it).
pub fn worker(args: &Args) -> Result<(), String> {
    let url: String = args.get("--redis")?;
    let limit: Option<u64> = args.optional("--jobs")?;
    let patience: Option<u64> = args.optional("--wait-ms")?;
    let hold = args.has("--hold");
    let client = redis::Client::open(url.as_str()).map_err(|e| format!("--redis {url}: {e}"))?;
    let mut conn = client
        .get_connection_with_timeout(Duration::from_secs(10))
        .map_err(|e| format!("--redis {url}: {e}"))?;
    say(LISTENING);
    let mut done = 0;
    let mut idle_since = Instant::now();
    while limit.is_none_or(|limit| done < limit) {
        // ANCHOR: take
        // Moving the id onto STARTED in the same command that takes it means that a worker
        // dying now leaves the id on STARTED, where it can be found, not nowhere.
        let taken: Option<u64> = redis::cmd("BLMOVE")
            .arg(QUEUE)
            .arg(STARTED)
            .arg("RIGHT")
            .arg("LEFT")
            .arg(0.1)
            .query(&mut conn)
            .expect("BLMOVE from the job queue");
        // ANCHOR_END: take
        match taken {
            Some(id) => {
                run_one(&mut conn, JobId(id), hold);
                done += 1;
                idle_since = Instant::now();
            }
            None if patience.is_some_and(|ms| idle_since.elapsed().as_millis() > ms.into()) => {
                eprintln!("no job came within {} ms", patience.unwrap_or_default());
                std::process::exit(1);
            }
            None => {}
        }
    }
    Ok(())
}

/// Runs job `id`: marks it started, runs it (a panic is caught and becomes its error), stores
/// the outcome and the expiry and takes it off STARTED, all three in one transaction.
fn run_one(conn: &mut Connection, id: JobId, hold: bool) {
    let key = id.key();
    let fields: HashMap<String, String> = conn.hgetall(&key).expect("HGETALL a job");
    let name = fields.get("name").cloned().unwrap_or_default();
    let args: Vec<&str> = (1..)
        .map_while(|i| fields.get(&format!("arg{i}")).map(String::as_str))
        .collect();
    let ttl_ms: u64 = fields
        .get("result_ttl_ms")
        .and_then(|ms| ms.parse().ok())
        .unwrap_or(500_000);
    let worker = std::process::id().to_string();
    let _: () = conn
        .hset_multiple(&key, &[("status", "started"), ("worker", &worker)])
        .expect("HSET a job started");
    say(started_line(id));
    if hold {
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line).unwrap_or(0) == 0 {
            // The parent closed our input: it gave up on us.
            std::process::exit(1);
        }
    }
    // ANCHOR: run
    let outcome = match registry::find(&name) {
        None => Err(format!("no job is named {name:?}")),
        Some(job) => job.check(&args).and_then(|typed| {
            panic::catch_unwind(AssertUnwindSafe(|| job.run(&typed)))
                .unwrap_or_else(|panic| Err(format!("panicked: {}", panic_text(&*panic))))
        }),
    };
    let (status, field, value) = match outcome {
        Ok(result) => ("finished", "result", result),
        Err(error) => ("failed", "error", error),
    };
    redis::pipe()
        .atomic()
        .hset_multiple(&key, &[("status", status), (field, &value)])
        .ignore()
        .pexpire(&key, ttl_ms as i64)
        .ignore()
        .lrem(STARTED, 1, id.0)
        .ignore()
        .query::<()>(conn)
        .expect("store a job's outcome");
    // ANCHOR_END: run
    say(format!("{status} {id}: {value}"));
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}
