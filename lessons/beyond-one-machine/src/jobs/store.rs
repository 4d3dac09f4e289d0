//! How a job lives in Redis: a hash under `job:<id>` (its call, its status, then its result or
//! error), and its id in the list [`QUEUE`] until a worker takes it. [`enqueue`] checks a call
//! before it writes anything; [`fetch`] reads a job back as one of five answers.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use redis::{Connection, RedisError, RedisResult};

use super::registry;

/// The list of job ids waiting for a worker: pushed on the left, taken from the right.
pub const QUEUE: &str = "jobs:queue";
/// The ids that a worker took and has not finished: a job is in exactly one of the two lists
/// until its result is stored.
pub const STARTED: &str = "jobs:started";
/// The counter that numbers the jobs.
pub const LAST_ID: &str = "jobs:last-id";

/// A job's number, given by Redis at enqueue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobId(pub u64);

impl JobId {
    /// The key of its hash.
    pub fn key(self) -> String {
        format!("job:{}", self.0)
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "job {}", self.0)
    }
}

/// Why a call was refused; nothing was written to Redis, except for [`EnqueueError::Redis`].
#[derive(Debug)]
pub enum EnqueueError {
    /// No job has this name.
    UnknownJob(String),
    /// The job exists, but the arguments do not fit it; the text names the job and what it takes.
    BadArguments(String),
    /// Redis failed.
    Redis(RedisError),
}

impl fmt::Display for EnqueueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnqueueError::UnknownJob(name) => write!(
                f,
                "refused: no job is named {name:?}; the jobs are {}",
                registry::names()
            ),
            EnqueueError::BadArguments(why) => write!(f, "refused: {why}"),
            EnqueueError::Redis(error) => write!(f, "Redis failed: {error}"),
        }
    }
}

impl std::error::Error for EnqueueError {}

/// Stores the call `name(args)` as a new queued job and puts its id on the queue, in one
/// transaction; the worker keeps its result (or error) for `result_ttl` once it is done.
pub fn enqueue(
    conn: &mut Connection,
    name: &str,
    args: &[&str],
    result_ttl: Duration,
) -> Result<JobId, EnqueueError> {
    let job = registry::find(name).ok_or_else(|| EnqueueError::UnknownJob(name.to_owned()))?;
    job.check(args).map_err(EnqueueError::BadArguments)?;
    let id = JobId(
        redis::cmd("INCR")
            .arg(LAST_ID)
            .query(conn)
            .map_err(EnqueueError::Redis)?,
    );
    let mut fields = vec![
        ("name".to_owned(), name.to_owned()),
        ("status".to_owned(), "queued".to_owned()),
        (
            "result_ttl_ms".to_owned(),
            result_ttl.as_millis().to_string(),
        ),
    ];
    fields.extend(
        (1..)
            .zip(args)
            .map(|(i, arg)| (format!("arg{i}"), (*arg).to_owned())),
    );
    redis::pipe()
        .atomic()
        .hset_multiple(id.key(), &fields)
        .ignore()
        .lpush(QUEUE, id.0)
        .ignore()
        .query::<()>(conn)
        .map_err(EnqueueError::Redis)?;
    Ok(id)
}

/// A call as stored: the job's id, its name and its arguments as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub id: JobId,
    pub name: String,
    pub args: Vec<String>,
}

/// `job 3, add(2, 3)`; text arguments are quoted.
impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params = registry::find(&self.name).map_or(&[][..], |job| job.params);
        let args: Vec<String> = (self.args.iter().enumerate())
            .map(|(i, arg)| match params.get(i) {
                Some((_, registry::Type::Integer)) => arg.clone(),
                _ => format!("{arg:?}"),
            })
            .collect();
        write!(f, "{}, {}({})", self.id, self.name, args.join(", "))
    }
}

/// What [`fetch`] found: a job not done yet (two ways), done (two ways), or no job at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    Queued(Call),
    Started {
        call: Call,
        worker: String,
    },
    Finished {
        call: Call,
        result: String,
        expires_in: Option<Duration>,
    },
    Failed {
        call: Call,
        error: String,
        expires_in: Option<Duration>,
    },
    /// Never enqueued, or its result expired: Redis cannot tell these apart, and neither can RQ.
    NoSuchJob(JobId),
}

