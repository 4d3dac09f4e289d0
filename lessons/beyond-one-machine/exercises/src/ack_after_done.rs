//! The exercise "ack_after_done": its contract, and the checks that grade it.
//!
//! The student edits `ack_after_done.rs` (beside `src/`); the reference solution is
//! `../solutions/ack_after_done.rs`. Every check starts a Redis server of its own, queues tasks
//! whose names come from seeds, and hands the worker's step a task function of the grader's.
//! While that function runs, it looks into Redis through a connection of its own (where the task
//! is, whether a result is stored), and Redis's own record of writes ([`Writes`]) gives the order
//! of everything the step did around it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use exercise_kit::grading::{Code, ON_PURPOSE, Runs};
use exercise_kit::seeded;
use redis::Connection;

use crate::in_redis::{Write, Writes, removes, said, server};

#[path = "../ack_after_done.rs"]
pub mod starter;

#[path = "../../solutions/ack_after_done.rs"]
pub mod solution;

/// How long a step waits for a task when the queue is empty (BLMOVE's timeout, in seconds).
pub const WAIT_SECONDS: f64 = 0.2;

/// The keys one worker uses.
#[derive(Debug, Clone)]
pub struct Keys {
    /// The list of waiting tasks. Producers push at the left (LPUSH): the oldest is at the right.
    pub queue: String,
    /// This worker's list of the tasks it has taken and not yet acknowledged.
    pub processing: String,
    /// A hash: each finished task's result, under the task's name.
    pub results: String,
}

/// What one step of the worker did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// No task came within [`WAIT_SECONDS`].
    Empty,
    /// The task ran, its result is stored, and it is acknowledged.
    Done(String),
    /// The task ran and failed with `error`; it is not acknowledged, so it can run again.
    Failed { task: String, error: String },
}

/// One worker's step, as every version of the exercise offers it.
pub trait Worker {
    /// Takes the oldest task from `keys.queue` reliably, runs it with `run`, stores what `run`
    /// returns in `keys.results`, then acknowledges the task.
    fn work_one(
        connection: &mut Connection,
        keys: &Keys,
        run: &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> redis::RedisResult<Step>;
}

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Worker>(),
        Code::Solution => runs::<solution::Worker>(),
    }
}

/// The checks' functions for any worker (the tests also grade broken ones).
pub fn runs<W: Worker>() -> Runs {
    exercise_kit::runs![
        held_while_it_runs::<W>,
        stored_then_acknowledged::<W>,
        failure_keeps_the_task::<W>,
        death_loses_nothing::<W>
    ]
}

/// The key the grader's task function writes as it starts: its place in Redis's record.
const RUNNING: &str = "grader:running";

/// What the grader's task function saw in Redis while a task ran.
#[derive(Debug)]
struct Look {
    task: String,
    queue: Vec<String>,
    processing: Vec<String>,
    result: Option<String>,
}

/// One worker's keys and its queue of `count` tasks, named from `seed`, oldest first.
struct Setup {
    keys: Keys,
    tasks: Vec<String>,
    worker: Connection,
    grader: Connection,
}

impl Setup {
    fn new(
        server: &beyond_one_machine::redis_server::RedisServer,
        seed: u64,
        count: u64,
    ) -> Result<Setup, String> {
        let name = |n| format!("{:06x}", seeded::number(seed, n) % 0x100_0000);
        let keys = Keys {
            queue: format!("queue:{}", name(100)),
            processing: format!("processing:worker-{}", name(101)),
            results: format!("results:{}", name(102)),
        };
        let tasks: Vec<String> = (0..count)
            .map(|n| format!("check site-{}", name(n)))
            .collect();
        let mut grader = server.connection();
        for task in &tasks {
            redis::cmd("LPUSH")
                .arg(&keys.queue)
                .arg(task)
                .query::<()>(&mut grader)
                .map_err(said)?;
        }
        Ok(Setup {
            keys,
            tasks,
            worker: server.connection(),
            grader,
        })
    }

    /// A list, oldest (right) end first, so that it reads in the order tasks came.
    fn list(&mut self, key: &str) -> Result<Vec<String>, String> {
        let mut items: Vec<String> = redis::cmd("LRANGE")
            .arg(key)
            .arg(0)
            .arg(-1)
            .query(&mut self.grader)
            .map_err(said)?;
        items.reverse();
        Ok(items)
    }

    fn result(&mut self, task: &str) -> Result<Option<String>, String> {
        redis::cmd("HGET")
            .arg(&self.keys.results)
            .arg(task)
            .query(&mut self.grader)
            .map_err(said)
    }

