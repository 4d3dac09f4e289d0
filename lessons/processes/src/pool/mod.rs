//! A process pool, written out: the notes' `multiprocessing.Pool`, on top of `lesson_kit::process`.
//!
//! N long-lived worker processes each read one task per line on their input and answer one line
//! `result <text>` per task on their output ([`worker::serve_tasks`]); any other line a worker
//! prints is a [`Note`]. The pool hands a worker one task at a time, so it always knows which task
//! a worker is running: when a worker dies, that task (and only that one) is sent again, once, to
//! another worker, and a replacement worker is started. A task that kills its worker twice fails,
//! with both endings as the reason. Python's `Pool` does neither: a task lost with its worker
//! leaves `get()` waiting forever (`concurrent.futures` breaks the whole pool instead).

pub mod worker;

use std::collections::VecDeque;
use std::time::Duration;

use lesson_kit::process::{Children, Finished, Heard, Launch, Program, describe};

/// What a worker prints before each answer, so that answers and notes never mix.
pub const RESULT: &str = "result ";

// ANCHOR: pool
/// Worker processes that run the tasks sent to them as lines; see the [module docs](self).
pub struct ProcessPool {
    launch: Launch,
    /// `None` once [`join`](Self::join) has reaped them.
    children: Option<Children>,
    /// One per child ever started, dead or alive, in the children's order.
    workers: Vec<Worker>,
    tasks: Vec<Task>,
    /// Tasks waiting for an idle worker; a resent task goes first.
    queue: VecDeque<usize>,
    closed: bool,
    /// Tasks in the order their outcome arrived: the finishing order, recorded, not assumed.
    finished: Vec<TaskId>,
    crashes: Vec<Crash>,
    notes: Vec<Note>,
    notes_read: usize,
    /// Why the pool gave up (its deadline passed): every later call says so.
    broken: Option<String>,
}

struct Worker {
    name: String,
    pid: u32,
    /// The task it is running: one at a time.
    running: Option<usize>,
    /// False once it ended or refused a task: it gets no more.
    usable: bool,
}

struct Task {
    line: String,
    /// How each worker that died running it ended.
    endings: Vec<String>,
    outcome: Option<Result<String, TaskFailed>>,
    ran_on: Option<u32>,
}

/// A submitted task, Python's `AsyncResult`: [`get`](Self::get) waits for its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(pub usize);

/// A task that never gave a result, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskFailed {
    pub task: String,
    pub reason: String,
}

/// A worker that ended while the pool ran: who, how, and what became of its task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crash {
    pub worker: String,
    pub pid: u32,
    /// In words: `exit code 101`, `killed by signal 6 (SIGABRT)`.
    pub ending: String,
    pub task: Option<TaskId>,
    /// Whether the task was sent again (false: it failed, its second worker died too).
    pub resent: bool,
    /// The worker started in its place.
    pub replacement: String,
}

/// A line a worker printed that is not an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub worker: String,
    pub pid: u32,
    pub line: String,
}
// ANCHOR_END: pool

impl ProcessPool {
    /// Starts `workers` processes of `program` playing `role`, named `worker-0`, `worker-1`, ...
    /// Every wait of the pool ends by `limit` from now; then every worker is killed.
    pub fn start(
        program: &Program,
        role: &str,
        workers: usize,
        limit: Duration,
    ) -> Result<ProcessPool, String> {
        assert!(workers > 0, "a pool needs at least one worker");
        let launch = program.role(role);
        let children = Children::start(Vec::new(), limit).map_err(|e| e.to_string())?;
        let mut pool = ProcessPool {
            launch,
            children: Some(children),
            workers: Vec::new(),
            tasks: Vec::new(),
            queue: VecDeque::new(),
            closed: false,
            finished: Vec::new(),
            crashes: Vec::new(),
            notes: Vec::new(),
            notes_read: 0,
            broken: None,
        };
        for _ in 0..workers {
            pool.add_worker()?;
        }
        Ok(pool)
    }

