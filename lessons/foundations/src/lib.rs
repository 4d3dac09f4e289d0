//! Lessons for the chapter "Foundations".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`. What several
//! lessons share lives here: a thread's CPU clock, CPU work that cannot be optimized away, and the
//! parts a child process can play.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Two threads share one `Rc` counter and both change it: the data race Python allows and Rust
/// rejects (`compile-fail/rc_counter.rs`, shown in the book). This doctest fails the day the file
/// compiles; `tests/lessons/compile_fail.rs` checks the reason, since stable rustdoc ignores the code
/// after `compile_fail`.
///
/// ```compile_fail,E0277
#[doc = include_str!("../compile-fail/rc_counter.rs")]
/// ```
#[cfg(doctest)]
pub struct RcCounterDoesNotCompile;

/// Two scoped threads share one `Cell` counter: no lifetime problem, and still rejected, because
/// a `Cell` is not `Sync` (`compile-fail/cell_counter.rs`).
///
/// ```compile_fail,E0277
#[doc = include_str!("../compile-fail/cell_counter.rs")]
/// ```
#[cfg(doctest)]
pub struct CellCounterDoesNotCompile;

pub mod busy;
pub mod slices;
pub mod workers;

/// How much CPU time the calling thread has used so far: only the time it really ran on a core,
/// not the time it waited for one. Wall time (`Instant`) counts both.
pub fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec; the clock id is a constant the C library defines.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "the system has no CPU clock for threads");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Keeps the calling thread busy, adding numbers, for `wall` of wall time; returns how many
/// rounds it did. (The notes' `while True: x += 1`, with an end.)
pub fn spin_for(wall: Duration) -> u64 {
    let started = Instant::now();
    let mut rounds: u64 = 0;
    while started.elapsed() < wall {
        // A small batch between clock reads, so that most of the time goes to the counting.
        for _ in 0..1000 {
            rounds = black_box(rounds + 1);
        }
    }
    rounds
}

/// Timing what it costs to start a thread or a process, and to wait for its end.
pub mod spawning {
    use std::process::{Command, ExitStatus, Stdio};
    use std::thread;
    use std::time::{Duration, Instant};

    use lesson_kit::Timeline;
    use lesson_kit::timeline::Run;

    /// Starts of one kind of worker: the wall time of each, the CPU time of all, the timeline.
    pub struct Starts {
        pub times: Vec<Duration>,
        pub cpu: Duration,
        pub run: Run,
    }

    /// Calls `start_one` (which starts a worker and waits for its end) `count` times, one after
    /// another, recording each as `<what> <n>` on a timeline, whose run is called `title`;
    /// `cpu_clock` counts the CPU time.
    pub fn one_after_another(
        title: String,
        what: &str,
        count: usize,
        cpu_clock: fn() -> Duration,
        start_one: impl Fn() -> Duration,
    ) -> Starts {
        let timeline = Timeline::new();
        let cpu_before = cpu_clock();
        let times = (0..count)
            .map(|number| {
                let _span = timeline.begin("main", format!("{what} {number}"));
                start_one()
            })
            .collect();
        Starts {
            times,
            cpu: cpu_clock() - cpu_before,
            run: timeline.finish(title),
        }
    }

    // ANCHOR: thread_once
    /// Starts a thread that does nothing, and waits for it to end.
    pub fn thread_once() -> Duration {
        let started = Instant::now();
        thread::spawn(|| {})
            .join()
            .expect("an empty thread panicked");
        started.elapsed()
    }
    // ANCHOR_END: thread_once

    // ANCHOR: process_once
    /// Starts the program `command` names (a child that exits at once), and waits for it to end.
    pub fn process_once(command: &mut Command) -> (Duration, ExitStatus) {
        let started = Instant::now();
        let status = command
            .stdin(Stdio::null())
            .status()
            .expect("could not start the child process");
        (started.elapsed(), status)
    }
    // ANCHOR_END: process_once

    /// How much CPU time the children this process has waited for used, in all: like
    /// [`thread_cpu_time`](super::thread_cpu_time), it counts only time really spent on a core,
    /// which a busy machine cannot inflate.
    pub fn children_cpu_time() -> Duration {
        // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `usage` is a valid, writable rusage; RUSAGE_CHILDREN is a constant of the C library.
        let status = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
        assert_eq!(
            status, 0,
            "the system did not report its children's CPU time"
        );
        let time =
            |value: libc::timeval| Duration::new(value.tv_sec as u64, value.tv_usec as u32 * 1000);
        time(usage.ru_utime) + time(usage.ru_stime)
    }

    /// The middle value: one slow outlier (a busy moment of the machine) cannot move it.
    pub fn median(times: &[Duration]) -> Duration {
        let mut sorted = times.to_vec();
        sorted.sort();
        sorted.get(sorted.len() / 2).copied().unwrap_or_default()
    }
}

/// What a child process started by the lessons and their tests can be asked to do: the
/// `foundations-child` program plays these, and so does a lesson started as its own child
/// (`lesson_kit::process`).
pub mod roles {
    use lesson_kit::process::Role;

    /// Exit at once, successfully: what starting a process costs, and nothing else.
    pub const EXIT: &str = "exit";
    /// Panic in `main`: the process ends with exit code 101.
    pub const PANIC: &str = "panic";
    /// Abort: the process is killed by the signal SIGABRT, with no unwinding at all.
    pub const ABORT: &str = "abort";

    /// Every role, for `lesson_kit::process::serve` and `play_if_child`.
    pub const ROLES: &[Role] = &[
        (EXIT, |_| Ok(())),
        (PANIC, |_| panic!("the child process crashed on purpose")),
        (ABORT, |_| std::process::abort()),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sleeping_thread_uses_almost_no_cpu_time_and_a_spinning_one_uses_about_its_wall_time() {
        let before = thread_cpu_time();
        std::thread::sleep(Duration::from_millis(30));
        let sleeping = thread_cpu_time() - before;
        assert!(sleeping < Duration::from_millis(10), "{sleeping:?}");

        let before = thread_cpu_time();
        let rounds = spin_for(Duration::from_millis(30));
        let spinning = thread_cpu_time() - before;
        assert!(rounds > 0);
        // Never more CPU than wall time: one thread runs on one core at a time.
        assert!(spinning <= Duration::from_millis(32), "{spinning:?}");
    }

    #[test]
    fn the_median_ignores_one_outlier() {
        let ms = Duration::from_millis;
        assert_eq!(spawning::median(&[ms(1), ms(900), ms(2)]), ms(2));
        assert_eq!(spawning::median(&[]), Duration::ZERO);
    }
}
