//! The child's side: which role to play, and the lines it owes its parent.

use std::ffi::OsString;
use std::fmt::Display;
use std::io::{self, BufRead, Write};
use std::time::SystemTime;

use super::Args;
use super::protocol;

/// The environment variable that carries a child's role; a program started without it is not a
/// child (a lesson run by a learner, say).
pub const ROLE_VARIABLE: &str = "WORKBOOK_LESSON_ROLE";

/// A part a child can play: its name, and what it does with its arguments. `Err` is a one-line
/// reason to refuse (a missing or bad argument: exit code 2); a failure of the work itself
/// panics, like any program's (exit code 101).
pub type Role = (&'static str, fn(&Args) -> Result<(), String>);

/// The role this process was started to play, or `None` for the lesson itself.
pub fn role() -> Option<String> {
    std::env::var(ROLE_VARIABLE).ok()
}

/// The whole `main` of a crate's child program (`src/bin/<crate>-child.rs`): plays the role it
/// was started with, and exits. Without a role, or with a role not in `roles`, or with an
/// argument the role refuses, it prints one `error:` line and exits with code 2.
pub fn serve(roles: &[Role]) -> ! {
    match role() {
        Some(role) => play(roles, &role),
        None => {
            let program = std::env::args().next().unwrap_or_default();
            refuse(&format!(
                "{program} is started by the lessons and their tests, as a child process, with \
                 {ROLE_VARIABLE} set to one of: {}",
                names(roles)
            ))
        }
    }
}

/// The first line of a lesson's `main`: if this program was started as a child, plays its role
/// and exits (an error exits with code 2, like [`serve`]); otherwise returns, and the lesson runs.
pub fn play_if_child(roles: &[Role]) {
    if let Some(role) = role() {
        play(roles, &role);
    }
}

fn play(roles: &[Role], role: &str) -> ! {
    match run_role(roles, role, std::env::args_os().skip(1)) {
        // `exit` flushes stdout first; it also ends every other thread, as returning from
        // `main` would.
        Ok(()) => std::process::exit(0),
        Err(why) => refuse(&why),
    }
}

fn refuse(why: &str) -> ! {
    eprintln!("error: {}", crate::text::one_line(why));
    std::process::exit(2);
}

fn names(roles: &[Role]) -> String {
    let names: Vec<&str> = roles.iter().map(|(name, _)| *name).collect();
    names.join(", ")
}

/// Plays `role` from `roles` with `args`: what [`serve`] does, without exiting. The error is the
/// line [`serve`] would print after `error: `.
pub fn run_role<I>(roles: &[Role], role: &str, args: I) -> Result<(), String>
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let Some((_, play)) = roles.iter().find(|(name, _)| *name == role) else {
        return Err(format!(
            "unknown role {role:?}: this program plays {}",
            names(roles)
        ));
    };
    let args = Args::parse(args).map_err(|why| format!("role {role}: {why}"))?;
    play(&args).map_err(|why| format!("role {role}: {why}"))
}

/// Prints `line` to the parent at once (stdout is a pipe: nothing waits in a buffer). If the
/// parent is gone, nobody is left to work for: the child exits with code 1.
pub fn say(line: impl Display) {
    let mut stdout = io::stdout().lock();
    if writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(1);
    }
}

/// Says `ready <now>` and waits for the parent's `go`, which comes once every child of the run
/// is ready, so that all of them start their work together. Returns `false` if the parent closed
/// our input instead: it gave up, and there is nothing to do.
pub fn ready_for_go() -> bool {
    say(protocol::ready_line(SystemTime::now()));
    let mut word = String::new();
    match io::stdin().lock().read_line(&mut word) {
        Ok(0) | Err(_) => false,
        Ok(_) => word.trim_end() == protocol::GO,
    }
}

/// Tells the parent that the work `label` ran from `start` to `end` (by the wall clock); the
/// parent puts it on its timeline, in this child's lane.
pub fn report_span(label: impl Display, start: SystemTime, end: SystemTime) {
    say(protocol::span_line(&label.to_string(), start, end));
}

/// Runs `work`, and reports it as the span `label` ([`report_span`]).
pub fn timed<T>(label: impl Display, work: impl FnOnce() -> T) -> T {
    let start = SystemTime::now();
    let value = work();
    report_span(label, start, SystemTime::now());
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: &[Role] = &[
        ("fine", |_| Ok(())),
        ("counts", |args| {
            let count: u32 = args.get("--count")?;
            if count == 0 {
                return Err("--count must be at least 1".into());
            }
            Ok(())
        }),
    ];

    #[test]
    fn a_role_is_found_by_name_and_its_errors_name_role_and_flag() {
        assert_eq!(run_role(ROLES, "fine", Vec::<String>::new()), Ok(()));
        assert_eq!(run_role(ROLES, "counts", ["--count", "3"]), Ok(()));
        assert_eq!(
            run_role(ROLES, "juggle", Vec::<String>::new()),
            Err("unknown role \"juggle\": this program plays fine, counts".to_owned())
        );
        assert_eq!(
            run_role(ROLES, "counts", ["--count", "x"]),
            Err(
                "role counts: invalid value \"x\" for --count: invalid digit found in string"
                    .to_owned()
            )
        );
        assert_eq!(
            run_role(ROLES, "counts", ["--count=0"]),
            Err("role counts: --count must be at least 1".to_owned())
        );
        assert_eq!(
            run_role(ROLES, "fine", ["stray"]),
            Err("role fine: unexpected argument \"stray\"".to_owned())
        );
    }
}
