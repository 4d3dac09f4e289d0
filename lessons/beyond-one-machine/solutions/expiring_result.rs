//! Reference solution of the exercise "expiring_result".
//!
//! `SET ... PX` stores the result and its time to live in one command, in milliseconds, so the
//! key never exists without its expiry. The job's mark goes in the same transaction: no client
//! can find neither the mark nor the result while the job is in fact done. `fetch` reads both in
//! one transaction too, so a job that finishes meanwhile reads as done or not done, never as
//! expired.

use std::time::Duration;

use redis::Connection;

use crate::expiring_result::{Fetched, job_key, result_key};

pub struct Results;

impl crate::expiring_result::Results for Results {
    fn store_result(
        connection: &mut Connection,
        id: &str,
        value: &str,
        ttl: Duration,
    ) -> redis::RedisResult<()> {
        // At least 1 ms: Redis refuses PX 0.
        let milliseconds = ttl.as_millis().max(1) as u64;
        redis::pipe()
            .atomic()
            .cmd("SET")
            .arg(result_key(id))
            .arg(value)
            .arg("PX")
            .arg(milliseconds)
            .ignore()
            .cmd("DEL")
            .arg(job_key(id))
            .ignore()
            .query(connection)
    }

    fn fetch(connection: &mut Connection, id: &str) -> redis::RedisResult<Fetched> {
        // Both in one transaction: read apart, a job finished between the two reads would
        // show neither its mark nor (yet) its result, and read as expired.
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
}
