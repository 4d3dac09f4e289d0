//! The producer's side: put the checks on the queue, start workers, gather the verdicts with a
//! deadline (Celery's `ResultSet.get(timeout=…)`), and put back the tasks of dead workers.

use std::time::{Duration, Instant};

use lesson_kit::process::{Children, Launch, Program};
use local_server::LocalServer;
use redis::Connection;
use thread_pools::sites::Site;

use super::{LEASE, QUEUE, Task, WORKER_ROLE};
use crate::queue::Queue;
use crate::redis_server::RedisServer;

/// How often the producer looks for workers whose lease ran out, while it waits for results.
const REAP_EVERY: Duration = Duration::from_millis(50);

/// What came back for each task, in the order of the sites.
#[derive(Debug, Default)]
pub struct Gathered {
    /// The result stored for each site: `up` or `down: …`; `None` if there is none.
    pub results: Vec<Option<String>>,
    /// How many times each site's task was done (acknowledged with a result).
    pub times_done: Vec<usize>,
    /// The sites whose task the reaper put back on the queue, once per time.
    pub reaped: Vec<usize>,
}

impl Gathered {
    /// How many sites have no result.
    pub fn lost(&self) -> usize {
        self.results
            .iter()
            .filter(|result| result.is_none())
            .count()
    }

    /// The names of the sites found down, in the order of the sites.
    pub fn down<'a>(&self, sites: &'a [Site]) -> Vec<&'a str> {
        sites
            .iter()
            .zip(&self.results)
            .filter(|(_, result)| result.as_deref().is_some_and(|r| r.starts_with("down")))
            .map(|(site, _)| site.name.as_str())
            .collect()
    }

    /// Counts the tasks done since the last look, and reads every result stored so far.
    fn look(&mut self, conn: &mut Connection, queue: &Queue) -> Result<(), String> {
        while let Some(task) = queue.next_done(conn, NO_WAIT).map_err(err)? {
            self.times_done[index(&task)?] += 1;
        }
        for (task, result) in queue.results(conn).map_err(err)? {
            self.results[index(&task)?] = Some(result);
        }
        Ok(())
    }
}

/// `BLPOP`'s shortest wait (0 would mean for ever).
const NO_WAIT: Duration = Duration::from_millis(1);

fn err(error: redis::RedisError) -> String {
    format!("Redis failed: {error}")
}

fn index(task: &str) -> Result<usize, String> {
    Task::parse(task)
        .map(|task| task.index)
        .ok_or_else(|| format!("not a task: {task:?}"))
}

/// Puts one task per site on the queue; each worker's check waits `timeout` for an answer.
pub fn enqueue(conn: &mut Connection, sites: &[Site], timeout: Duration) -> Result<(), String> {
    let tasks: Vec<String> = sites
        .iter()
        .enumerate()
        .map(|(index, site)| {
            let site = site.clone();
            Task {
                index,
                timeout,
                site,
            }
            .encode()
        })
        .collect();
    Queue::new(QUEUE).push_all(conn, &tasks).map_err(err)
}

// ANCHOR: gather
/// Waits until every one of `count` sites has a result, putting back the tasks of workers whose
/// lease ran out meanwhile; an error if `deadline` comes first.
pub fn gather(conn: &mut Connection, count: usize, deadline: Instant) -> Result<Gathered, String> {
    let queue = Queue::new(QUEUE);
    let mut gathered = Gathered {
        results: vec![None; count],
        times_done: vec![0; count],
        reaped: Vec::new(),
    };
    while gathered.times_done.contains(&0) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            let missing = gathered.times_done.iter().filter(|&&n| n == 0).count();
            return Err(format!(
                "{missing} of {count} results missing at the deadline"
            ));
        }
        if let Some(task) = queue.next_done(conn, left.min(REAP_EVERY)).map_err(err)? {
            gathered.times_done[index(&task)?] += 1;
        }
        for task in queue.reap(conn).map_err(err)? {
            gathered.reaped.push(index(&task)?);
        }
    }
    gathered.look(conn, &queue)?;
    Ok(gathered)
}
// ANCHOR_END: gather

