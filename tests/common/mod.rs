//! What the book's tests share: the real repository, built once, and throwaway copies to break.

#![allow(dead_code)] // each test file uses a different part of this

use std::fs;
use std::path::Path;
use std::sync::OnceLock;
use tempfile::TempDir;
use workbook::build::{Built, build_site};
use workbook::project::Project;

pub fn repository() -> Project {
    Project::this_repository()
}

/// The real book, built once per test binary into a folder of its own (not target/book, which a
/// running `cargo run` may be serving).
pub fn built_repository() -> &'static Built {
    static BUILT: OnceLock<(TempDir, Built)> = OnceLock::new();
    let (_, built) = BUILT.get_or_init(|| {
        let folder = TempDir::new().expect("a temporary folder");
        let built =
            build_site(&repository(), &folder.path().join("site"), false).expect("the book builds");
        (folder, built)
    });
    built
}

/// A copy of the parts of the repository the book is made of, to break one rule in.
pub fn copy_of_repository() -> (TempDir, Project) {
    let folder = TempDir::new().expect("a temporary folder");
    let from = repository().root;
    fs::copy(from.join("book.toml"), folder.path().join("book.toml")).expect("copying book.toml");
    for part in ["book", "po", "theme", "lessons", "crates"] {
        copy_tree(&from.join(part), &folder.path().join(part));
    }
    let project = Project::at(folder.path()).expect("the copy is a workbook");
    (folder, project)
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("creating a folder");
    for entry in fs::read_dir(from).expect("reading a folder") {
        let path = entry.expect("a folder entry").path();
        let name = path.file_name().expect("a name");
        if name == "target" {
            continue;
        }
        if path.is_dir() {
            copy_tree(&path, &to.join(name));
        } else {
            fs::copy(&path, to.join(name)).expect("copying a file");
        }
    }
}

/// Replaces the first `old` in the file at `path` with `new`, insisting that `old` is there, so a
/// test cannot silently stop breaking what it means to break.
pub fn edit(path: &Path, old: &str, new: &str) {
    let text = fs::read_to_string(path).expect("reading a file to edit");
    assert!(
        text.contains(old),
        "{} no longer contains {old:?}",
        path.display()
    );
    fs::write(path, text.replacen(old, new, 1)).expect("writing the edited file");
}

/// Asserts that some problem mentions every one of `words`.
pub fn assert_reported(problems: &[String], words: &[&str]) {
    assert!(
        problems
            .iter()
            .any(|problem| words.iter().all(|word| problem.contains(word))),
        "expected a problem mentioning {words:?}, got {problems:#?}"
    );
}
