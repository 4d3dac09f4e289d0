//! Small wrong workers and result stores, to show what the checks catch. Not exercises. Each
//! one's documentation says its mistake.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::Duration;

use beyond_one_machine_exercises::ack_after_done::{Keys, Step, WAIT_SECONDS, Worker};
use beyond_one_machine_exercises::expiring_result::{Fetched, Results, job_key, result_key};
use redis::{Connection, RedisResult};

type Run<'a> = &'a mut dyn FnMut(&str) -> Result<String, String>;

fn blmove(connection: &mut Connection, keys: &Keys, from: &str) -> RedisResult<Option<String>> {
    redis::cmd("BLMOVE")
        .arg(&keys.queue)
        .arg(&keys.processing)
        .arg(from)
        .arg("LEFT")
        .arg(WAIT_SECONDS)
        .query(connection)
}

fn store(connection: &mut Connection, keys: &Keys, task: &str, result: &str) -> RedisResult<()> {
    redis::cmd("HSET")
        .arg(&keys.results)
        .arg(task)
        .arg(result)
        .query(connection)
}

fn acknowledge(connection: &mut Connection, keys: &Keys, task: &str) -> RedisResult<()> {
    redis::cmd("LREM")
        .arg(&keys.processing)
        .arg(1)
        .arg(task)
        .query(connection)
}

/// The usual order of a worker, with each step's commands given by the fixture.
fn step(
    task: Option<String>,
    run: Run,
    done: impl FnOnce(&str, String) -> RedisResult<()>,
) -> RedisResult<Step> {
    let Some(task) = task else {
        return Ok(Step::Empty);
    };
    match run(&task) {
        Ok(result) => done(&task, result).map(|()| Step::Done(task)),
        Err(error) => Ok(Step::Failed { task, error }),
    }
}

/// Pops the task with BRPOP: right until a worker dies or a task fails.
pub struct Pops;

impl Worker for Pops {
    fn work_one(connection: &mut Connection, keys: &Keys, run: Run) -> RedisResult<Step> {
        let popped: Option<(String, String)> = redis::cmd("BRPOP")
            .arg(&keys.queue)
            .arg(WAIT_SECONDS)
            .query(connection)?;
        step(popped.map(|(_, task)| task), run, |task, result| {
            store(connection, keys, task, &result)
        })
    }
}

/// Moves the task, then acknowledges it at once, before it runs.
pub struct AcknowledgesBeforeRunning;

impl Worker for AcknowledgesBeforeRunning {
    fn work_one(connection: &mut Connection, keys: &Keys, run: Run) -> RedisResult<Step> {
        let task = blmove(connection, keys, "RIGHT")?;
        if let Some(task) = &task {
            acknowledge(connection, keys, task)?;
        }
        step(task, run, |task, result| {
            store(connection, keys, task, &result)
        })
    }
}

/// Stores the result and never acknowledges.
pub struct NeverAcknowledges;

impl Worker for NeverAcknowledges {
    fn work_one(connection: &mut Connection, keys: &Keys, run: Run) -> RedisResult<Step> {
        let task = blmove(connection, keys, "RIGHT")?;
        step(task, run, |task, result| {
            store(connection, keys, task, &result)
        })
    }
}

/// Acknowledges, then stores the result: a window in which a death loses the result.
pub struct AcknowledgesThenStores;

impl Worker for AcknowledgesThenStores {
    fn work_one(connection: &mut Connection, keys: &Keys, run: Run) -> RedisResult<Step> {
        let task = blmove(connection, keys, "RIGHT")?;
        step(task, run, |task, result| {
            acknowledge(connection, keys, task)?;
            store(connection, keys, task, &result)
        })
    }
}

/// Right, but acknowledges a task that failed as well.
pub struct AcknowledgesFailures;

impl Worker for AcknowledgesFailures {
    fn work_one(connection: &mut Connection, keys: &Keys, run: Run) -> RedisResult<Step> {
        let task = blmove(connection, keys, "RIGHT")?;
        let stepped = step(task, run, |task, result| {
            store(connection, keys, task, &result)?;
            acknowledge(connection, keys, task)
        })?;
        if let Step::Failed { task, .. } = &stepped {
            acknowledge(connection, keys, task)?;
        }
        Ok(stepped)
    }
}

/// Right, but catches a panic of the task to acknowledge it, then lets the panic go on.
pub struct AcknowledgesOnPanic;

impl Worker for AcknowledgesOnPanic {
    fn work_one(connection: &mut Connection, keys: &Keys, run: Run) -> RedisResult<Step> {
        let task = blmove(connection, keys, "RIGHT")?;
        let Some(task) = task else {
            return Ok(Step::Empty);
        };
        match catch_unwind(AssertUnwindSafe(|| run(&task))) {
            Ok(Ok(result)) => {
                store(connection, keys, &task, &result)?;
                acknowledge(connection, keys, &task)?;
                Ok(Step::Done(task))
            }
            Ok(Err(error)) => Ok(Step::Failed { task, error }),
            Err(panic) => {
                acknowledge(connection, keys, &task)?;
                resume_unwind(panic)
            }
        }
    }
}

/// Takes the newest task (the left end of the queue), not the oldest.
pub struct TakesNewest;

impl Worker for TakesNewest {
    fn work_one(connection: &mut Connection, keys: &Keys, run: Run) -> RedisResult<Step> {
        let task = blmove(connection, keys, "LEFT")?;
        step(task, run, |task, result| {
            store(connection, keys, task, &result)?;
            acknowledge(connection, keys, task)
        })
    }
}