    fn add_worker(&mut self) -> Result<String, String> {
        let name = format!("worker-{}", self.workers.len());
        let children = self.children.as_mut().expect("the pool is not joined");
        let launch = self.launch.clone().named(&name);
        let i = children.add(launch).map_err(|e| e.to_string())?;
        let pid = children.pid(i);
        self.workers.push(Worker {
            name: name.clone(),
            pid,
            running: None,
            usable: true,
        });
        Ok(name)
    }

    // ANCHOR: apply_async
    /// Queues a task (one line, given to a worker as it is) and returns at once with its handle.
    ///
    /// # Panics
    /// After [`close`](Self::close), like Python's "Pool not running"; on a line break in `line`.
    pub fn apply_async(&mut self, line: impl Into<String>) -> TaskId {
        assert!(!self.closed, "the pool is closed: it takes no more tasks");
        let line = line.into();
        assert!(!line.contains('\n'), "a task is one line: {line:?}");
        self.tasks.push(Task {
            line,
            endings: Vec::new(),
            outcome: None,
            ran_on: None,
        });
        self.queue.push_back(self.tasks.len() - 1);
        self.dispatch();
        TaskId(self.tasks.len() - 1)
    }

    /// Gives each idle worker the next queued task.
    fn dispatch(&mut self) {
        let Some(children) = self.children.as_mut() else {
            return;
        };
        for (i, worker) in self.workers.iter_mut().enumerate() {
            if !worker.usable || worker.running.is_some() {
                continue;
            }
            let Some(task) = self.queue.pop_front() else {
                return;
            };
            if children.try_send_line(i, &self.tasks[task].line).is_ok() {
                worker.running = Some(task);
            } else {
                // It is dying: the task goes back first in line, and its end will be heard.
                worker.usable = false;
                self.queue.push_front(task);
            }
        }
    }
    // ANCHOR_END: apply_async

    // ANCHOR: step
    /// Waits for the next thing any worker says or does, and deals with it.
    fn step(&mut self) -> Result<(), String> {
        if let Some(why) = &self.broken {
            return Err(why.clone());
        }
        let children = self.children.as_mut().ok_or("the pool is joined")?;
        let heard = match children.next_heard() {
            Ok(Some(heard)) => heard,
            Ok(None) => return Err("every worker has ended".into()),
            Err(error) => {
                self.broken = Some(format!("the pool gave up: {error}"));
                return Err(self.broken.clone().unwrap_or_default());
            }
        };
        match heard {
            Heard::Line(w, line) => match line.strip_prefix(RESULT) {
                Some(answer) => {
                    let worker = &mut self.workers[w];
                    let task = worker
                        .running
                        .take()
                        .ok_or_else(|| format!("{} answered {line:?} with no task", worker.name))?;
                    self.tasks[task].outcome = Some(Ok(answer.to_owned()));
                    self.tasks[task].ran_on = Some(worker.pid);
                    self.finished.push(TaskId(task));
                }
                None => self.notes.push(Note {
                    worker: self.workers[w].name.clone(),
                    pid: self.workers[w].pid,
                    line,
                }),
            },
            Heard::Ended(w, status) => self.replace(w, describe(status))?,
        }
        self.dispatch();
        Ok(())
    }

    /// Worker `w` ended while the pool ran: its task is sent again once, or fails; a new worker
    /// takes its place.
    fn replace(&mut self, w: usize, ending: String) -> Result<(), String> {
        let worker = &mut self.workers[w];
        worker.usable = false;
        let task = worker.running.take();
        let (name, pid) = (worker.name.clone(), worker.pid);
        let mut resent = false;
        if let Some(task) = task {
            let record = &mut self.tasks[task];
            record.endings.push(ending.clone());
            if record.endings.len() < 2 {
                self.queue.push_front(task);
                resent = true;
            } else {
                let reason = format!("two workers died running it: {}", record.endings.join("; "));
                let task_line = record.line.clone();
                record.outcome = Some(Err(TaskFailed {
                    task: task_line,
                    reason,
                }));
                self.finished.push(TaskId(task));
            }
        }
        let replacement = self.add_worker()?;
        self.crashes.push(Crash {
            worker: name,
            pid,
            ending,
            task: task.map(TaskId),
            resent,
            replacement,
        });
        Ok(())
    }
    // ANCHOR_END: step

