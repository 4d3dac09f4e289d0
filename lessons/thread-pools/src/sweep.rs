//! The two sweeps of the lesson `choose_workers`, and their tables and plot: the uptime checker
//! run with more and more workers (I/O-bound work, [`io_sweep`]), and a fixed amount of counting
//! shared out over more and more threads (CPU-bound work, [`cpu_sweep`]).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::thread;
use std::time::{Duration, Instant};

use lesson_kit::plot::Plot;
use lesson_kit::work::crunch_numbers;
use lesson_kit::{Timeline, seconds};
use local_server::LocalServer;

use crate::sites::{NOTES_SITES, Site, ideal};
use crate::uptime::{Verdict, Why, down, threads_and_queue};

/// The worker counts of the I/O sweep up to `max`: small steps where each worker still helps
/// a lot, then wider ones, then one worker per site (33), and `max` itself.
pub fn io_counts(max: usize) -> Vec<usize> {
    let mut counts: Vec<usize> = [1, 2, 3, 4, 6, 8, 12, 16, 33]
        .into_iter()
        .filter(|&count| count <= max)
        .collect();
    if counts.last() != Some(&max) {
        counts.push(max);
    }
    counts
}

/// One point of the I/O sweep.
#[derive(Debug, Clone)]
pub struct IoPoint {
    pub workers: usize,
    pub wall: Duration,
    /// The notes' sites' lower bound for this many workers ([`ideal`]).
    pub ideal: Duration,
    /// The most requests the server was answering at once.
    pub peak: usize,
    /// What each site was found to be, in the order of the sites.
    pub verdicts: Vec<Verdict>,
    /// The names of the sites found down.
    pub down: Vec<String>,
}

// ANCHOR: io_sweep
/// Runs the uptime checker (worker threads on one queue, each check waiting `timeout`) over
/// `sites` once per worker count.
pub fn io_sweep(
    server: &LocalServer,
    sites: &[Site],
    counts: &[usize],
    timeout: Duration,
) -> Vec<IoPoint> {
    counts
        .iter()
        .map(|&workers| {
            server.reset_stats();
            let started = Instant::now();
            let verdicts = threads_and_queue(sites, workers, timeout, &Timeline::new());
            IoPoint {
                workers,
                wall: started.elapsed(),
                ideal: ideal(workers, timeout),
                peak: server.stats().peak_in_flight,
                down: down(sites, &verdicts)
                    .into_iter()
                    .map(String::from)
                    .collect(),
                verdicts,
            }
        })
        .collect()
}
// ANCHOR_END: io_sweep

/// How many chunks the CPU-bound work comes in, and so the most threads that can share it: enough
/// for 2 × cores + 2 threads on most machines, and for the shares to stay nearly even.
pub const CHUNKS: u64 = 48;

/// One run of the CPU-bound work.
#[derive(Debug, Clone)]
pub struct CpuRun {
    pub workers: usize,
    pub wall: Duration,
    /// The time of one thread shared out over the cores: one thread's time over
    /// min(workers, cores). Zero until [`cpu_sweep`] sets it.
    pub ideal: Duration,
    /// The sum of every chunk's count: the same for any number of workers.
    pub total: u64,
    /// Which chunks ran, each with the name of its thread, in the order of the chunks.
    pub chunks: Vec<(u64, String)>,
}

impl CpuRun {
    /// How many different threads did the work.
    pub fn threads(&self) -> usize {
        let names: BTreeSet<&str> = self.chunks.iter().map(|(_, name)| name.as_str()).collect();
        names.len()
    }
}

