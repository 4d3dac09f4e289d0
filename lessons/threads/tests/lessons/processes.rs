//! The lessons' child processes, tested with the crate's `threads-child` program (inside a test,
//! the running program is the test harness, which cannot play a child's part). It plays the same
//! roles, `threads::child::ROLES`, as a lesson's copy of itself.

use std::time::Duration;

use lesson_kit::Timeline;
use lesson_kit::process::Program;
use threads::child::{CRUNCH, DETACHED_INTERVAL, FINISHED, GREETINGS, SLEEP};
use threads::compare::only;
use threads::processes::run_processes;

const LIMIT: Duration = Duration::from_secs(60);
const CHILD: &str = env!("CARGO_BIN_EXE_threads-child");

#[test]
fn a_detached_thread_dies_when_main_returns() {
    for _ in 0..3 {
        let finished = Program::at(CHILD).role("detached").run(LIMIT).unwrap();
        assert!(finished.success(), "{finished:?}");
        assert_eq!(
            finished.lines,
            [
                "1 - Hello Mohammad",
                "main: Task Done! main returns now, and nobody joins the greeter"
            ],
            "{finished:?}"
        );
        assert!(!finished.lines.iter().any(|line| line == FINISHED));
        // The greeter alone needed 9 s more; the process did not wait for it.
        assert!(
            finished.lived < DETACHED_INTERVAL * (GREETINGS - 1),
            "{finished:?}"
        );
    }
}

#[test]
fn a_joined_thread_finishes_before_main_returns() {
    let finished = Program::at(CHILD).role("joined").run(LIMIT).unwrap();
    assert!(finished.success(), "{finished:?}");
    for i in 1..=GREETINGS {
        let greeting = format!("{i} - Hello Mohammad");
        assert!(finished.lines.contains(&greeting), "{finished:?}");
    }
    let at = |wanted: &str| finished.lines.iter().position(|line| line == wanted);
    assert!(
        at(FINISHED) < at("main: the greeter said 10 greetings; main returns now"),
        "{finished:?}"
    );
    assert_eq!(finished.lines.len(), GREETINGS as usize + 3, "{finished:?}");
}

#[test]
fn four_sleeping_processes_all_sleep_at_once() {
    let unit = Duration::from_millis(200);
    for _ in 0..3 {
        let timeline = Timeline::new();
        let sleeper = Program::at(CHILD).role(SLEEP).arg("--unit-ms", 200);
        let children = run_processes(4, &sleeper, LIMIT, &timeline).unwrap();
        let run = timeline.finish("processes");
        assert_eq!(
            run.lanes(),
            ["process-0", "process-1", "process-2", "process-3"]
        );
        assert_eq!(only(&run, SLEEP).peak_overlap(), 4, "{run:?}");
        assert_eq!(only(&run, "start").spans.len(), 4, "{run:?}");
        for child in &children {
            assert!(child.job_time() >= unit, "{child:?}");
            let (pid, name) = (child.finished.pid, &child.finished.name);
            assert_ne!(pid, std::process::id());
            assert!(
                child
                    .who
                    .starts_with(&format!("pid: {pid}, process: {name}")),
                "{child:?}"
            );
            assert!(child.who.ends_with("thread: main"), "{child:?}");
        }
    }
}

#[test]
fn four_crunching_processes_count_all_the_way_and_overlap() {
    let timeline = Timeline::new();
    let cruncher = Program::at(CHILD).role(CRUNCH).arg("--count", 40_000_000);
    let children = run_processes(4, &cruncher, LIMIT, &timeline).unwrap();
    let results: Vec<u64> = children.iter().map(|child| child.result).collect();
    assert_eq!(results, [40_000_000; 4]);
    let run = timeline.finish("processes");
    assert!(only(&run, CRUNCH).peak_overlap() >= 2, "{run:?}");
}

#[test]
fn an_unknown_role_is_refused_with_exit_code_2() {
    let refused = Program::at(CHILD).role("juggle").run(LIMIT).unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(refused.stderr.contains("unknown role"), "{refused:?}");
}
