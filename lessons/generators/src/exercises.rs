//! The chapter's exercises: one entry each, with its files and its hint, like Rustlings' list.
//!
//! `cargo grade` grades them; `tests/exercises.rs` proves that every untouched starter fails and
//! every reference solution passes. After an intended change to a starter, update its
//! `starter_sha256` (`sha256sum` of the file; the failing test under `CI` prints the value too).

use exercise_kit::grading::Exercise;

pub mod lazy_collatz;
pub mod running_average;

pub const CHAPTER: &str = "Generators";

pub static EXERCISES: &[Exercise] = &[
    Exercise {
        id: "lazy_collatz",
        chapter: CHAPTER,
        title: "Make the Collatz sequence a lazy generator",
        starter: "lessons/generators/exercises/lazy_collatz.rs",
        solution: "lessons/generators/solutions/lazy_collatz.rs",
        hint: "lessons/generators/exercises/lazy_collatz.hint.md",
        hint_text: include_str!("../exercises/lazy_collatz.hint.md"),
        starter_text: include_str!("../exercises/lazy_collatz.rs"),
        starter_sha256: "fa37c4fc1f36cd16d84acaa3223538a0c80accbf578f7172780887a27d968dd7",
        checks: lazy_collatz::checks_of,
    },
    Exercise {
        id: "running_average",
        chapter: CHAPTER,
        title: "A running average with send and close",
        starter: "lessons/generators/exercises/running_average.rs",
        solution: "lessons/generators/solutions/running_average.rs",
        hint: "lessons/generators/exercises/running_average.hint.md",
        hint_text: include_str!("../exercises/running_average.hint.md"),
        starter_text: include_str!("../exercises/running_average.rs"),
        starter_sha256: "c8968ce750d9d8e31d532f66b6ea0e80b13bb2043f3cd367669dc79cdfc39447",
        checks: running_average::checks_of,
    },
];
