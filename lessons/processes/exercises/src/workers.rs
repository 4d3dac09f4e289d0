//! The grader's worker processes: the resource both exercises of the chapter are graded with.
//!
//! A [`Workers`] is a pool of real child processes, each playing the role [`WORKER_ROLE`] of the
//! program that [`worker_program`](crate::worker_program) finds. The student's code hands a
//! worker a [`Task`] ([`Workers::send`]), takes each result as it comes ([`Workers::next_result`]),
//! and starts a new process in place of one that ended ([`Workers::replace`]). Everything else is
//! the grader's: what each task computes, which tasks make their worker crash and how, which task
//! is held back so that the results come in another order than the tasks went out, and the
//! records the checks read, written by the worker processes themselves (each says when it starts a
//! task) and by this object (what was sent where, which processes started and how they ended).
//!
//! Each worker process has a thread of the grader's that drives it, line by line: `task <id>
//! <input> <fate>` out, `started <id>` back, then `go` out when the grader lets the task run, and
//! `done <id> <value>` back, or the end of the process. Dropping `Workers` stops the drivers and
//! kills and reaps every worker process, also when a check fails or the student's code panics.

use std::io::{self, BufRead};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded};
use exercise_kit::grading::ON_PURPOSE;
use exercise_kit::seeded;
use lesson_kit::process::{self, Args, Child, Problem};
use lesson_kit::timeout::panic_message;

/// The role a worker process plays.
pub const WORKER_ROLE: &str = "processes-worker";

/// How long a worker process may live: a bound on every wait on it, never reached by a run
/// that ends (the checks' time limits are 2 s at most).
const LIFETIME: Duration = Duration::from_secs(30);

/// How long `next_result` waits for a result while a task is in flight: a worker answers in
/// milliseconds, so only a grader's bug would reach it.
const RESULT_PATIENCE: Duration = Duration::from_secs(10);

/// How long a held task waits for what it waits for: the first task for another worker to go
/// on to a next task, the first `count` tasks for each other. A correct pool never waits that long.
pub const PATIENCE: Duration = Duration::from_millis(800);

/// One task of the grader's, to hand a worker with [`Workers::send`]. Its id comes back with
/// its result ([`Done::task`]).
#[derive(Debug)]
pub struct Task {
    index: usize,
    id: u64,
}

impl Task {
    /// The task's id, which its result carries.
    pub fn id(&self) -> u64 {
        self.id
    }
}

/// A task's result, from the worker that ran it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    /// The worker that ran it, from 0 to `count() - 1`.
    pub worker: usize,
    /// The id of the task ([`Task::id`]).
    pub task: u64,
    /// What the task computed.
    pub value: u64,
}

/// A worker process that ended while it ran a task: the task is lost, and the worker is gone
/// until [`Workers::replace`] starts another process in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub worker: usize,
    /// How the process ended, in words: `exit code 3`, `killed by signal 9 (SIGKILL)`.
    pub how: String,
}

/// How a worker process deals with one attempt at a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    /// Computes the result and says it.
    Finish,
    /// Exits with this code.
    Exit(i32),
    /// Aborts (SIGABRT).
    Abort,
    /// Panics (exit code 101).
    Panic,
    /// Is killed by the grader (SIGKILL) while it holds the task.
    Killed,
}

impl Fate {
    fn word(self) -> String {
        match self {
            Fate::Finish | Fate::Killed => "finish".to_owned(),
            Fate::Exit(code) => format!("exit={code}"),
            Fate::Abort => "abort".to_owned(),
            Fate::Panic => "panic".to_owned(),
        }
    }
}

/// What the grader arranges for one run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// Per task index, how each attempt at it goes; attempts not listed finish.
    pub fates: Vec<(usize, Vec<Fate>)>,
    /// Task 0 waits until another worker has given its result and gone on to its next task.
    pub hold_first: bool,
    /// The first `count` tasks sent wait until that many are running at once.
    pub meeting: bool,
}