    /// Runs one step of `W` with a task function that looks into Redis, writes the grader's
    /// mark, then ends as `outcome` says (`None`: it panics, as a worker that dies).
    fn step<W: Worker>(
        &mut self,
        outcome: Option<Result<(), ()>>,
    ) -> (std::thread::Result<redis::RedisResult<Step>>, Vec<Look>) {
        let mut looks = Vec::new();
        let Setup {
            keys,
            worker,
            grader,
            ..
        } = self;
        let keys = keys.clone();
        let mut run = |task: &str| -> Result<String, String> {
            let range = |grader: &mut Connection, key: &str| {
                let mut items: Vec<String> = redis::cmd("LRANGE")
                    .arg(key)
                    .arg(0)
                    .arg(-1)
                    .query(grader)
                    .unwrap_or_default();
                items.reverse();
                items
            };
            let queue = range(grader, &keys.queue);
            let processing = range(grader, &keys.processing);
            let result = redis::cmd("HGET")
                .arg(&keys.results)
                .arg(task)
                .query(grader)
                .unwrap_or_default();
            let _ = redis::cmd("SET").arg(RUNNING).arg(task).query::<()>(grader);
            looks.push(Look {
                task: task.to_string(),
                queue,
                processing,
                result,
            });
            match outcome {
                Some(Ok(())) => Ok(answer(task)),
                Some(Err(())) => Err(format!("{task}: the site did not answer")),
                None => panic!("the worker dies {ON_PURPOSE} while it runs {task:?}"),
            }
        };
        let stepped = catch_unwind(AssertUnwindSafe(|| W::work_one(worker, &keys, &mut run)));
        (stepped, looks)
    }
}

/// The result the grader's task function returns for `task`: only running it gives it.
fn answer(task: &str) -> String {
    let hash = task
        .bytes()
        .fold(0u64, |hash, byte| seeded::mix(hash ^ u64::from(byte)));
    format!("{task}: up, {} ms", 20 + hash % 400)
}

/// The one look of a step that should have run one task.
fn one_look(step: usize, looks: Vec<Look>) -> Result<Look, String> {
    let count = looks.len();
    let mut looks = looks.into_iter();
    match (looks.next(), count) {
        (Some(look), 1) => Ok(look),
        (None, _) => Err(format!(
            "step {step} returned without running a task, with tasks waiting on the queue"
        )),
        (Some(_), _) => Err(format!(
            "step {step} ran {count} tasks: a step takes and runs one"
        )),
    }
}

/// Where the writes put the acknowledgement of `task`'s list relative to the grader's mark.
fn removed_before_running(writes: &[Write], processing: &str) -> bool {
    writes
        .iter()
        .take_while(|write| write.key != RUNNING)
        .any(|write| write.key == processing && removes(&write.event))
}

fn held_while_it_runs<W: Worker>() -> Result<(), String> {
    let server = server()?;
    let mut setup = Setup::new(&server, 11, 5)?;
    let mut subscriber = server.connection();
    let mut writes = Writes::start(&mut subscriber)?;
    for step in 0..3 {
        let (stepped, looks) = setup.step::<W>(Some(Ok(())));
        stepped
            .map_err(|_| format!("step {step} panicked"))?
            .map_err(said)?;
        let record = writes.since_last(&mut setup.grader)?;
        let look = one_look(step, looks)?;
        let (task, oldest) = (&look.task, &setup.tasks[step]);
        if task != oldest {
            return Err(format!(
                "step {step} ran {task:?}, but the oldest task waiting was {oldest:?}: producers \
                 push at the left of the queue (LPUSH), so the oldest is at the right"
            ));
        }
        let on_processing = look.processing.iter().filter(|t| *t == task).count();
        if on_processing != 1 {
            let keys = &setup.keys;
            return Err(if removed_before_running(&record, &keys.processing) {
                format!(
                    "while {task:?} ran, it was no longer on the processing list {:?}: it was \
                     acknowledged (removed from it) before it ran, so a worker that died now \
                     would lose it",
                    keys.processing
                )
            } else if look.queue.contains(task) {
                format!(
                    "while {task:?} ran, it was still on the queue {:?}: another worker would \
                     take it too",
                    keys.queue
                )
            } else {
                format!(
                    "while {task:?} ran, it was on neither the queue {:?} nor the processing \
                     list {:?} ({} there): taken out of Redis, so a worker that died now would \
                     lose it. Move it onto the processing list (BLMOVE) instead of popping it",
                    keys.queue, keys.processing, on_processing
                )
            });
        }
        let waiting = &setup.tasks[step + 1..];
        if look.queue != waiting {
            return Err(format!(
                "while {task:?} ran, the queue held {:?}; it should have held the {} tasks after \
                 it, {waiting:?}",
                look.queue,
                waiting.len()
            ));
        }
        if let Some(result) = look.result {
            return Err(format!(
                "a result for {task:?} was already stored before it ran: {result:?}"
            ));
        }
    }
    Ok(())
}

