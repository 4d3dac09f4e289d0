//! Redis Queue (RQ) in Rust: enqueue a named job with its arguments, a worker process runs it,
//! and its result (or its error) is kept under the job's id for a limited time.
//!
//! - [`registry`]: the jobs a worker knows and the types of their arguments.
//! - [`store`]: [`enqueue`] (which refuses a call that does not fit before writing anything) and
//!   [`fetch`] (five clear answers: queued, started, finished, failed, no such job).
//! - [`worker`]: the child process that takes jobs and runs them.
//!
//! What is left here is what the lessons and their tests share: starting a worker, waiting for
//! jobs to be done or to expire, each with a deadline.

pub mod registry;
pub mod store;
pub mod worker;

use std::time::{Duration, Instant};

use lesson_kit::process::{Child, Error, Program, Role};
use redis::Connection;

use crate::redis_server::RedisServer;
pub use store::{EnqueueError, Fetched, JobId, enqueue, fetch};

/// The roles this module's children play.
pub const ROLES: &[Role] = &[(worker::ROLE, worker::worker)];

/// The notes' RQ keeps a result 500 s; the lessons scale seconds to milliseconds (1/1000), so
/// that a result expires while the learner watches.
pub const NOTES_RESULT_TTL: Duration = Duration::from_secs(500);
pub const SCALED_RESULT_TTL: Duration = Duration::from_millis(500);

/// A limit for anything that takes milliseconds: far more than a loaded machine needs.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Starts a worker process that runs `jobs` jobs, then exits, and waits until it listens.
/// `hold`: it waits for a line from us after marking each job started (see [`worker::worker`]).
pub fn start_worker(
    program: &Program,
    server: &RedisServer,
    jobs: usize,
    hold: bool,
) -> Result<Child, Error> {
    let mut launch = (program.role(worker::ROLE))
        .arg("--redis", server.url())
        .arg("--jobs", jobs)
        .arg("--wait-ms", PATIENCE.as_millis())
        .named("worker");
    if hold {
        launch = launch.switch("--hold");
    }
    let mut child = launch.start(PATIENCE * 3)?;
    child.wait_for_line(worker::LISTENING)?;
    Ok(child)
}

/// Waits until `worker` says it is done with job `id`, and gives that line.
pub fn wait_for_done(worker: &mut Child, id: JobId) -> Result<String, Error> {
    let [finished, failed] = worker::done_prefixes(id);
    worker.wait_for(&format!("{id} done"), |line| {
        line.starts_with(&finished) || line.starts_with(&failed)
    })
}

/// Waits until every job of `ids` is finished or failed, and gives what [`fetch`] said of each
/// when it was first seen done, in order; or an error naming the jobs not done at the deadline.
/// A job seen done is not read again: a short-lived result could expire before the last job ends.
pub fn wait_until_done(
    conn: &mut Connection,
    ids: &[JobId],
    limit: Duration,
) -> Result<Vec<Fetched>, String> {
    let deadline = Instant::now() + limit;
    let mut seen: Vec<Option<Fetched>> = vec![None; ids.len()];
    loop {
        for (slot, &id) in seen.iter_mut().zip(ids) {
            if slot.is_none() {
                let fetched = fetch(conn, id).map_err(|e| format!("Redis failed: {e}"))?;
                *slot = fetched.is_done().then_some(fetched);
            }
        }
        if seen.iter().all(Option::is_some) {
            return Ok(seen.into_iter().flatten().collect());
        }
        if Instant::now() > deadline {
            let waiting: Vec<String> = (ids.iter().zip(&seen))
                .filter(|(_, slot)| slot.is_none())
                .map(|(id, _)| id.to_string())
                .collect();
            return Err(format!("not done within {limit:?}: {}", waiting.join(", ")));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Reads job `id` until Redis says there is no such job, and gives the instant it first did;
/// an error if it is still there at the deadline.
pub fn wait_until_gone(
    conn: &mut Connection,
    id: JobId,
    limit: Duration,
) -> Result<Instant, String> {
    let deadline = Instant::now() + limit;
    loop {
        // Reading an expired key deletes it at once (Redis's passive expiry): the first
        // `NoSuchJob` comes within a poll of the expiry, not when a background sweep gets to it.
        let fetched = fetch(conn, id).map_err(|e| format!("Redis failed: {e}"))?;
        if fetched == Fetched::NoSuchJob(id) {
            return Ok(Instant::now());
        }
        if Instant::now() > deadline {
            return Err(format!("still there after {limit:?}: {fetched}"));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// How many keys the server holds.
pub fn key_count(conn: &mut Connection) -> u64 {
    redis::cmd("DBSIZE").query(conn).expect("DBSIZE")
}

/// Stops `server` and says what is left behind: its folder, its process, or any process of
/// `pids` (the workers) that still exists; empty when nothing is.
pub fn left_behind(server: RedisServer, pids: &[u32]) -> Vec<String> {
    let folder = server
        .socket()
        .parent()
        .expect("the socket is in a folder")
        .to_path_buf();
    let server_pid = server.pid();
    drop(server);
    let folder = folder
        .exists()
        .then(|| format!("{} still exists", folder.display()));
    let processes = (pids.iter().chain([&server_pid]))
        .filter(|&&pid| !process_gone(pid))
        .map(|pid| format!("process {pid} still exists"));
    folder.into_iter().chain(processes).collect()
}

/// Whether no process `pid` exists any more, not even unreaped.
pub fn process_gone(pid: u32) -> bool {
    let pid = nix::unistd::Pid::from_raw(pid as i32);
    nix::sys::signal::kill(pid, None) == Err(nix::errno::Errno::ESRCH)
}
