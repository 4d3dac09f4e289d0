//! Lessons for the chapter "Reentrant locks".
//!
//! Each lesson is an example in `examples/`, run with `cargo run --example <name>`. What several
//! lessons share, and what is scaffolding rather than the story, lives here.

pub mod offices;
pub mod show;

/// A thread may not send the guard of a `ReentrantMutex` to another thread: only the thread that
/// locked it may unlock it. `compile-fail/guard_to_another_thread.rs` (the book shows it) tries,
/// and this doctest fails the day it compiles; `tests/lessons/compile_fail.rs` checks the error
/// code, which stable rustdoc ignores.
///
/// ```compile_fail,E0277
#[doc = include_str!("../compile-fail/guard_to_another_thread.rs")]
/// ```
#[cfg(doctest)]
pub struct GuardToAnotherThreadDoesNotCompile;

// ANCHOR: not_send
/// The build itself proves that a reentrant guard is not `Send`: if it were, both `impl`s below
/// would apply to it and naming `check` would be ambiguous, so this crate would not compile.
/// (Cargo turns on a crate's features for everything built together, so parking_lot's
/// `send_guard` feature, enabled by any crate in the build, would make the guards `Send`.)
trait AmbiguousIfSend<Marker> {
    fn check() {}
}
impl<T: ?Sized> AmbiguousIfSend<()> for T {}
struct IsSend;
impl<T: ?Sized + Send> AmbiguousIfSend<IsSend> for T {}
const _: fn() = <parking_lot::ReentrantMutexGuard<'static, ()> as AmbiguousIfSend<_>>::check;
// ANCHOR_END: not_send
