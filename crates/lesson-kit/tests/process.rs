//! `lesson_kit::process` against real children: the crate's `lesson-kit-child` program, whose
//! roles behave well or badly on purpose. Every wait has a deadline far beyond what a loaded
//! machine needs; the tests that expect a deadline to pass use a short one and check only that
//! the run ended well before a hang would.

use std::process::Command;
use std::time::{Duration, Instant};

use lesson_kit::Timeline;
use lesson_kit::process::{Children, Problem, Program, ROLE_VARIABLE};

const LIMIT: Duration = Duration::from_secs(60);
const CHILD: &str = env!("CARGO_BIN_EXE_lesson-kit-child");

/// Whether no process `pid` exists any more, not even as a zombie: it was killed and reaped.
fn gone(pid: u32) -> bool {
    let pid = libc::pid_t::try_from(pid).unwrap();
    // SAFETY: signal 0 delivers nothing; it only asks whether the process exists.
    let exists = unsafe { libc::kill(pid, 0) } == 0;
    !exists && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

#[test]
fn arguments_reach_the_role_typed_and_the_ending_is_said_in_words() {
    let finished = Program::at(CHILD)
        .role("echo")
        .arg("--count", -5)
        .arg("name", "process 7")
        .switch("--wait")
        .run(LIMIT)
        .unwrap();
    assert_eq!(finished.lines, ["count=-5 name=process 7 wait=true"]);
    assert!(finished.success(), "{finished:?}");
    assert_eq!(finished.ending(), "exit code 0");
    assert_eq!(finished.name, "echo");

    let failed = Program::at(CHILD)
        .role("exit")
        .arg("--code", 7)
        .run(LIMIT)
        .unwrap();
    assert_eq!(failed.ending(), "exit code 7");
    let error = failed.ok().unwrap_err();
    assert_eq!(*error.problem(), Problem::Failed("exit code 7".into()));

    let aborted = Program::at(CHILD).role("abort").run(LIMIT).unwrap();
    assert_eq!(aborted.ending(), "killed by signal 6 (SIGABRT)");
    assert_eq!(aborted.signal(), Some(libc::SIGABRT));
}

#[test]
fn an_unknown_role_or_a_bad_argument_exits_2_with_one_line_that_names_it() {
    let cases = [
        (
            Program::at(CHILD).role("juggle"),
            "error: unknown role \"juggle\": this program plays job, silent, exit, abort, lines, flood, echo, count-input",
        ),
        (
            Program::at(CHILD).role("echo").arg("--count", "many"),
            "error: role echo: invalid value \"many\" for --count: invalid digit found in string",
        ),
        (
            Program::at(CHILD).role("exit"),
            "error: role exit: missing --code",
        ),
    ];
    for (launch, expected) in cases {
        let finished = launch.run(LIMIT).unwrap();
        assert_eq!(finished.status.code(), Some(2), "{finished:?}");
        assert_eq!(finished.stderr.lines().collect::<Vec<_>>(), [expected]);
        assert!(finished.lines.is_empty(), "{finished:?}");
    }
}

#[test]
fn the_child_program_without_a_role_explains_itself_and_exits_2() {
    let output = Command::new(CHILD)
        .env_remove(ROLE_VARIABLE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(ROLE_VARIABLE) && stderr.contains("job, silent"),
        "{stderr}"
    );
}

#[test]
fn ready_go_starts_every_child_together_and_their_spans_reach_the_timeline() {
    let nap = Duration::from_millis(300);
    let job = Program::at(CHILD)
        .role("job")
        .arg("--ms", nap.as_millis())
        .arg("--label", "nap");
    // The last child is ready 300 ms after the others: nobody may start before it is.
    let launches = [job.clone(), job.clone(), job.arg("--ready-after-ms", 300)];
    let timeline = Timeline::new();
    let mut children = Children::start(launches, LIMIT).unwrap();
    children.ready_go().unwrap();
    let finished = children.finish().unwrap();
    let last_ready = finished
        .iter()
        .filter_map(|child| child.ready)
        .max()
        .unwrap();
    for child in &finished {
        assert!(child.success(), "{child:?}");
        assert_eq!(child.lines, ["done"]);
        assert_eq!(child.spans.len(), 1, "{child:?}");
        let span = &child.spans[0];
        assert_eq!(span.label, "nap");
        assert!(span.start >= last_ready, "started before the go: {child:?}");
        assert!(span.length() >= nap, "{child:?}");
        assert!(child.start_cost().is_some());
        child.record_on(&timeline);
    }
    let run = timeline.finish("naps");
    assert_eq!(run.lanes(), ["process-0", "process-1", "process-2"]);
    let labels: Vec<&str> = run.spans.iter().map(|span| span.label.as_str()).collect();
    assert_eq!(labels.iter().filter(|label| **label == "start").count(), 3);
    let naps = lesson_kit::timeline::Run {
        title: run.title.clone(),
        spans: run
            .spans
            .iter()
            .filter(|span| span.label == "nap")
            .cloned()
            .collect(),
    };
    assert_eq!(naps.peak_overlap(), 3, "{run:?}");
}

#[test]
fn a_silent_child_is_killed_at_the_deadline_with_the_others_and_the_error_names_it() {
    let limit = Duration::from_millis(500);
    let launches = [
        Program::at(CHILD).role("job"),
        Program::at(CHILD).role("silent"),
    ];
    let started = Instant::now();
    let mut children = Children::start(launches, limit).unwrap();
    let pids = [children.pid(0), children.pid(1)];
    let error = children.ready_go().unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(*error.problem(), Problem::TimedOut(limit));
    assert_eq!(
        error.child(),
        format!("process-1 (pid {}, role `silent`)", pids[1])
    );
    assert_eq!(error.waiting_for(), "its `ready` line");
    // Killed and reaped already, before `children` is dropped.
    assert!(pids.iter().all(|&pid| gone(pid)), "{pids:?}");
    drop(children);
}

#[test]
fn a_child_that_ends_before_it_is_ready_is_named_at_once_with_its_ending_and_its_stderr() {
    // The first child never says a word; the second ends at once. The error must not wait for
    // the first child's deadline to name the second.
    let launches = [
        Program::at(CHILD).role("silent"),
        Program::at(CHILD)
            .role("exit")
            .arg("--code", 3)
            .arg("--say", "starting")
            .arg("--stderr", "boom"),
    ];
    let started = Instant::now();
    let mut children = Children::start(launches, LIMIT).unwrap();
    let error = children.ready_go().unwrap_err();
    assert!(started.elapsed() < LIMIT / 3, "{:?}", started.elapsed());
    assert_eq!(*error.problem(), Problem::Ended("exit code 3".into()));
    assert_eq!(error.printed(), ["starting"]);
    assert_eq!(error.stderr(), "boom");
    let text = error.to_string();
    assert!(
        text.starts_with("process-1 (pid ")
            && text.contains(
                "role `exit`), waiting for its `ready` line: it ended first, with exit code 3"
            )
            && text.ends_with("; it printed [\"starting\"]; its stderr: boom"),
        "{text}"
    );
    assert!(gone(children.pid(0)), "the silent child is still running");
}

#[test]
fn children_that_fill_both_pipes_block_neither_themselves_nor_each_other() {
    let flood = Program::at(CHILD).role("flood").arg("--bytes", 1_000_000);
    let children = Children::start([flood.clone(), flood], LIMIT).unwrap();
    for child in children.finish().unwrap() {
        assert!(child.success(), "{}", child.ending());
        assert_eq!(child.lines.len(), 10_001);
        assert_eq!(child.lines.last().map(String::as_str), Some("flooded"));
        // Only the end of a long stderr is kept, whole lines up to its last.
        assert!(child.stderr.len() <= 64 * 1024, "{}", child.stderr.len());
        assert!(child.stderr.ends_with(&format!("{}\n", "x".repeat(99))));
    }
}

#[test]
fn a_line_is_awaited_in_order_and_a_missing_one_is_named() {
    let mut child = Program::at(CHILD)
        .role("lines")
        .arg("--count", 3)
        .arg("--ms", 10_000)
        .start(Duration::from_millis(800))
        .unwrap();
    child.wait_for_line("line 1").unwrap();
    let last = child
        .wait_for("a line after line 1", |line| line.starts_with("line "))
        .unwrap();
    assert_eq!(last, "line 2");
    let pid = child.pid();
    let started = Instant::now();
    let error = child.wait_for_line("end").unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(8));
    assert_eq!(error.waiting_for(), "the line \"end\"");
    assert_eq!(
        *error.problem(),
        Problem::TimedOut(Duration::from_millis(800))
    );
    assert_eq!(error.printed(), ["line 0", "line 1", "line 2"]);
    assert!(gone(pid));

    let mut done = Program::at(CHILD)
        .role("lines")
        .arg("--count", 2)
        .start(LIMIT)
        .unwrap();
    let error = done.wait_for_line("never").unwrap_err();
    assert_eq!(*error.problem(), Problem::Ended("exit code 0".into()));
    assert_eq!(error.printed(), ["line 0", "line 1", "end"]);
}