/// Peeks at the oldest task, runs it while it is still on the queue, then removes it.
pub struct PeeksThenRemoves;

impl Worker for PeeksThenRemoves {
    fn work_one(connection: &mut Connection, keys: &Keys, run: Run) -> RedisResult<Step> {
        let task: Option<String> = redis::cmd("LINDEX")
            .arg(&keys.queue)
            .arg(-1)
            .query(connection)?;
        step(task, run, |task, result| {
            store(connection, keys, task, &result)?;
            redis::cmd("LREM")
                .arg(&keys.queue)
                .arg(1)
                .arg(task)
                .query(connection)
        })
    }
}

/// Moves and acknowledges in the right places, but never stores the result.
pub struct StoresNothing;

impl Worker for StoresNothing {
    fn work_one(connection: &mut Connection, keys: &Keys, run: Run) -> RedisResult<Step> {
        let task = blmove(connection, keys, "RIGHT")?;
        step(task, run, |task, _| acknowledge(connection, keys, task))
    }
}

/// The reference `fetch`, for the stores below.
fn right_fetch(connection: &mut Connection, id: &str) -> RedisResult<Fetched> {
    let (value, queued): (Option<String>, bool) = redis::pipe()
        .atomic()
        .cmd("GET")
        .arg(result_key(id))
        .cmd("EXISTS")
        .arg(job_key(id))
        .query(connection)?;
    Ok(match (value, queued) {
        (Some(value), _) => Fetched::Done(value),
        (None, true) => Fetched::NotDone,
        (None, false) => Fetched::Expired,
    })
}

/// Stores the result with the expiry given by `expire`, and ends the mark.
fn store_then(
    connection: &mut Connection,
    id: &str,
    value: &str,
    expire: &mut redis::Cmd,
) -> RedisResult<()> {
    redis::pipe()
        .atomic()
        .cmd("SET")
        .arg(result_key(id))
        .arg(value)
        .ignore()
        .add_command(expire.clone())
        .ignore()
        .cmd("DEL")
        .arg(job_key(id))
        .ignore()
        .query(connection)
}

/// Keeps every result for ever.
pub struct NoExpiry;

impl Results for NoExpiry {
    fn store_result(c: &mut Connection, id: &str, value: &str, _: Duration) -> RedisResult<()> {
        store_then(c, id, value, redis::cmd("PERSIST").arg(result_key(id)))
    }
    fn fetch(c: &mut Connection, id: &str) -> RedisResult<Fetched> {
        right_fetch(c, id)
    }
}

/// Gives EXPIRE, which counts seconds, the milliseconds.
pub struct SecondsForMilliseconds;

impl Results for SecondsForMilliseconds {
    fn store_result(c: &mut Connection, id: &str, value: &str, ttl: Duration) -> RedisResult<()> {
        let milliseconds = ttl.as_millis() as u64;
        store_then(
            c,
            id,
            value,
            redis::cmd("EXPIRE").arg(result_key(id)).arg(milliseconds),
        )
    }
    fn fetch(c: &mut Connection, id: &str) -> RedisResult<Fetched> {
        right_fetch(c, id)
    }
}

/// Rounds the time to live down to whole seconds.
pub struct WholeSeconds;

impl Results for WholeSeconds {
    fn store_result(c: &mut Connection, id: &str, value: &str, ttl: Duration) -> RedisResult<()> {
        let seconds = ttl.as_secs().max(1);
        store_then(
            c,
            id,
            value,
            redis::cmd("EXPIRE").arg(result_key(id)).arg(seconds),
        )
    }
    fn fetch(c: &mut Connection, id: &str) -> RedisResult<Fetched> {
        right_fetch(c, id)
    }
}

/// Sets the expiry on the job's id, not on the result's key.
pub struct ExpiryOnAnotherKey;

impl Results for ExpiryOnAnotherKey {
    fn store_result(c: &mut Connection, id: &str, value: &str, ttl: Duration) -> RedisResult<()> {
        let milliseconds = ttl.as_millis() as u64;
        store_then(
            c,
            id,
            value,
            redis::cmd("PEXPIRE").arg(id).arg(milliseconds),
        )
    }
    fn fetch(c: &mut Connection, id: &str) -> RedisResult<Fetched> {
        right_fetch(c, id)
    }
}

/// The right store, and a `fetch` that takes every missing result for an expired one.
pub struct QueuedIsExpired;

impl Results for QueuedIsExpired {
    fn store_result(c: &mut Connection, id: &str, value: &str, ttl: Duration) -> RedisResult<()> {
        let milliseconds = ttl.as_millis() as u64;
        store_then(
            c,
            id,
            value,
            redis::cmd("PEXPIRE").arg(result_key(id)).arg(milliseconds),
        )
    }
    fn fetch(c: &mut Connection, id: &str) -> RedisResult<Fetched> {
        let value: Option<String> = redis::cmd("GET").arg(result_key(id)).query(c)?;
        Ok(value.map_or(Fetched::Expired, Fetched::Done))
    }
}

/// Stores the result with its expiry, but leaves the job's mark of "queued".
pub struct KeepsTheMark;

impl Results for KeepsTheMark {
    fn store_result(c: &mut Connection, id: &str, value: &str, ttl: Duration) -> RedisResult<()> {
        redis::cmd("SET")
            .arg(result_key(id))
            .arg(value)
            .arg("PX")
            .arg(ttl.as_millis() as u64)
            .query(c)
    }
    fn fetch(c: &mut Connection, id: &str) -> RedisResult<Fetched> {
        right_fetch(c, id)
    }
}
