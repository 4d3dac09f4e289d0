//! The parent's side: children that run under a deadline, whose lines arrive as they print them,
//! and who are killed and reaped if anything goes wrong, or when they are dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use super::protocol;
use super::{Error, Finished, Launch, Problem, Reported, describe};

/// What one child's reader threads tell the parent.
enum Event {
    Line(String),
    OutputClosed,
    ErrorsClosed,
}

/// How much of a child's stderr is kept: its end, which is where a panic's message is.
const STDERR_KEPT: usize = 64 * 1024;

#[derive(Debug)]
struct Member {
    name: String,
    role: String,
    pid: u32,
    process: std::process::Child,
    stdin: Option<ChildStdin>,
    stderr: Arc<Mutex<Vec<u8>>>,
    spawned: SystemTime,
    started: Instant,
    ready: Option<SystemTime>,
    lines: Vec<String>,
    /// Lines before this one were matched by a wait already.
    unread: usize,
    spans: Vec<Reported>,
    output_closed: bool,
    errors_closed: bool,
    status: Option<ExitStatus>,
    lived: Duration,
    /// Its end was handed out by [`Children::next_heard`] already.
    end_heard: bool,
}

impl Member {
    fn who(&self) -> String {
        if self.name == self.role {
            format!("the `{}` child (pid {})", self.role, self.pid)
        } else {
            format!("{} (pid {}, role `{}`)", self.name, self.pid, self.role)
        }
    }

    fn take(&mut self, line: String) {
        if self.ready.is_none()
            && let Some(at) = protocol::parse_ready(&line)
        {
            self.ready = Some(at);
        } else if let Some((label, start, end)) = protocol::parse_span(&line) {
            self.spans.push(Reported { label, start, end });
        } else {
            self.lines.push(line);
        }
    }

    fn stderr_text(&self) -> String {
        let bytes = self
            .stderr
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn kill(&mut self) {
        if self.status.is_some() {
            return;
        }
        // It may have exited already; then there is nothing to kill, and `wait` reaps it.
        let _ = self.process.kill();
        if let Ok(status) = self.process.wait() {
            self.status = Some(status);
            self.lived = self.started.elapsed();
        }
    }
}

/// Children started together, usually for the ready/go handshake: [`start`](Self::start) them,
/// [`ready_go`](Self::ready_go) starts their work at one moment, [`finish`](Self::finish)
/// collects what each printed and reported. Each child's output is read by a thread of its own
/// into one channel, so a silent child keeps no other child's lines waiting; every wait ends at
/// the deadline given to `start`, and then every child is killed and reaped. So is every child
/// still running when `Children` is dropped, after a panic say: none is ever left behind.
#[derive(Debug)]
pub struct Children {
    members: Vec<Member>,
    events: Receiver<(usize, Event)>,
    /// Kept for the reader threads of children started later ([`Children::add`]).
    events_in: Sender<(usize, Event)>,
    limit: Duration,
    deadline: Instant,
}

impl Children {
    /// Starts one child per launch, named as [`Launch::named`] says or `process-<i>`. Every
    /// wait on them ends by `limit` from now.
    pub fn start(
        launches: impl IntoIterator<Item = Launch>,
        limit: Duration,
    ) -> Result<Children, Error> {
        let named = launches.into_iter().enumerate().map(|(i, launch)| {
            let name = launch
                .name()
                .map_or_else(|| format!("process-{i}"), str::to_owned);
            (name, launch)
        });
        Self::start_named(named.collect(), limit)
    }

    pub(super) fn start_named(
        launches: Vec<(String, Launch)>,
        limit: Duration,
    ) -> Result<Children, Error> {
        let (events_in, events) = mpsc::channel();
        let mut children = Children {
            members: Vec::with_capacity(launches.len()),
            events,
            events_in: events_in.clone(),
            limit,
            deadline: Instant::now() + limit,
        };
        for (name, launch) in launches {
            // On an error, dropping `children` kills the children started so far.
            children.spawn(name, &launch, &events_in)?;
        }
        Ok(children)
    }