/// A worker process of `program`, named `name`, for the queue of the server at `url`, with a
/// lease of `lease`.
pub fn worker(program: &Program, url: &str, name: &str, lease: Duration) -> Launch {
    program
        .role(WORKER_ROLE)
        .arg("--redis", url)
        .arg("--name", name)
        .arg("--lease-ms", lease.as_millis())
        .named(name)
}

/// The lease of workers that nobody kills: long, so that a worker held up by a loaded machine
/// is never taken for dead, and no check is done twice.
const LONG_LEASE: Duration = Duration::from_secs(3);

/// Stops `redis` and checks that nothing is left: its process gone, its folder removed, and
/// every process of `pids` gone too.
pub fn stop_and_check(redis: RedisServer, pids: &[u32]) {
    let folder = redis
        .socket()
        .parent()
        .expect("the socket is in a folder")
        .to_path_buf();
    let server = redis.pid();
    drop(redis);
    assert!(!folder.exists(), "{} is still there", folder.display());
    for pid in pids.iter().chain([&server]) {
        let pid = nix::unistd::Pid::from_raw(*pid as i32);
        let alive = nix::sys::signal::kill(pid, None);
        assert_eq!(
            alive,
            Err(nix::errno::Errno::ESRCH),
            "process {pid} is still there"
        );
    }
}

/// The sites that every style of the chapter "Thread pools" finds down, in the order of the sites.
pub fn expected_down() -> Vec<&'static str> {
    (thread_pools::sites::NOTES_SITES.iter())
        .filter(|(_, behaviour)| behaviour.is_down())
        .map(|(name, _)| *name)
        .collect()
}

/// The sites that the server's own log says are down for a checker that waits `timeout`: asked
/// and answered with 400 or more, or not in time.
pub fn down_by_server<'a>(
    sites: &'a [Site],
    server: &LocalServer,
    timeout: Duration,
) -> Vec<&'a str> {
    let log = thread_pools::uptime::server_verdicts(sites, &server.log(), timeout);
    (sites.iter().zip(log))
        .filter(|(_, down)| *down == Some(true))
        .map(|(site, _)| site.name.as_str())
        .collect()
}

