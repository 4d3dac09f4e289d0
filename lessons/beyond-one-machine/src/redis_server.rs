//! A real Redis server of the lesson's own: started from the system's `redis-server` on a Unix
//! socket in a fresh temporary folder, with no TCP port and nothing saved to disk, and stopped
//! when the [`RedisServer`] is dropped, folder and all. No lesson or test touches a Redis that
//! the learner already runs, and none uses a fixed port.
//!
//! Without `redis-server` on the machine, a lesson exits 2 with one line saying what to install
//! ([`start_or_exit`]), and a test says it was skipped and why ([`start_for_test`]), except under
//! `CI=true`, where it fails instead: CI can never pass without running this chapter for real.

use std::fmt;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tempfile::TempDir;

/// The program this module starts; `REDIS_SERVER` names another one.
pub const PROGRAM: &str = "redis-server";

/// What to do when it is missing, in one line.
pub const HOW_TO_INSTALL: &str = "install it with `sudo apt-get install redis-server` (Debian, Ubuntu) \
     or `brew install redis` (macOS)";

/// How long a server may take to start answering, or to stop: far more than the few
/// milliseconds it takes, so that a loaded machine is never mistaken for a broken one.
const PATIENCE: Duration = Duration::from_secs(10);

/// Why no server could be started.
#[derive(Debug)]
pub enum StartError {
    /// There is no `redis-server` to start.
    Missing,
    /// It was started but did not answer, or could not be started; the text says why.
    Failed(String),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Missing => write!(
                f,
                "this needs `{PROGRAM}`, which is not installed: {HOW_TO_INSTALL}"
            ),
            StartError::Failed(why) => write!(f, "could not start `{PROGRAM}`: {why}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A running Redis server, stopped and cleaned up on drop.
pub struct RedisServer {
    process: Child,
    socket: PathBuf,
    // Dropped after the process is stopped: removes the socket and the log.
    folder: TempDir,
}

impl RedisServer {
    /// Starts a server and waits until it answers `PING`.
    pub fn start() -> Result<RedisServer, StartError> {
        let program = program().ok_or(StartError::Missing)?;
        let folder = tempfile::Builder::new()
            .prefix("workbook-redis-")
            .tempdir()
            .map_err(|e| StartError::Failed(format!("no temporary folder: {e}")))?;
        let socket = folder.path().join("redis.sock");
        let log = folder.path().join("redis.log");
        let mut command = Command::new(&program);
        command
            .args(["--port", "0", "--unixsocket"])
            .arg(&socket)
            .args([
                "--unixsocketperm",
                "700",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(folder.path())
            .arg("--logfile")
            .arg(&log)
            .args(["--daemonize", "no", "--databases", "1"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        // If this program dies without dropping the server (SIGKILL), the kernel stops the
        // server too, rather than leaving it running with its socket in the temporary folder.
        // The signal follows the thread that started the server, which owns it here.
        unsafe {
            command.pre_exec(|| {
                nix::sys::prctl::set_pdeathsig(Signal::SIGTERM).map_err(std::io::Error::from)
            });
        }
        let process = command
            .spawn()
            .map_err(|e| StartError::Failed(format!("{}: {e}", program.display())))?;
        let mut server = RedisServer {
            process,
            socket,
            folder,
        };
        server.wait_until_it_answers()?;
        Ok(server)
    }

    /// The path of its Unix socket.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Its address as the `redis` crate and `--redis` flags take it: `redis+unix:///…/redis.sock`.
    pub fn url(&self) -> String {
        format!("redis+unix://{}", self.socket.display())
    }

    /// A client for it.
    pub fn client(&self) -> redis::Client {
        redis::Client::open(self.url()).expect("a Unix socket's address is a valid Redis address")
    }

    /// A new connection to it.
    pub fn connection(&self) -> redis::Connection {
        self.client()
            .get_connection_with_timeout(PATIENCE)
            .expect("the server answered PING, so it takes connections")
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.process.id()
    }

    fn wait_until_it_answers(&mut self) -> Result<(), StartError> {
        let deadline = Instant::now() + PATIENCE;
        let client = self.client();
        loop {
            if let Some(status) = self.process.try_wait().ok().flatten() {
                let mut said = String::new();
                if let Some(stderr) = self.process.stderr.as_mut() {
                    let _ = stderr.read_to_string(&mut said);
                }
                let log = std::fs::read_to_string(self.folder.path().join("redis.log"))
                    .unwrap_or_default();
                return Err(StartError::Failed(format!(
                    "it ended ({status}) before answering: {}{}",
                    said.trim(),
                    log.lines().last().unwrap_or_default()
                )));
            }
            if self.socket.exists()
                && let Ok(mut connection) = client.get_connection_with_timeout(PATIENCE)
                && redis::cmd("PING").query::<String>(&mut connection).is_ok()
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(StartError::Failed(format!(
                    "it did not answer PING within {PATIENCE:?}"
                )));
            }
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        // SIGTERM lets it close its socket; SIGKILL if it has not ended in time.
        let pid = Pid::from_raw(self.process.id() as i32);
        let _ = kill(pid, Signal::SIGTERM);
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.process.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(2));
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// `redis-server` on the `PATH`, or the program `REDIS_SERVER` names.
pub fn program() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("REDIS_SERVER") {
        let named = PathBuf::from(named);
        return named.is_file().then_some(named);
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(PROGRAM))
        .find(|path| path.is_file())
}

/// For a lesson: a server, or one line on stderr saying what is wrong and exit code 2.
pub fn start_or_exit() -> RedisServer {
    RedisServer::start().unwrap_or_else(|error| {
        eprintln!("error: {error}");
        std::process::exit(2)
    })
}

/// For a test: a server; or, without `redis-server`, `None` after saying the test was skipped,
/// or a failure under `CI=true`. Any other trouble starting it fails the test.
pub fn start_for_test(test: &str) -> Option<RedisServer> {
    match RedisServer::start() {
        Ok(server) => Some(server),
        Err(StartError::Missing) => {
            let message = skip_message(test, on_ci());
            if on_ci() {
                panic!("{message}");
            }
            say_skipped(&message);
            None
        }
        Err(error) => panic!("{test}: {error}"),
    }
}

/// Prints a test's skip message where the reader sees it. Straight to stderr: the test harness
/// holds back what a passing test prints with `eprintln!`, and a skipped test passes.
pub fn say_skipped(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// Whether this runs on CI, which sets `CI=true`.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// What a test without `redis-server` says: skipped, or, on CI, failed.
pub fn skip_message(test: &str, on_ci: bool) -> String {
    let missing = StartError::Missing;
    if on_ci {
        format!("{test} failed: CI=true, and {missing}")
    } else {
        format!("{test} skipped: {missing}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_answers_and_leaves_nothing_behind() {
        let Some(server) = start_for_test("a_server_answers_and_leaves_nothing_behind") else {
            return;
        };
        let folder = server.folder.path().to_path_buf();
        let pid = server.pid();
        let mut connection = server.connection();
        let _: () = redis::cmd("SET")
            .arg("k")
            .arg(7)
            .query(&mut connection)
            .unwrap();
        let got: i64 = redis::cmd("GET").arg("k").query(&mut connection).unwrap();
        assert_eq!(got, 7);
        let port: Vec<String> = redis::cmd("CONFIG")
            .arg("GET")
            .arg("port")
            .query(&mut connection)
            .unwrap();
        assert_eq!(port, ["port", "0"], "the server must listen on no TCP port");
        drop(connection);
        drop(server);
        assert!(!folder.exists(), "{} is still there", folder.display());
        assert_eq!(
            kill(Pid::from_raw(pid as i32), None),
            Err(nix::errno::Errno::ESRCH),
            "the server's process {pid} still exists"
        );
    }

    #[test]
    fn without_redis_a_test_says_skipped_and_ci_fails() {
        let skipped = skip_message("t", false);
        assert!(skipped.starts_with("t skipped:"), "{skipped}");
        assert!(
            skipped.contains("apt-get install redis-server"),
            "{skipped}"
        );
        let failed = skip_message("t", true);
        assert!(failed.starts_with("t failed: CI=true"), "{failed}");
    }
}
