//! Thousands of concurrent units, all alive at once: tokio tasks, or OS threads. Each side runs in
//! its own child process, so that the memory one side uses cannot count against the other: a
//! process's peak memory only ever grows.
//!
//! Every unit counts itself as started, then waits at a gate that `main` holds shut (the write
//! half of a read-write lock) until all of them have started. None can finish before the gate
//! opens, so when the count reaches the total, all of them are alive at the same moment.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::process::{self, Args, Launch};

pub const TASKS_ROLE: &str = "many-tasks";
pub const THREADS_ROLE: &str = "many-threads";

/// How long all the units may take to start; only a stuck machine needs more.
const START_LIMIT: Duration = Duration::from_secs(60);

/// What one child measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// How many units were asked for.
    pub asked: usize,
    /// How many the system let us start (all of them, unless it refused a thread).
    pub alive: usize,
    /// How many ran to the end after the gate opened.
    pub ran: usize,
    /// From the first spawn until every unit had started.
    pub spawn: Duration,
    /// From opening the gate until every unit had been joined.
    pub finish: Duration,
    /// The process's peak memory before the first spawn, and with every unit alive, in KiB.
    pub rss_before_kib: u64,
    pub rss_peak_kib: u64,
    /// Why the system refused a thread, if it did.
    pub refused: Option<String>,
}

impl Report {
    /// The memory each unit added, in KiB.
    pub fn kib_per_unit(&self) -> f64 {
        self.rss_peak_kib.saturating_sub(self.rss_before_kib) as f64 / self.alive.max(1) as f64
    }

    /// The time to start one unit, in microseconds.
    pub fn spawn_micros(&self) -> f64 {
        self.spawn.as_secs_f64() * 1e6 / self.alive.max(1) as f64
    }

    /// The time to let one unit finish and join it, in microseconds.
    pub fn finish_micros(&self) -> f64 {
        self.finish.as_secs_f64() * 1e6 / self.alive.max(1) as f64
    }

    /// The line a child prints; [`Report::parse`] reads it back.
    pub fn line(&self) -> String {
        format!(
            "report asked={} alive={} ran={} spawn_ns={} finish_ns={} rss_before_kib={} rss_peak_kib={} refused={}",
            self.asked,
            self.alive,
            self.ran,
            self.spawn.as_nanos(),
            self.finish.as_nanos(),
            self.rss_before_kib,
            self.rss_peak_kib,
            // The error is the last field, so its spaces do no harm.
            self.refused.as_deref().unwrap_or("-"),
        )
    }

    /// Reads a [`Report::line`].
    pub fn parse(line: &str) -> Option<Report> {
        let rest = line.strip_prefix("report ")?;
        let (numbers, refused) = rest.split_once(" refused=")?;
        let mut values = numbers
            .split(' ')
            .map(|pair| pair.split_once('=').map(|(_, v)| v));
        let mut next = || values.next().flatten()?.parse::<u64>().ok();
        Some(Report {
            asked: usize::try_from(next()?).ok()?,
            alive: usize::try_from(next()?).ok()?,
            ran: usize::try_from(next()?).ok()?,
            spawn: Duration::from_nanos(next()?),
            finish: Duration::from_nanos(next()?),
            rss_before_kib: next()?,
            rss_peak_kib: next()?,
            refused: (refused != "-").then(|| refused.to_owned()),
        })
    }
}

/// This process's peak resident memory so far, in KiB. On Linux that is `VmHWM` in
/// `/proc/self/status`, the peak of this program's own memory. Linux's `ru_maxrss` is no use here:
/// it also keeps the peak of the parent that started this child (the memory it shared until
/// `exec`), so a child of a large test program would report the parent's size. Elsewhere,
/// `ru_maxrss` (bytes on macOS, KiB on the BSDs) is the best there is.
pub fn peak_rss_kib() -> u64 {
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        let peak = status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok());
        if let Some(kib) = peak {
            return kib;
        }
    }
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `getrusage` fills the struct it is given; RUSAGE_SELF is always a valid target.
    let result = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
    assert_eq!(result, 0, "getrusage failed");
    // SAFETY: it returned 0, so it wrote the struct (and zeroed memory is a valid rusage anyway).
    let peak = u64::try_from(unsafe { usage.assume_init() }.ru_maxrss).unwrap_or(0);
    if cfg!(target_os = "macos") {
        peak / 1024
    } else {
        peak
    }
}

/// Polls `started` until it reaches `total`, for at most [`START_LIMIT`].
fn all_started(started: &AtomicUsize, total: usize) -> bool {
    let deadline = Instant::now() + START_LIMIT;
    while started.load(Ordering::SeqCst) < total {
        if Instant::now() > deadline {
            return false;
        }
        thread::sleep(Duration::from_micros(200));
    }
    true
}

