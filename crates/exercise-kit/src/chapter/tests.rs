//! Tests of [`super`]: every rule, broken on purpose.

use super::*;
use crate::declaration::tests::DECLARATION;

const FOLDER: &str = "/repository/lessons/demo/exercises";

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
fn the_declarations_own_problems_are_refused_with_the_file_named() {
    let twice = DECLARATION.replace("id = \"second\"", "id = \"first\"");
    let found = problems(&twice, &bindings());
    assert!(
        found.contains("the id `first` is declared twice"),
        "{found}"
    );
    let zero = DECLARATION.replace("points = 3", "points = 0");
    let found = problems(&zero, &bindings());
    assert!(
        found.contains("check 2 (\"it is fast\") has 0 points"),
        "{found}"
    );
    assert_eq!(found.lines().count(), 1, "{found}");
    let found = problems(
        &DECLARATION.replacen("chapter = \"Demo\"", "chapter = ", 1),
        &[],
    );
    assert!(found.contains("not valid TOML"), "{found}");
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
