//! Exercise "expiring_result": a result kept for a while, and three clear answers.
//!
//! When a worker finishes job `id`, `store_result` keeps its result under `result_key(id)` for
//! `ttl`, counted to the millisecond, after which Redis removes it by itself; it also ends the
//! job's mark `job_key(id)`, which the queue set to "queued" when it took the job. `fetch` tells
//! apart the three cases a client meets: the job is queued and not done yet (`NotDone`), its
//! result is there (`Done`), or neither: the result expired, or no such job was ever queued
//! (`Expired`). The grader reads Redis directly: the value, its time to live (PTTL), and whether
//! it is gone after `ttl`.
//!
//! Grade it: `cargo grade --exercise expiring_result`. Stuck? `cargo grade --hint expiring_result`.

use std::time::Duration;

use redis::Connection;

use crate::expiring_result::{Fetched, result_key};

pub struct Results;

impl crate::expiring_result::Results for Results {
    fn store_result(
        connection: &mut Connection,
        id: &str,
        value: &str,
        _ttl: Duration,
    ) -> redis::RedisResult<()> {
        // TODO: keep the result for `ttl` only, and end the job's mark of "queued".
        // This keeps every result for ever: Redis's memory fills with answers nobody fetches.
        redis::cmd("SET")
            .arg(result_key(id))
            .arg(value)
            .query(connection)
    }

    fn fetch(connection: &mut Connection, id: &str) -> redis::RedisResult<Fetched> {
        // TODO: a job still queued is not done yet; only a job with neither result nor mark
        // has expired. This takes every missing result for an expired one.
        let value: Option<String> = redis::cmd("GET").arg(result_key(id)).query(connection)?;
        Ok(match value {
            Some(value) => Fetched::Done(value),
            None => Fetched::Expired,
        })
    }
}
