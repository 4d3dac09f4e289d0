//! The exercise "expiring_result": its contract, and the checks that grade it.
//!
//! The student edits `expiring_result.rs` (beside `src/`); the reference solution is
//! `../solutions/expiring_result.rs`. Every check starts a Redis server of its own, plays the
//! queue's part itself ([`mark_queued`]), calls the student's `store_result` and `fetch` with
//! job ids and results drawn from seeds, and reads Redis directly: the value, its time to live in
//! milliseconds (PTTL), and whether the key is still there.

use std::thread;
use std::time::{Duration, Instant};

use exercise_kit::grading::{Code, Runs};
use exercise_kit::seeded;
use redis::Connection;

use crate::in_redis::{said, server};

#[path = "../expiring_result.rs"]
pub mod starter;

#[path = "../../solutions/expiring_result.rs"]
pub mod solution;

/// The key of job `id`'s result.
pub fn result_key(id: &str) -> String {
    format!("result:{id}")
}

/// The key that says job `id` was queued and has no result yet.
pub fn job_key(id: &str) -> String {
    format!("job:{id}")
}

/// The queue's part, the grader's: marks job `id` as queued, not done yet.
pub fn mark_queued(connection: &mut Connection, id: &str) -> redis::RedisResult<()> {
    redis::cmd("SET")
        .arg(job_key(id))
        .arg("queued")
        .query(connection)
}

/// What fetching a job's result found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The job is queued or running: no result yet.
    NotDone,
    /// The job's result.
    Done(String),
    /// No result and no job: its result expired, or no such job was ever queued. Once the keys
    /// are gone, Redis cannot tell the two apart.
    Expired,
}

/// Results kept for a while, as every version of the exercise offers them.
pub trait Results {
    /// Stores `value` as job `id`'s result, kept for `ttl` (to the millisecond), and ends the
    /// job's mark of "queued".
    fn store_result(
        connection: &mut Connection,
        id: &str,
        value: &str,
        ttl: Duration,
    ) -> redis::RedisResult<()>;
    /// What Redis holds for job `id`.
    fn fetch(connection: &mut Connection, id: &str) -> redis::RedisResult<Fetched>;
}

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Results>(),
        Code::Solution => runs::<solution::Results>(),
    }
}

/// The checks' functions for any version (the tests also grade broken ones).
pub fn runs<R: Results>() -> Runs {
    exercise_kit::runs![
        stored_with_its_expiry::<R>,
        done_then_expired::<R>,
        not_done_is_not_expired::<R>
    ]
}

/// The short time to live of the checks that wait for a result to expire.
pub const SHORT: Duration = Duration::from_millis(80);

/// How long after its time to live a result may still be seen: Redis removes an expired key the
/// moment it is read, so this only covers a loaded machine's delays.
const PATIENCE: Duration = Duration::from_millis(1500);

/// Job `n` of the stream `seed`: its id and its result.
fn job(seed: u64, n: u64) -> (String, String) {
    let id = format!("{:08x}", seeded::number(seed, n) as u32);
    let value = format!(
        "{{\"site\": \"site-{id}\", \"up\": {}}}",
        n.is_multiple_of(2)
    );
    (id, value)
}

fn pttl(connection: &mut Connection, key: &str) -> Result<i64, String> {
    redis::cmd("PTTL").arg(key).query(connection).map_err(said)
}

fn fetched<R: Results>(connection: &mut Connection, id: &str) -> Result<Fetched, String> {
    R::fetch(connection, id).map_err(said)
}

/// Waits until `key` is gone, at most `ttl` + [`PATIENCE`] after `stored`; the error says how long
/// it stayed. Redis knows at once when a key will not expire in time (no expiry, or a longer
/// one): that fails without waiting, so a wrong version costs no patience.
fn wait_until_gone(
    connection: &mut Connection,
    key: &str,
    stored: Instant,
    ttl: Duration,
) -> Result<(), String> {
    let ttl_ms = ttl.as_millis() as i64;
    loop {
        let left = pttl(connection, key)?;
        if left == -2 {
            return Ok(());
        }
        if left == -1 {
            return Err(format!(
                "{key} has no expiry (PTTL -1) {:?} after it was stored with a ttl of {ttl:?}: \
                 it would never be removed",
                stored.elapsed()
            ));
        }
        if left > ttl_ms {
            return Err(format!(
                "{key} will live {left} ms more (PTTL) {:?} after it was stored with a ttl of \
                 {ttl:?}: more than the {ttl_ms} ms asked",
                stored.elapsed()
            ));
        }
        if stored.elapsed() > ttl + PATIENCE {
            return Err(format!(
                "{key} was still there {:?} after it was stored with a ttl of {ttl:?} (its PTTL: \
                 {left} ms)",
                stored.elapsed()
            ));
        }
        thread::sleep(Duration::from_millis(5));
    }
}