// ANCHOR: cpu_run
/// Counts to `count + chunk` for each of the [`CHUNKS`] chunks on `workers` threads, the chunks
/// dealt out in turn (chunk 0 to the first thread, 1 to the second, ...), so that every thread
/// gets its share however late the system starts it.
pub fn cpu_run(workers: usize, count: u64) -> CpuRun {
    let started = Instant::now();
    let mut done: Vec<(u64, u64, String)> = thread::scope(|scope| {
        let threads: Vec<_> = (0..workers)
            .map(|worker| {
                thread::Builder::new()
                    .name(format!("cpu-{worker}"))
                    .spawn_scoped(scope, move || count_share(worker, workers, count))
                    .expect("the OS refused to start a thread")
            })
            .collect();
        let shares = threads.into_iter().map(|thread| thread.join());
        shares
            .flat_map(|share| share.expect("counting never panics"))
            .collect()
    });
    let wall = started.elapsed();
    done.sort();
    let total = done.iter().map(|(_, reached, _)| reached).sum();
    let chunks = done
        .into_iter()
        .map(|(chunk, _, name)| (chunk, name))
        .collect();
    let ideal = Duration::ZERO;
    CpuRun {
        workers,
        wall,
        ideal,
        total,
        chunks,
    }
}

/// One thread's part of [`cpu_run`]: every `workers`th chunk from its own number on, each with
/// how far it counted and the name of the thread that counted it.
fn count_share(worker: usize, workers: usize, count: u64) -> Vec<(u64, u64, String)> {
    let here = thread::current().name().unwrap_or("?").to_owned();
    (worker as u64..CHUNKS)
        .step_by(workers)
        .map(|chunk| (chunk, crunch_numbers(count + chunk), here.clone()))
        .collect()
}
// ANCHOR_END: cpu_run

/// [`cpu_run`] once per worker count, in order, each with its ideal: the first run's time (1
/// worker, if the counts start at 1) shared out over at most `cores` cores.
pub fn cpu_sweep(counts: &[usize], count: u64, cores: usize) -> Vec<CpuRun> {
    let mut runs: Vec<CpuRun> = counts
        .iter()
        .map(|&workers| cpu_run(workers, count))
        .collect();
    let first = runs.first().map_or(Duration::ZERO, |run| {
        run.wall * run.workers.min(cores) as u32
    });
    for run in &mut runs {
        run.ideal = first / run.workers.min(cores).max(1) as u32;
    }
    runs
}

/// `wall` as a multiple of `ideal`, two decimals.
fn ratio(wall: Duration, ideal: Duration) -> String {
    format!("{:.2}", wall.as_secs_f64() / ideal.as_secs_f64())
}

/// The I/O sweep as a table: time, ideal, their ratio, the most checks in flight at once, and
/// how many sites were found down.
pub fn io_table(io: &[IoPoint]) -> String {
    let header = [
        "workers",
        "this run",
        "ideal",
        "ratio",
        "server peak",
        "down",
    ];
    let row = |p: &IoPoint| {
        let (wall, ideal, ratio) = (seconds(p.wall), seconds(p.ideal), ratio(p.wall, p.ideal));
        let (peak, down) = (p.peak.to_string(), p.down.len().to_string());
        vec![p.workers.to_string(), wall, ideal, ratio, peak, down]
    };
    table(&header, &io.iter().map(row).collect::<Vec<_>>())
}

/// The CPU sweep as a table: time, ideal, their ratio, and the speed-up over the first run.
pub fn cpu_table(cpu: &[CpuRun]) -> String {
    let header = ["threads", "this run", "ideal", "ratio", "speed-up"];
    let first = cpu.first().map_or(Duration::ZERO, |run| run.wall);
    let row = |r: &CpuRun| {
        let (wall, ideal) = (seconds(r.wall), seconds(r.ideal));
        let speed_up = ratio(first, r.wall);
        vec![
            r.workers.to_string(),
            wall,
            ideal,
            ratio(r.wall, r.ideal),
            speed_up,
        ]
    };
    table(&header, &cpu.iter().map(row).collect::<Vec<_>>())
}

