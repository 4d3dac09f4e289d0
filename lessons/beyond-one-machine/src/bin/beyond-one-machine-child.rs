//! The child process of this crate's tests, which cannot start a copy of the test harness: it
//! plays the role it is started with (`beyond_one_machine::child`), as a lesson's copy of itself does.

fn main() {
    lesson_kit::process::serve(&beyond_one_machine::child::ROLES)
}
