//! The parent's side of the notes' "processes" runs: start N copies of a job in child processes,
//! let them all begin at once, and put what each reports on the run's timeline.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use lesson_kit::{Timeline, run_with_timeout};

/// What one child process did, by its own clock readings (wall clock, shared by all processes).
#[derive(Debug, Clone)]
pub struct ChildRun {
    /// `process-0`, `process-1`, ...: a stable name for the lane; the pid changes every run.
    pub name: String,
    pub pid: u32,
    /// The line the child printed when it began its job (pid, process and thread names).
    pub who: String,
    pub spawned: SystemTime,
    pub ready: SystemTime,
    pub start: SystemTime,
    pub end: SystemTime,
    pub result: u64,
}

impl ChildRun {
    /// How long the process took to start, from spawn to its `ready`.
    pub fn start_cost(&self) -> Duration {
        self.ready.duration_since(self.spawned).unwrap_or_default()
    }

    /// How long the job itself took, by the child's clock.
    pub fn job_time(&self) -> Duration {
        self.end.duration_since(self.start).unwrap_or_default()
    }
}

/// Starts `count` children from `command(i)` (which sets the role and the job's own flags),
/// waits until every one is ready, tells them all to go, and collects their reports. On
/// `timeline`, each gets a lane `process-i` with a `start` span (from spawn to ready: the cost
/// of starting a process) and a `label` span (the job).
///
/// Starting a process takes milliseconds; without the go signal the first child would be well
/// into its job before the last one exists. The wall time of the run still includes the starts.
pub fn run_processes(
    count: usize,
    command: impl Fn(usize) -> Command,
    label: &str,
    timeline: &Timeline,
) -> Result<Vec<ChildRun>, String> {
    struct Started {
        name: String,
        spawned: SystemTime,
        child: Child,
        out: BufReader<ChildStdout>,
    }
    let mut started = Vec::with_capacity(count);
    for i in 0..count {
        let name = format!("process-{i}");
        let spawned = SystemTime::now();
        let mut child = command(i)
            .args(["--name", &name])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|error| format!("could not start {name}: {error}"))?;
        let out = BufReader::new(child.stdout.take().expect("stdout is piped"));
        started.push(Started {
            name,
            spawned,
            child,
            out,
        });
    }
    let mut ready = Vec::with_capacity(count);
    for process in &mut started {
        let line = next_line(&mut process.out, &process.name)?;
        ready.push(
            parse_ready(&line).ok_or_else(|| {
                format!("{} said {line:?} instead of `ready <nanos>`", process.name)
            })?,
        );
    }
    // Everyone is ready: one line each, written as fast as we can, starts the jobs together.
    for process in &mut started {
        let stdin = process.child.stdin.as_mut().expect("stdin is piped");
        writeln!(stdin, "go").map_err(|error| format!("{}: {error}", process.name))?;
        stdin
            .flush()
            .map_err(|error| format!("{}: {error}", process.name))?;
    }
    let mut runs = Vec::with_capacity(count);
    for (mut process, ready) in started.into_iter().zip(ready) {
        let who = next_line(&mut process.out, &process.name)?;
        let done = next_line(&mut process.out, &process.name)?;
        let (start, end, result) = parse_done(&done).ok_or_else(|| {
            format!(
                "{} said {done:?} instead of `done <start> <end> <result>`",
                process.name
            )
        })?;
        let status = process
            .child
            .wait()
            .map_err(|error| format!("{}: {error}", process.name))?;
        if !status.success() {
            return Err(format!("{} ended with {status}", process.name));
        }
        timeline.add_system_times(&process.name, "start", process.spawned, ready);
        timeline.add_system_times(&process.name, label, start, end);
        runs.push(ChildRun {
            pid: process.child.id(),
            name: process.name,
            who,
            spawned: process.spawned,
            ready,
            start,
            end,
            result,
        });
    }
    Ok(runs)
}

/// A child process that ran to its end: what it printed, and how long it lived.
#[derive(Debug, Clone)]
pub struct Finished {
    pub pid: u32,
    pub success: bool,
    pub lines: Vec<String>,
    pub took: Duration,
}

/// Runs `command` to its end, reading what it prints; gives up after `limit`, so that a child
/// that never ends fails the lesson instead of hanging it.
pub fn run_to_end(mut command: Command, limit: Duration) -> Result<Finished, String> {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("could not start the child: {error}"))?;
    let pid = child.id();
    let output = run_with_timeout(limit, move || child.wait_with_output())
        .map_err(|failure| format!("the child process {pid}: {failure}"))?
        .map_err(|error| format!("the child process {pid}: {error}"))?;
    Ok(Finished {
        pid,
        success: output.status.success(),
        lines: String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
        took: started.elapsed(),
    })
}

fn next_line(out: &mut BufReader<ChildStdout>, name: &str) -> Result<String, String> {
    let mut line = String::new();
    match out.read_line(&mut line) {
        Ok(0) => Err(format!("{name} closed its output early")),
        Ok(_) => Ok(line.trim_end().to_owned()),
        Err(error) => Err(format!("reading from {name}: {error}")),
    }
}

fn moment(nanos: &str) -> Option<SystemTime> {
    let nanos: u64 = nanos.parse().ok()?;
    Some(UNIX_EPOCH + Duration::from_nanos(nanos))
}

fn parse_ready(line: &str) -> Option<SystemTime> {
    moment(line.strip_prefix("ready ")?)
}

fn parse_done(line: &str) -> Option<(SystemTime, SystemTime, u64)> {
    let mut words = line.strip_prefix("done ")?.split(' ');
    let start = moment(words.next()?)?;
    let end = moment(words.next()?)?;
    let result = words.next()?.parse().ok()?;
    Some((start, end, result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_parse_back_into_the_moments_they_carry() {
        let at = UNIX_EPOCH + Duration::from_nanos(1_700_000_000_123_456_789);
        assert_eq!(parse_ready("ready 1700000000123456789"), Some(at));
        assert_eq!(
            parse_done("done 1700000000123456789 1700000000123456789 42"),
            Some((at, at, 42))
        );
        assert_eq!(parse_ready("PID 7"), None);
        assert_eq!(parse_done("done 1 2"), None);
    }
}
