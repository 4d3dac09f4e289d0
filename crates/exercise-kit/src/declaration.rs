//! A chapter's exercises, declared once.
//!
//! `lessons/<chapter>/exercises/exercises.toml` gives every exercise's id, title and starter
//! fingerprint, and every check's name, points, time limit and function (`run`); the book's
//! Exercises page is generated from the same file. The chapter's exercises crate (the folder that
//! holds the declaration) binds those function names to Rust functions with one [`chapter!`]
//! call, and every path follows from the id:
//!
//! | what | where, from the repository root |
//! |---|---|
//! | starter | `lessons/<chapter>/exercises/<id>.rs` |
//! | hint | `lessons/<chapter>/exercises/<id>.hint.md` |
//! | reference solution | `lessons/<chapter>/solutions/<id>.rs` |
//! | checks | `lessons/<chapter>/exercises/src/<id>.rs` |
//!
//! [`Chapter::declare`] refuses a declaration and a crate that disagree: a declared check without a
//! function, a function that no check declares, an id declared twice or not at all, a check worth
//! 0 points.
//!
//! [`chapter!`]: crate::chapter

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use toml::{Table, Value};

use crate::grading::{Code, DeclaredCheck, Exercise, Runs};

/// What a chapter's crate compiles in for one exercise, beside the declaration: the files
/// that [`chapter!`](crate::chapter) includes by its id, and its checks' functions.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub id: &'static str,
    pub starter_text: &'static str,
    pub hint_text: &'static str,
    pub runs: fn(Code) -> Runs,
}

/// One chapter's exercises: its declaration, bound to the crate's functions.
#[derive(Debug)]
pub struct Chapter {
    /// The chapter's title, as the book spells it (`chapter = "..."`).
    pub title: &'static str,
    /// The lesson crate's folder name: the chapter is `lessons/<slug>`.
    pub slug: &'static str,
    /// The exercises crate's folder where it was compiled (`CARGO_MANIFEST_DIR`), which holds
    /// the declaration, the starters and the hints.
    pub folder: &'static Path,
    /// The declaration's text, as compiled in.
    pub declaration: &'static str,
    /// The exercises, in the order of the declaration.
    pub exercises: Vec<Exercise>,
}

impl Chapter {
    /// Reads `declaration` (the text of `exercises.toml` in `folder`, which must be
    /// `lessons/<slug>/exercises`) and binds each exercise it declares to the [`Binding`] of the
    /// same id. The error lists every problem found, each a sentence that names the file.
    pub fn declare(
        declaration: &'static str,
        folder: &'static str,
        bindings: &[Binding],
    ) -> Result<Chapter, Vec<String>> {
        let folder: &'static Path = Path::new(folder);
        let slug = match (
            folder.file_name().and_then(|name| name.to_str()),
            folder
                .parent()
                .and_then(Path::file_name)
                .and_then(|name| name.to_str()),
        ) {
            (Some("exercises"), Some(slug)) => slug,
            _ => {
                return Err(vec![format!(
                    "{}: a chapter's exercises crate must be the folder lessons/<chapter>/exercises",
                    folder.display()
                )]);
            }
        };
        let file = format!("lessons/{slug}/exercises/exercises.toml");
        let mut problems = Problems::default();
        let table: Table = declaration.parse().map_err(|error: toml::de::Error| {
            vec![format!(
                "{file}: not valid TOML: {}",
                error.to_string().trim_end()
            )]
        })?;
        let chapter = read_chapter(&table, slug, bindings, &mut problems);
        let mut seen = BTreeSet::new();
        for binding in bindings {
            if !seen.insert(binding.id) {
                problems.push(format!(
                    "the crate binds the exercise `{}` twice",
                    binding.id
                ));
            } else if !problems.declared_ids.contains(binding.id) {
                problems.push(format!(
                    "the crate binds the exercise `{}`, which is not declared here",
                    binding.id
                ));
            }
        }
        if problems.list.is_empty() {
            Ok(Chapter {
                title: chapter.title,
                slug,
                folder,
                declaration,
                exercises: chapter.exercises,
            })
        } else {
            Err(problems
                .list
                .into_iter()
                .map(|problem| format!("{file}: {problem}"))
                .collect())
        }
    }

