//! A chapter's declared exercises, bound to the checks' functions of its exercises crate.
//!
//! `lessons/<chapter>/exercises/exercises.toml` declares the exercises ([`crate::declaration`]
//! reads it; the book's Exercises page is generated from the same file). The chapter's exercises
//! crate (the folder that holds the declaration) binds every check's `run` to a Rust function with
//! one [`chapter!`] call, and every path follows from the id:
//!
//! | what | where, from the repository root |
//! |---|---|
//! | starter | `lessons/<chapter>/exercises/<id>.rs` |
//! | hint | `lessons/<chapter>/exercises/<id>.hint.md` |
//! | reference solution | `lessons/<chapter>/solutions/<id>.rs` |
//! | checks | `lessons/<chapter>/exercises/src/<id>.rs` |
//!
//! [`Chapter::declare`] refuses a declaration that breaks its schema, and a declaration and a crate
//! that disagree: a declared check without a function, a function that no check declares, an
//! exercise declared but not bound, or bound but not declared.
//!
//! [`chapter!`]: macro@crate::chapter

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use crate::declaration::{exercise_place, file_of, parse};
use crate::grading::{Code, DeclaredCheck, Exercise, Runs};

/// What a chapter's crate compiles in for one exercise, beside the declaration: the files
/// that [`chapter!`](macro@crate::chapter) includes by its id, and its checks' functions.
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
    /// same id. The error lists every problem found, each a sentence that names the file: the
    /// declaration's own, or else every disagreement with the bindings.
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
        let file = file_of(slug);
        let declared = parse(declaration, &file)?;
        let title = keep(declared.chapter);
        let mut problems = Vec::new();
        let mut exercises = Vec::new();
        let mut declared_ids = BTreeSet::new();
        for (index, exercise) in declared.exercises.into_iter().enumerate() {
            let place = exercise_place(index + 1, &exercise.id);
            let id = keep(exercise.id);
            declared_ids.insert(id);
            let checks: Vec<DeclaredCheck> = exercise
                .checks
                .into_iter()
                .map(|check| DeclaredCheck {
                    run: keep(check.run),
                    name: keep(check.name),
                    points: check.points,
                    limit: Duration::from_millis(check.limit_ms),
                })
                .collect();
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
                match_functions(&checks, &starter, "", &place, &mut problems);
            } else {
                for (runs, version) in [
                    (&starter, " for the starter"),
                    (&solution, " for the solution"),
                ] {
                    match_functions(&checks, runs, version, &place, &mut problems);
                }
            }
            exercises.push(Exercise {
                id,
                chapter: title,
                title: keep(exercise.title),
                starter: keep(format!("lessons/{slug}/exercises/{id}.rs")),
                solution: keep(format!("lessons/{slug}/solutions/{id}.rs")),
                hint: keep(format!("lessons/{slug}/exercises/{id}.hint.md")),
                hint_text: binding.hint_text,
                starter_text: binding.starter_text,
                starter_sha256: keep(exercise.starter_sha256),
                checks,
                runs: binding.runs,
            });
        }
        let mut seen = BTreeSet::new();
        for binding in bindings {
            if !seen.insert(binding.id) {
                problems.push(format!(
                    "the crate binds the exercise `{}` twice",
                    binding.id
                ));
            } else if !declared_ids.contains(binding.id) {
                problems.push(format!(
                    "the crate binds the exercise `{}`, which is not declared here",
                    binding.id
                ));
            }
        }
        if problems.is_empty() {
            Ok(Chapter {
                title,
                slug,
                folder,
                declaration,
                exercises,
            })
        } else {
            Err(problems
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

/// Every declared check has a function in `runs`, and every function in `runs` is declared.
/// `version` says which version's functions these are, when the two versions' differ.
fn match_functions(
    checks: &[DeclaredCheck],
    runs: &Runs,
    version: &str,
    place: &str,
    problems: &mut Vec<String>,
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
        if !checks.iter().any(|check| check.run == name) {
            problems.push(format!(
                "{place}: the crate's function `{name}`{version} is no declared check's `run`: \
                 declare it (`[[exercise.check]]`) or remove it"
            ));
        }
    }
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
///
/// The tests `your_work::<id>` that grade the student's files are written by
/// [`contract_tests!`](crate::contract_tests), in the crate's `tests/exercises.rs`.
#[macro_export]
macro_rules! chapter {
    ($declaration:expr, [$($id:ident => $runs:expr),+ $(,)?]) => {
        /// The chapter's exercises, read from its declaration once and bound to their checks.
        pub fn chapter() -> &'static $crate::chapter::Chapter {
            static CHAPTER: ::std::sync::OnceLock<$crate::chapter::Chapter> =
                ::std::sync::OnceLock::new();
            CHAPTER.get_or_init(|| {
                let bindings = [$($crate::chapter::Binding {
                    id: stringify!($id),
                    starter_text: include_str!(concat!(
                        env!("CARGO_MANIFEST_DIR"), "/", stringify!($id), ".rs"
                    )),
                    hint_text: include_str!(concat!(
                        env!("CARGO_MANIFEST_DIR"), "/", stringify!($id), ".hint.md"
                    )),
                    runs: $runs,
                }),+];
                $crate::chapter::Chapter::declare(
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
mod tests;
