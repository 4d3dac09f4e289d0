//! The progress count: how many exercises have full points, kept across runs of `cargo grade`.
//!
//! Grading one exercise (`--exercise`, or `--watch` on each save) says nothing about the others,
//! so the grader keeps each exercise's last grade in a record file (`--record`; `cargo grade`
//! keeps it in the target folder), with the fingerprint of the file it graded. An exercise counts
//! as done when its last grade had full points and the file has not changed since.

use std::collections::BTreeMap;
use std::path::Path;

use exercise_kit::grading::{Code, Exercise, Report, fingerprint};
use serde_json::{Value, json};

/// Each exercise's last grade: its id, the fingerprint of the file graded and whether it had full
/// points.
#[derive(Debug, Default, PartialEq)]
pub struct Record {
    grades: BTreeMap<String, (String, bool)>,
}

impl Record {
    /// Reads the record in `file` (none yet, or one unreadable, is an empty record).
    pub fn read(file: &Path) -> Record {
        let mut grades = BTreeMap::new();
        let document: Value = std::fs::read_to_string(file)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        if let Some(exercises) = document["exercises"].as_object() {
            for (id, grade) in exercises {
                if let (Some(sha256), Some(complete)) =
                    (grade["sha256"].as_str(), grade["complete"].as_bool())
                {
                    grades.insert(id.clone(), (sha256.to_owned(), complete));
                }
            }
        }
        Record { grades }
    }

    /// Reads the record in `file`, adds the grades of the starters in `reports`, and writes it.
    pub fn update(file: &Path, reports: &[Report]) -> Result<Record, String> {
        let mut record = Record::read(file);
        for report in reports.iter().filter(|report| report.code == Code::Starter) {
            let exercise = report.exercise;
            record.grades.insert(
                exercise.id.to_owned(),
                (fingerprint(exercise.starter_text), report.complete()),
            );
        }
        let exercises: serde_json::Map<String, Value> = record
            .grades
            .iter()
            .map(|(id, (sha256, complete))| {
                (
                    id.clone(),
                    json!({ "sha256": sha256, "complete": complete }),
                )
            })
            .collect();
        let document = json!({ "format": 1, "exercises": exercises });
        exercise_kit::output::write(file, &format!("{document:#}\n"))?;
        Ok(record)
    }

    /// Whether `exercise`, as compiled now, last earned full points.
    pub fn done(&self, exercise: &Exercise) -> bool {
        self.grades.get(exercise.id) == Some(&(fingerprint(exercise.starter_text), true))
    }

    /// Whether `exercise` was edited and not graded since (an untouched starter fails: it needs
    /// no grade to be counted).
    pub fn stale(&self, exercise: &Exercise) -> bool {
        !exercise.starter_untouched()
            && self
                .grades
                .get(exercise.id)
                .is_none_or(|(sha256, _)| *sha256 != fingerprint(exercise.starter_text))
    }
}

/// The progress line: exercises done of all, and how many were edited and not graded since.
pub fn line(record: &Record, all: &[&Exercise]) -> String {
    let done = all.iter().filter(|exercise| record.done(exercise)).count();
    let stale: Vec<&str> = all
        .iter()
        .filter(|exercise| record.stale(exercise))
        .map(|exercise| exercise.id)
        .collect();
    let mut line = format!(
        "Progress: {done} of {} exercises with full points",
        all.len()
    );
    if !stale.is_empty() {
        line += &format!(
            " ({} edited and not graded since: {})",
            stale.len(),
            stale.join(", ")
        );
    }
    line + ".\n"
}
