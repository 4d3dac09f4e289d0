//! What every chapter's tests prove about its exercises, Rustlings-style: the declaration and the
//! check functions agree, every reference solution gets full points, and the files on disk are the
//! ones compiled in, with hints the book can translate ([`contract_tests!`](crate::contract_tests),
//! in `tests/exercises.rs`, which adds the chapter's wrong solutions, graded with [`run_all`] or
//! [`run_at_once`] and caught with [`assert_caught`]); and each student's file either fails as
//! shipped or, once edited, earns full points ([`assert_your_work`], a test per exercise that
//! [`chapter!`](macro@crate::chapter) writes).

use std::io::Write;
use std::path::Path;
use std::thread;

use crate::chapter::Chapter;
use crate::grading::{
    Check, CheckFn, CheckReport, Code, Exercise, Outcome, Report, fingerprint, grade, run_check,
};
use lesson_kit::timeout::run_with_timeout;

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

/// Runs `checks` one after the other, as `cargo grade` does.
pub fn run_all(checks: &[Check]) -> Vec<CheckReport> {
    checks.iter().map(run_check).collect()
}

/// Runs `checks` side by side, each on its own thread, and reports them in their order: for a
/// version that waits out a time limit or a meeting's patience in several checks, which then
/// costs one wait instead of the sum. Only for checks that cannot disturb each other's outcome.
pub fn run_at_once(checks: &[Check]) -> Vec<CheckReport> {
    thread::scope(|scope| {
        let running: Vec<_> = checks
            .iter()
            .map(|check| scope.spawn(move || run_check(check)))
            .collect();
        running
            .into_iter()
            .map(|check| check.join().expect("run_check reports panics itself"))
            .collect()
    })
}

/// Runs checks that may deadlock side by side ([`run_at_once`]), so that a test waits out the
/// longest limit once, under a guard that fails the test instead of hanging it should the grader
/// itself ever wait for the stuck threads; panics unless the whole run cost that limit and not
/// much more.
pub fn run_stuck(checks: Vec<Check>) -> Vec<CheckReport> {
    let longest = checks
        .iter()
        .map(|check| check.limit)
        .max()
        .unwrap_or_default();
    let started = std::time::Instant::now();
    let reports = run_with_timeout(longest + STUCK_GUARD, move || run_at_once(&checks))
        .expect("grading a version that deadlocks must end");
    let took = started.elapsed();
    assert!(
        took < longest + STUCK_GUARD / 2,
        "{took:?} for limits of at most {longest:?}"
    );
    reports
}

/// How much longer than its longest limit [`run_stuck`] lets a run take: generous, since only a
/// grader that waited for its stuck threads would come near it.
const STUCK_GUARD: std::time::Duration = std::time::Duration::from_secs(20);