    /// The exercise `id`. Panics if the chapter does not declare it: the caller named it in code.
    pub fn exercise(&self, id: &str) -> &Exercise {
        self.exercises
            .iter()
            .find(|exercise| exercise.id == id)
            .unwrap_or_else(|| panic!("the chapter {:?} has no exercise {id:?}", self.title))
    }

    /// The repository the chapter belongs to, on the machine that compiled it.
    pub fn repository(&self) -> &'static Path {
        self.folder
            .ancestors()
            .nth(3)
            .expect("the exercises crate is lessons/<chapter>/exercises")
    }
}

/// The problems found so far, and the ids the declaration names (bound or not), so that a
/// broken exercise is not also reported as missing.
#[derive(Default)]
struct Problems {
    list: Vec<String>,
    declared_ids: BTreeSet<String>,
}

impl Problems {
    fn push(&mut self, problem: String) {
        self.list.push(problem);
    }
}

struct Read {
    title: &'static str,
    exercises: Vec<Exercise>,
}

/// The keys of the declaration, and which of them the grader reads: `about` is the page's.
const CHAPTER_KEYS: &[&str] = &["chapter", "exercise"];
const EXERCISE_KEYS: &[&str] = &["id", "title", "starter_sha256", "about", "check"];
const CHECK_KEYS: &[&str] = &["run", "name", "points", "limit_ms"];

