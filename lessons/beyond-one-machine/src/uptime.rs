//! The uptime checker of the chapter "Thread pools", distributed: a producer puts one task per
//! site on a Redis queue ([`crate::queue`]), worker processes take the tasks, check the sites with
//! the very check of that chapter (`thread_pools::uptime::check_website`), and store the
//! verdicts; the producer gathers them ([`run`]). A worker is a child process playing
//! [`WORKER_ROLE`], or a program a learner starts by hand (`examples/uptime_worker.rs`).

use std::io::BufRead;
use std::time::{Duration, Instant};

use lesson_kit::process::{Args, Role, say};
use thread_pools::sites::Site;
use thread_pools::uptime::{blocking_client, check_website};

use crate::queue::{Lease, Queue};

pub mod run;

/// The roles this module's children play.
pub const ROLES: &[Role] = &[(WORKER_ROLE, worker_role)];

/// The role of a worker process.
pub const WORKER_ROLE: &str = "uptime-worker";

/// The name of the queue, and the start of every key it uses in Redis.
pub const QUEUE: &str = "uptime";

/// How long a worker's lease lasts unless renewed: how long a dead worker's task waits before it
/// goes back on the queue. Celery's Redis broker waits an hour by default; scaled down a lot.
pub const LEASE: Duration = Duration::from_millis(300);

/// How long an idle worker waits for a task before it looks whether it should stop.
const POLL: Duration = Duration::from_millis(50);

/// One check to do: the site, its place in the list, and how long to wait for its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub index: usize,
    pub timeout: Duration,
    pub site: Site,
}

impl Task {
    /// As it travels through Redis: `index`, timeout in ms, name and address, tab-separated.
    pub fn encode(&self) -> String {
        let Task {
            index,
            timeout,
            site,
        } = self;
        format!(
            "{index}\t{}\t{}\t{}",
            timeout.as_millis(),
            site.name,
            site.url
        )
    }

    /// The task of [`Task::encode`]; `None` for any other text.
    pub fn parse(text: &str) -> Option<Task> {
        let mut fields = text.split('\t');
        let index = fields.next()?.parse().ok()?;
        let timeout = Duration::from_millis(fields.next()?.parse().ok()?);
        let (name, url) = (fields.next()?.to_owned(), fields.next()?.to_owned());
        fields.next().is_none().then_some(Task {
            index,
            timeout,
            site: Site { name, url },
        })
    }
}

/// A worker: where Redis is, its name (unique among the queue's workers), and how it behaves.
#[derive(Debug, Clone)]
pub struct Worker {
    pub redis: String,
    pub name: String,
    /// Takes tasks with `BRPOP` ([`Queue::take_naive`]) instead of the reliable `BLMOVE`.
    pub naive: bool,
    /// After checking its n-th task, says so and waits for a line on its input before storing
    /// the result: a moment, mid-task, at which the lessons look into Redis or kill the worker.
    pub pause_after: Option<usize>,
    /// Stops after this long without a task, even if the producer never said stop.
    pub idle_limit: Duration,
    pub lease: Duration,
}

impl Worker {
    /// A reliable worker with the default lease, which waits up to a minute for tasks.
    pub fn new(redis: impl Into<String>, name: impl Into<String>) -> Worker {
        Worker {
            redis: redis.into(),
            name: name.into(),
            naive: false,
            pause_after: None,
            idle_limit: Duration::from_secs(60),
            lease: LEASE,
        }
    }

    // ANCHOR: worker
    /// Takes tasks and checks sites until the queue is empty and the producer said stop, or until
    /// idle for too long. Returns how many tasks it did. Each step is one line on stdout.
    pub fn run(&self) -> Result<usize, String> {
        let client = redis::Client::open(self.redis.as_str())
            .map_err(|e| format!("--redis {}: {e}", self.redis))?;
        let mut conn = client
            .get_connection_with_timeout(Duration::from_secs(5))
            .map_err(|e| format!("cannot reach Redis at {}: {e}", self.redis))?;
        let queue = Queue::new(QUEUE);
        let failed = |e: redis::RedisError| format!("Redis failed: {e}");
        // The lease is held before the first task is taken, for as long as the worker lives.
        let _lease = match self.naive {
            true => None,
            false => Some(Lease::hold(&client, &queue, &self.name, self.lease).map_err(failed)?),
        };
        say(format!("worker {} is taking tasks", self.name));
        let (mut done, mut idle_since) = (0, Instant::now());
        loop {
            let taken = match self.naive {
                true => queue.take_naive(&mut conn, POLL),
                false => queue.take(&mut conn, &self.name, POLL),
            };
            let Some(text) = taken.map_err(failed)? else {
                if queue.stopping(&mut conn).map_err(failed)? {
                    say("stopping: the queue is empty and the producer said stop");
                    return Ok(done);
                }
                if idle_since.elapsed() >= self.idle_limit {
                    say(format!("stopping: no task for {:?}", self.idle_limit));
                    return Ok(done);
                }
                continue;
            };
            let result = match Task::parse(&text) {
                Some(task) => {
                    say(format!("checking {} {}", task.index, task.site.name));
                    check_website(&blocking_client(task.timeout), &task.site).to_string()
                }
                // Stored as its result, so that a bad task is not retried for ever.
                None => format!("error: not a task: {text:?}"),
            };
            done += 1;
            if self.pause_after == Some(done) {
                say(format!("checked {}, not acknowledged yet", index_of(&text)));
                let _ = std::io::stdin().lock().read_line(&mut String::new());
            }
            match self.naive {
                true => queue.store(&mut conn, &text, &result),
                false => queue.ack(&mut conn, &self.name, &text, &result),
            }
            .map_err(failed)?;
            say(format!("done {} {result}", index_of(&text)));
            idle_since = Instant::now();
        }
    }
    // ANCHOR_END: worker
}

/// The index at the start of a task's text, or the whole text if it is not a task.
fn index_of(text: &str) -> &str {
    text.split('\t').next().unwrap_or(text)
}

/// The child's side of [`WORKER_ROLE`]: `--redis URL --name NAME [--naive] [--pause-after N]
/// [--lease-ms MS] [--idle-ms MS]`.
fn worker_role(args: &Args) -> Result<(), String> {
    let mut worker = Worker::new(
        args.get::<String>("--redis")?,
        args.get::<String>("--name")?,
    );
    worker.naive = args.has("--naive");
    worker.pause_after = args.optional("--pause-after")?;
    worker.lease = Duration::from_millis(args.get_or("--lease-ms", LEASE.as_millis() as u64)?);
    if let Some(ms) = args.optional("--idle-ms")? {
        worker.idle_limit = Duration::from_millis(ms);
    }
    worker.run().map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_survives_its_trip_through_text_and_nothing_else_passes_for_one() {
        let task = Task {
            index: 7,
            timeout: Duration::from_millis(250),
            site: Site {
                name: "bing.com".into(),
                url: "http://127.0.0.1:9/get-only?site=bing.com".into(),
            },
        };
        assert_eq!(Task::parse(&task.encode()), Some(task.clone()));
        for bad in ["", "7", "x\t250\ta\tb", "7\t250\ta", "7\t250\ta\tb\tc"] {
            assert_eq!(Task::parse(bad), None, "{bad:?}");
        }
    }
}