#[test]
fn dropping_a_child_kills_and_reaps_it_even_during_a_panic() {
    let child = Program::at(CHILD).role("silent").start(LIMIT).unwrap();
    let pid = child.pid();
    assert!(!gone(pid));
    drop(child);
    assert!(gone(pid));

    let (pids_in, pids) = std::sync::mpsc::channel();
    let panicked = std::panic::catch_unwind(move || {
        let children = Children::start(
            [
                Program::at(CHILD).role("silent"),
                Program::at(CHILD).role("silent"),
            ],
            LIMIT,
        )
        .unwrap();
        pids_in.send([children.pid(0), children.pid(1)]).unwrap();
        panic!("a lesson fails while its children run");
    });
    assert!(panicked.is_err());
    let pids = pids.recv().unwrap();
    assert!(pids.iter().all(|&pid| gone(pid)), "{pids:?}");
}

#[test]
fn a_signal_reaches_only_the_child_and_its_ending_names_it() {
    let mut child = Program::at(CHILD).role("silent").start(LIMIT).unwrap();
    child.signal(libc::SIGTERM).unwrap();
    let finished = child.finish().unwrap();
    assert_eq!(finished.signal(), Some(libc::SIGTERM));
    assert_eq!(finished.ending(), "killed by signal 15 (SIGTERM)");
}