impl Fetched {
    /// Whether a worker is done with it, well or badly.
    pub fn is_done(&self) -> bool {
        matches!(self, Fetched::Finished { .. } | Fetched::Failed { .. })
    }

    /// Its state in one word: `queued`, `started`, `finished`, `failed` or `no such job`.
    pub fn state(&self) -> &'static str {
        match self {
            Fetched::Queued(_) => "queued",
            Fetched::Started { .. } => "started",
            Fetched::Finished { .. } => "finished",
            Fetched::Failed { .. } => "failed",
            Fetched::NoSuchJob(_) => "no such job",
        }
    }

    /// The result of a finished job.
    pub fn result(&self) -> Option<&str> {
        match self {
            Fetched::Finished { result, .. } => Some(result),
            _ => None,
        }
    }

    /// The error of a failed job.
    pub fn error(&self) -> Option<&str> {
        match self {
            Fetched::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    /// How long Redis keeps it, for a finished or failed job.
    pub fn expires_in(&self) -> Option<Duration> {
        match self {
            Fetched::Finished { expires_in, .. } | Fetched::Failed { expires_in, .. } => {
                *expires_in
            }
            _ => None,
        }
    }
}

fn kept(expires_in: &Option<Duration>) -> String {
    match expires_in {
        Some(left) => format!("kept for another {} ms", left.as_millis()),
        None => "kept forever".to_owned(),
    }
}

impl fmt::Display for Fetched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fetched::Queued(call) => write!(f, "{call}: queued, no worker has taken it yet"),
            Fetched::Started { call, worker } => {
                write!(f, "{call}: started by worker {worker}, not finished yet")
            }
            Fetched::Finished {
                call,
                result,
                expires_in,
            } => {
                write!(
                    f,
                    "{call}: finished, result {result} ({})",
                    kept(expires_in)
                )
            }
            Fetched::Failed {
                call,
                error,
                expires_in,
            } => {
                write!(f, "{call}: failed: {error} ({})", kept(expires_in))
            }
            Fetched::NoSuchJob(id) => {
                write!(
                    f,
                    "{id}: no such job (its result expired, or it was never enqueued)"
                )
            }
        }
    }
}

