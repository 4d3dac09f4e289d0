//! Child processes, the one way every lesson starts them: a child plays a *role* from its crate's
//! table, the parent starts it, waits for it with a deadline, and learns how it ended.
//!
//! - **The child's side.** A role is a name and a function of the child's [`Args`]
//!   ([`Role`]). A crate lists its roles in one table; its child program's whole `main` is
//!   [`serve`]`(ROLES)`, and a lesson that starts copies of itself begins its `main` with
//!   [`play_if_child`]`(ROLES)`. The role travels in the environment variable
//!   [`ROLE_VARIABLE`], the role's flags on the command line. An unknown role or a bad
//!   argument exits with code 2 and one `error:` line.
//! - **Which program.** A lesson starts itself ([`Program::this`]); a test starts the crate's
//!   child program ([`Program::at`]`(env!("CARGO_BIN_EXE_<crate>-child"))`), because inside a
//!   test the running program is the test harness. [`Program::role`] gives a [`Launch`]: the
//!   role, its flags ([`Launch::arg`]) and the child's name.
//! - **Ready, go.** Starting a process takes milliseconds, so children that should work at the
//!   same time say `ready` ([`ready_for_go`]) and wait; [`Children::ready_go`] waits for all of
//!   them, then says `go` to all. A child reports each piece of its work with its wall-clock
//!   times ([`timed`], [`report_span`]); [`Finished::record_on`] puts them on a
//!   [`Timeline`](crate::Timeline), one lane per child.
//! - **A deadline on everything.** Every wait ends by the deadline given at the start; a child
//!   not ready, not done or not exited by then is killed and reaped, with every other child of the
//!   run, and the [`Error`] says which child, what it was waiting for, and what the child last
//!   printed. Each child's output is read by a thread of its own, so a silent child cannot hold
//!   up the others' lines. Dropping [`Children`] or a [`Child`] kills and reaps whatever still
//!   runs: nothing is left behind by a panic.
//! - **How it ended**, in words: [`describe`] gives `exit code 101` or `killed by signal 6
//!   (SIGABRT)`.
//! - **Pools of long-lived children**, which come and go: [`Children::next_heard`] gives the next
//!   line or end ([`Heard`]) of whichever child comes first, and an end is news, not an error;
//!   [`Children::add`] starts a replacement among the running ones; [`Children::try_send_line`]
//!   gives back a write to a child that has ended, without failing the others.
//!
//! ```no_run
//! use std::time::Duration;
//! use lesson_kit::Timeline;
//! use lesson_kit::process::{self, Args, Children, Program, Role};
//!
//! /// What a child of this lesson can do.
//! const ROLES: &[Role] = &[("nap", nap)];
//!
//! /// Waits for the parent's word, then sleeps `--ms` milliseconds and reports it.
//! fn nap(args: &Args) -> Result<(), String> {
//!     let ms: u64 = args.get("--ms")?;
//!     if process::ready_for_go() {
//!         process::timed("nap", || std::thread::sleep(Duration::from_millis(ms)));
//!     }
//!     Ok(())
//! }
//!
//! fn main() {
//!     // Started as a child: play the role, and exit.
//!     process::play_if_child(ROLES);
//!
//!     let nap = Program::this().role("nap").arg("--ms", 100);
//!     let mut children = Children::start(vec![nap; 4], Duration::from_secs(30)).unwrap();
//!     children.ready_go().unwrap();
//!     let timeline = Timeline::new();
//!     for child in children.finish().unwrap() {
//!         println!("{} ended: {}", child.name, child.ending());
//!         child.record_on(&timeline);
//!     }
//!     assert_eq!(timeline.finish("4 naps").lanes().len(), 4);
//! }
//! ```

mod args;
mod child;
mod children;
mod ending;
mod error;
mod finished;
mod program;
mod protocol;
mod serve;

pub use args::Args;
pub use child::Child;
pub use children::{Children, Heard};
#[cfg(unix)]
pub use ending::signal_name;
pub use ending::{describe, signal_of};
pub use error::{Error, Problem};
pub use finished::{Finished, Reported};
pub use program::{Launch, Program};
pub use serve::{
    ROLE_VARIABLE, Role, play_if_child, ready_for_go, report_span, role, run_role, say, serve,
    timed,
};
