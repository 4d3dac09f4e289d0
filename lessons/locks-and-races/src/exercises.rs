//! The chapter's exercises: one entry each, with its files and its hint, like Rustlings' list.
//!
//! `cargo grade` grades them; `tests/exercises.rs` proves that every untouched starter fails and
//! every reference solution passes. After an intended change to a starter, update its
//! `starter_sha256` (`sha256sum` of the file; the failing test under `CI` prints the value too).

use exercise_kit::grading::Exercise;

pub mod rendezvous;
pub mod safe_booking;

pub const CHAPTER: &str = "Locks and races";

pub static EXERCISES: &[Exercise] = &[Exercise {
    id: "safe_booking",
    chapter: CHAPTER,
    title: "Make the seat booking safe",
    starter: "lessons/locks-and-races/exercises/safe_booking.rs",
    solution: "lessons/locks-and-races/solutions/safe_booking.rs",
    hint: "lessons/locks-and-races/exercises/safe_booking.hint.md",
    hint_text: include_str!("../exercises/safe_booking.hint.md"),
    starter_text: include_str!("../exercises/safe_booking.rs"),
    starter_sha256: "0727de1efe9b93851760c9356f91b692a4ebf034e6e3d1ef8ca602587d40260b",
    checks: safe_booking::checks_of,
}];