impl Plan {
    fn fate(&self, index: usize, attempt: usize) -> Fate {
        self.fates
            .iter()
            .find(|(task, _)| *task == index)
            .and_then(|(_, fates)| fates.get(attempt).copied())
            .unwrap_or(Fate::Finish)
    }
}

/// What a task waits for before its worker may run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hold {
    None,
    /// Until another worker has gone on to its next task.
    WentOn,
    /// Until this many tasks are running at once.
    Meeting(usize),
}

/// What the worker processes report, shared with their drivers.
#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Per task index, how many times a worker process started it.
    runs: Vec<usize>,
    running: usize,
    /// The most tasks ever running in the worker processes at once.
    peak: usize,
    /// A worker whose result was taken has been sent its next task.
    went_on: bool,
    /// `Workers` is being dropped: held tasks stop waiting.
    closing: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn update(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.lock());
        self.changed.notify_all();
    }

    /// Waits until `done` holds, `Workers` closes, or `patience` has passed.
    fn wait_until(&self, patience: Duration, done: impl Fn(&State) -> bool) {
        let deadline = Instant::now() + patience;
        let mut state = self.lock();
        while !state.closing && !done(&state) {
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            state = (self.changed)
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

/// One attempt at a task, for a driver.
struct Order {
    index: usize,
    id: u64,
    input: u64,
    fate: Fate,
    hold: Hold,
}

/// Where a task is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    Waiting,
    InFlight(usize),
    /// Its worker ended while running it: it waits to be sent again.
    Lost,
    Done,
    /// It made two workers end.
    Failed,
}

#[derive(Debug)]
struct TaskBook {
    id: u64,
    input: u64,
    stage: Stage,
    sends: usize,
    /// How each worker that ended while running it ended.
    crashes: Vec<String>,
}

/// One worker process the grader started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Process {
    pub slot: usize,
    pub pid: u32,
    /// How it ended, once `next_result` reported it.
    pub ended: Option<String>,
}

struct Slot {
    orders: Option<Sender<Order>>,
    driver: Option<JoinHandle<()>>,
    /// The task sent to it whose result `next_result` has not given yet.
    in_flight: Option<usize>,
    /// How its process ended, if it did.
    ended: Option<String>,
    /// Whether `next_result` gave a result of it (went-on detection).
    gave: bool,
}

/// The grader's worker processes. See the module's documentation.
pub struct Workers {
    slots: Vec<Slot>,
    events: Receiver<Result<Done, Ended>>,
    events_in: Sender<Result<Done, Ended>>,
    shared: Arc<Shared>,
    plan: Plan,
    tasks: Vec<TaskBook>,
    processes: Vec<Process>,
    /// Tasks sent so far, for the meeting of the first `count`.
    sent: usize,
    /// The first thing refused, if any.
    refused: Option<String>,
}

/// What a task computes from its input: the worker process runs this.
pub(crate) fn value_of(input: u64) -> u64 {
    seeded::mix(input ^ 0x5EED_7A5C)
}

impl Workers {
    /// Starts `count` worker processes, and makes `tasks` tasks whose ids and inputs come from
    /// `seed`.
    pub(crate) fn start(
        count: usize,
        tasks: usize,
        seed: u64,
        plan: Plan,
    ) -> Result<(Workers, Vec<Task>), String> {
        let (events_in, events) = unbounded();
        let ids = seeded::distinct(seed, tasks, 1000);
        let shared = Arc::new(Shared::default());
        shared.lock().runs = vec![0; tasks];
        let mut workers = Workers {
            slots: Vec::new(),
            events,
            events_in,
            shared,
            plan,
            tasks: (ids.iter().enumerate())
                .map(|(index, &id)| TaskBook {
                    id: id as u64,
                    input: seeded::number(seed ^ 0x1A9, index as u64),
                    stage: Stage::Waiting,
                    sends: 0,
                    crashes: Vec::new(),
                })
                .collect(),
            processes: Vec::new(),
            sent: 0,
            refused: None,
        };
        for slot in 0..count {
            workers.slots.push(Slot {
                orders: None,
                driver: None,
                in_flight: None,
                ended: None,
                gave: false,
            });
            workers.launch(slot)?;
        }
        let tasks = (ids.into_iter().enumerate())
            .map(|(index, id)| Task {
                index,
                id: id as u64,
            })
            .collect();
        Ok((workers, tasks))
    }