    fn spawn(
        &mut self,
        name: String,
        launch: &Launch,
        events: &Sender<(usize, Event)>,
    ) -> Result<(), Error> {
        let index = self.members.len();
        let spawned = SystemTime::now();
        let started = Instant::now();
        let not_started = |error: std::io::Error| {
            let child = format!("{name} (role `{}`)", launch.role());
            let problem = Problem::NotStarted(error.to_string());
            Error::new(child, "its start", problem, &[], "")
        };
        #[cfg(unix)]
        let input = match launch.input().map_err(not_started)? {
            Some(fd) => Stdio::from(fd),
            None => Stdio::piped(),
        };
        #[cfg(not(unix))]
        let input = Stdio::piped();
        let mut process = launch
            .command()
            .stdin(input)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(not_started)?;
        let stdout = process.stdout.take().expect("stdout is piped");
        let mut errors = process.stderr.take().expect("stderr is piped");
        let lines = events.clone();
        thread::Builder::new()
            .name(format!("{name}-stdout"))
            .spawn(move || {
                let mut reader = BufReader::new(stdout);
                let mut line = Vec::new();
                // Reads bytes, not `String`s: a line that is not UTF-8 must not end the reading.
                while let Ok(1..) = reader.read_until(b'\n', &mut line) {
                    let text = String::from_utf8_lossy(&line);
                    let text = text.trim_end_matches(['\n', '\r']).to_owned();
                    if lines.send((index, Event::Line(text))).is_err() {
                        return;
                    }
                    line.clear();
                }
                let _ = lines.send((index, Event::OutputClosed));
            })
            .expect("the OS refused to start a thread");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&stderr);
        let closed = events.clone();
        thread::Builder::new()
            .name(format!("{name}-stderr"))
            .spawn(move || {
                let mut chunk = [0u8; 4096];
                while let Ok(read @ 1..) = errors.read(&mut chunk) {
                    let mut kept = kept.lock().unwrap_or_else(|poison| poison.into_inner());
                    kept.extend_from_slice(&chunk[..read]);
                    let extra = kept.len().saturating_sub(STDERR_KEPT);
                    kept.drain(..extra);
                }
                let _ = closed.send((index, Event::ErrorsClosed));
            })
            .expect("the OS refused to start a thread");
        self.members.push(Member {
            name,
            role: launch.role().to_owned(),
            pid: process.id(),
            stdin: process.stdin.take(),
            process,
            stderr,
            spawned,
            started,
            ready: None,
            lines: Vec::new(),
            unread: 0,
            spans: Vec::new(),
            output_closed: false,
            errors_closed: false,
            status: None,
            lived: Duration::ZERO,
            end_heard: false,
        });
        Ok(())
    }

    /// How many children there are.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The process id of child `i`.
    pub fn pid(&self, i: usize) -> u32 {
        self.members[i].pid
    }

    /// The lines child `i` printed so far (besides `ready` and its spans).
    pub fn lines(&self, i: usize) -> &[String] {
        &self.members[i].lines
    }

