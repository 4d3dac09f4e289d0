//! The child process of the chapter's tests, which cannot start a copy of the test harness: it
//! plays the role it is started with (`foundations::roles`), as a lesson's copy of itself does.

fn main() {
    lesson_kit::process::serve(foundations::roles::ROLES)
}
