//! Exercise "ack_after_done": a worker that loses nothing when it dies.
//!
//! `work_one` is one step of a worker that takes tasks from a queue in Redis. It must take the
//! oldest task reliably: move it (BLMOVE, waiting up to `WAIT_SECONDS`) from `keys.queue` onto
//! this worker's own list `keys.processing`, so that the task stays in Redis while it runs. Then
//! run it with `run`; if `run` returns `Ok(result)`, store the result in the hash `keys.results`
//! under the task's name, and only then acknowledge the task: remove it from the processing
//! list. If `run` fails, leave the task where a recovering worker finds it, and store nothing.
//! Producers push tasks at the left of the queue (LPUSH), so the oldest is at the right.
//!
//! The task function is the grader's: while it runs, it looks into Redis, and Redis's own record
//! of writes gives the order of everything the step did.
//!
//! Grade it: `cargo grade --exercise ack_after_done`. Stuck? `cargo grade --hint ack_after_done`.

use redis::Connection;

use crate::ack_after_done::{Keys, Step};

pub struct Worker;

impl crate::ack_after_done::Worker for Worker {
    fn work_one(
        connection: &mut Connection,
        keys: &Keys,
        run: &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> redis::RedisResult<Step> {
        // TODO: take the task reliably, and acknowledge it only once its result is stored.
        // This pops the task: from here until its result is stored, it exists only in this
        // worker's memory, and a worker that dies now loses it for good.
        let task: Option<String> = redis::cmd("RPOP").arg(&keys.queue).query(connection)?;
        let Some(task) = task else {
            return Ok(Step::Empty);
        };
        match run(&task) {
            Ok(result) => {
                redis::cmd("HSET")
                    .arg(&keys.results)
                    .arg(&task)
                    .arg(result)
                    .query::<()>(connection)?;
                Ok(Step::Done(task))
            }
            Err(error) => Ok(Step::Failed { task, error }),
        }
    }
}