/// The time limit [`assert_every_check_times_out`] gives each check, when the declared one is
/// longer: a version whose every check blocks forever times out at any limit, and the declared
/// ones (seconds, generous for a loaded machine) would cost every test run their sum.
pub const STUCK_LIMIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Panics unless every check of `exercise`, bound to `runs` (a version whose every check blocks
/// forever), is stopped at its time limit (the declared one, or [`STUCK_LIMIT`] if shorter),
/// reported as timed out, and costs that limit and not much more.
pub fn assert_every_check_times_out(exercise: &Exercise, runs: &[(&'static str, CheckFn)]) {
    let checks = exercise
        .bind(runs)
        .into_iter()
        .map(|check| Check {
            limit: check.limit.min(STUCK_LIMIT),
            ..check
        })
        .collect();
    let reports = run_stuck(checks);
    for (declared, report) in exercise.checks.iter().zip(&reports) {
        assert_caught(exercise, &reports, declared.run, &["still running after"]);
        assert_eq!(
            report.outcome,
            Outcome::TimedOut(report.limit),
            "{report:?}"
        );
        assert!(report.elapsed >= report.limit, "{report:?}");
        assert!(
            report.elapsed < report.limit + STUCK_GUARD / 2,
            "{report:?}"
        );
    }
}

/// Panics unless a wrong version of `exercise`, graded into `reports` (in the order of its
/// declared checks), is caught by the check whose `run` is `run`: that check earns nothing, its
/// message contains every one of `words`, and the version misses points. A wrong solution kept as
/// a test names its mistake this way, so a check that stops catching it fails the test.
pub fn assert_caught(exercise: &Exercise, reports: &[CheckReport], run: &str, words: &[&str]) {
    let index = exercise
        .checks
        .iter()
        .position(|check| check.run == run)
        .unwrap_or_else(|| panic!("exercise {} declares no check `{run}`", exercise.id));
    assert_eq!(
        reports.len(),
        exercise.checks.len(),
        "one report per declared check:{}",
        describe(reports)
    );
    let caught = &reports[index];
    let message = caught.outcome.to_string();
    assert!(
        caught.outcome != Outcome::Passed && words.iter().all(|word| message.contains(word)),
        "expected the check {:?} to fail saying {words:?}:{}",
        caught.name,
        describe(reports)
    );
    let earned: u32 = reports.iter().map(CheckReport::earned).sum();
    let possible: u32 = reports.iter().map(|check| check.points).sum();
    assert!(earned < possible, "{}", describe(reports));
}

/// [`assert_caught`], `times` times over: `reports` graded a wrong version in full once; the check
/// `run` is then run on its own `times - 1` more times, and must catch it saying `words` every
/// time. The other checks, seen once, cost no more time.
pub fn assert_caught_every_time(
    exercise: &Exercise,
    checks: &[Check],
    mut reports: Vec<CheckReport>,
    run: &str,
    words: &[&str],
    times: usize,
) {
    let place = exercise
        .checks
        .iter()
        .position(|check| check.run == run)
        .unwrap_or_else(|| panic!("{} declares no check {run}", exercise.id));
    for time in 0..times {
        if time > 0 {
            reports[place] = run_check(&checks[place]);
        }
        assert_caught(exercise, &reports, run, words);
    }
}

/// Panics unless every reference solution gets full points.
pub fn assert_solutions_pass(exercises: &[Exercise]) {
    for exercise in exercises {
        let report = grade(exercise, Code::Solution);
        assert!(report.complete(), "{}", summary(&report));
    }
}

/// The environment variable that makes an edited starter an error rather than a student's work to
/// grade: this project's own CI sets it (`.ci/run`), so that a starter cannot ship edited. It is
/// not the generic `CI`, which every CI service sets, a class's grading workflow included.
pub const STARTERS_AS_SHIPPED: &str = "WORKBOOK_STARTERS_AS_SHIPPED";

/// What `cargo test` proves about the student's file of `exercise` (`your_work::<id>`, a test per
/// exercise that [`chapter!`](macro@crate::chapter) writes):
///
/// - untouched, as shipped, it must fail its checks (graded only up to its first check that does
///   not pass: one is enough, and the checks after it, some waiting out their limits, could only
///   confirm it);
/// - edited, it is the student's work: graded in full, and the test fails, with every failing
///   check's message, until it earns full points. Under [`STARTERS_AS_SHIPPED`] an edited starter
///   is refused instead, with the fingerprint to record if the change was meant.
pub fn assert_your_work(exercise: &Exercise) {
    check_your_work(exercise, std::env::var_os(STARTERS_AS_SHIPPED).is_some());
}

fn check_your_work(exercise: &Exercise, starters_as_shipped: bool) {
    if exercise.starter_untouched() {
        let report = grade_to_a_failure(exercise);
        assert!(
            !report.complete(),
            "a starter must not pass as shipped; {}",
            summary(&report)
        );
        // Straight to stderr: the test harness hides what `eprintln!` prints in a passing test.
        let _ = writeln!(
            std::io::stderr(),
            "note: {} is not edited yet, and fails as shipped; edit it, and this test grades it",
            exercise.starter
        );
        return;
    }
    assert!(
        !starters_as_shipped,
        "{} is not the starter declared in {} ({STARTERS_AS_SHIPPED} is set). If the change is \
         intended, set the starter_sha256 of {:?} to \"{}\"",
        exercise.starter,
        Path::new(exercise.starter)
            .with_file_name("exercises.toml")
            .display(),
        exercise.id,
        fingerprint(exercise.starter_text)
    );
    let report = grade(exercise, Code::Starter);
    assert!(
        report.complete(),
        "{}\nStuck? `cargo grade --hint {}`, or read {}",
        summary(&report),
        exercise.id,
        exercise.hint
    );
}

/// Grades the starter of `exercise` check after check, and stops after the first that does not
/// pass.
fn grade_to_a_failure(exercise: &Exercise) -> Report<'_> {
    let mut checks = Vec::new();
    for check in exercise.checks_of(Code::Starter) {
        let report = run_check(&check);
        let passed = report.outcome == Outcome::Passed;
        checks.push(report);
        if !passed {
            break;
        }
    }
    Report {
        exercise,
        code: Code::Starter,
        checks,
    }
}

/// Panics unless the chapter's files on disk are the ones compiled in: its declaration, and each
/// exercise's starter and hint; unless every solution exists; and unless every hint is plain
/// paragraphs: the book translates hints through gettext, which headings and HTML would break.
pub fn assert_files_match(chapter: &Chapter) {
    let root = chapter.repository();
    let read = |path: &Path| {
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    };
    let declaration = chapter.folder.join("exercises.toml");
    assert_eq!(
        read(&declaration),
        chapter.declaration,
        "{} is not the declaration compiled in",
        declaration.display()
    );
    for exercise in &chapter.exercises {
        assert_eq!(exercise.chapter, chapter.title, "{}", exercise.id);
        assert_eq!(
            read(&root.join(exercise.starter)),
            exercise.starter_text,
            "{}",
            exercise.starter
        );
        assert_eq!(
            read(&root.join(exercise.hint)),
            exercise.hint_text,
            "{}",
            exercise.hint
        );
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

/// The tests every chapter's `tests/exercises.rs` starts with, for the [`Chapter`] that
/// `$chapter` gives (the exercises crate's `chapter()`):
///
/// - the declaration and the crate's check functions agree;
/// - every reference solution gets full points;
/// - the files on disk are the ones compiled in, and hints are plain paragraphs
///   ([`assert_files_match`]);
/// - `your_work::<id>`, one test per exercise, listed in the order of the declaration: an
///   untouched starter fails, an edited one is graded until it earns full points
///   ([`assert_your_work`]); a list that misses an exercise fails.
///
/// They are written here, in the test program `tests/exercises.rs`, rather than in the crate's
/// unit tests, so that grading the starters waits side by side with the wrong solutions' checks
/// instead of in a test program of its own.
#[macro_export]
macro_rules! contract_tests {
    ($chapter:expr, [$($id:ident),+ $(,)?]) => {
        $crate::contract_tests!(@contract $chapter);

        fn __chapter_of_your_work() -> &'static $crate::chapter::Chapter {
            $chapter
        }

        #[test]
        fn your_work_lists_every_exercise_in_order() {
            let listed = [$(stringify!($id)),+];
            let declared: Vec<&str> =
                __chapter_of_your_work().exercises.iter().map(|e| e.id).collect();
            assert_eq!(listed.as_slice(), declared, "contract_tests! lists other exercises than exercises.toml");
        }

        /// `cargo test` grades the student's files: one test per exercise, named after it
        /// (`cargo test -p <chapter>-exercises your_work::<id>`), which proves an untouched
        /// starter fails and fails an edited one until it earns full points.
        mod your_work {
            $(
                #[test]
                fn $id() {
                    let chapter = super::__chapter_of_your_work();
                    $crate::contract::assert_your_work(chapter.exercise(stringify!($id)));
                }
            )+
        }
    };
    (@contract $chapter:expr) => {
        #[test]
        fn the_declaration_and_the_check_functions_agree() {
            // Reading the chapter panics with every disagreement found.
            let chapter: &$crate::chapter::Chapter = $chapter;
            assert!(!chapter.exercises.is_empty());
        }

        #[test]
        fn every_reference_solution_gets_full_points() {
            $crate::contract::assert_solutions_pass(&$chapter.exercises);
        }

        #[test]
        fn the_files_on_disk_are_the_ones_compiled_in_and_every_hint_is_plain_paragraphs() {
            $crate::contract::assert_files_match($chapter);
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapter::Binding;
    use crate::grading::{DeclaredCheck, Runs};
    use std::panic::catch_unwind;
    use std::sync::Barrier;
    use std::time::Duration;

    const STARTER: &str = "// the starter\n";

    fn passes() -> Result<(), String> {
        Ok(())
    }

    fn fails() -> Result<(), String> {
        Err("not yet".into())
    }

    /// Declared checks, one per function name, 1 point and 5 s each.
    fn declared(runs: &[&'static str]) -> Vec<DeclaredCheck> {
        runs.iter()
            .map(|&run| DeclaredCheck {
                run,
                name: run,
                points: 1,
                limit: Duration::from_secs(5),
            })
            .collect()
    }

    fn exercise(checks: Vec<DeclaredCheck>, runs: fn(Code) -> Runs) -> Exercise {
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
            runs,
        }
    }

    fn everything_passes(_: Code) -> Runs {
        vec![("anything", passes)]
    }

    fn only_the_solution_passes(code: Code) -> Runs {
        match code {
            Code::Starter => vec![("the real thing", fails)],
            Code::Solution => vec![("the real thing", passes)],
        }
    }

    #[test]
    fn a_starter_that_already_passes_is_caught_and_a_failing_one_is_not() {
        let too_easy = exercise(declared(&["anything"]), everything_passes);
        assert!(catch_unwind(|| check_your_work(&too_easy, false)).is_err());
        let right = [exercise(
            declared(&["the real thing"]),
            only_the_solution_passes,
        )];
        check_your_work(&right[0], false);
        check_your_work(&right[0], true);
        assert_solutions_pass(&right);
    }

    /// The exercise of [`exercise`], its starter edited by the student.
    fn edited(runs: fn(Code) -> Runs) -> Exercise {
        Exercise {
            starter_text: "// the student's work\n",
            ..exercise(declared(&["one", "two"]), runs)
        }
    }

    #[test]
    fn an_edited_starter_is_graded_and_fails_with_every_failing_message_until_it_has_full_points() {
        fn half_done(_: Code) -> Runs {
            vec![("one", passes), ("two", fails)]
        }
        fn done(_: Code) -> Runs {
            vec![("one", passes), ("two", passes)]
        }
        let half = edited(half_done);
        let failure = catch_unwind(|| check_your_work(&half, false)).unwrap_err();
        let message = failure
            .downcast_ref::<String>()
            .expect("a formatted message");
        for words in [
            "graded 1/2",
            "0/1 two: not yet",
            "cargo grade --hint example",
        ] {
            assert!(message.contains(words), "{words:?} in {message}");
        }
        check_your_work(&edited(done), false);
    }

    #[test]
    fn under_the_shipped_starters_guard_an_edited_starter_is_refused_with_its_fingerprint() {
        fn done(_: Code) -> Runs {
            vec![("one", passes), ("two", passes)]
        }
        let finished = edited(done);
        let failure = catch_unwind(|| check_your_work(&finished, true)).unwrap_err();
        let message = failure
            .downcast_ref::<String>()
            .expect("a formatted message");
        assert!(
            message.contains(&fingerprint("// the student's work\n")),
            "{message}"
        );
        assert!(message.contains(STARTERS_AS_SHIPPED), "{message}");
    }

    #[test]
    fn a_solution_that_fails_is_caught() {
        fn everything_fails(_: Code) -> Runs {
            vec![("anything", fails)]
        }
        let broken = [exercise(declared(&["anything"]), everything_fails)];
        assert!(catch_unwind(|| assert_solutions_pass(&broken)).is_err());
    }

    #[test]
    fn a_starter_is_graded_up_to_its_first_failure_and_one_that_passes_in_full() {
        fn fails_second(_: Code) -> Runs {
            vec![("one", passes), ("two", fails), ("three", fails)]
        }
        let failing = exercise(declared(&["one", "two", "three"]), fails_second);
        let report = grade_to_a_failure(&failing);
        let graded: Vec<&str> = report.checks.iter().map(|check| check.name).collect();
        assert_eq!(graded, ["one", "two"]);
        assert!(!report.complete());

        fn passes_all(_: Code) -> Runs {
            vec![("one", passes), ("two", passes), ("three", passes)]
        }
        let passing = exercise(declared(&["one", "two", "three"]), passes_all);
        let report = grade_to_a_failure(&passing);
        assert_eq!(report.checks.len(), 3, "{}", summary(&report));
        assert!(report.complete());
    }

    #[test]
    fn checks_run_at_once_really_run_at_the_same_time_and_keep_their_order() {
        // Each check waits for the other two: together they pass, one after another the first
        // would wait out its limit.
        static MEETING: Barrier = Barrier::new(3);
        fn meet() -> Result<(), String> {
            MEETING.wait();
            Ok(())
        }
        fn three(_: Code) -> Runs {
            vec![("a", meet), ("b", meet), ("c", meet)]
        }
        let checks = exercise(declared(&["a", "b", "c"]), three).checks_of(Code::Solution);
        let reports = run_at_once(&checks);
        let names: Vec<&str> = reports.iter().map(|check| check.name).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(
            reports.iter().all(|check| check.outcome == Outcome::Passed),
            "{}",
            describe(&reports)
        );
    }

    #[test]
    fn a_hint_with_a_heading_or_files_that_differ_are_caught() {
        let root = std::env::temp_dir().join(format!("contract-test-{}", std::process::id()));
        let folder = root.join("lessons/x/exercises");
        let folder: &'static str =
            Box::leak(folder.to_string_lossy().into_owned().into_boxed_str());
        let declaration: &'static str = Box::leak(
            format!(
                "chapter = \"Chapter\"\n\n[[exercise]]\nid = \"example\"\ntitle = \"An example\"\n\
                 starter_sha256 = \"{}\"\nabout = \"Try it.\"\n\n[[exercise.check]]\n\
                 run = \"the real thing\"\nname = \"the real thing\"\npoints = 1\nlimit_ms = 5000\n",
                fingerprint(STARTER)
            )
            .into_boxed_str(),
        );
        let chapter = |hint_text: &'static str| {
            let binding = Binding {
                id: "example",
                starter_text: STARTER,
                hint_text,
                runs: only_the_solution_passes,
            };
            Chapter::declare(declaration, folder, &[binding]).unwrap()
        };
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let good = chapter("Look closer.\n");
        let example = good.exercise("example");
        write("lessons/x/exercises/exercises.toml", declaration);
        write(example.starter, STARTER);
        write(example.solution, "// solved\n");
        write(example.hint, example.hint_text);
        assert_files_match(&good);

        let mut renamed = chapter("Look closer.\n");
        renamed.title = "Another";
        let wrong_chapter = catch_unwind(|| assert_files_match(&renamed));

        let heading = chapter("## A heading\n");
        write(example.hint, "## A heading\n");
        let caught = catch_unwind(|| assert_files_match(&heading));
        write(example.hint, example.hint_text);

        write(example.starter, "// edited on disk\n");
        let stale = catch_unwind(|| assert_files_match(&good));
        write(example.starter, STARTER);

        write(
            "lessons/x/exercises/exercises.toml",
            "chapter = \"Edited\"\n",
        );
        let stale_declaration = catch_unwind(|| assert_files_match(&good));

        std::fs::remove_dir_all(&root).unwrap();
        assert!(
            wrong_chapter.is_err(),
            "another chapter's exercise must be refused"
        );
        assert!(caught.is_err(), "a heading in a hint must be refused");
        assert!(
            stale.is_err(),
            "a starter on disk that differs from the compiled one must be refused"
        );
        assert!(
            stale_declaration.is_err(),
            "a declaration on disk that differs from the compiled one must be refused"
        );
    }
}
