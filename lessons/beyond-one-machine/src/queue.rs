//! A reliable task queue over Redis, the pattern Redis documents for `LMOVE`: a task that a
//! worker takes is not deleted but moved, in one step, onto that worker's own processing list,
//! and it leaves that list only in the same transaction that stores its result. A worker holds a
//! lease (a key that expires unless the worker keeps renewing it); when a worker dies, its lease
//! runs out, and a reaper puts whatever is on its processing list back on the queue, for another
//! worker. Nothing taken is ever lost, and a task may be done twice: at-least-once delivery.
//!
//! [`Queue::take_naive`] is the way that loses work, for comparison: `BRPOP` deletes the task
//! from Redis the moment it is handed out.
//!
//! Every key of a queue named `q` starts with `q:`: `q:tasks`, `q:processing:<worker>`,
//! `q:lease:<worker>`, `q:workers`, `q:results`, `q:done`, `q:stop`.

use std::collections::HashMap;
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use redis::{Connection, RedisResult};

/// The keys of one queue in Redis.
#[derive(Debug, Clone)]
pub struct Queue {
    name: String,
}

// ANCHOR: reap_script
/// Run by Redis as one step, so that a worker cannot renew its lease between the check and the
/// move: if the lease is gone, every task on the worker's processing list goes back to the end
/// of the queue that is taken next, and the worker is forgotten.
const REAP: &str = r"
if redis.call('EXISTS', KEYS[1]) == 1 then return {} end
local moved = {}
while true do
  local task = redis.call('LMOVE', KEYS[2], KEYS[3], 'RIGHT', 'RIGHT')
  if not task then break end
  table.insert(moved, task)
end
redis.call('SREM', KEYS[4], ARGV[1])
return moved
";
// ANCHOR_END: reap_script

impl Queue {
    pub fn new(name: impl Into<String>) -> Queue {
        Queue { name: name.into() }
    }

    fn key(&self, part: &str) -> String {
        format!("{}:{part}", self.name)
    }

    /// The list of tasks waiting: pushed on the left, taken from the right.
    pub fn tasks_key(&self) -> String {
        self.key("tasks")
    }

    /// The tasks `worker` has taken and not yet acknowledged.
    pub fn processing_key(&self, worker: &str) -> String {
        self.key(&format!("processing:{worker}"))
    }

    fn lease_key(&self, worker: &str) -> String {
        self.key(&format!("lease:{worker}"))
    }

    /// Adds tasks at the back of the queue, in order.
    pub fn push_all(&self, conn: &mut Connection, tasks: &[String]) -> RedisResult<()> {
        if tasks.is_empty() {
            return Ok(());
        }
        redis::cmd("LPUSH")
            .arg(self.tasks_key())
            .arg(tasks)
            .query(conn)
    }

    // ANCHOR: take
    /// Waits up to `wait` for a task and moves it onto `worker`'s processing list, in one step:
    /// there is no moment at which the task is in neither list.
    pub fn take(
        &self,
        conn: &mut Connection,
        worker: &str,
        wait: Duration,
    ) -> RedisResult<Option<String>> {
        redis::cmd("BLMOVE")
            .arg(self.tasks_key())
            .arg(self.processing_key(worker))
            .arg("RIGHT")
            .arg("LEFT")
            .arg(wait.as_secs_f64())
            .query(conn)
    }

    /// Stores the result and forgets the task in one transaction (`MULTI`/`EXEC`): a worker that
    /// dies before this leaves the task on its processing list; after it, the work is saved.
    pub fn ack(
        &self,
        conn: &mut Connection,
        worker: &str,
        task: &str,
        result: &str,
    ) -> RedisResult<()> {
        redis::pipe()
            .atomic()
            .hset(self.key("results"), task, result)
            .ignore()
            .lpush(self.key("done"), task)
            .ignore()
            .lrem(self.processing_key(worker), 1, task)
            .ignore()
            .query(conn)
    }
    // ANCHOR_END: take

    // ANCHOR: naive
    /// The naive take: `BRPOP` hands the task out and deletes it from Redis. If the worker dies
    /// before [`Queue::store`], no copy of the task is left anywhere.
    pub fn take_naive(&self, conn: &mut Connection, wait: Duration) -> RedisResult<Option<String>> {
        let popped: Option<(String, String)> = redis::cmd("BRPOP")
            .arg(self.tasks_key())
            .arg(wait.as_secs_f64())
            .query(conn)?;
        Ok(popped.map(|(_list, task)| task))
    }
    // ANCHOR_END: naive

    /// Stores the result of a task taken with [`Queue::take_naive`].
    pub fn store(&self, conn: &mut Connection, task: &str, result: &str) -> RedisResult<()> {
        redis::pipe()
            .atomic()
            .hset(self.key("results"), task, result)
            .ignore()
            .lpush(self.key("done"), task)
            .ignore()
            .query(conn)
    }