    /// Starts a worker process in `slot`, with its driver.
    fn launch(&mut self, slot: usize) -> Result<(), String> {
        let child = crate::worker_program()
            .role(WORKER_ROLE)
            .named(format!("worker {slot}"))
            .start(LIFETIME)
            .map_err(|error| format!("could not start a worker process: {error}"))?;
        self.processes.push(Process {
            slot,
            pid: child.pid(),
            ended: None,
        });
        let (orders, received) = unbounded();
        let (shared, events) = (Arc::clone(&self.shared), self.events_in.clone());
        let driver = thread::Builder::new()
            .name(format!("worker-{slot}-driver"))
            .spawn(move || drive(slot, child, &received, &shared, &events))
            .map_err(|error| format!("could not start a thread: {error}"))?;
        let place = &mut self.slots[slot];
        place.orders = Some(orders);
        place.driver = Some(driver);
        place.ended = None;
        place.gave = false;
        Ok(())
    }

    /// How many workers there are: they are numbered from 0.
    pub fn count(&self) -> usize {
        self.slots.len()
    }

    /// Hands `task` to `worker`, which must have no task in flight: a worker runs one task at a
    /// time. Its result, or the news that the worker ended, comes from [`next_result`](Self::next_result).
    pub fn send(&mut self, worker: usize, task: &Task) {
        let count = self.count();
        let Some(slot) = self.slots.get(worker) else {
            self.refuse(format!(
                "there is no worker {worker}: the workers are numbered 0 to {}",
                count - 1
            ))
        };
        let book = &self.tasks[task.index];
        let id = book.id;
        if let Some(how) = &slot.ended {
            self.refuse(format!(
                "task {id} was sent to worker {worker}, whose process had ended ({how}): start \
                 a new one with `replace({worker})` first"
            ));
        }
        if let Some(other) = slot.in_flight {
            let other = self.tasks[other].id;
            self.refuse(format!(
                "task {id} was sent to worker {worker} while its task {other} was still in \
                 flight: one task per worker at a time"
            ));
        }
        match &book.stage {
            Stage::Waiting | Stage::Lost => {}
            Stage::InFlight(elsewhere) => self.refuse(format!(
                "task {id} was sent to worker {worker} while it was still in flight on worker \
                 {elsewhere}: each task runs once"
            )),
            Stage::Done => self.refuse(format!(
                "task {id} was sent again after its result came back: each task runs once"
            )),
            Stage::Failed => self.refuse(format!(
                "task {id} was sent a third time, after two workers ended while running it ({}): \
                 report it as an Err with the reason, and send it no more",
                book.crashes.join(", then ")
            )),
        }
        if slot.gave {
            self.shared.update(|state| state.went_on = true);
        }
        let attempt = book.sends;
        let hold = if self.plan.meeting && self.sent < count {
            Hold::Meeting(count)
        } else if self.plan.hold_first && task.index == 0 && count > 1 {
            Hold::WentOn
        } else {
            Hold::None
        };
        let order = Order {
            index: task.index,
            id,
            input: book.input,
            fate: self.plan.fate(task.index, attempt),
            hold,
        };
        let book = &mut self.tasks[task.index];
        book.sends += 1;
        book.stage = Stage::InFlight(worker);
        self.sent += 1;
        let slot = &mut self.slots[worker];
        slot.in_flight = Some(task.index);
        let orders = slot.orders.as_ref().expect("a live worker has a driver");
        // A driver leaves only when its process ends during a task, which stays in flight until
        // `next_result` reports the end: the refusals above keep orders from a driver that left.
        orders
            .send(order)
            .expect("a live worker's driver waits for orders");
    }