/// Both sweeps drawn one above the other, each beside its ideal; the I/O ideal is drawn for
/// every worker count up to `max_workers`, for checks that wait `timeout`.
pub fn plot(
    io: &[IoPoint],
    cpu: &[CpuRun],
    max_workers: usize,
    cores: usize,
    timeout: Duration,
) -> Plot {
    let point = |workers: usize, time: Duration| (workers as f64, time.as_secs_f64());
    let cpu_title = format!("CPU-bound: {CHUNKS} chunks of counting, {cores} cores");
    Plot::new("choosing the number of workers")
        .panel(
            "I/O-bound: the uptime checker, 33 sites",
            "workers",
            "seconds",
        )
        .measured(
            "this run",
            io.iter().map(|p| point(p.workers, p.wall)).collect(),
        )
        .ideal(
            "ideal",
            (1..=max_workers)
                .map(|w| point(w, ideal(w, timeout)))
                .collect(),
        )
        .panel(&cpu_title, "threads", "seconds")
        .measured(
            "this run",
            cpu.iter().map(|r| point(r.workers, r.wall)).collect(),
        )
        .ideal(
            "ideal",
            cpu.iter().map(|r| point(r.workers, r.ideal)).collect(),
        )
}

/// An aligned text table: the header, a rule, then the rows; each column right-aligned to its
/// widest cell, two spaces apart, each line indented by two spaces.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let header: Vec<String> = header.iter().map(|cell| cell.to_string()).collect();
    let mut widths = vec![0; header.len()];
    for row in rows.iter().chain([&header]) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = cell.chars().count().max(*width);
        }
    }
    let rule: Vec<String> = widths.iter().map(|&width| "-".repeat(width)).collect();
    let mut text = String::new();
    for row in [&header, &rule].into_iter().chain(rows) {
        for (cell, &width) in row.iter().zip(&widths) {
            let _ = write!(text, "  {cell:>width$}");
        }
        text.push('\n');
    }
    text
}