// ANCHOR: tasks
/// `count` tokio tasks on a current-thread runtime, all alive at once, then all finished.
pub fn tasks(count: usize) -> Report {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("tokio could not start a runtime");
    let rss_before_kib = peak_rss_kib();
    runtime.block_on(async {
        let gate = Arc::new(tokio::sync::RwLock::new(()));
        let shut = Arc::clone(&gate).write_owned().await;
        let started = Arc::new(AtomicUsize::new(0));
        let spawning = Instant::now();
        let handles: Vec<_> = (0..count)
            .map(|_| {
                let (gate, started) = (Arc::clone(&gate), Arc::clone(&started));
                tokio::spawn(async move {
                    started.fetch_add(1, Ordering::SeqCst);
                    drop(gate.read().await); // waits here until main opens the gate
                    1usize
                })
            })
            .collect();
        // The tasks run only when main awaits: a short sleep lets all of them start.
        let deadline = spawning + START_LIMIT;
        while started.load(Ordering::SeqCst) < count && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let alive = started.load(Ordering::SeqCst);
        let spawn = spawning.elapsed();
        let rss_peak_kib = peak_rss_kib();
        let finishing = Instant::now();
        drop(shut); // open the gate
        let mut ran = 0;
        for handle in handles {
            ran += handle.await.expect("a task panicked");
        }
        Report {
            asked: count,
            alive,
            ran,
            spawn,
            finish: finishing.elapsed(),
            rss_before_kib,
            rss_peak_kib,
            refused: None,
        }
    })
}
// ANCHOR_END: tasks

// ANCHOR: threads
/// `count` OS threads (or as many as the system allows), all alive at once, then all joined.
pub fn threads(count: usize) -> Report {
    let rss_before_kib = peak_rss_kib();
    let gate = Arc::new(RwLock::new(()));
    let shut = gate.write().expect("nobody else holds the gate yet");
    let started = Arc::new(AtomicUsize::new(0));
    let spawning = Instant::now();
    let mut handles = Vec::with_capacity(count);
    let mut refused = None;
    for _ in 0..count {
        let (gate, started) = (Arc::clone(&gate), Arc::clone(&started));
        let spawned = thread::Builder::new().spawn(move || {
            started.fetch_add(1, Ordering::SeqCst);
            drop(gate.read()); // waits here until main opens the gate
            1usize
        });
        match spawned {
            Ok(handle) => handles.push(handle),
            // The system's limit on threads (or on memory) was reached: go on with those we have.
            Err(error) => {
                refused = Some(error.to_string());
                break;
            }
        }
    }
    let alive = if all_started(&started, handles.len()) {
        handles.len()
    } else {
        started.load(Ordering::SeqCst)
    };
    let spawn = spawning.elapsed();
    let rss_peak_kib = peak_rss_kib();
    let finishing = Instant::now();
    drop(shut); // open the gate
    let ran = handles
        .into_iter()
        .map(|handle| handle.join().expect("a thread panicked"))
        .sum();
    Report {
        asked: count,
        alive,
        ran,
        spawn,
        finish: finishing.elapsed(),
        rss_before_kib,
        rss_peak_kib,
        refused,
    }
}
// ANCHOR_END: threads

/// The role [`TASKS_ROLE`]: `--count N` tasks; says its [`Report::line`].
pub fn tasks_child(args: &Args) -> Result<(), String> {
    process::say(tasks(args.get_or("--count", 10_000)?).line());
    Ok(())
}

/// The role [`THREADS_ROLE`]: `--count N` threads; says its [`Report::line`].
pub fn threads_child(args: &Args) -> Result<(), String> {
    process::say(threads(args.get_or("--count", 10_000)?).line());
    Ok(())
}

/// Starts `child` (playing [`TASKS_ROLE`] or [`THREADS_ROLE`]) with `--count count`, and reads
/// its report. A child still running after `limit` is killed.
pub fn run_child(child: Launch, count: usize, limit: Duration) -> Result<Report, String> {
    let finished = child
        .arg("--count", count)
        .run(limit)
        .and_then(|finished| finished.ok())
        .map_err(|error| error.to_string())?;
    finished
        .lines
        .iter()
        .find_map(|line| Report::parse(line))
        .ok_or_else(|| format!("the child printed no report: {:?}", finished.lines))
}

/// Prints what a child measured, in three lines.
pub fn print_report(report: &Report) {
    if let Some(why) = &report.refused {
        println!(
            "   the system refused thread number {} ({why}); going on with the {} it allowed",
            report.alive + 1,
            report.alive
        );
    }
    println!(
        "   {} alive at once after {:.1} ms; all {} finished {:.1} ms after the gate opened",
        report.alive,
        report.spawn.as_secs_f64() * 1000.0,
        report.ran,
        report.finish.as_secs_f64() * 1000.0
    );
    println!(
        "   peak memory: {} KiB before, {} KiB with all alive: {:.2} KiB each",
        report.rss_before_kib,
        report.rss_peak_kib,
        report.kib_per_unit()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_reads_back_what_it_wrote() {
        let report = Report {
            asked: 10,
            alive: 7,
            ran: 7,
            spawn: Duration::from_nanos(1234),
            finish: Duration::from_nanos(99),
            rss_before_kib: 100,
            rss_peak_kib: 170,
            refused: Some("Resource temporarily unavailable (os error 11)".into()),
        };
        assert_eq!(Report::parse(&report.line()), Some(report.clone()));
        let quiet = Report {
            refused: None,
            ..report
        };
        assert_eq!(Report::parse(&quiet.line()), Some(quiet.clone()));
        assert_eq!(quiet.kib_per_unit(), 10.0);
    }
}
