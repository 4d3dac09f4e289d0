//! Lesson: how many workers should a pool have? Sweep the number and look.
//!
//! The notes give a rule without a measurement: pick enough threads that sharing out the tasks
//! pays, but not so many that managing them eats the gain (they used 5 threads for 160
//! downloads). This lesson measures both kinds of work over a range of worker counts:
//!
//! - I/O-bound: the chapter's uptime checker over the notes' 33 sites (played by a local server),
//!   with 1, 2, 3, ... 33 workers on one queue. A waiting worker needs no core, so more workers
//!   help until the slowest site alone takes longer than everyone's share of the rest.
//! - CPU-bound: a fixed amount of counting (48 chunks) shared by 1, 2, ... threads. Counting
//!   needs a core, so nothing improves past the number of cores; beyond it, the threads only
//!   take turns.
//!
//! Each sweep is printed as a table beside its ideal, and drawn as a plot with `--svg PATH`.
//!
//! Run: `cargo run --example choose_workers` (try `-- --max-workers 64`, or
//! `-- --svg choose_workers.svg`).

use std::path::PathBuf;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::{Figure, cores, must_finish, seconds};
use local_server::LocalServer;
use thread_pools::sites::{TIMEOUT, ideal, notes_sites};
use thread_pools::sweep::{CHUNKS, check, cpu_sweep, io_counts, io_sweep};
use thread_pools::sweep::{cpu_table, io_table, plot};

const USAGE: &str = "\
How many workers? The uptime checker (I/O-bound) and counting (CPU-bound), swept over workers.

usage: cargo run --example choose_workers -- [--max-workers N] [--svg PATH]

  --max-workers N  the most workers of the I/O sweep (default 33, one per site; 1 to 64)
  --svg PATH       also draw both sweeps as an SVG plot
  -h, --help       show this text
";

/// Each chunk counts to about this far: 48 chunks take about 0.4 s on one core in a debug build.
const COUNT: u64 = 1_500_000;

/// Only a stuck run could take this long; the lesson then fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(120);

fn main() {
    let mut max_workers: usize = 33;
    let mut svg: Option<PathBuf> = None;
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("max-workers") => max_workers = cli::number(parser, "--max-workers", 1..=64)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    let cores = cores();
    // More threads than chunks would leave some idle.
    let cpu_counts: Vec<usize> = (1..=(2 * cores + 2).min(CHUNKS as usize)).collect();
    println!(
        "I/O-bound: the uptime checker over the notes' 33 sites (timeout {TIMEOUT:?}), with \
         {max_workers} workers at most.\nCPU-bound: {CHUNKS} chunks of counting to {COUNT}, on 1 to \
         {} threads; {cores} cores seen.\n",
        cpu_counts.len()
    );

    // ANCHOR: sweeps
    let io = must_finish(LIMIT, "the I/O sweep", move || {
        let server = LocalServer::start(Duration::ZERO).expect("loopback is always there");
        io_sweep(
            &server,
            &notes_sites(&server, TIMEOUT),
            &io_counts(max_workers),
            TIMEOUT,
        )
    });
    let cpu = must_finish(LIMIT, "the CPU sweep", move || {
        cpu_sweep(&cpu_counts, COUNT, cores)
    });
    // ANCHOR_END: sweeps

    // A waiting worker needs no core, a counting one does: the two tables part ways early.
    println!("I/O-bound: the uptime checker (a check mostly waits for its site)");
    println!("{}", io_table(&io));
    for point in io.iter().filter(|point| point.down != io[0].down) {
        println!("(with {} workers, down: {:?})", point.workers, point.down);
    }
    println!("Down with 1 worker: {:?}\n", io[0].down);
    println!("CPU-bound: counting (a thread counts only while it has a core)");
    println!("{}", cpu_table(&cpu));
    println!("(On a busy machine, more threads than cores can beat the ideal: they win a bigger");
    println!(
        "share of the cores from other programs. The ideal assumes the cores are all ours.)\n"
    );
    plot(&io, &cpu, max_workers, cores, TIMEOUT).show("choose_workers", svg.as_deref());

    let best = io
        .iter()
        .min_by_key(|p| p.wall)
        .expect("a sweep has points");
    let knee = (1..=33)
        .find(|&w| ideal(w, TIMEOUT) == ideal(33, TIMEOUT))
        .unwrap_or(33);
    let (workers, wall, floor) = (
        best.workers,
        seconds(best.wall),
        seconds(ideal(knee, TIMEOUT)),
    );
    Figure::new("I/O-bound: workers for the fastest run")
        .notes("5 threads for 160 downloads, no sweep")
        .this_run(format!("{workers} workers: {wall}"))
        .ideal(format!(
            "{knee} or more: {floor} (the slowest site alone takes that long)"
        ))
        .print();
    let best = cpu
        .iter()
        .min_by_key(|r| r.wall)
        .expect("a sweep has points");
    let (workers, wall, floor) = (
        best.workers,
        seconds(best.wall),
        seconds(cpu[cores - 1].ideal),
    );
    Figure::new("CPU-bound: threads for the fastest run")
        .notes("no sweep (their CPU work ran in one process per core)")
        .this_run(format!("{workers} threads: {wall}"))
        .ideal(format!(
            "{cores} (the cores; more threads only take turns): {floor}"
        ))
        .print();

    check(&io, &cpu);
    println!(
        "\nAs expected: every I/O run found down the six sites that are, never had more checks"
    );
    println!("in flight than workers, and took no less than its ideal; every CPU run counted all");
    println!("{CHUNKS} chunks on exactly as many threads as it was given, to the same total.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use thread_pools::sites::ROOMY_TIMEOUT;
    use thread_pools::sweep::cpu_run;

    #[test]
    fn more_workers_find_the_same_sites_down_within_their_bounds() {
        let server = LocalServer::start(Duration::ZERO).unwrap();
        let sites = notes_sites(&server, ROOMY_TIMEOUT);
        let io = io_sweep(&server, &sites, &[4, 33], ROOMY_TIMEOUT);
        check(&io, &[]);
    }

    #[test]
    fn counting_on_one_or_two_threads_does_every_chunk_to_the_same_total() {
        check(&[], &[cpu_run(1, COUNT / 10), cpu_run(2, COUNT / 10)]);
    }
}
