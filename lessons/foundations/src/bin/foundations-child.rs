//! The child process of the chapter's tests: it plays the role named in the environment variable
//! `lesson_kit::process::ROLE_VARIABLE` (see `foundations::roles`). The lessons start copies of
//! themselves instead; inside a test the running program is the test harness, which cannot.

fn main() {
    let role = lesson_kit::process::role().unwrap_or_else(|| {
        eprintln!(
            "this program is started by the tests of lessons/foundations, with {} set",
            lesson_kit::process::ROLE_VARIABLE
        );
        std::process::exit(2);
    });
    foundations::roles::play(&role);
}