fn read_chapter(table: &Table, slug: &str, bindings: &[Binding], problems: &mut Problems) -> Read {
    unknown_keys(table, CHAPTER_KEYS, "the top level", problems);
    let chapter = string(table, "chapter", "the top level", problems).unwrap_or_default();
    let mut exercises = Vec::new();
    let Some(declared) = tables(table, "exercise", "the top level", problems) else {
        return Read {
            title: chapter,
            exercises,
        };
    };
    for (index, declared) in declared.iter().enumerate() {
        let place = format!("exercise {}", index + 1);
        unknown_keys(declared, EXERCISE_KEYS, &place, problems);
        let Some(id) = string(declared, "id", &place, problems) else {
            continue;
        };
        let place = format!("exercise {} (`{id}`)", index + 1);
        if !problems.declared_ids.insert(id.to_owned()) {
            problems.push(format!("{place}: the id `{id}` is declared twice"));
            continue;
        }
        let title = string(declared, "title", &place, problems);
        let sha256 = string(declared, "starter_sha256", &place, problems);
        if let Some(sha256) = sha256
            && (sha256.len() != 64
                || !sha256
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        {
            problems.push(format!(
                "{place}: `starter_sha256` must be 64 lower-case hex digits (`sha256sum {id}.rs`)"
            ));
        }
        // The page's description: the grader only makes sure that it is there.
        match declared.get("about") {
            Some(Value::String(about)) if !about.trim().is_empty() => {}
            _ => problems.push(format!("{place}: `about` must be a non-empty string")),
        }
        let (checks, declared_runs) = read_checks(declared, &place, problems);
        let Some(binding) = bindings.iter().find(|binding| binding.id == id) else {
            problems.push(format!(
                "{place} has no checks in the crate: bind it in src/lib.rs (`{id} => {id}::runs_of`)"
            ));
            continue;
        };
        let (starter, solution) = (
            (binding.runs)(Code::Starter),
            (binding.runs)(Code::Solution),
        );
        let names = |runs: &Runs| runs.iter().map(|(name, _)| *name).collect::<Vec<_>>();
        if names(&starter) == names(&solution) {
            match_functions(&checks, &declared_runs, &starter, "", &place, problems);
        } else {
            for (runs, version) in [
                (&starter, " for the starter"),
                (&solution, " for the solution"),
            ] {
                match_functions(&checks, &declared_runs, runs, version, &place, problems);
            }
        }
        let (Some(title), Some(starter_sha256)) = (title, sha256) else {
            continue;
        };
        exercises.push(Exercise {
            id,
            chapter,
            title,
            starter: keep(format!("lessons/{slug}/exercises/{id}.rs")),
            solution: keep(format!("lessons/{slug}/solutions/{id}.rs")),
            hint: keep(format!("lessons/{slug}/exercises/{id}.hint.md")),
            hint_text: binding.hint_text,
            starter_text: binding.starter_text,
            starter_sha256,
            checks,
            runs: binding.runs,
        });
    }
    Read {
        title: chapter,
        exercises,
    }
}

/// The checks of an exercise, and the `run` names of all of them, even of those with a problem.
fn read_checks(
    declared: &Table,
    place: &str,
    problems: &mut Problems,
) -> (Vec<DeclaredCheck>, BTreeSet<&'static str>) {
    let mut checks = Vec::new();
    let (mut runs, mut names) = (BTreeSet::new(), BTreeSet::new());
    let Some(tables) = tables(declared, "check", place, problems) else {
        return (checks, runs);
    };
    for (number, check) in tables.iter().enumerate() {
        let place = format!("{place}, check {}", number + 1);
        unknown_keys(check, CHECK_KEYS, &place, problems);
        let run = string(check, "run", &place, problems);
        let name = string(check, "name", &place, problems);
        let points = integer(check, "points", &place, problems);
        let limit_ms = integer(check, "limit_ms", &place, problems);
        if let Some(run) = run
            && !runs.insert(run)
        {
            problems.push(format!("{place}: another check has run = {run:?} too"));
        }
        if let Some(name) = name
            && !names.insert(name)
        {
            problems.push(format!("{place}: another check has the name {name:?} too"));
        }
        if points == Some(0) {
            problems.push(format!(
                "{place} has 0 points: every check is worth at least 1"
            ));
        }
        if limit_ms == Some(0) {
            problems.push(format!("{place}: `limit_ms` is 0"));
        }
        let points = points.and_then(|points| {
            let fits = u32::try_from(points).ok();
            if fits.is_none() {
                problems.push(format!(
                    "{place}: {points} points is more than a check can hold"
                ));
            }
            fits
        });
        if let (Some(run), Some(name), Some(points @ 1..), Some(limit_ms @ 1..)) =
            (run, name, points, limit_ms)
        {
            checks.push(DeclaredCheck {
                run,
                name,
                points,
                limit: Duration::from_millis(limit_ms),
            });
        }
    }
    (checks, runs)
}

/// Every declared check has a function in `runs`, and every function in `runs` is declared
/// (`declared`: the names of every check, even of one with a problem). `version` says which
/// version's functions these are, when the two versions' differ.
fn match_functions(
    checks: &[DeclaredCheck],
    declared: &BTreeSet<&'static str>,
    runs: &Runs,
    version: &str,
    place: &str,
    problems: &mut Problems,
) {
    let mut names = BTreeSet::new();
    for (name, _) in runs {
        if !names.insert(*name) {
            problems.push(format!(
                "{place}: the crate gives two functions named `{name}`{version}"
            ));
        }
    }
    for check in checks {
        if !names.contains(check.run) {
            problems.push(format!(
                "{place}: the check {:?} declares run = {:?}, but the crate has no function of \
                 that name{version}",
                check.name, check.run
            ));
        }
    }
    for name in names {
        if !declared.contains(name) {
            problems.push(format!(
                "{place}: the crate's function `{name}`{version} is no declared check's `run`: \
                 declare it (`[[exercise.check]]`) or remove it"
            ));
        }
    }
}

fn unknown_keys(table: &Table, known: &[&str], place: &str, problems: &mut Problems) {
    for key in table.keys() {
        if !known.contains(&key.as_str()) {
            problems.push(format!(
                "{place}: unknown key `{key}` (the keys are {})",
                known.join(", ")
            ));
        }
    }
}

/// The non-empty one-line string at `key`, trimmed, kept for the program's life.
fn string(table: &Table, key: &str, place: &str, problems: &mut Problems) -> Option<&'static str> {
    match table.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() && !text.contains(['\n', '\r']) => {
            Some(keep(text.trim().to_owned()))
        }
        Some(_) => {
            problems.push(format!(
                "{place}: `{key}` must be a non-empty string on one line"
            ));
            None
        }
        None => {
            problems.push(format!("{place}: `{key}` is missing"));
            None
        }
    }
}