    /// Waits for the next task to finish, on any worker, and returns its result: `Ok` with what
    /// it computed, or `Err` if its worker's process ended while running it. Results come in the
    /// order the tasks finish, not the order they were sent. Call it only with every worker busy
    /// (or no task left to send): a worker left idle while tasks wait is refused.
    pub fn next_result(&mut self) -> Result<Done, Ended> {
        self.keep_busy();
        if self.slots.iter().all(|slot| slot.in_flight.is_none()) {
            let lost: Vec<String> = (self.tasks.iter())
                .filter(|book| book.stage == Stage::Lost)
                .map(|book| format!("task {} (its worker ended: {})", book.id, book.crashes[0]))
                .collect();
            let lost = if lost.is_empty() {
                String::new()
            } else {
                format!("; lost and never sent again: {}", lost.join(", "))
            };
            self.refuse(format!(
                "next_result() was called with no task in flight on any worker, so no result \
                 can ever come{lost}"
            ));
        }
        let event = match self.events.recv_timeout(RESULT_PATIENCE) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => self.refuse(
                format!("no worker gave a result within {RESULT_PATIENCE:?}, with tasks in flight"),
            ),
        };
        match &event {
            Ok(done) => {
                let slot = &mut self.slots[done.worker];
                if let Some(index) = slot.in_flight.take() {
                    self.tasks[index].stage = Stage::Done;
                }
                slot.gave = true;
            }
            Err(ended) => {
                let slot = &mut self.slots[ended.worker];
                slot.ended = Some(ended.how.clone());
                slot.orders = None;
                if let Some(index) = slot.in_flight.take() {
                    let book = &mut self.tasks[index];
                    book.crashes.push(ended.how.clone());
                    book.stage = if book.crashes.len() >= 2 {
                        Stage::Failed
                    } else {
                        Stage::Lost
                    };
                }
                if let Some(process) = (self.processes.iter_mut())
                    .rev()
                    .find(|process| process.slot == ended.worker)
                {
                    process.ended = Some(ended.how.clone());
                }
            }
        }
        event
    }

    /// Starts a new worker process in place of `worker`, whose process ended (as
    /// [`next_result`](Self::next_result) said): then `worker` takes tasks again.
    pub fn replace(&mut self, worker: usize) {
        match self.slots.get(worker) {
            None => self.refuse(format!("there is no worker {worker} to replace")),
            Some(slot) if slot.ended.is_none() => self.refuse(format!(
                "replace({worker}) was called while worker {worker} was still running: replace \
                 only a worker whose end next_result() reported"
            )),
            Some(_) => {}
        }
        if let Some(driver) = self.slots[worker].driver.take() {
            // It has reported its process's end, and leaves.
            let _ = driver.join();
        }
        if let Err(why) = self.launch(worker) {
            self.refuse(why);
        }
    }

    /// Refuses what the student's code asked: remembered for the check, and unwound to it
    /// without the panic hook's message (the check reports it).
    fn refuse(&mut self, why: String) -> ! {
        self.refused.get_or_insert(why.clone());
        // A `String`, as `panic!` would carry it; `resume_unwind` skips the panic hook, which would
        // print it once more.
        resume_unwind(Box::new(why))
    }

    /// Refuses a wait while a worker is idle, or gone, and tasks are left to send.
    fn keep_busy(&mut self) {
        let waiting = (self.tasks.iter())
            .filter(|book| book.stage == Stage::Waiting)
            .count();
        let mut lost = (self.tasks.iter()).filter(|book| book.stage == Stage::Lost);
        let first_lost = lost.next();
        let lost = usize::from(first_lost.is_some()) + lost.count();
        if waiting == 0 && first_lost.is_none() {
            return;
        }
        let Some((worker, slot)) = (self.slots.iter().enumerate())
            .find(|(_, slot)| slot.ended.is_some() || slot.in_flight.is_none())
        else {
            return;
        };
        let left = waiting + lost;
        let why = match (&slot.ended, first_lost) {
            (Some(how), _) => format!(
                "next_result() was called while worker {worker}'s process had ended ({how}) and \
                 was not replaced, with {left} task(s) left to send: replace every worker that \
                 ends, and keep every worker busy while tasks are left"
            ),
            // A lost task that nobody sends again is the mistake to name, rather than the idling.
            (None, Some(book)) if waiting == 0 => format!(
                "next_result() was called while worker {worker} had no task, and task {} was \
                 never sent again after its worker ended while running it ({}): a lost task must \
                 be sent again, once, to a new worker",
                book.id, book.crashes[0]
            ),
            (None, _) => format!(
                "next_result() was called while worker {worker} had no task, with {left} task(s) \
                 left to send: keep every worker busy while tasks are left"
            ),
        };
        self.refuse(why);
    }

    /// The first thing refused, even if the student's code caught the unwind.
    pub(crate) fn refused(&self) -> Option<&str> {
        self.refused.as_deref()
    }

    /// Per task, how many times a worker process started it.
    pub(crate) fn runs(&self) -> Vec<usize> {
        self.shared.lock().runs.clone()
    }

    /// The most tasks running in the worker processes at once.
    pub(crate) fn peak(&self) -> usize {
        self.shared.lock().peak
    }

    /// Every worker process started, in order.
    pub(crate) fn processes(&self) -> &[Process] {
        &self.processes
    }

    /// The workers whose process ended and was not replaced.
    pub(crate) fn gone(&self) -> Vec<usize> {
        (self.slots.iter().enumerate())
            .filter(|(_, slot)| slot.ended.is_some())
            .map(|(worker, _)| worker)
            .collect()
    }

    /// What task `index` computes.
    pub(crate) fn expected(&self, index: usize) -> u64 {
        value_of(self.tasks[index].input)
    }

    /// The id of task `index`.
    pub(crate) fn id(&self, index: usize) -> u64 {
        self.tasks[index].id
    }

    /// Says what `value` is: whose result, or that no task computed it.
    pub(crate) fn name(&self, value: u64) -> String {
        (0..self.tasks.len())
            .find(|&index| self.expected(index) == value)
            .map_or_else(
                || format!("{value}, which no task computed"),
                |index| format!("the result of task {} (place {index})", self.id(index)),
            )
    }

    /// The process ids of every worker started, for the tests.
    #[cfg(test)]
    pub(crate) fn pids(&self) -> Vec<u32> {
        self.processes.iter().map(|process| process.pid).collect()
    }
}