    /// Says that `worker` is alive for `lease` more, and makes the reaper watch it.
    pub fn renew(&self, conn: &mut Connection, worker: &str, lease: Duration) -> RedisResult<()> {
        redis::pipe()
            .atomic()
            .sadd(self.key("workers"), worker)
            .ignore()
            .set_options(
                self.lease_key(worker),
                1,
                redis::SetOptions::default().with_expiration(redis::SetExpiry::PX(
                    lease.as_millis().try_into().unwrap_or(u64::MAX),
                )),
            )
            .ignore()
            .query(conn)
    }

    /// Puts back on the queue the tasks of every worker whose lease ran out, and returns them.
    pub fn reap(&self, conn: &mut Connection) -> RedisResult<Vec<String>> {
        let workers: Vec<String> = redis::cmd("SMEMBERS")
            .arg(self.key("workers"))
            .query(conn)?;
        let mut moved = Vec::new();
        for worker in workers {
            let back: Vec<String> = redis::cmd("EVAL")
                .arg(REAP)
                .arg(4)
                .arg(self.lease_key(&worker))
                .arg(self.processing_key(&worker))
                .arg(self.tasks_key())
                .arg(self.key("workers"))
                .arg(&worker)
                .query(conn)?;
            moved.extend(back);
        }
        Ok(moved)
    }

    /// Waits up to `wait` for the next task done (in the order they were done); a task done
    /// twice comes twice.
    pub fn next_done(&self, conn: &mut Connection, wait: Duration) -> RedisResult<Option<String>> {
        let popped: Option<(String, String)> = redis::cmd("BLPOP")
            .arg(self.key("done"))
            .arg(wait.as_secs_f64())
            .query(conn)?;
        Ok(popped.map(|(_list, task)| task))
    }

    /// Every result stored, by task.
    pub fn results(&self, conn: &mut Connection) -> RedisResult<HashMap<String, String>> {
        redis::cmd("HGETALL").arg(self.key("results")).query(conn)
    }

    /// The result of `task`, if one was stored.
    pub fn result(&self, conn: &mut Connection, task: &str) -> RedisResult<Option<String>> {
        redis::cmd("HGET")
            .arg(self.key("results"))
            .arg(task)
            .query(conn)
    }

    /// The tasks on a list: the queue's ([`Queue::tasks_key`]) or a worker's processing list.
    pub fn list(&self, conn: &mut Connection, key: &str) -> RedisResult<Vec<String>> {
        redis::cmd("LRANGE").arg(key).arg(0).arg(-1).query(conn)
    }

    /// Tells every worker that no more tasks will come: each stops once the queue is empty.
    pub fn stop(&self, conn: &mut Connection) -> RedisResult<()> {
        redis::cmd("SET").arg(self.key("stop")).arg(1).query(conn)
    }

    /// How many workers hold a lease or have not been reaped yet.
    pub fn workers(&self, conn: &mut Connection) -> RedisResult<usize> {
        redis::cmd("SCARD").arg(self.key("workers")).query(conn)
    }

    /// Whether [`Queue::stop`] was called.
    pub fn stopping(&self, conn: &mut Connection) -> RedisResult<bool> {
        redis::cmd("EXISTS").arg(self.key("stop")).query(conn)
    }
}

// ANCHOR: lease
/// A worker's lease, renewed by a thread of its own (with a connection of its own) five times
/// per lease, for as long as this value lives. A process killed by SIGKILL runs no code at all,
/// so its lease simply runs out.
pub struct Lease {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Lease {
    /// Takes the lease at once (before the worker takes any task), then keeps renewing it.
    pub fn hold(
        client: &redis::Client,
        queue: &Queue,
        worker: &str,
        length: Duration,
    ) -> RedisResult<Lease> {
        let mut conn = client.get_connection()?;
        queue.renew(&mut conn, worker, length)?;
        let (stop, stopped) = mpsc::channel::<()>();
        let (queue, worker) = (queue.clone(), worker.to_owned());
        let thread = thread::Builder::new()
            .name("lease".into())
            .spawn(move || {
                // Wakes up early, and ends, when the worker drops the lease.
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(length / 5) {
                    if queue.renew(&mut conn, &worker, length).is_err() {
                        return;
                    }
                }
                // A worker that ends on its own gives up its lease at once: the reaper then
                // forgets it without waiting for the lease to run out.
                let _ = redis::cmd("DEL")
                    .arg(queue.lease_key(&worker))
                    .query::<()>(&mut conn);
            })
            .expect("the OS refused to start a thread");
        Ok(Lease {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}
// ANCHOR_END: lease

impl Drop for Lease {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
