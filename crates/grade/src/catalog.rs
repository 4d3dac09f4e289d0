//! The workbook's exercises, as their declarations on disk list them
//! (`lessons/<chapter>/exercises/exercises.toml`): ids, files and fingerprints, read without
//! compiling anything.

use std::fs;
use std::path::{Path, PathBuf};

use exercise_kit::declaration::{FILE_NAME, file_of, parse};
use exercise_kit::grading::fingerprint;

/// The variable that points the tool at another repository than the one it was built in: for
/// its own tests, which grade a small workbook of their own.
pub const REPOSITORY: &str = "GRADE_REPOSITORY";

/// One declared exercise; paths are from the repository root, with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub chapter: String,
    pub title: String,
    pub starter: String,
    pub hint: String,
    pub starter_sha256: String,
    /// The points its checks are worth together.
    pub points: u32,
}

#[derive(Debug)]
pub struct Catalog {
    pub root: PathBuf,
    /// In the order of the chapters' folder names, then of each declaration.
    pub entries: Vec<Entry>,
}

impl Catalog {
    /// The repository this tool grades: [`REPOSITORY`] if set, else the one it was built in.
    pub fn repository() -> PathBuf {
        std::env::var_os(REPOSITORY)
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
    }

    /// Reads every chapter's declaration under `root`.
    pub fn load(root: &Path) -> Result<Catalog, String> {
        let lessons = root.join("lessons");
        let folders = fs::read_dir(&lessons)
            .map_err(|error| format!("cannot read {}: {error}", lessons.display()))?;
        let mut slugs: Vec<String> = folders
            .filter_map(|folder| folder.ok())
            .filter(|folder| folder.path().join("exercises").join(FILE_NAME).is_file())
            .filter_map(|folder| folder.file_name().into_string().ok())
            .collect();
        slugs.sort();
        let mut entries = Vec::new();
        for slug in slugs {
            let file = file_of(&slug);
            let text = fs::read_to_string(root.join(&file))
                .map_err(|error| format!("cannot read {file}: {error}"))?;
            let declaration = parse(&text, &file).map_err(|problems| problems.join("; "))?;
            for exercise in declaration.exercises {
                let folder = format!("lessons/{slug}/exercises");
                entries.push(Entry {
                    starter: format!("{folder}/{}.rs", exercise.id),
                    hint: format!("{folder}/{}.hint.md", exercise.id),
                    id: exercise.id,
                    chapter: declaration.chapter.clone(),
                    title: exercise.title,
                    starter_sha256: exercise.starter_sha256,
                    points: exercise.checks.iter().map(|check| check.points).sum(),
                });
            }
        }
        Ok(Catalog {
            root: root.to_owned(),
            entries,
        })
    }

    /// The exercise `id`; the error lists the known ones.
    pub fn find(&self, id: &str) -> Result<&Entry, String> {
        self.entries
            .iter()
            .find(|entry| entry.id == id)
            .ok_or_else(|| {
                let known: Vec<&str> = self.entries.iter().map(|entry| entry.id.as_str()).collect();
                format!(
                    "no exercise {id:?}; the exercises are: {}",
                    known.join(", ")
                )
            })
    }

    /// The path of `relative` (a path from the repository root) on this machine.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Every starter, from the repository root.
    pub fn starters(&self) -> Vec<&str> {
        self.entries
            .iter()
            .map(|entry| entry.starter.as_str())
            .collect()
    }

    /// The starter's text on disk, if it can be read.
    pub fn starter_text(&self, entry: &Entry) -> Option<String> {
        fs::read_to_string(self.path(&entry.starter)).ok()
    }

    /// Whether the starter on disk is still the one shipped.
    pub fn untouched(&self, entry: &Entry) -> bool {
        self.starter_text(entry)
            .is_some_and(|text| fingerprint(&text) == entry.starter_sha256)
    }
}
