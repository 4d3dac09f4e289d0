//! The chapter's exercises: one entry each, with its files and its hint, like Rustlings' list.
//!
//! `cargo grade` grades them; `tests/exercises.rs` proves that every untouched starter fails and
//! every reference solution passes. Each exercise's module defines its own `EXERCISE` entry.
//! After an intended change to a starter, update its `starter_sha256` (`sha256sum` of the file;
//! the failing test under `CI` prints the value too).

use exercise_kit::grading::Exercise;

pub mod async_pipeline;
pub mod bounded_downloads;

pub const CHAPTER: &str = "Sync vs async";

pub static EXERCISES: &[Exercise] = &[async_pipeline::EXERCISE, bounded_downloads::EXERCISE];