#[test]
fn a_child_never_told_go_learns_it_from_its_closed_input() {
    let finished = Program::at(CHILD).role("job").run(LIMIT).unwrap();
    assert!(finished.ready.is_some());
    assert_eq!(finished.lines, ["no go"]);
    assert!(finished.spans.is_empty());
}

#[test]
fn a_program_that_cannot_start_is_an_error_that_names_it() {
    let error = Program::at("/no/such/program")
        .role("job")
        .named("worker")
        .start(LIMIT)
        .unwrap_err();
    assert_eq!(error.child(), "worker (role `job`)");
    assert!(matches!(error.problem(), Problem::NotStarted(_)), "{error}");
}

#[test]
fn next_heard_gives_whichever_child_speaks_or_ends_first_and_an_end_harms_no_other() {
    use lesson_kit::process::Heard;
    let silent = Program::at(CHILD).role("silent").named("silent");
    let talker = Program::at(CHILD).role("lines").arg("--count", 2);
    let mut children = Children::start([silent, talker], LIMIT).unwrap();
    // The silent child, first in the list, holds up nothing: the other's lines and end come.
    let heard: Vec<Heard> = (0..4)
        .map(|_| children.next_heard().unwrap().unwrap())
        .collect();
    let (lines, end) = heard.split_at(3);
    let said = ["line 0", "line 1", "end"].map(|line| Heard::Line(1, line.to_owned()));
    assert_eq!(lines, said);
    assert!(
        matches!(end, [Heard::Ended(1, status)] if status.success()),
        "{end:?}"
    );
    assert!(children.status(1).is_some() && children.status(0).is_none());
    // A write to the child that ended is given back, and the silent one still runs.
    assert!(children.try_send_line(1, "anyone?").is_err());
    assert!(!gone(children.pid(0)));

    // A child added among the running ones is heard like the first ones.
    let added = Program::at(CHILD)
        .role("exit")
        .arg("--code", 3)
        .arg("--say", "hi");
    assert_eq!(children.add(added).unwrap(), 2);
    assert_eq!(
        children.next_heard().unwrap(),
        Some(Heard::Line(2, "hi".into()))
    );
    let Some(Heard::Ended(2, status)) = children.next_heard().unwrap() else {
        panic!("expected the added child's end");
    };
    assert_eq!(lesson_kit::process::describe(status), "exit code 3");

    // A child killed by a signal is one more end; then nothing more can come.
    children.signal(0, libc::SIGKILL).unwrap();
    let Some(Heard::Ended(0, status)) = children.next_heard().unwrap() else {
        panic!("expected the silent child's end");
    };
    assert_eq!(lesson_kit::process::signal_of(status), Some(libc::SIGKILL));
    assert_eq!(children.next_heard().unwrap(), None);
    let pids: Vec<u32> = (0..3).map(|i| children.pid(i)).collect();
    let finished = children.finish().unwrap();
    assert_eq!(finished.len(), 3);
    assert!(pids.iter().all(|&pid| gone(pid)), "{pids:?}");
}