    /// Takes the next event, waiting at most until the deadline. `Ok(false)`: no child has
    /// anything more to say.
    fn pump(&mut self) -> Result<bool, ()> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        match self.events.recv_timeout(left) {
            Ok((i, event)) => {
                let member = &mut self.members[i];
                match event {
                    Event::Line(line) => member.take(line),
                    Event::OutputClosed => member.output_closed = true,
                    Event::ErrorsClosed => member.errors_closed = true,
                }
                Ok(true)
            }
            Err(RecvTimeoutError::Timeout) => Err(()),
            Err(RecvTimeoutError::Disconnected) => Ok(false),
        }
    }

    /// Waits, until the deadline, for child `i` to exit, and reaps it.
    fn reap(&mut self, i: usize) -> Result<ExitStatus, Problem> {
        let mut pause = Duration::from_micros(50);
        loop {
            let member = &mut self.members[i];
            if let Some(status) = member.status {
                return Ok(status);
            }
            match member.process.try_wait() {
                Ok(Some(status)) => {
                    member.status = Some(status);
                    member.lived = member.started.elapsed();
                    return Ok(status);
                }
                Ok(None) => {}
                Err(error) => return Err(Problem::Io(format!("could not wait for it: {error}"))),
            }
            let now = Instant::now();
            if now >= self.deadline {
                return Err(Problem::TimedOut(self.limit));
            }
            thread::sleep(pause.min(self.deadline - now));
            pause = (pause * 2).min(Duration::from_millis(5));
        }
    }

    /// Kills and reaps every child, then describes what went wrong with child `i`.
    fn fail(&mut self, i: usize, waiting_for: &str, problem: Problem) -> Error {
        for member in &mut self.members {
            member.kill();
        }
        let member = &self.members[i];
        let stderr = member.stderr_text();
        Error::new(member.who(), waiting_for, problem, &member.lines, &stderr)
    }

    /// The error for child `i`, whose output closed while we waited for `waiting_for`.
    fn ended_early(&mut self, i: usize, waiting_for: &str) -> Error {
        let problem = match self.reap(i) {
            Ok(status) => Problem::Ended(describe(status)),
            Err(problem) => problem,
        };
        // The end of its stderr may still be on the way: wait for it, at most until the deadline.
        while !self.members[i].errors_closed && self.pump() == Ok(true) {}
        self.fail(i, waiting_for, problem)
    }

    /// Waits until every child has said `ready`, then says `go` to every one, so that their
    /// work starts at one moment (see [`ready_for_go`](super::ready_for_go)).
    pub fn ready_go(&mut self) -> Result<(), Error> {
        const READY: &str = "its `ready` line";
        let waiting = |member: &Member| member.ready.is_none();
        while let Some(i) = self.members.iter().position(waiting) {
            // A child that ended without a word is reported at once, whatever the others do.
            let ended = self
                .members
                .iter()
                .position(|m| waiting(m) && m.output_closed);
            if let Some(ended) = ended {
                return Err(self.ended_early(ended, READY));
            }
            if self.pump().is_err() {
                return Err(self.fail(i, READY, Problem::TimedOut(self.limit)));
            }
        }
        // Everyone is ready: one line each, written as fast as we can, starts them together.
        for i in 0..self.members.len() {
            self.send_line(i, protocol::GO)?;
        }
        Ok(())
    }

    /// Writes `line` to child `i`'s input.
    pub fn send_line(&mut self, i: usize, line: &str) -> Result<(), Error> {
        let member = &mut self.members[i];
        let sent = match member.stdin.as_mut() {
            Some(stdin) => writeln!(stdin, "{line}").and_then(|()| stdin.flush()),
            None => Err(std::io::Error::other(
                "its input is not the kit's pipe (`Launch::stdin_from`), or was closed",
            )),
        };
        sent.map_err(|error| {
            let waiting_for = format!("its input to take {line:?}");
            self.fail(i, &waiting_for, Problem::Io(error.to_string()))
        })
    }

    /// Waits for a line from child `i` that `wanted` accepts, among the lines it printed after
    /// the last line a wait matched, and returns it. `what` says what the line is, for the error.
    pub fn wait_for(
        &mut self,
        i: usize,
        what: &str,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<String, Error> {
        loop {
            let member = &mut self.members[i];
            if let Some(at) = member.lines[member.unread..]
                .iter()
                .position(|line| wanted(line))
            {
                member.unread += at + 1;
                return Ok(member.lines[member.unread - 1].clone());
            }
            member.unread = member.lines.len();
            if member.output_closed {
                return Err(self.ended_early(i, what));
            }
            if self.pump().is_err() {
                return Err(self.fail(i, what, Problem::TimedOut(self.limit)));
            }
        }
    }

    /// Sends `signal` to child `i`, and to no other process: only a child not reaped yet, whose
    /// process id cannot belong to anyone else.
    #[cfg(unix)]
    pub fn signal(&mut self, i: usize, signal: i32) -> Result<(), Error> {
        let waiting_for = format!("signal {signal}");
        let member = &mut self.members[i];
        if let Ok(Some(status)) = member.process.try_wait() {
            member.status = Some(status);
            member.lived = member.started.elapsed();
            return Err(self.fail(i, &waiting_for, Problem::Ended(describe(status))));
        }
        let pid = libc::pid_t::try_from(member.pid).expect("a process id fits in pid_t");
        // SAFETY: `kill` only asks the kernel to deliver a signal to `pid`, our own child, which
        // has not been reaped yet, so its id cannot have been given to another process.
        if unsafe { libc::kill(pid, signal) } == 0 {
            Ok(())
        } else {
            let error = std::io::Error::last_os_error();
            Err(self.fail(i, &waiting_for, Problem::Io(error.to_string())))
        }
    }

    /// Waits for every child to close its output and exit, reaps it, and returns what each
    /// printed, reported and how it ended, in the order they were started. Closing the children's
    /// input first tells any child still waiting for `go` that it will never come.
    pub fn finish(mut self) -> Result<Vec<Finished>, Error> {
        for member in &mut self.members {
            member.stdin = None;
        }
        const END: &str = "its end";
        while let Some(i) = self
            .members
            .iter()
            .position(|member| !member.output_closed || !member.errors_closed)
        {
            if self.pump().is_err() {
                return Err(self.fail(i, END, Problem::TimedOut(self.limit)));
            }
        }
        for i in 0..self.members.len() {
            if let Err(problem) = self.reap(i) {
                return Err(self.fail(i, END, problem));
            }
        }
        let members = std::mem::take(&mut self.members);
        Ok(members
            .into_iter()
            .map(|member| Finished {
                stderr: member.stderr_text(),
                status: member.status.expect("every child was reaped"),
                name: member.name,
                role: member.role,
                pid: member.pid,
                lines: member.lines,
                spans: member.spans,
                spawned: member.spawned,
                ready: member.ready,
                lived: member.lived,
            })
            .collect())
    }
}