// ANCHOR: asserts
/// What no load on the machine can fake. I/O: every run finds the six sites down that are (a
/// status of 400 or more, a refused HEAD, no answer in time), takes no less than its ideal (a
/// timeout or a sleep never ends early), and never has more checks in flight than workers. A
/// site that is up may still time out on a machine too busy to answer it in time. CPU: every run
/// counts every chunk once, on exactly the threads it was given, to the same total. Speed-ups
/// are printed, never asserted: another program may take a core.
pub fn check(io: &[IoPoint], cpu: &[CpuRun]) {
    for point in io {
        for ((site, behaviour), verdict) in NOTES_SITES.iter().zip(&point.verdicts) {
            let expected = if behaviour.is_down() {
                "down"
            } else {
                "up, or late"
            };
            let late = *verdict == Verdict::Down(Why::NoAnswer);
            assert!(
                verdict.is_down() == behaviour.is_down() || (late && !behaviour.is_down()),
                "expected {site} {expected} with {} workers, it was {verdict}",
                point.workers
            );
        }
        assert!(
            point.wall >= point.ideal,
            "expected {} workers to take at least {:?}, they took {:?}",
            point.workers,
            point.ideal,
            point.wall
        );
        assert!(
            point.peak <= point.workers,
            "expected at most {} checks in flight, the server saw {}",
            point.workers,
            point.peak
        );
    }
    for run in cpu {
        let chunks: Vec<u64> = run.chunks.iter().map(|(chunk, _)| *chunk).collect();
        assert_eq!(
            chunks,
            (0..CHUNKS).collect::<Vec<_>>(),
            "expected every chunk once with {} threads",
            run.workers
        );
        assert_eq!(
            run.threads(),
            run.workers,
            "expected the work on {} threads: {:?}",
            run.workers,
            run.chunks
        );
        assert_eq!(
            run.total, cpu[0].total,
            "expected {} threads to count as far as 1",
            run.workers
        );
    }
}
// ANCHOR_END: asserts

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sites::TIMEOUT;

    #[test]
    fn the_io_sweep_ends_at_the_largest_count_asked_for() {
        assert_eq!(io_counts(33), [1, 2, 3, 4, 6, 8, 12, 16, 33]);
        assert_eq!(io_counts(5), [1, 2, 3, 4, 5]);
        assert_eq!(io_counts(64).last(), Some(&64));
        assert_eq!(io_counts(1), [1]);
    }

    #[test]
    fn every_chunk_is_counted_once_by_the_thread_it_was_dealt_to() {
        let run = cpu_run(3, 1000);
        assert_eq!(run.total, CHUNKS * 1000 + (0..CHUNKS).sum::<u64>());
        assert_eq!(run.threads(), 3);
        let names: Vec<&str> = run.chunks[..4]
            .iter()
            .map(|(_, name)| name.as_str())
            .collect();
        assert_eq!(names, ["cpu-0", "cpu-1", "cpu-2", "cpu-0"]);
        assert!(run.chunks.iter().map(|(chunk, _)| *chunk).eq(0..CHUNKS));
    }

    #[test]
    fn a_cpu_ideal_shares_the_first_run_out_over_the_cores_only() {
        let runs = cpu_sweep(&[1, 2, 3], 1000, 2);
        assert_eq!(runs[0].ideal, runs[0].wall);
        assert_eq!(
            (runs[1].ideal, runs[2].ideal),
            (runs[0].wall / 2, runs[0].wall / 2)
        );
    }

    #[test]
    fn a_table_right_aligns_each_column_under_its_header() {
        let rows = [
            vec!["1".into(), "1.1".into()],
            vec!["33".into(), "0.205".into()],
        ];
        let text = table(&["workers", "s"], &rows);
        let lines = [
            "workers      s",
            "-------  -----",
            "      1    1.1",
            "     33  0.205",
        ];
        assert_eq!(text, lines.map(|line| format!("  {line}\n")).concat());
    }

    /// A run of 4 workers that passes every check: the sites down that are, in the ideal time.
    fn passing() -> IoPoint {
        let verdict = |down: bool| match down {
            true => Verdict::Down(Why::Status(404)),
            false => Verdict::Up,
        };
        let verdicts = NOTES_SITES.map(|(_, behaviour)| verdict(behaviour.is_down()));
        let (workers, wall, peak, verdicts, down) =
            (4, ideal(4, TIMEOUT), 4, verdicts.to_vec(), vec![]);
        let ideal = wall;
        IoPoint {
            workers,
            wall,
            ideal,
            peak,
            verdicts,
            down,
        }
    }

    #[test]
    fn a_site_that_is_up_may_be_late_but_nothing_else() {
        let mut late = passing();
        late.verdicts[0] = Verdict::Down(Why::NoAnswer);
        check(&[passing(), late], &[]);
        let mut refused = passing();
        refused.verdicts[0] = Verdict::Down(Why::Failed("connection refused".into()));
        let failed = std::panic::catch_unwind(|| check(&[refused], &[])).unwrap_err();
        let message = lesson_kit::timeout::panic_message(failed.as_ref());
        assert!(
            message.starts_with("expected envato.com up, or late with 4 workers"),
            "{message}"
        );
    }

    #[test]
    #[should_panic(expected = "expected bing.com down with 4 workers, it was up")]
    fn a_site_found_up_that_is_down_fails_the_lesson() {
        let mut point = passing();
        *point.verdicts.last_mut().unwrap() = Verdict::Up;
        check(&[point], &[]);
    }

    #[test]
    #[should_panic(expected = "expected at most 4 checks in flight, the server saw 5")]
    fn more_checks_in_flight_than_workers_fail_the_lesson() {
        let mut point = passing();
        point.peak = 5;
        check(&[point], &[]);
    }

    #[test]
    #[should_panic(expected = "expected the work on 2 threads")]
    fn work_on_fewer_threads_than_asked_for_fails_the_lesson() {
        let mut run = cpu_run(2, 10);
        for (_, name) in &mut run.chunks {
            *name = "cpu-0".to_owned();
        }
        check(&[], &[run]);
    }
}