/// Tells the workers to stop, then waits, at most `patience`, until each has given up its lease
/// and been forgotten: a worker started by hand must not find its Redis server gone mid-command.
pub fn stop_and_wait(conn: &mut Connection, patience: Duration) {
    let queue = Queue::new(QUEUE);
    let deadline = Instant::now() + patience;
    let _ = queue.stop(conn);
    while queue.workers(conn).unwrap_or(0) > 0 && Instant::now() < deadline {
        let _ = queue.reap(conn);
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A run of the distributed checker.
pub struct Distributed {
    pub gathered: Gathered,
    /// From the first task put on the queue to the last result gathered.
    pub wall: Duration,
    /// Each worker's name and how many checks it did.
    pub per_worker: Vec<(String, usize)>,
    /// The workers' process ids.
    pub pids: Vec<u32>,
}

// ANCHOR: distributed
/// Starts `workers` worker processes of `program`, waits until each is taking tasks (as Celery
/// workers run before the producer does), then times putting the checks on the queue and
/// gathering every result. Every wait ends by `limit`.
pub fn distributed(
    program: &Program,
    redis: &RedisServer,
    sites: &[Site],
    workers: usize,
    timeout: Duration,
    limit: Duration,
) -> Result<Distributed, String> {
    let deadline = Instant::now() + limit;
    let launches =
        (0..workers).map(|i| worker(program, &redis.url(), &format!("worker-{i}"), LONG_LEASE));
    let mut children = Children::start(launches, limit).map_err(|e| e.to_string())?;
    let pids = (0..workers).map(|i| children.pid(i)).collect();
    for i in 0..workers {
        children
            .wait_for(i, "its first line", |line| line.starts_with("worker "))
            .map_err(|e| e.to_string())?;
    }
    let mut conn = redis.connection();
    let started = Instant::now();
    enqueue(&mut conn, sites, timeout)?;
    let gathered = gather(&mut conn, sites.len(), deadline)?;
    let wall = started.elapsed();
    Queue::new(QUEUE).stop(&mut conn).map_err(err)?;
    let mut per_worker = Vec::new();
    for finished in children.finish().map_err(|e| e.to_string())? {
        let finished = finished.ok().map_err(|e| e.to_string())?;
        let done = finished
            .lines
            .iter()
            .filter(|l| l.starts_with("done "))
            .count();
        per_worker.push((finished.name, done));
    }
    Ok(Distributed {
        gathered,
        wall,
        per_worker,
        pids,
    })
}
// ANCHOR_END: distributed

/// A run in which one worker is killed in the middle of a task.
pub struct Killed {
    pub gathered: Gathered,
    /// The site whose task the killed worker had checked but not acknowledged.
    pub task: usize,
    /// How the killed worker ended, in words (`killed by signal 9 (SIGKILL)`).
    pub ending: String,
    /// How many times the local server was asked for that site.
    pub asked: usize,
    /// The tasks the second worker did.
    pub second_did: usize,
    /// The workers' process ids.
    pub pids: Vec<u32>,
}

// ANCHOR: killed
/// Worker `a` takes the first task, checks the site, says `checked <i>` and waits: there it is
/// killed with SIGKILL, before it stores the result. Then worker `b` starts and works until the
/// queue is empty. A reliable queue gets every result (the reaper gives `b` the killed task once
/// `a`'s lease runs out); with `naive`, the producer says stop at once and `b` drains the queue.
pub fn killed_worker(
    program: &Program,
    redis: &RedisServer,
    server: &LocalServer,
    sites: &[Site],
    naive: bool,
    timeout: Duration,
    limit: Duration,
) -> Result<Killed, String> {
    let deadline = Instant::now() + limit;
    let fail = |e: lesson_kit::process::Error| e.to_string();
    let mut conn = redis.connection();
    enqueue(&mut conn, sites, timeout)?;
    let mode = |launch: Launch| {
        if naive {
            launch.switch("--naive")
        } else {
            launch
        }
    };
    let a = worker(program, &redis.url(), "worker-a", LEASE).arg("--pause-after", 1);
    let mut a = mode(a).start(limit).map_err(fail)?;
    let mut pids = vec![a.pid()];
    let line = a
        .wait_for("its `checked` line", |l| l.starts_with("checked "))
        .map_err(fail)?;
    let task = line["checked ".len()..]
        .split(',')
        .next()
        .and_then(|i| i.parse().ok());
    let task: usize = task.ok_or_else(|| format!("worker-a said {line:?}"))?;
    a.signal(nix::sys::signal::Signal::SIGKILL as i32)
        .map_err(fail)?;
    let ending = a.finish().map_err(fail)?.ending();

    // Only A's lease needs to be short: B is never killed.
    let b = worker(program, &redis.url(), "worker-b", LONG_LEASE);
    let b = mode(b).start(limit).map_err(fail)?;
    pids.push(b.pid());
    let queue = Queue::new(QUEUE);
    let mut gathered = if naive {
        Gathered {
            results: vec![None; sites.len()],
            times_done: vec![0; sites.len()],
            reaped: Vec::new(),
        }
    } else {
        gather(&mut conn, sites.len(), deadline)?
    };
    queue.stop(&mut conn).map_err(err)?;
    let b = b.finish().map_err(fail)?.ok().map_err(|e| e.to_string())?;
    // Whatever was done after the gathering, a second time perhaps, is counted too.
    gathered.look(&mut conn, &queue)?;
    let path = sites[task].url.trim_start_matches(&server.url(""));
    let asked = server.log().iter().filter(|s| s.path == path).count();
    let second_did = b.lines.iter().filter(|l| l.starts_with("done ")).count();
    Ok(Killed {
        gathered,
        task,
        ending,
        asked,
        second_did,
        pids,
    })
}
// ANCHOR_END: killed
