//! Watching a child process with a deadline on every wait, so that a lesson or a test never
//! hangs: a child that does not say what is expected in time is killed, and the caller gets an
//! error that lists everything the child said.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// A running child whose output lines arrive as it prints them.
#[derive(Debug)]
pub struct Supervised {
    child: Child,
    lines: Receiver<String>,
    stderr: Option<JoinHandle<String>>,
    /// Every line the child has printed so far, in order.
    pub seen: Vec<String>,
}

/// How a child ended.
#[derive(Debug, Clone)]
pub struct Finished {
    pub status: ExitStatus,
    /// Everything it printed on stdout, line by line.
    pub lines: Vec<String>,
    pub stderr: String,
}

impl Finished {
    /// The signal that ended the child, if one did (2 is SIGINT).
    pub fn signal(&self) -> Option<i32> {
        self.status.signal()
    }
}

impl Supervised {
    /// Starts `command` with its stdout and stderr piped to us.
    pub fn start(mut command: Command) -> std::io::Result<Self> {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut stderr = child.stderr.take().expect("stderr is piped");
        // Reading blocks, so each pipe gets a thread; they end when the child closes its end.
        let (send, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Ok(Supervised {
            child,
            lines,
            stderr: Some(stderr),
            seen: Vec::new(),
        })
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits at most `limit` for a line that `wanted` accepts, and returns it. On a timeout, or if
    /// the child ends first, the child is killed and the error says what it printed.
    pub fn wait_for_line(
        &mut self,
        wanted: impl Fn(&str) -> bool,
        limit: Duration,
    ) -> Result<String, String> {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if wanted(&line) {
                        return Ok(line);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.kill();
                    return Err(format!(
                        "the child did not print the expected line within {limit:?}; it printed {:?}",
                        self.seen
                    ));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.kill();
                    return Err(format!(
                        "the child closed its output before the expected line; it printed {:?}",
                        self.seen
                    ));
                }
            }
        }
    }

    /// Sends `signal` to the child (and to no other process).
    pub fn send_signal(&self, signal: i32) -> Result<(), String> {
        let pid = libc::pid_t::try_from(self.pid()).map_err(|error| error.to_string())?;
        // SAFETY: `kill` only asks the kernel to deliver a signal to the process `pid`, our own
        // child, which has not been waited for yet, so its id cannot belong to another process.
        let result = unsafe { libc::kill(pid, signal) };
        if result == 0 {
            Ok(())
        } else {
            Err(format!(
                "kill({pid}, {signal}) failed: {}",
                std::io::Error::last_os_error()
            ))
        }
    }

    /// Waits at most `limit` for the child to print its last line and exit; kills it on a timeout.
    pub fn finish(mut self, limit: Duration) -> Result<Finished, String> {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    self.kill();
                    return Err(format!(
                        "the child was still running after {limit:?}; it printed {:?}",
                        self.seen
                    ));
                }
            }
        }
        // Its stdout is closed: it has exited, or is about to.
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(1)),
                Ok(None) => {
                    self.kill();
                    return Err(format!(
                        "the child closed its output but did not exit within {limit:?}"
                    ));
                }
                Err(error) => return Err(format!("could not wait for the child: {error}")),
            }
        };
        let stderr = self
            .stderr
            .take()
            .map(|reader| reader.join().unwrap_or_default())
            .unwrap_or_default();
        Ok(Finished {
            status,
            lines: std::mem::take(&mut self.seen),
            stderr,
        })
    }

    fn kill(&mut self) {
        // It may have exited already; then there is nothing to kill.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Supervised {
    /// A child nobody waits for any more is killed, never left running behind a failed test.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.kill();
        }
    }
}
