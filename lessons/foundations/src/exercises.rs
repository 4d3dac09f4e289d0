//! The chapter's exercises: one entry each, with its files and its hint, like Rustlings' list.
//!
//! `cargo grade` grades them; `tests/exercises.rs` proves that every untouched starter fails and
//! every reference solution passes. After an intended change to a starter, update its
//! `starter_sha256` (`sha256sum` of the file; the failing test under `CI` prints the value too).

use exercise_kit::grading::Exercise;

pub mod spread_the_sum;
pub mod survive_a_panic;

pub const CHAPTER: &str = "Foundations";

pub static EXERCISES: &[Exercise] = &[
    Exercise {
        id: "spread_the_sum",
        chapter: CHAPTER,
        title: "Spread a sum over threads",
        starter: "lessons/foundations/exercises/spread_the_sum.rs",
        solution: "lessons/foundations/solutions/spread_the_sum.rs",
        hint: "lessons/foundations/exercises/spread_the_sum.hint.md",
        hint_text: include_str!("../exercises/spread_the_sum.hint.md"),
        starter_text: include_str!("../exercises/spread_the_sum.rs"),
        starter_sha256: "fe56615b8b14c1b653b0cabafc25d0245171d8a4f7f32c617a81ea7fe17f459d",
        checks: spread_the_sum::checks_of,
    },
    Exercise {
        id: "survive_a_panic",
        chapter: CHAPTER,
        title: "Keep going when a thread panics",
        starter: "lessons/foundations/exercises/survive_a_panic.rs",
        solution: "lessons/foundations/solutions/survive_a_panic.rs",
        hint: "lessons/foundations/exercises/survive_a_panic.hint.md",
        hint_text: include_str!("../exercises/survive_a_panic.hint.md"),
        starter_text: include_str!("../exercises/survive_a_panic.rs"),
        starter_sha256: "ff4eceb80cd83ac431c10ce722e328a90b662921e81b3a9d7faee37a3c671e4a",
        checks: survive_a_panic::checks_of,
    },
];
