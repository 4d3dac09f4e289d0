//! Reference solution of the exercise "ack_after_done".
//!
//! BLMOVE takes the oldest task and puts it on the worker's processing list in one step, so
//! there is no moment when the task is in no list of Redis. The result and the acknowledgement
//! go in one transaction, result first: no other client ever sees the task acknowledged without
//! its result, and even a worker killed between them could not leave it so. A failed or
//! interrupted task stays on the processing list, where a recovering worker finds it.

use redis::Connection;

use crate::ack_after_done::{Keys, Step, WAIT_SECONDS};

pub struct Worker;

impl crate::ack_after_done::Worker for Worker {
    fn work_one(
        connection: &mut Connection,
        keys: &Keys,
        run: &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> redis::RedisResult<Step> {
        let task: Option<String> = redis::cmd("BLMOVE")
            .arg(&keys.queue)
            .arg(&keys.processing)
            .arg("RIGHT")
            .arg("LEFT")
            .arg(WAIT_SECONDS)
            .query(connection)?;
        let Some(task) = task else {
            return Ok(Step::Empty);
        };
        match run(&task) {
            Ok(result) => {
                redis::pipe()
                    .atomic()
                    .cmd("HSET")
                    .arg(&keys.results)
                    .arg(&task)
                    .arg(result)
                    .ignore()
                    .cmd("LREM")
                    .arg(&keys.processing)
                    .arg(1)
                    .arg(&task)
                    .ignore()
                    .query::<()>(connection)?;
                Ok(Step::Done(task))
            }
            Err(error) => Ok(Step::Failed { task, error }),
        }
    }
}
