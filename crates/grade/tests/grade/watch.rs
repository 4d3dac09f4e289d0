//! `cargo grade --watch`: each save of an exercise's file grades it; h shows its hint, Enter
//! grades it again, q quits.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use grade::watch::{Student, Watched, watch};

use crate::workbook::{HINT, Running, SOLVED, STARTER, Workbook};

/// Records what the loop asked for, and tells the test each time.
struct Recorder {
    asked: mpsc::Sender<String>,
}

impl Student for Recorder {
    fn grade(&mut self, id: &str) -> bool {
        let _ = self.asked.send(format!("grade {id}"));
        id == "done"
    }

    fn hint(&mut self, id: &str) {
        let _ = self.asked.send(format!("hint {id}"));
    }
}

#[test]
fn a_saved_file_is_graded_h_shows_its_hint_enter_regrades_and_q_quits() {
    let folder = tempfile::tempdir().unwrap();
    let files: Vec<Watched> = ["one", "two"]
        .iter()
        .map(|id| {
            let path = folder.path().join(format!("{id}.rs"));
            std::fs::write(&path, "// as shipped\n").unwrap();
            Watched {
                id: (*id).to_owned(),
                path,
                shown: format!("{id}.rs"),
            }
        })
        .collect();
    let (typing, typed) = mpsc::channel();
    let (asked, asks) = mpsc::channel();
    let watched = files.clone();
    let watcher = thread::spawn(move || {
        let mut out = Vec::new();
        let first = Some("one");
        watch(
            &watched,
            &typed,
            Duration::from_millis(20),
            first,
            &mut Recorder { asked },
            &mut out,
        );
        String::from_utf8(out).unwrap()
    });
    let next = || {
        asks.recv_timeout(Duration::from_secs(30))
            .expect("the loop to ask")
    };

    // The first exercise is graded at once, once the files' first versions have been read: from
    // here on, a change is one the loop sees.
    assert_eq!(next(), "grade one");
    std::fs::write(&files[1].path, "// my work\n").unwrap();
    assert_eq!(next(), "grade two");
    typing.send("h".into()).unwrap();
    assert_eq!(next(), "hint two");
    typing.send(String::new()).unwrap();
    assert_eq!(next(), "grade two");
    std::fs::write(&files[0].path, "// more work\n").unwrap();
    assert_eq!(next(), "grade one");
    typing.send("what?".into()).unwrap();
    typing.send("q".into()).unwrap();
    let out = watcher.join().unwrap();
    assert!(
        asks.try_recv().is_err(),
        "nothing more after q, and nothing for an unchanged file"
    );
    for words in [
        "Watching 2 exercise files",
        "-- two.rs changed: grading two --",
        "two does not have full points yet",
        "q and Enter to quit",
    ] {
        assert!(out.contains(words), "{words:?} in {out}");
    }
}

#[test]
fn before_anything_is_graded_there_is_no_hint_to_show() {
    let (typing, typed) = mpsc::channel();
    let (asked, asks) = mpsc::channel();
    for line in ["h", "", "q"] {
        typing.send(line.to_owned()).unwrap();
    }
    let mut out = Vec::new();
    let quick = Duration::from_millis(1);
    watch(&[], &typed, quick, None, &mut Recorder { asked }, &mut out);
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.matches("Nothing graded yet").count(), 2, "{out}");
    assert!(asks.try_recv().is_err());
}

#[test]
fn the_real_tool_regrades_an_exercise_when_it_is_saved() {
    let workbook = Workbook::new();
    let mut running = Running::start(workbook.command(&["--watch", "--exercise", "answer"]));
    // One exercise watched: graded at once.
    running.wait_for("the answer is 0");
    running.wait_for("answer does not have full points yet");
    workbook.write(
        STARTER,
        "pub fn answer() -> u32 {\n    \"not a number\"\n}\n",
    );
    running.wait_for(&format!("error: {STARTER} does not compile"));
    workbook.write(STARTER, SOLVED);
    running.wait_for(&format!("-- {STARTER} changed: grading answer --"));
    running.wait_for("the answer is 42");
    running.wait_for("answer has full points");
    running.type_line("h");
    running.wait_for(HINT.trim_end());
    running.type_line("q");
    assert!(running.exit_status().success(), "{}", running.seen);
}