    // ANCHOR: close_join
    /// Takes no more tasks (Python's `close`).
    pub fn close(&mut self) {
        self.closed = true;
    }

    /// Waits for every task's outcome, then closes every worker's input, so that each one
    /// ends, and reaps them all: what every worker ever started printed, reported and how it
    /// ended. After `join`, [`TaskId::get`] answers at once.
    ///
    /// # Panics
    /// Before [`close`](Self::close), like Python.
    pub fn join(&mut self) -> Result<Vec<Finished>, String> {
        assert!(self.closed, "close the pool before joining it");
        while self.tasks.iter().any(|task| task.outcome.is_none()) {
            self.step()?;
        }
        let mut children = self.children.take().ok_or("the pool is joined already")?;
        for i in 0..self.workers.len() {
            children.close_input(i);
        }
        children.finish().map_err(|error| error.to_string())
    }
    // ANCHOR_END: close_join

    /// Waits for a note that `wanted` accepts, among those not matched yet, and returns it.
    pub fn wait_note(&mut self, wanted: impl Fn(&str) -> bool) -> Result<Note, String> {
        loop {
            let unread = &self.notes[self.notes_read..];
            if let Some(at) = unread.iter().position(|note| wanted(&note.line)) {
                self.notes_read += at + 1;
                return Ok(self.notes[self.notes_read - 1].clone());
            }
            self.notes_read = self.notes.len();
            self.step()?;
        }
    }

    /// Writes `line` to the worker running `task` (a task that waits for the parent's word).
    pub fn tell(&mut self, task: TaskId, line: &str) -> Result<(), String> {
        let w = self.running(task)?;
        let children = self.children.as_mut().ok_or("the pool is joined")?;
        children
            .try_send_line(w, line)
            .map_err(|error| format!("could not tell task {}: {error}", task.0))
    }

    /// Sends `signal` to the worker running `task`, through the kit (only to our own child).
    pub fn signal(&mut self, task: TaskId, signal: i32) -> Result<(), String> {
        let w = self.running(task)?;
        let children = self.children.as_mut().ok_or("the pool is joined")?;
        children
            .signal(w, signal)
            .map_err(|error| error.to_string())
    }

    fn running(&self, task: TaskId) -> Result<usize, String> {
        self.workers
            .iter()
            .position(|worker| worker.running == Some(task.0))
            .ok_or_else(|| format!("no worker is running task {}", task.0))
    }

    /// The tasks in the order their outcomes arrived.
    pub fn finishing_order(&self) -> &[TaskId] {
        &self.finished
    }

    /// Every worker that ended while the pool ran, in order.
    pub fn crashes(&self) -> &[Crash] {
        &self.crashes
    }

    /// The process ids of every worker ever started, replacements included.
    pub fn pids(&self) -> Vec<u32> {
        self.workers.iter().map(|worker| worker.pid).collect()
    }

    /// The process id of the worker whose answer is task `task`'s result.
    pub fn ran_on(&self, task: TaskId) -> Option<u32> {
        self.tasks[task.0].ran_on
    }
}

impl TaskId {
    // ANCHOR: get
    /// Waits for this task's result (Python's `AsyncResult.get()`), whatever else finishes first.
    pub fn get(self, pool: &mut ProcessPool) -> Result<String, TaskFailed> {
        loop {
            if let Some(outcome) = &pool.tasks[self.0].outcome {
                return outcome.clone();
            }
            if let Err(reason) = pool.step() {
                let task = pool.tasks[self.0].line.clone();
                return Err(TaskFailed { task, reason });
            }
        }
    }
    // ANCHOR_END: get
}

/// Whether no process `pid` exists any more, not even as a zombie: it ended and was reaped.
pub fn gone(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 delivers nothing; the kernel only checks whether `pid` exists.
    let exists = unsafe { libc::kill(pid, 0) } == 0;
    !exists && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}