impl Drop for Children {
    /// A child nobody waits for any more is killed and reaped, never left running behind a
    /// failed lesson or test.
    fn drop(&mut self) {
        for member in &mut self.members {
            member.kill();
        }
    }
}

/// What [`Children::next_heard`] heard first, from whichever child said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// Child `i` printed this line (not `ready` or a span, which are kept as usual).
    Line(usize, String),
    /// Child `i` closed its output and exited, and was reaped: how it ended. The other children
    /// go on: an end heard here is news, not an error.
    Ended(usize, ExitStatus),
}

/// For a pool of long-lived children, which come and go: whichever child speaks or ends first is
/// heard, a child can be added to the running ones, and a child that ended is no error. The
/// deadline given at the start still bounds every wait.
impl Children {
    /// Starts one more child, named as [`Launch::named`] says or `process-<i>`, and returns its
    /// index `i`. Its waits end by the deadline of the others.
    pub fn add(&mut self, launch: Launch) -> Result<usize, Error> {
        let index = self.members.len();
        let name = launch
            .name()
            .map_or_else(|| format!("process-{index}"), str::to_owned);
        let events = self.events_in.clone();
        self.spawn(name, &launch, &events)?;
        Ok(index)
    }

    /// Waits for the next line from any child, or the next end of one, whichever comes first;
    /// lines a wait has not matched yet come first. `Ok(None)`: every child's end was heard,
    /// nothing more can come. Only the deadline is an error (then every child is killed and reaped).
    pub fn next_heard(&mut self) -> Result<Option<Heard>, Error> {
        loop {
            for (i, member) in self.members.iter_mut().enumerate() {
                if let Some(line) = member.lines.get(member.unread) {
                    member.unread += 1;
                    return Ok(Some(Heard::Line(i, line.clone())));
                }
            }
            let ended = self
                .members
                .iter()
                .position(|m| !m.end_heard && m.output_closed && m.errors_closed);
            if let Some(i) = ended {
                // Its pipes are closed: it has exited or is about to; reaping it takes no longer.
                let status = self
                    .reap(i)
                    .map_err(|problem| self.fail(i, "its end", problem))?;
                self.members[i].end_heard = true;
                return Ok(Some(Heard::Ended(i, status)));
            }
            let Some(waiting) = self.members.iter().position(|m| !m.end_heard) else {
                return Ok(None);
            };
            if self.pump().is_err() {
                let what = "a line or the end of any child";
                return Err(self.fail(waiting, what, Problem::TimedOut(self.limit)));
            }
        }
    }

    /// Writes `line` to child `i`'s input, like [`send_line`](Self::send_line), except that a
    /// child that has ended (its input is closed) is not an error for the others: the write's
    /// error comes back, and the child's end will be heard.
    pub fn try_send_line(&mut self, i: usize, line: &str) -> std::io::Result<()> {
        let Some(stdin) = self.members[i].stdin.as_mut() else {
            let closed = "its input was closed by the parent";
            return Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, closed));
        };
        writeln!(stdin, "{line}").and_then(|()| stdin.flush())
    }

    /// Closes child `i`'s input: a child that reads it until it ends learns that no more is
    /// coming. [`send_line`](Self::send_line) to it panics afterwards; `try_send_line` says so.
    pub fn close_input(&mut self, i: usize) {
        self.members[i].stdin = None;
    }

    /// How child `i` ended, if it has been reaped.
    pub fn status(&self, i: usize) -> Option<ExitStatus> {
        self.members[i].status
    }
}
