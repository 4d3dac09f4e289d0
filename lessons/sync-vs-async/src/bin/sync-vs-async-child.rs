//! The child process of this crate's tests: inside a test the running program is the test
//! harness, which cannot play a child's part, so the tests start this program instead. It does
//! exactly what a lesson's copy of itself does (`sync_vs_async::child`).

fn main() {
    let Some(role) = lesson_kit::process::role() else {
        eprintln!(
            "sync-vs-async-child is started by the tests of the `sync-vs-async` lessons, with {} set",
            lesson_kit::process::ROLE_VARIABLE
        );
        std::process::exit(2);
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    sync_vs_async::child::run(&role, &args);
}