impl Drop for Workers {
    /// Stops every driver, which kills and reaps its process (the kit's `Child` does on drop).
    fn drop(&mut self) {
        self.shared.update(|state| state.closing = true);
        for slot in &mut self.slots {
            // Without a sender, a driver waiting for orders leaves.
            slot.orders = None;
        }
        for slot in &mut self.slots {
            if let Some(driver) = slot.driver.take() {
                let _ = driver.join();
            }
        }
    }
}

/// Drives the worker process `child` in `slot`: each order out, its task's lines back, until the
/// orders stop (the child is then dropped: killed and reaped) or the process ends.
fn drive(
    slot: usize,
    mut child: Child,
    orders: &Receiver<Order>,
    shared: &Shared,
    events: &Sender<Result<Done, Ended>>,
) {
    let ended = |error: process::Error| {
        let how = match error.problem() {
            Problem::Ended(how) => how.clone(),
            _ => error.to_string(),
        };
        let _ = events.send(Err(Ended { worker: slot, how }));
    };
    for order in orders {
        let line = format!("task {} {} {}", order.id, order.input, order.fate.word());
        if let Err(error) = child.send_line(&line) {
            return ended(error);
        }
        let started = format!("started {}", order.id);
        if let Err(error) = child.wait_for_line(&started) {
            return ended(error);
        }
        shared.update(|state| {
            state.runs[order.index] += 1;
            state.running += 1;
            state.peak = state.peak.max(state.running);
        });
        match order.hold {
            Hold::None => {}
            Hold::WentOn => shared.wait_until(PATIENCE, |state| state.went_on),
            Hold::Meeting(count) => shared.wait_until(PATIENCE, |state| state.peak >= count),
        }
        if shared.lock().closing {
            return;
        }
        let result = if order.fate == Fate::Killed {
            // Killed while it holds the task: no `go`, which a dying process may not take.
            child
                .signal(libc::SIGKILL)
                .and_then(|()| child.wait_for("its end", |_| false))
        } else {
            child
                .send_line("go")
                .and_then(|()| child.wait_for("its result", |line| line.starts_with("done ")))
        };
        shared.update(|state| state.running -= 1);
        match result {
            Ok(line) => {
                let value = line.rsplit(' ').next().and_then(|value| value.parse().ok());
                let Some(value) = value else {
                    let how = format!("it said {line:?} instead of a result");
                    let _ = events.send(Err(Ended { worker: slot, how }));
                    return;
                };
                let done = Done {
                    worker: slot,
                    task: order.id,
                    value,
                };
                if events.send(Ok(done)).is_err() {
                    return;
                }
            }
            Err(error) => return ended(error),
        }
    }
}