fn integer(table: &Table, key: &str, place: &str, problems: &mut Problems) -> Option<u64> {
    match table.get(key) {
        Some(Value::Integer(number)) if *number >= 0 => Some(*number as u64),
        Some(_) => {
            problems.push(format!(
                "{place}: `{key}` must be a whole number, 0 or more"
            ));
            None
        }
        None => {
            problems.push(format!("{place}: `{key}` is missing"));
            None
        }
    }
}

/// The array of tables at `key` (`[[key]]`), which must hold at least one.
fn tables<'a>(
    table: &'a Table,
    key: &str,
    place: &str,
    problems: &mut Problems,
) -> Option<Vec<&'a Table>> {
    let items = match table.get(key) {
        Some(Value::Array(items)) => items,
        Some(_) => {
            problems.push(format!("{place}: `{key}` must be tables, `[[{key}]]`"));
            return None;
        }
        None => {
            problems.push(format!("{place} has no `[[{key}]]`"));
            return None;
        }
    };
    let tables: Vec<&Table> = items.iter().filter_map(Value::as_table).collect();
    if tables.len() != items.len() {
        problems.push(format!("{place}: `{key}` must be tables, `[[{key}]]`"));
        return None;
    }
    if tables.is_empty() {
        problems.push(format!("{place} has no `[[{key}]]`"));
        return None;
    }
    Some(tables)
}

/// A declaration is read once per process (the chapter's `OnceLock`) and its strings are used
/// for as long as the program runs, so they are kept for good rather than copied at every use.
fn keep(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// Declares the chapter's exercises: `chapter!(include_str!("../exercises.toml"), [id =>
/// module::runs_of, ...])` in the exercises crate's `src/lib.rs`, one `id => runs` per exercise,
/// where `runs` gives the checks' functions for either version ([`runs!`](crate::runs)). It
/// compiles in each exercise's starter (`<id>.rs`) and hint (`<id>.hint.md`) from the crate's
/// folder, and defines
///
/// - `chapter()`, the [`Chapter`], read once; it panics, listing every problem, if the
///   declaration and the functions disagree (every chapter's tests call it);
/// - `exercises()`, its exercises, in the order of the declaration, for `cargo grade`.
#[macro_export]
macro_rules! chapter {
    ($declaration:expr, [$($id:ident => $runs:expr),+ $(,)?]) => {
        /// The chapter's exercises, read from its declaration once and bound to their checks.
        pub fn chapter() -> &'static $crate::declaration::Chapter {
            static CHAPTER: ::std::sync::OnceLock<$crate::declaration::Chapter> =
                ::std::sync::OnceLock::new();
            CHAPTER.get_or_init(|| {
                let bindings = [$($crate::declaration::Binding {
                    id: stringify!($id),
                    starter_text: include_str!(concat!(
                        env!("CARGO_MANIFEST_DIR"), "/", stringify!($id), ".rs"
                    )),
                    hint_text: include_str!(concat!(
                        env!("CARGO_MANIFEST_DIR"), "/", stringify!($id), ".hint.md"
                    )),
                    runs: $runs,
                }),+];
                $crate::declaration::Chapter::declare(
                    $declaration,
                    env!("CARGO_MANIFEST_DIR"),
                    &bindings,
                )
                .unwrap_or_else(|problems| panic!("{}", problems.join("\n")))
            })
        }

        /// The chapter's exercises, in the order of the declaration: what `cargo grade` grades.
        pub fn exercises() -> &'static [$crate::grading::Exercise] {
            &chapter().exercises
        }
    };
}