fn stored_then_acknowledged<W: Worker>() -> Result<(), String> {
    let server = server()?;
    let mut setup = Setup::new(&server, 12, 3)?;
    let mut subscriber = server.connection();
    let mut writes = Writes::start(&mut subscriber)?;
    for step in 0..3 {
        let (stepped, looks) = setup.step::<W>(Some(Ok(())));
        let returned = stepped
            .map_err(|_| format!("step {step} panicked"))?
            .map_err(said)?;
        let record = writes.since_last(&mut setup.grader)?;
        let look = one_look(step, looks)?;
        let task = look.task;
        if returned != Step::Done(task.clone()) {
            return Err(format!(
                "step {step} ran {task:?} and returned {returned:?}, not Step::Done({task:?})"
            ));
        }
        let expected = answer(&task);
        match setup.result(&task)? {
            Some(stored) if stored == expected => {}
            Some(stored) => {
                return Err(format!(
                    "after step {step}, the result of {task:?} in {:?} was {stored:?}, but the \
                     task function returned {expected:?}",
                    setup.keys.results
                ));
            }
            None => {
                return Err(format!(
                    "after step {step}, {:?} held no result for {task:?}: store what the task \
                     function returned (HSET)",
                    setup.keys.results
                ));
            }
        }
        let processing = setup.list(&setup.keys.processing.clone())?;
        if !processing.is_empty() {
            return Err(format!(
                "after step {step}, the processing list still held {processing:?}: a task \
                 never acknowledged would be run again by the worker that recovers it"
            ));
        }
        let queue = setup.list(&setup.keys.queue.clone())?;
        if queue != setup.tasks[step + 1..] {
            return Err(format!(
                "after step {step}, the queue held {queue:?}, not the {} tasks after {task:?}",
                setup.tasks.len() - step - 1
            ));
        }
        let after_run = record.iter().skip_while(|write| write.key != RUNNING);
        let order: Vec<&str> = after_run
            .filter(|write| {
                (write.key == setup.keys.processing && removes(&write.event))
                    || write.key == setup.keys.results
            })
            .map(|write| write.event.as_str())
            .collect();
        if order.first().is_some_and(|event| removes(event)) {
            return Err(format!(
                "{task:?} was acknowledged before its result was stored (Redis's record of \
                 writes after it ran: {order:?}): a worker that died between the two would lose \
                 the result, and nobody would run the task again. Store first, then acknowledge"
            ));
        }
    }
    // The queue is empty now: a step waits a moment, finds nothing, and changes nothing.
    let (stepped, looks) = setup.step::<W>(Some(Ok(())));
    let returned = stepped
        .map_err(|_| "the step on an empty queue panicked".to_string())?
        .map_err(said)?;
    let record = writes.since_last(&mut setup.grader)?;
    if returned != Step::Empty || !looks.is_empty() || !record.is_empty() {
        return Err(format!(
            "on an empty queue, a step returned {returned:?}, ran {} tasks and wrote {record:?}; \
             it should return Step::Empty after waiting up to {WAIT_SECONDS} s, changing nothing",
            looks.len()
        ));
    }
    Ok(())
}

/// After a step whose task did not end well: the task must still be in Redis, once, on the
/// processing list or back on the queue, and have no result.
fn still_there(setup: &mut Setup, task: &str, what: &str) -> Result<(), String> {
    let keys = setup.keys.clone();
    let places = setup
        .list(&keys.queue)?
        .into_iter()
        .chain(setup.list(&keys.processing)?);
    let count = places.filter(|t| t == task).count();
    if count != 1 {
        return Err(format!(
            "after {what}, {task:?} was {} on the queue {:?} and the processing list {:?}: it \
             must stay there once, not acknowledged, so that it runs again",
            if count == 0 {
                "nowhere".to_string()
            } else {
                format!("{count} times")
            },
            keys.queue,
            keys.processing
        ));
    }
    if let Some(result) = setup.result(task)? {
        return Err(format!(
            "after {what}, a result was stored for {task:?}: {result:?}"
        ));
    }
    Ok(())
}

fn failure_keeps_the_task<W: Worker>() -> Result<(), String> {
    let server = server()?;
    let mut setup = Setup::new(&server, 13, 2)?;
    let (stepped, looks) = setup.step::<W>(Some(Err(())));
    let returned = stepped
        .map_err(|_| "the step whose task failed panicked".to_string())?
        .map_err(said)?;
    let task = one_look(0, looks)?.task;
    let error = format!("{task}: the site did not answer");
    let failed = Step::Failed {
        task: task.clone(),
        error,
    };
    if returned != failed {
        return Err(format!(
            "the task function failed for {task:?}, and the step returned {returned:?}, not \
             {failed:?}"
        ));
    }
    still_there(&mut setup, &task, "its task function failed")
}

fn death_loses_nothing<W: Worker>() -> Result<(), String> {
    let server = server()?;
    let mut setup = Setup::new(&server, 14, 2)?;
    let (_, looks) = setup.step::<W>(None);
    let task = one_look(0, looks)?.task;
    still_there(&mut setup, &task, "the worker died while it ran the task")
}