/// The role [`WORKER_ROLE`]: takes tasks on stdin, one at a time, and meets its fate on each.
/// It ends when its input closes: the grader is done with it, or gone.
pub(crate) fn work(_args: &Args) -> Result<(), String> {
    let stdin = io::stdin();
    let mut lines = stdin.lock().lines();
    while let Some(Ok(line)) = lines.next() {
        let words: Vec<&str> = line.split(' ').collect();
        let ["task", id, input, fate] = words[..] else {
            return Err(format!("not a task: {line:?}"));
        };
        let input: u64 = input
            .parse()
            .map_err(|_| format!("bad input in {line:?}"))?;
        process::say(format!("started {id}"));
        // Anything but `go` (the end of the input, say) means the grader is done with us.
        if !matches!(lines.next(), Some(Ok(word)) if word == "go") {
            return Ok(());
        }
        match fate {
            "finish" => {}
            "abort" => abort(),
            "panic" => panic!("task {id} failed {ON_PURPOSE}"),
            exit => {
                let code = exit
                    .strip_prefix("exit=")
                    .and_then(|code| code.parse().ok());
                std::process::exit(code.ok_or_else(|| format!("unknown fate in {line:?}"))?);
            }
        }
        process::say(format!("done {id} {}", value_of(input)));
    }
    Ok(())
}

/// Aborts this process without leaving a core file behind.
fn abort() -> ! {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `setrlimit` only reads the limit we pass; a limit of 0 for core files means none
    // is written when the abort below ends the process.
    unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) };
    // A core pattern that pipes to a collector (systemd-coredump, apport) ignores that limit,
    // but never takes the core of a process that is not dumpable.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_DUMPABLE only changes a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0)
    };
    std::process::abort()
}

/// Runs the student's code on `workers`: what it returned, or what went wrong, as a check says
/// it: what `Workers` refused (even if the code caught the unwind), or the code's own panic.
pub(crate) fn attempt<R>(
    workers: &mut Workers,
    run: impl FnOnce(&mut Workers) -> R,
) -> Result<R, String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| run(workers)));
    if let Some(why) = workers.refused() {
        return Err(why.to_owned());
    }
    outcome.map_err(|panic| format!("run_all panicked: {}", panic_message(panic.as_ref())))
}

