//! Panics on purpose, reported in one line: lessons that show what becomes of a panic print one
//! line per panic instead of the default hook's report (and backtrace, with RUST_BACKTRACE set).

use std::panic::{self, PanicHookInfo};
use std::thread;

use lesson_kit::timeout::panic_message;

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send>;

/// Puts the hook it holds back in place when dropped, even while a panic unwinds.
struct Restore(Option<Hook>);

impl Drop for Restore {
    fn drop(&mut self) {
        if let Some(hook) = self.0.take() {
            panic::set_hook(hook);
        }
    }
}

/// Runs `work` with a panic hook that prints one line on stderr, then puts the previous hook back.
/// The hook is process-wide: not for tests, which run side by side.
pub fn quietly<T>(work: impl FnOnce() -> T) -> T {
    let _restore = Restore(Some(panic::take_hook()));
    panic::set_hook(Box::new(|info| {
        let thread = thread::current().name().unwrap_or("<unnamed>").to_owned();
        let message = panic_message(info.payload());
        eprintln!("   (panic hook, on stderr: '{thread}' panicked: {message})");
    }));
    work()
}