/// Reads job `id`. The hash and its time to live are read in one transaction, so a finished
/// job's result and the time it has left are seen at the same instant.
pub fn fetch(conn: &mut Connection, id: JobId) -> RedisResult<Fetched> {
    let (fields, pttl): (HashMap<String, String>, i64) = redis::pipe()
        .atomic()
        .hgetall(id.key())
        .pttl(id.key())
        .query(conn)?;
    if fields.is_empty() {
        return Ok(Fetched::NoSuchJob(id));
    }
    let field = |name: &str| {
        fields.get(name).cloned().ok_or_else(|| {
            RedisError::from((
                redis::ErrorKind::Parse,
                "a job lacks a field",
                format!("{id}: {name}"),
            ))
        })
    };
    let args = (1..).map_while(|i| fields.get(&format!("arg{i}")).cloned());
    let call = Call {
        id,
        name: field("name")?,
        args: args.collect(),
    };
    // -1: no expiry set (not done yet); -2 cannot happen here, the hash was just read.
    let expires_in = u64::try_from(pttl).ok().map(Duration::from_millis);
    Ok(match field("status")?.as_str() {
        "queued" => Fetched::Queued(call),
        "started" => Fetched::Started {
            call,
            worker: field("worker")?,
        },
        "finished" => Fetched::Finished {
            call,
            result: field("result")?,
            expires_in,
        },
        "failed" => Fetched::Failed {
            call,
            error: field("error")?,
            expires_in,
        },
        other => {
            let what = format!("{id}: {other:?}");
            return Err(RedisError::from((
                redis::ErrorKind::Parse,
                "unknown job status",
                what,
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::{key_count, left_behind};
    use crate::redis_server::start_for_test;

    const TTL: Duration = Duration::from_secs(60);

    #[test]
    fn refused_calls_name_the_job_and_what_it_takes_and_write_nothing() {
        let Some(server) = start_for_test("refused_calls_write_nothing") else {
            return;
        };
        let mut conn = server.connection();
        let mut refuse = |name, args: &[&str]| match enqueue(&mut conn, name, args, TTL) {
            Ok(id) => panic!("{name}{args:?} was accepted as {id}"),
            Err(error) => error,
        };
        let unknown = refuse("resize", &["photo.png"]);
        assert!(matches!(&unknown, EnqueueError::UnknownJob(name) if name == "resize"));
        assert_eq!(
            unknown.to_string(),
            "refused: no job is named \"resize\"; the jobs are count_words, add, divide, square_slowly, fail"
        );
        let texts = [
            refuse("square_slowly", &["3"]),
            refuse("count_words", &["a", "b"]),
            refuse("add", &["2", "3.5"]),
        ]
        .map(|error| error.to_string());
        assert_eq!(
            texts,
            [
                "refused: square_slowly(n: integer, ms: integer) takes 2 arguments, not 1",
                "refused: count_words(text: text) takes 1 argument, not 2",
                "refused: add(a: integer, b: integer): b must be an integer, not \"3.5\"",
            ]
        );
        assert_eq!(
            key_count(&mut conn),
            0,
            "not even the id counter may be touched"
        );
        // A good call is taken at once, as job 1: the refusals used up no id.
        assert_eq!(
            enqueue(&mut conn, "add", &["2", "3"], TTL).unwrap(),
            JobId(1)
        );
        assert_eq!(
            key_count(&mut conn),
            3,
            "the job, the queue, the id counter"
        );
        drop(conn);
        assert_eq!(left_behind(server, &[]), Vec::<String>::new());
    }

    #[test]
    fn a_queued_job_has_no_expiry_and_a_job_never_enqueued_is_no_such_job() {
        let Some(server) = start_for_test("a_queued_job_has_no_expiry") else {
            return;
        };
        let mut conn = server.connection();
        let id = enqueue(
            &mut conn,
            "count_words",
            &["a b c"],
            Duration::from_millis(1),
        )
        .unwrap();
        let queued = fetch(&mut conn, id).unwrap();
        assert_eq!(
            (queued.state(), queued.expires_in()),
            ("queued", None),
            "{queued}"
        );
        // A result's time starts when its job ends; until then the job is not set to expire.
        let pttl: i64 = redis::cmd("PTTL").arg(id.key()).query(&mut conn).unwrap();
        assert_eq!(pttl, -1, "a queued job must not expire");
        let never = fetch(&mut conn, JobId(99)).unwrap();
        assert_eq!(never, Fetched::NoSuchJob(JobId(99)));
        drop(conn);
        assert_eq!(left_behind(server, &[]), Vec::<String>::new());
    }

    #[test]
    fn each_answer_reads_differently() {
        let call = |args: &[&str]| Call {
            id: JobId(3),
            name: "square_slowly".into(),
            args: args.iter().map(|a| a.to_string()).collect(),
        };
        let text = |name: &str| Call {
            id: JobId(4),
            name: name.into(),
            args: vec!["disk full".into()],
        };
        let left = Some(Duration::from_millis(498));
        let answers = [
            Fetched::Queued(call(&["12", "20"])),
            Fetched::Started {
                call: call(&["12", "20"]),
                worker: "4242".into(),
            },
            Fetched::Finished {
                call: call(&["12", "20"]),
                result: "144".into(),
                expires_in: left,
            },
            Fetched::Failed {
                call: text("fail"),
                error: "disk full".into(),
                expires_in: left,
            },
            Fetched::NoSuchJob(JobId(3)),
        ];
        assert_eq!(
            answers.map(|answer| answer.to_string()),
            [
                "job 3, square_slowly(12, 20): queued, no worker has taken it yet",
                "job 3, square_slowly(12, 20): started by worker 4242, not finished yet",
                "job 3, square_slowly(12, 20): finished, result 144 (kept for another 498 ms)",
                "job 4, fail(\"disk full\"): failed: disk full (kept for another 498 ms)",
                "job 3: no such job (its result expired, or it was never enqueued)",
            ]
        );
    }
}