/// Every task of `workers` ran in the worker processes exactly as often as `runs_of` says.
pub(crate) fn check_runs(
    workers: &Workers,
    runs_of: impl Fn(usize) -> usize,
    why: impl Fn(usize) -> String,
) -> Result<(), String> {
    for (index, &runs) in workers.runs().iter().enumerate() {
        let wanted = runs_of(index);
        if runs != wanted {
            return Err(format!(
                "task {} (place {index}) was started {runs} times in the worker processes, \
                 where {wanted} belongs: {}",
                workers.id(index),
                why(index)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether process `pid` is gone: neither running nor waiting to be reaped.
    fn gone(pid: u32) -> bool {
        let pid = libc::pid_t::try_from(pid).unwrap();
        // SAFETY: signal 0 only asks whether the process exists; nothing is delivered.
        let result = unsafe { libc::kill(pid, 0) };
        result == -1 && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }

    #[test]
    fn each_fate_ends_its_worker_as_told_and_a_replacement_runs_the_task_again() {
        let fates = [
            (Fate::Exit(3), "exit code 3"),
            (Fate::Abort, "killed by signal 6 (SIGABRT)"),
            (Fate::Panic, "exit code 101"),
            (Fate::Killed, "killed by signal 9 (SIGKILL)"),
        ];
        let plan = Plan {
            fates: (0..fates.len())
                .map(|task| (task, vec![fates[task].0]))
                .collect(),
            ..Plan::default()
        };
        let (mut workers, tasks) = Workers::start(1, fates.len(), 0xFA7E, plan).unwrap();
        for (task, (_, how)) in tasks.iter().zip(fates) {
            workers.send(0, task);
            let ended = workers.next_result().unwrap_err();
            assert_eq!(
                ended,
                Ended {
                    worker: 0,
                    how: how.to_owned()
                }
            );
            workers.replace(0);
            workers.send(0, task);
            let done = workers.next_result().unwrap();
            assert_eq!(
                (done.task, done.value),
                (task.id(), workers.expected(task.index))
            );
        }
        assert_eq!(workers.runs(), vec![2; fates.len()]);
        let pids = workers.pids();
        assert_eq!(pids.len(), 1 + fates.len());
        drop(workers);
        assert!(pids.into_iter().all(gone));
    }

    #[test]
    fn dropping_the_workers_kills_and_reaps_them_even_with_a_task_held_or_a_panic() {
        let mut pids = Vec::new();
        let panicked = catch_unwind(AssertUnwindSafe(|| {
            let plan = Plan {
                hold_first: true,
                ..Plan::default()
            };
            let (mut workers, tasks) = Workers::start(3, 4, 0xD20, plan).unwrap();
            // Task 0 is held until another worker goes on: its process waits for `go`.
            workers.send(0, &tasks[0]);
            pids = workers.pids();
            panic!("a check failed {ON_PURPOSE}");
        }));
        assert!(panicked.is_err());
        assert_eq!(pids.len(), 3);
        assert!(pids.into_iter().all(gone));
    }

    #[test]
    fn what_a_pool_must_not_do_is_refused_with_the_reason() {
        let (mut workers, tasks) = Workers::start(2, 3, 0x4EF, Plan::default()).unwrap();
        let refused = |workers: &mut Workers, act: &dyn Fn(&mut Workers)| {
            let why = attempt(workers, |workers| act(workers)).unwrap_err();
            workers.refused = None;
            why
        };
        workers.send(0, &tasks[0]);
        let why = refused(&mut workers, &|workers| workers.send(0, &tasks[1]));
        assert!(why.contains("one task per worker at a time"), "{why}");
        let why = refused(&mut workers, &|workers| workers.send(1, &tasks[0]));
        assert!(why.contains("still in flight on worker 0"), "{why}");
        let why = refused(&mut workers, &|workers| drop(workers.next_result()));
        assert!(
            why.contains("worker 1 had no task, with 2 task(s) left"),
            "{why}"
        );
        let why = refused(&mut workers, &|workers| workers.send(2, &tasks[1]));
        assert!(why.contains("there is no worker 2"), "{why}");
        let why = refused(&mut workers, &|workers| workers.replace(1));
        assert!(why.contains("was still running"), "{why}");
        workers.send(1, &tasks[1]);
        let first = workers.next_result().unwrap();
        workers.send(first.worker, &tasks[2]);
        workers.next_result().unwrap();
        workers.next_result().unwrap();
        let why = refused(&mut workers, &|workers| workers.send(0, &tasks[1]));
        assert!(
            why.contains("sent again after its result came back"),
            "{why}"
        );
        let why = refused(&mut workers, &|workers| drop(workers.next_result()));
        assert!(why.contains("no task in flight"), "{why}");
        assert_eq!(workers.runs(), [1, 1, 1]);
    }
}