fn stored_with_its_expiry<R: Results>() -> Result<(), String> {
    let server = server()?;
    let mut connection = server.connection();
    // Not whole seconds, so that rounding to seconds shows.
    for (n, ttl) in [(0, 2_900), (1, 45_250)] {
        let ttl = Duration::from_millis(ttl);
        let (id, value) = job(21, n);
        mark_queued(&mut connection, &id).map_err(said)?;
        let before = Instant::now();
        R::store_result(&mut connection, &id, &value, ttl).map_err(said)?;
        let key = result_key(&id);
        let left = pttl(&mut connection, &key)?;
        let since = before.elapsed();
        let stored: Option<String> = redis::cmd("GET")
            .arg(&key)
            .query(&mut connection)
            .map_err(said)?;
        if stored.as_deref() != Some(value.as_str()) {
            return Err(format!(
                "after store_result({id:?}, {value:?}, {ttl:?}), {key} held {stored:?}"
            ));
        }
        let ttl_ms = ttl.as_millis() as i64;
        // Redis counts in whole milliseconds: a little slack on each side of what elapsed.
        let least = ttl_ms - since.as_millis() as i64 - 2;
        if left == -1 {
            return Err(format!(
                "{key} has no expiry (PTTL -1) after store_result with a ttl of {ttl:?}: it would \
                 stay in Redis for ever. Set it on the result's own key"
            ));
        }
        if left > ttl_ms {
            return Err(format!(
                "{key} will live {left} ms (PTTL), more than the {ttl_ms} ms asked: EXPIRE and \
                 SET ... EX take seconds, PEXPIRE and SET ... PX milliseconds"
            ));
        }
        if left < least {
            return Err(format!(
                "{key} will live only {left} ms (PTTL), {:?} after store_result began with a ttl \
                 of {ttl_ms} ms: at least {least} ms were left. Rounded to whole seconds?",
                since
            ));
        }
    }
    Ok(())
}

fn done_then_expired<R: Results>() -> Result<(), String> {
    let server = server()?;
    let mut connection = server.connection();
    let (kept, kept_value) = job(22, 0);
    mark_queued(&mut connection, &kept).map_err(said)?;
    R::store_result(&mut connection, &kept, &kept_value, Duration::from_secs(60)).map_err(said)?;
    let got = fetched::<R>(&mut connection, &kept)?;
    if got != Fetched::Done(kept_value.clone()) {
        return Err(format!(
            "right after its result {kept_value:?} was stored for 60 s, fetch({kept:?}) gave \
             {got:?}"
        ));
    }
    let (short, short_value) = job(22, 1);
    mark_queued(&mut connection, &short).map_err(said)?;
    let stored = Instant::now();
    R::store_result(&mut connection, &short, &short_value, SHORT).map_err(said)?;
    wait_until_gone(&mut connection, &result_key(&short), stored, SHORT)?;
    let gone_after = stored.elapsed();
    if gone_after < SHORT - Duration::from_millis(2) {
        return Err(format!(
            "{} was gone {gone_after:?} after it was stored with a ttl of {SHORT:?}: too soon",
            result_key(&short)
        ));
    }
    let got = fetched::<R>(&mut connection, &short)?;
    if got != Fetched::Expired {
        return Err(format!(
            "after the result of {short:?} expired ({gone_after:?} after it was stored with a \
             ttl of {SHORT:?}), fetch gave {got:?}, not Fetched::Expired"
        ));
    }
    let (unknown, _) = job(22, 2);
    let got = fetched::<R>(&mut connection, &unknown)?;
    if got != Fetched::Expired {
        return Err(format!(
            "fetch({unknown:?}), a job never queued, gave {got:?}, not Fetched::Expired"
        ));
    }
    Ok(())
}

fn not_done_is_not_expired<R: Results>() -> Result<(), String> {
    let server = server()?;
    let mut connection = server.connection();
    let (id, value) = job(23, 0);
    mark_queued(&mut connection, &id).map_err(said)?;
    let got = fetched::<R>(&mut connection, &id)?;
    if got != Fetched::NotDone {
        return Err(format!(
            "fetch({id:?}) for a job queued and not done yet ({} holds \"queued\") gave {got:?}, \
             not Fetched::NotDone: a client would give up on a job still to come",
            job_key(&id)
        ));
    }
    let stored = Instant::now();
    R::store_result(&mut connection, &id, &value, SHORT).map_err(said)?;
    wait_until_gone(&mut connection, &result_key(&id), stored, SHORT)?;
    let got = fetched::<R>(&mut connection, &id)?;
    if got != Fetched::Expired {
        return Err(format!(
            "after the result of {id:?} expired, fetch gave {got:?}, not Fetched::Expired: {} \
             is {}; store_result must end the job's mark of \"queued\"",
            job_key(&id),
            match pttl(&mut connection, &job_key(&id))? {
                -2 => "gone".to_string(),
                -1 => "still there, with no expiry".to_string(),
                left => format!("still there for {left} ms"),
            }
        ));
    }
    Ok(())
}
