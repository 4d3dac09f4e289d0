//! What the checks of this chapter share: a Redis server of the check's own, and Redis's own
//! record of every write made to it, in the order Redis made them (keyspace notifications).
//!
//! The record is what tells "stored, then acknowledged" from "acknowledged, then stored": both
//! end in the same state, but only the first survives a worker that dies between the two.

use std::cell::RefCell;
use std::path::PathBuf;
use std::time::Duration;

use beyond_one_machine::redis_server::{HOW_TO_INSTALL, RedisServer, StartError};
use redis::{Connection, PubSub};

/// The key the grader writes to mark a moment in the record: the end of what it reads.
const END: &str = "grader:end";

/// How long the grader waits for Redis's record of writes already made: far more than it takes.
const PATIENCE: Duration = Duration::from_secs(5);

thread_local! {
    /// The servers started on this thread: their process ids and folders, for the tests that prove
    /// the checks leave nothing behind.
    static STARTED: RefCell<Vec<(u32, PathBuf)>> = const { RefCell::new(Vec::new()) };
}

/// The process id and folder of every server the checks started on this thread so far.
pub fn started_here() -> Vec<(u32, PathBuf)> {
    STARTED.with(|started| started.borrow().clone())
}

/// A server for one check, or why not: without `redis-server` the check cannot grade anything,
/// and says so first, with what to install.
pub fn server() -> Result<RedisServer, String> {
    let server = RedisServer::start().map_err(|error| match error {
        StartError::Missing => format!(
            "skipped: needs redis-server, which is not installed: {HOW_TO_INSTALL}; then grade \
             again"
        ),
        other => other.to_string(),
    })?;
    let folder = server
        .socket()
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default();
    STARTED.with(|started| started.borrow_mut().push((server.pid(), folder)));
    Ok(server)
}

/// A Redis error as a check's message.
pub fn said(error: redis::RedisError) -> String {
    format!("Redis answered with an error: {error}")
}

/// One write, as Redis reports it: the key, and the kind of write (`lpush`, `hset`, `lrem`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub key: String,
    pub event: String,
}

/// Redis's record of every write to any key, from the moment [`Writes::start`] returns.
pub struct Writes<'a> {
    subscription: PubSub<'a>,
}

impl<'a> Writes<'a> {
    /// Turns on keyspace notifications and subscribes `connection`, which is used for nothing
    /// else while the record lasts.
    pub fn start(connection: &'a mut Connection) -> Result<Writes<'a>, String> {
        redis::cmd("CONFIG")
            .arg("SET")
            .arg("notify-keyspace-events")
            .arg("KA")
            .query::<()>(connection)
            .map_err(said)?;
        let mut subscription = connection.as_pubsub();
        // Returns once Redis has confirmed: no write after this is missed.
        subscription.psubscribe("__keyspace@0__:*").map_err(said)?;
        subscription
            .set_read_timeout(Some(PATIENCE))
            .map_err(said)?;
        Ok(Writes { subscription })
    }

    /// Every write since the last call (or since the start), in order. `other` (any other
    /// connection) writes an end mark, and everything before the mark is read.
    pub fn since_last(&mut self, other: &mut Connection) -> Result<Vec<Write>, String> {
        redis::cmd("SET")
            .arg(END)
            .arg(1)
            .query::<()>(other)
            .map_err(said)?;
        let mut writes = Vec::new();
        loop {
            let message = self.subscription.get_message().map_err(|error| {
                format!("the grader's record of Redis's writes stopped: {error}")
            })?;
            let channel = message.get_channel_name();
            let key = channel.strip_prefix("__keyspace@0__:").unwrap_or(channel);
            if key == END {
                return Ok(writes);
            }
            let event: String = message.get_payload().map_err(said)?;
            writes.push(Write {
                key: key.to_string(),
                event,
            });
        }
    }
}

/// Whether `event` takes something out of a list or a key: an acknowledgement, when it is the
/// processing list's.
pub fn removes(event: &str) -> bool {
    matches!(
        event,
        "lrem" | "lpop" | "rpop" | "del" | "ltrim" | "rename_from" | "move_from"
    )
}
