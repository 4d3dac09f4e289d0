//! What every chapter's `tests/exercises.rs` proves about its exercises, Rustlings-style: every
//! reference solution gets full points, every untouched starter fails, and the list names the
//! files that are really compiled in, with hints the book can translate.

use std::io::Write;
use std::path::Path;

use crate::grading::{CheckReport, Code, Exercise, Report, fingerprint, grade};

/// One line per check: points earned, points possible, name and outcome.
pub fn describe(checks: &[CheckReport]) -> String {
    checks
        .iter()
        .map(|check| {
            format!(
                "\n  {}/{} {}: {}",
                check.earned(),
                check.points,
                check.name,
                check.outcome
            )
        })
        .collect()
}

/// The file graded, its score, and [`describe`] of its checks.
pub fn summary(report: &Report) -> String {
    format!(
        "{} graded {}/{}:{}",
        report.exercise.file(report.code),
        report.earned(),
        report.possible(),
        describe(&report.checks)
    )
}

/// Panics unless every reference solution gets full points.
pub fn assert_solutions_pass(exercises: &[Exercise]) {
    for exercise in exercises {
        let report = grade(exercise, Code::Solution);
        assert!(report.complete(), "{}", summary(&report));
    }
}

/// Panics if an untouched starter gets full points. A starter the student has edited is theirs to
/// grade with `cargo grade`, except under `CI`, where an edited starter is a mistake: the panic
/// then gives the fingerprint to record if the change was meant.
pub fn assert_untouched_starters_fail(exercises: &[Exercise]) {
    for exercise in exercises {
        if exercise.starter_untouched() {
            let report = grade(exercise, Code::Starter);
            assert!(
                !report.complete(),
                "a starter must not pass as shipped; {}",
                summary(&report)
            );
        } else if std::env::var_os("CI").is_some() {
            panic!(
                "{} is not the starter recorded in its chapter's src/exercises.rs. If the change \
                 is intended, set the starter_sha256 of {:?} to \"{}\"",
                exercise.starter,
                exercise.id,
                fingerprint(exercise.starter_text)
            );
        } else {
            // Straight to stderr: the test harness hides what `eprintln!` prints in a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "note: you have edited {}, so this test no longer expects it to fail; \
                 `cargo grade --exercise {}` grades your work",
                exercise.starter,
                exercise.id
            );
        }
    }
}

/// Panics unless every exercise belongs to `chapter`, its starter and hint on disk (under the
/// repository `root`) are the texts compiled in, its solution exists, and its hint is plain
/// paragraphs: the book translates hints through gettext, which headings and HTML would break.
pub fn assert_list_matches_files(exercises: &[Exercise], chapter: &str, root: &Path) {
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
    };
    for exercise in exercises {
        assert_eq!(exercise.chapter, chapter, "{}", exercise.id);
        assert_eq!(
            read(exercise.starter),
            exercise.starter_text,
            "{}",
            exercise.starter
        );
        assert_eq!(read(exercise.hint), exercise.hint_text, "{}", exercise.hint);
        assert!(
            root.join(exercise.solution).is_file(),
            "{}",
            exercise.solution
        );
        assert!(
            !exercise.hint_text.trim().is_empty(),
            "{} is empty",
            exercise.hint
        );
        for line in exercise.hint_text.lines() {
            assert!(
                !line.starts_with('#') && !line.contains('<'),
                "{}: only plain paragraphs, found {line:?}",
                exercise.hint
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::Check;
    use std::panic::catch_unwind;
    use std::time::Duration;

    const STARTER: &str = "// the starter\n";

    fn passes() -> Result<(), String> {
        Ok(())
    }

    fn fails() -> Result<(), String> {
        Err("not yet".into())
    }

    fn checks_where_everything_passes(_: Code) -> Vec<Check> {
        vec![Check {
            name: "anything",
            points: 1,
            limit: Duration::from_secs(5),
            run: passes,
        }]
    }

    fn checks_where_only_the_solution_passes(code: Code) -> Vec<Check> {
        vec![Check {
            name: "the real thing",
            points: 1,
            limit: Duration::from_secs(5),
            run: match code {
                Code::Starter => fails,
                Code::Solution => passes,
            },
        }]
    }

    fn exercise(checks: fn(Code) -> Vec<Check>) -> Exercise {
        Exercise {
            id: "example",
            chapter: "Chapter",
            title: "An example",
            starter: "lessons/x/exercises/example.rs",
            solution: "lessons/x/solutions/example.rs",
            hint: "lessons/x/exercises/example.hint.md",
            hint_text: "Look closer.\n",
            starter_text: STARTER,
            starter_sha256: Box::leak(fingerprint(STARTER).into_boxed_str()),
            checks,
        }
    }

    #[test]
    fn a_starter_that_already_passes_is_caught_and_a_failing_one_is_not() {
        let too_easy = [exercise(checks_where_everything_passes)];
        assert!(catch_unwind(|| assert_untouched_starters_fail(&too_easy)).is_err());
        let right = [exercise(checks_where_only_the_solution_passes)];
        assert_untouched_starters_fail(&right);
        assert_solutions_pass(&right);
    }

    #[test]
    fn a_solution_that_fails_is_caught() {
        fn everything_fails(_: Code) -> Vec<Check> {
            vec![Check {
                name: "anything",
                points: 1,
                limit: Duration::from_secs(5),
                run: fails,
            }]
        }
        let broken = [exercise(everything_fails)];
        assert!(catch_unwind(|| assert_solutions_pass(&broken)).is_err());
    }

    #[test]
    fn a_hint_with_a_heading_or_files_that_differ_are_caught() {
        let root = std::env::temp_dir().join(format!("contract-test-{}", std::process::id()));
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let good = exercise(checks_where_only_the_solution_passes);
        write(good.starter, STARTER);
        write(good.solution, "// solved\n");
        write(good.hint, good.hint_text);
        assert_list_matches_files(std::slice::from_ref(&good), "Chapter", &root);
        let wrong_chapter = catch_unwind(|| {
            assert_list_matches_files(std::slice::from_ref(&good), "Another", &root)
        });
        assert!(wrong_chapter.is_err());
        let heading = Exercise {
            hint_text: "## A heading\n",
            ..exercise(checks_where_only_the_solution_passes)
        };
        write(heading.hint, heading.hint_text);
        let caught = catch_unwind(|| assert_list_matches_files(&[heading], "Chapter", &root));
        write(good.starter, "// edited on disk\n");
        let stale = catch_unwind(|| {
            assert_list_matches_files(
                &[exercise(checks_where_only_the_solution_passes)],
                "Chapter",
                &root,
            )
        });
        std::fs::remove_dir_all(&root).unwrap();
        assert!(caught.is_err(), "a heading in a hint must be refused");
        assert!(
            stale.is_err(),
            "a starter on disk that differs from the compiled one must be refused"
        );
    }
}
