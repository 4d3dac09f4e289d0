//! The child process of this crate's tests, which cannot start a copy of the test harness: it
//! plays the role it is started with (`sync_vs_async::child`), as a lesson's copy of itself does.

fn main() {
    lesson_kit::process::serve(sync_vs_async::child::ROLES)
}
