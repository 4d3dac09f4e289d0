//! The chapter's exercises: one entry each, with its files and its hint, like Rustlings' list.
//!
//! `cargo grade` grades them; `tests/exercises.rs` proves that every untouched starter fails and
//! every reference solution passes. After an intended change to a starter, update its
//! `starter_sha256` (`sha256sum` of the file; the failing test under `CI` prints the value too).

use exercise_kit::grading::Exercise;

pub mod parallel_map;
pub mod stop_worker;

pub const CHAPTER: &str = "Threads";

pub static EXERCISES: &[Exercise] = &[
    Exercise {
        id: "stop_worker",
        chapter: CHAPTER,
        title: "Stop the worker",
        starter: "lessons/threads/exercises/stop_worker.rs",
        solution: "lessons/threads/solutions/stop_worker.rs",
        hint: "lessons/threads/exercises/stop_worker.hint.md",
        hint_text: include_str!("../exercises/stop_worker.hint.md"),
        starter_text: include_str!("../exercises/stop_worker.rs"),
        starter_sha256: "24df30c9d79e2f9e129a6a14dc29fa972d5b6d8be5ba8066f18f9d0360ab440a",
        checks: stop_worker::checks_of,
    },
    Exercise {
        id: "parallel_map",
        chapter: CHAPTER,
        title: "A parallel map that keeps the order",
        starter: "lessons/threads/exercises/parallel_map.rs",
        solution: "lessons/threads/solutions/parallel_map.rs",
        hint: "lessons/threads/exercises/parallel_map.hint.md",
        hint_text: include_str!("../exercises/parallel_map.hint.md"),
        starter_text: include_str!("../exercises/parallel_map.rs"),
        starter_sha256: "96e6775056b8d957f88387dd16900a890828d01b1a8ed4c8260bdc45b9cc4b96",
        checks: parallel_map::checks_of,
    },
];
