//! The exercises of the chapter "Processes": declared in `exercises.toml`, with their starters
//! and hints beside it, and one module of checks per exercise here (`src/<id>.rs`), which
//! compiles in the starter and the reference solution (`../solutions/<id>.rs`).
//!
//! Both exercises are graded with real worker processes ([`workers`]): this crate's program
//! `processes-exercises-worker` plays their role ([`ROLES`]), or whichever program the grader
//! names ([`set_worker_program`]). `cargo grade` grades them. `tests/exercises.rs` proves that
//! every reference solution passes and that the checks catch the wrong solutions kept there; the
//! tests `your_work::<id>` that `contract_tests!` writes prove that every untouched starter fails, and
//! grade an edited one. After an intended change to a starter, update its `starter_sha256` in
//! `exercises.toml` (`sha256sum` of the file).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lesson_kit::process::{Program, Role};

pub mod ordered_results;
pub mod survive_a_crash;
pub mod workers;

exercise_kit::chapter!(
    include_str!("../exercises.toml"),
    [
        ordered_results => ordered_results::runs_of,
        survive_a_crash => survive_a_crash::runs_of,
    ]
);

/// Every role a worker process of these exercises plays, for `lesson_kit::process::serve` (the
/// worker program) and `play_if_child` (the grader, which starts copies of itself).
pub const ROLES: &[Role] = &[(workers::WORKER_ROLE, workers::work)];

/// The name of this crate's worker program, which cargo builds beside the test programs.
pub const WORKER_PROGRAM: &str = "processes-exercises-worker";

static CHOSEN: OnceLock<Program> = OnceLock::new();

/// Makes `program` play the workers' roles from now on: the grader calls it with
/// `Program::this()`, after `play_if_child(ROLES)`. Only the first call counts.
pub fn set_worker_program(program: Program) {
    let _ = CHOSEN.set(program);
}

/// The program that plays the workers' roles: the one [`set_worker_program`] chose, or else this
/// crate's worker program, next to the running program (a test program runs from `deps/`, one
/// folder below it).
///
/// # Panics
/// If neither was chosen nor can be found, with the path it looked at.
pub fn worker_program() -> Program {
    if let Some(program) = CHOSEN.get() {
        return program.clone();
    }
    let running = std::env::current_exe().expect("a running program can find its own file");
    let path = worker_beside(&running);
    assert!(
        path.is_file(),
        "the worker program {} is missing: build it with `cargo build -p processes-exercises \
         --bin {WORKER_PROGRAM}` (`cargo test -p processes-exercises` builds it too)",
        path.display()
    );
    Program::at(path)
}

/// Where the worker program is, for the running program `running`.
fn worker_beside(running: &Path) -> PathBuf {
    let mut folder = running.parent().unwrap_or(Path::new(".")).to_path_buf();
    if folder.file_name().is_some_and(|name| name == "deps") {
        folder.pop();
    }
    folder.join(format!("{WORKER_PROGRAM}{}", std::env::consts::EXE_SUFFIX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_program_is_found_beside_a_program_or_above_its_deps_folder() {
        let worker = format!("{WORKER_PROGRAM}{}", std::env::consts::EXE_SUFFIX);
        let debug = Path::new("/work/target/debug");
        assert_eq!(
            worker_beside(&debug.join("deps/processes_exercises-0a1b")),
            debug.join(&worker)
        );
        assert_eq!(worker_beside(&debug.join("grader")), debug.join(&worker));
        // This very test program runs from deps/, and cargo built the worker program first.
        let found = worker_program();
        assert!(found.path().is_file(), "{}", found.path().display());
        assert!(
            found.path().ends_with(&worker),
            "{}",
            found.path().display()
        );
    }
}
