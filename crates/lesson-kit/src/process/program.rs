//! Which program a child runs, which role it plays and with which arguments.

use std::fmt::Display;
#[cfg(unix)]
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use super::args::bare;
use super::{Child, Children, Error, Finished, ROLE_VARIABLE};

/// A program that can play the roles of a crate's children: the lesson itself
/// ([`Program::this`]), or the crate's child program, which is what a test starts
/// ([`Program::at`]`(env!("CARGO_BIN_EXE_<crate>-child"))`: inside a test, the running program is
/// the test harness, which plays no role). The code that starts children takes a `Program` or a
/// [`Launch`], so the same code serves the lesson and its tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    path: PathBuf,
}

impl Program {
    /// This very program: a lesson run with `cargo run --example` starts copies of itself.
    ///
    /// # Panics
    /// If the program cannot find its own file, which only a deleted or moved executable causes.
    pub fn this() -> Program {
        let path = std::env::current_exe().expect("a running program can find its own file");
        Program { path }
    }

    /// The program at `path`, such as `env!("CARGO_BIN_EXE_threads-child")` in a test.
    pub fn at(path: impl Into<PathBuf>) -> Program {
        Program { path: path.into() }
    }

    /// Where the program is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A child of this program playing `role`, with no arguments yet.
    pub fn role(&self, role: &str) -> Launch {
        Launch {
            program: self.path.clone(),
            role: role.to_owned(),
            args: Vec::new(),
            name: None,
            input: None,
        }
    }
}

/// A child to start: a [`Program`], the role it plays, its arguments and its name.
#[derive(Debug, Clone)]
pub struct Launch {
    program: PathBuf,
    role: String,
    args: Vec<String>,
    name: Option<String>,
    /// What the child reads as its standard input, instead of the kit's pipe of lines.
    #[cfg(unix)]
    input: Option<Arc<OwnedFd>>,
    #[cfg(not(unix))]
    input: Option<Arc<()>>,
}

impl Launch {
    /// Adds the flag `--<flag>=<value>` (`flag` with or without its dashes), which the child reads
    /// with [`Args::get`](super::Args::get).
    pub fn arg(mut self, flag: &str, value: impl Display) -> Self {
        self.args.push(format!("--{}={value}", bare(flag)));
        self
    }

    /// Adds the switch `--<flag>`, which the child reads with [`Args::has`](super::Args::has).
    pub fn switch(mut self, flag: &str) -> Self {
        self.args.push(format!("--{}", bare(flag)));
        self
    }

    /// Names the child, in errors and as its lane on a timeline. Unnamed, a child started alone
    /// is called after its role, and the children of [`Children::start`] `process-0`,
    /// `process-1`, ...
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Makes `input` (the read end of a pipe, say) the child's standard input, in place of the
    /// pipe the kit writes lines into: then the child hears no `go` and
    /// [`Children::send_line`] refuses. The child gets a copy of `input`; the parent's own copy
    /// closes when the last clone of this `Launch` is dropped (`start` and `run` drop theirs).
    #[cfg(unix)]
    pub fn stdin_from(mut self, input: impl Into<OwnedFd>) -> Self {
        self.input = Some(Arc::new(input.into()));
        self
    }

    /// A copy of what [`stdin_from`](Self::stdin_from) gave, for the child to read.
    #[cfg(unix)]
    pub(super) fn input(&self) -> std::io::Result<Option<OwnedFd>> {
        self.input.as_deref().map(OwnedFd::try_clone).transpose()
    }

    /// The role the child plays.
    pub fn role(&self) -> &str {
        &self.role
    }

    pub(super) fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// A plain [`Command`] for this child, with nothing piped and no deadline: for timing what
    /// starting a process costs and nothing else. Everything else goes through [`start`](Self::start).
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.env(ROLE_VARIABLE, &self.role).args(&self.args);
        command
    }

    /// Starts the child. Every wait on it ends by `limit` from now: then the child is killed.
    pub fn start(self, limit: Duration) -> Result<Child, Error> {
        let name = self.name.clone().unwrap_or_else(|| self.role.clone());
        Children::start_named(vec![(name, self)], limit).map(Child::from_one)
    }

    /// Starts the child and waits for its end, at most `limit`: what it printed and how it ended.
    pub fn run(self, limit: Duration) -> Result<Finished, Error> {
        self.start(limit)?.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launch_sets_the_role_and_writes_each_flag_with_its_value() {
        let launch = Program::at("/bin/child")
            .role("crunch")
            .arg("--count", 40)
            .arg("delta", -5)
            .switch("--wait");
        let command = launch.command();
        assert_eq!(command.get_program(), "/bin/child");
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(args, ["--count=40", "--delta=-5", "--wait"]);
        let role = command
            .get_envs()
            .find(|(name, _)| *name == ROLE_VARIABLE)
            .and_then(|(_, value)| value);
        assert_eq!(role, Some(std::ffi::OsStr::new("crunch")));
        assert_eq!(launch.role(), "crunch");
    }

    #[test]
    fn this_program_is_the_running_one() {
        assert_eq!(
            Program::this().path(),
            std::env::current_exe().unwrap().as_path()
        );
    }
}