#[test]
fn try_send_line_and_close_input_reach_a_running_child() {
    use lesson_kit::process::Heard;
    let job = || Program::at(CHILD).role("job");
    let mut children = Children::start([job(), job()], LIMIT).unwrap();
    children.try_send_line(0, "go").unwrap();
    children.close_input(1);
    let mut heard = Vec::new();
    while let Some(next) = children.next_heard().unwrap() {
        heard.push(next);
    }
    assert!(heard.contains(&Heard::Line(0, "done".into())), "{heard:?}");
    assert!(heard.contains(&Heard::Line(1, "no go".into())), "{heard:?}");
    assert_eq!(heard.len(), 4, "two lines and two ends: {heard:?}");
    assert!(
        children.try_send_line(1, "go").is_err(),
        "its input is closed"
    );
}

#[test]
fn next_heard_ends_at_the_deadline_and_kills_every_child() {
    let short = Duration::from_millis(300);
    let mut children = Children::start([Program::at(CHILD).role("silent")], short).unwrap();
    let pid = children.pid(0);
    let started = Instant::now();
    let error = children.next_heard().unwrap_err();
    assert_eq!(*error.problem(), Problem::TimedOut(short));
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(gone(pid));
}

#[test]
fn a_child_can_read_a_pipe_of_ours_as_its_input_and_then_takes_no_lines() {
    use std::io::Write;
    let (reader, mut writer) = std::io::pipe().unwrap();
    let mut child = Program::at(CHILD)
        .role("count-input")
        .stdin_from(reader)
        .start(LIMIT)
        .unwrap();
    writer.write_all(&[7; 3000]).unwrap();
    // The end of its input comes when the last write end closes: ours (the launch dropped its
    // read end, the child's copy of the write end was never made).
    drop(writer);
    assert_eq!(
        child.wait_for_line("3000 bytes").map_err(|e| e.to_string()),
        Ok(())
    );
    let refused = child.send_line("go").unwrap_err();
    assert!(refused.to_string().contains("stdin_from"), "{refused}");
}
