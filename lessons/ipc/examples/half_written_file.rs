//! Lesson: a file as the meeting place of two processes, the first way the Russian lecture lists.
//! One process saves, another reads; unless the save is done right, the reader can see half a file.
//!
//! The lecture names files and moves on. The pitfall it leaves out: a program that saves a file
//! writes it in several writes, and a reader that reads between two of them gets part of the file.
//! Here the writer stops between its writes until the reader has looked, so the reader sees that
//! moment on every run, not by luck. The fix: write a temporary file in the same folder and
//! `rename` it over the target. The reader then sees the old file or the new one, never a part.
//!
//! Run: `cargo run --example half_written_file`

use std::time::Duration;

use ipc::child::ROLES;
use ipc::file::{Save, Seen, run};
use ipc::scratch::left_behind;
use lesson_kit::Figure;
use lesson_kit::cli;
use lesson_kit::process::{self, Program};

const USAGE: &str = "\
A file saved in two writes, and what a reader sees between them: in place, and with rename.

usage: cargo run --example half_written_file

  -h, --help  show this text
";

/// A save of three lines takes milliseconds; a writer this slow is stuck, and is killed.
const LIMIT: Duration = Duration::from_secs(30);

fn main() {
    process::play_if_child(&ROLES);
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));
    println!("A child saves 3 records in two writes and waits between them till we look.\n");
    let run = run(&Program::this(), LIMIT);
    let ways = [
        ("1. In place: File::create, write, write", &run.in_place),
        ("2. A temporary file beside it, then rename", &run.renamed),
    ];
    for (heading, saves) in ways {
        println!("{heading}");
        for save in saves {
            let (version, between, after) = (save.version, &save.between, &save.after);
            println!("   version {version}: between the writes {between}; after: {after}");
        }
        if let Some((seen, inode)) = &saves[1].held {
            println!("   opened between the writes of version 2, read after the save: {seen}");
            println!("   (inode {inode}; the name now: {})", saves[1].inode_after);
        }
    }
    println!();

    // "X (both saves)" or "X, then Y": what the reader saw in the first and second save.
    let between = |[one, two]: &[Save; 2]| match (one.between.to_string(), two.between.to_string())
    {
        (one, two) if one == two => format!("{one} (both saves)"),
        (one, two) => format!("{one}, then {two}"),
    };
    Figure::new("what a reader saw between two writes of a save")
        .notes("not covered")
        .this_run(format!(
            "in place: {}; with rename: {}",
            between(&run.in_place),
            between(&run.renamed)
        ))
        .ideal("no file or 3 of 3 records: the old version or the new, never part of one")
        .print();
    let second = &run.renamed[1];
    let (held, held_inode) = second.held.clone().expect("version 1 was there to open");
    Figure::new("a file opened before the rename, read after it")
        .notes("not covered")
        .this_run(format!(
            "{held}, inode {held_inode} (the name: inode {})",
            second.inode_after
        ))
        .ideal("the old version: rename gives the name another file; the open one lives on")
        .print();

    // ANCHOR: asserts
    for save in &run.in_place {
        let seen = &save.between;
        assert!(seen.partial(), "expected part of a file, got {seen}");
    }
    let first = &run.renamed[0].between;
    assert_eq!(
        *first,
        Seen::NoFile,
        "expected no file before the first rename, got {first}"
    );
    let old = &second.between;
    assert_eq!(
        old.version(),
        Some(1),
        "expected version 1 whole before the rename, got {old}"
    );
    for save in run.saves() {
        let (version, after) = (save.version, &save.after);
        assert_eq!(
            after.version(),
            Some(version),
            "expected version {version} after its save, got {after}"
        );
        assert!(
            save.ended_well,
            "expected the writer of version {version} to end well"
        );
    }
    assert_eq!(
        held.version(),
        Some(1),
        "expected the open file to stay version 1, got {held}"
    );
    assert_ne!(
        held_inode, second.inode_after,
        "expected rename to give the name another file"
    );
    let left = left_behind(&[&run.scratch], &run.pids());
    assert!(left.is_empty(), "expected nothing left, got {left:?}");
    // ANCHOR_END: asserts
    println!("\nAs expected: in place, the reader saw part of the file every time; with rename,");
    println!("no file or a whole one, and a file it held open stayed the old version.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use ipc::file::Run;

    fn run_with_child() -> Run {
        run(&Program::at(env!("CARGO_BIN_EXE_ipc-child")), LIMIT)
    }

    #[test]
    fn writing_in_place_shows_the_reader_part_of_the_file_every_time() {
        let run = run_with_child();
        for save in &run.in_place {
            assert!(save.between.partial(), "{}", save.between);
            assert!(save.between.records() < 3, "{}", save.between);
            assert_eq!(save.after.version(), Some(save.version));
        }
        // The old version is gone as soon as the save begins: the reader saw no version 1 either.
        assert_eq!(run.in_place[1].between.version(), None);
    }

    #[test]
    fn with_rename_the_reader_sees_no_file_or_a_whole_one_never_part() {
        let run = run_with_child();
        let [first, second] = &run.renamed;
        assert_eq!(first.between, Seen::NoFile);
        assert_eq!(second.between.version(), Some(1));
        for save in &run.renamed {
            assert!(!save.between.partial() && save.ended_well);
            assert_eq!(save.after.version(), Some(save.version));
        }
    }

    #[test]
    fn a_file_opened_before_the_rename_still_reads_the_old_version() {
        let run = run_with_child();
        let (held, inode) = run.renamed[1].held.clone().unwrap();
        assert_eq!(held.version(), Some(1));
        assert_ne!(inode, run.renamed[1].inode_after);
        // In place, the open file is the very file rewritten: same inode, the new version.
        let (held, inode) = run.in_place[1].held.clone().unwrap();
        assert_eq!(
            (held.version(), inode),
            (Some(2), run.in_place[1].inode_after)
        );
    }

    #[test]
    fn a_run_leaves_no_file_and_no_process_behind() {
        let run = run_with_child();
        assert_eq!(run.pids().len(), 4);
        assert!(run.saves().all(|save| save.ended_well));
        assert_eq!(
            left_behind(&[&run.scratch], &run.pids()),
            Vec::<String>::new()
        );
    }
}
