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

/// The real book, built once per test program into `target/tmp` (not target/book, which a running
/// `cargo run` may be serving). Not into a temporary folder: a static is never dropped, so a
/// temporary folder would be left behind by every run; this one is rebuilt in place next time.
pub fn built_repository() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join("built-book");
        build_site(&repository(), &site, false).expect("the book builds")
    })
}

/// A temporary folder in memory where the system has one (`/dev/shm`): the copies and builds of the
/// book these tests make are a few hundred small files each, which a disk creates one by one far
/// more slowly. Elsewhere, the usual temporary folder. Removed when dropped, either way.
pub fn scratch() -> TempDir {
    let memory = Path::new("/dev/shm");
    let in_memory = memory
        .is_dir()
        .then(|| TempDir::new_in(memory).ok())
        .flatten();
    in_memory.unwrap_or_else(|| TempDir::new().expect("a temporary folder"))
}

/// A copy of [`built_repository`]'s site, for a test that breaks built pages: copying is much
/// cheaper than building the book again.
pub fn copy_of_built_site() -> (TempDir, Built) {
    let built = built_repository();
    let folder = scratch();
    let site = folder.path().join("site");
    copy_tree(&built.site, &site);
    let copy = Built {
        site,
        languages: built.languages.clone(),
        warnings: built.warnings.clone(),
    };
    (folder, copy)
}

/// A copy of the parts of the repository the book is made of, to break one rule in.
pub fn copy_of_repository() -> (TempDir, Project) {
    let folder = scratch();
    let from = repository().root;
    fs::copy(from.join("book.toml"), folder.path().join("book.toml")).expect("copying book.toml");
    for part in ["book", "po", "theme", "lessons", "crates"] {
        copy_tree(&from.join(part), &folder.path().join(part));
    }
    let project = Project::at(folder.path()).expect("the copy is a workbook");
    (folder, project)
}

/// Cuts a copy's book down to the pages named (as SUMMARY.md links them), for a test about the
/// tool rather than the chapters: building two pages costs a fraction of building the whole book.
pub fn keep_only_pages(project: &Project, pages: &[&str]) {
    let summary = project.book_dir().join("SUMMARY.md");
    let text = fs::read_to_string(&summary).expect("reading SUMMARY.md");
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| {
            !line.contains("](")
                || pages
                    .iter()
                    .any(|page| line.contains(&format!("]({page})")))
        })
        .collect();
    assert_eq!(
        kept.iter().filter(|line| line.contains("](")).count(),
        pages.len(),
        "SUMMARY.md does not link every page to keep: {pages:?}"
    );
    fs::write(&summary, kept.join("\n") + "\n").expect("writing SUMMARY.md");
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