/// The checks' functions of one version of an exercise, each named after itself, as a
/// declaration's `run` names it: `runs![one_customer::<T>, forced_race::<T>]`.
#[macro_export]
macro_rules! runs {
    ($($name:ident $(::<$version:ty>)?),+ $(,)?) => {
        vec![$((
            stringify!($name),
            $name $(::<$version>)? as $crate::grading::CheckFn,
        )),+]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOLDER: &str = "/repository/lessons/demo/exercises";

    const DECLARATION: &str = r#"
chapter = "Demo"

[[exercise]]
id = "first"
title = "The first exercise"
starter_sha256 = "536e506bb90914c243a12b397b9a998f85ae2cbd9ba02dfd03a9e155ca5ca0f4"
about = """
What to do.

And why.
"""

[[exercise.check]]
run = "works"
name = "it works"
points = 2
limit_ms = 1500

[[exercise.check]]
run = "fast"
name = "it is fast"
points = 3
limit_ms = 200

[[exercise]]
id = "second"
title = "The second exercise"
starter_sha256 = "536e506bb90914c243a12b397b9a998f85ae2cbd9ba02dfd03a9e155ca5ca0f4"
about = "One line."

[[exercise.check]]
run = "works"
name = "it works too"
points = 1
limit_ms = 1000
"#;

    fn passes() -> Result<(), String> {
        Ok(())
    }

    /// A version of the code under test: the checks below pass for one and fail for the other.
    trait Version {
        const RIGHT: bool;
    }

    struct Starter;
    struct Solution;

    impl Version for Starter {
        const RIGHT: bool = false;
    }

    impl Version for Solution {
        const RIGHT: bool = true;
    }

    fn works<V: Version>() -> Result<(), String> {
        if V::RIGHT {
            Ok(())
        } else {
            Err("not yet".into())
        }
    }

    fn fast<V: Version>() -> Result<(), String> {
        works::<V>()
    }

    fn first_runs(code: Code) -> Runs {
        match code {
            Code::Starter => crate::runs![works::<Starter>, fast::<Starter>],
            Code::Solution => crate::runs![works::<Solution>, fast::<Solution>],
        }
    }

    fn second_runs(_: Code) -> Runs {
        vec![("works", passes)]
    }

    fn binding(id: &'static str, runs: fn(Code) -> Runs) -> Binding {
        Binding {
            id,
            starter_text: "fn main() {}\n",
            hint_text: "Look closer.\n",
            runs,
        }
    }

    fn bindings() -> Vec<Binding> {
        vec![binding("first", first_runs), binding("second", second_runs)]
    }

    /// The problems of `declaration` with `bindings`, all in one text.
    fn problems(declaration: &str, bindings: &[Binding]) -> String {
        let declaration: &'static str = keep(declaration.to_owned());
        match Chapter::declare(declaration, FOLDER, bindings) {
            Ok(chapter) => panic!("accepted: {chapter:#?}"),
            Err(problems) => {
                for problem in &problems {
                    assert!(
                        problem.starts_with("lessons/demo/exercises/exercises.toml: "),
                        "{problem}"
                    );
                }
                problems.join("\n")
            }
        }
    }

    #[test]
    fn a_declaration_becomes_exercises_with_paths_from_the_id() {
        let chapter = Chapter::declare(DECLARATION, FOLDER, &bindings()).unwrap();
        assert_eq!((chapter.title, chapter.slug), ("Demo", "demo"));
        assert_eq!(chapter.repository(), Path::new("/repository"));
        let ids: Vec<&str> = chapter.exercises.iter().map(|e| e.id).collect();
        assert_eq!(ids, ["first", "second"], "in the order of the declaration");
        let first = chapter.exercise("first");
        assert_eq!(first.chapter, "Demo");
        assert_eq!(first.title, "The first exercise");
        assert_eq!(first.starter, "lessons/demo/exercises/first.rs");
        assert_eq!(first.solution, "lessons/demo/solutions/first.rs");
        assert_eq!(first.hint, "lessons/demo/exercises/first.hint.md");
        assert_eq!(first.hint_text, "Look closer.\n");
        assert!(first.starter_untouched());
        assert_eq!(
            first.checks,
            [
                DeclaredCheck {
                    run: "works",
                    name: "it works",
                    points: 2,
                    limit: Duration::from_millis(1500)
                },
                DeclaredCheck {
                    run: "fast",
                    name: "it is fast",
                    points: 3,
                    limit: Duration::from_millis(200)
                },
            ]
        );
        let solution = first.checks_of(Code::Solution);
        assert_eq!(solution[1].name, "it is fast");
        assert_eq!((solution[1].run)(), Ok(()));
        assert!((first.checks_of(Code::Starter)[1].run)().is_err());
    }

    #[test]
    fn a_declared_check_without_a_function_is_refused() {
        fn only_works(_: Code) -> Runs {
            vec![("works", passes)]
        }
        let found = problems(
            DECLARATION,
            &[binding("first", only_works), binding("second", second_runs)],
        );
        assert!(
            found.contains("run = \"fast\", but the crate has no function of that name"),
            "{found}"
        );

        fn solution_only(code: Code) -> Runs {
            match code {
                Code::Starter => vec![("works", passes)],
                Code::Solution => first_runs(code),
            }
        }
        let found = problems(
            DECLARATION,
            &[
                binding("first", solution_only),
                binding("second", second_runs),
            ],
        );
        assert!(
            found.contains("no function of that name for the starter")
                && !found.contains("for the solution"),
            "{found}"
        );
    }

    #[test]
    fn a_function_that_no_check_declares_is_refused() {
        fn one_more(code: Code) -> Runs {
            let mut runs = first_runs(code);
            runs.push(("slow", passes));
            runs
        }
        let found = problems(
            DECLARATION,
            &[binding("first", one_more), binding("second", second_runs)],
        );
        assert!(
            found.contains("the crate's function `slow` is no declared check's `run`"),
            "{found}"
        );
    }

    #[test]
    fn an_id_declared_twice_is_refused() {
        let twice = DECLARATION.replace("id = \"second\"", "id = \"first\"");
        let found = problems(&twice, &bindings());
        assert!(
            found.contains("the id `first` is declared twice"),
            "{found}"
        );
    }

    #[test]
    fn a_check_worth_0_points_is_refused() {
        let zero = DECLARATION.replace("points = 3", "points = 0");
        let found = problems(&zero, &bindings());
        assert!(found.contains("check 2 has 0 points"), "{found}");
        assert_eq!(found.lines().count(), 1, "{found}");
    }

    #[test]
    fn an_exercise_declared_but_not_bound_or_bound_but_not_declared_is_refused() {
        let found = problems(DECLARATION, &[binding("first", first_runs)]);
        assert!(
            found.contains("exercise 2 (`second`) has no checks in the crate"),
            "{found}"
        );
        let found = problems(
            DECLARATION,
            &[
                binding("first", first_runs),
                binding("second", second_runs),
                binding("third", second_runs),
            ],
        );
        assert!(
            found.contains("binds the exercise `third`, which is not declared here"),
            "{found}"
        );
        let found = problems(
            DECLARATION,
            &[
                binding("first", first_runs),
                binding("second", second_runs),
                binding("second", second_runs),
            ],
        );
        assert!(
            found.contains("binds the exercise `second` twice"),
            "{found}"
        );
    }

    #[test]
    fn missing_unknown_and_mistyped_keys_and_bad_toml_are_refused() {
        let cases = [
            ("limit_ms = 200", "limit-ms = 200", "unknown key `limit-ms`"),
            ("limit_ms = 200", "", "check 2: `limit_ms` is missing"),
            (
                "points = 3",
                "points = \"3\"",
                "`points` must be a whole number",
            ),
            (
                "chapter = \"Demo\"",
                "",
                "the top level: `chapter` is missing",
            ),
            (
                "run = \"fast\"",
                "run = \"works\"",
                "another check has run = \"works\" too",
            ),
            (
                "starter_sha256 = \"536e",
                "starter_sha256 = \"536E",
                "`starter_sha256` must be 64 lower-case hex digits",
            ),
            (
                "about = \"One line.\"\n\n[[exercise.check]]",
                "about = \"One line.\"\ncheck = \"none\"\n\n[unrelated]",
                "exercise 2 (`second`): `check` must be tables",
            ),
            ("chapter = \"Demo\"", "chapter = ", "not valid TOML"),
        ];
        for (from, to, expected) in cases {
            let found = problems(&DECLARATION.replacen(from, to, 1), &bindings());
            assert!(found.contains(expected), "{from} -> {to}: {found}");
        }
        let none = "chapter = \"Demo\"\n";
        assert!(problems(none, &[]).contains("has no `[[exercise]]`"));
    }

    #[test]
    fn the_crate_must_be_the_exercises_folder_of_a_lesson() {
        let error = Chapter::declare(DECLARATION, "/repository/lessons/demo", &bindings());
        assert!(error.is_err_and(|problems| problems[0].contains("lessons/<chapter>/exercises")));
    }

    #[test]
    fn the_macro_runs_names_each_function_after_itself() {
        let runs = first_runs(Code::Solution);
        let names: Vec<&str> = runs.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["works", "fast"]);
    }
}
