//! A small workbook for the tool to grade: one chapter, one exercise (`answer`, whose starter
//! returns 0 and must return 42), and a stand-in grader that prints what it was asked and the
//! starter's answer, and exits 0 only for 42. Building it takes about a second.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use exercise_kit::grading::fingerprint;
use tempfile::TempDir;

pub const STARTER: &str = "lessons/demo/exercises/answer.rs";
pub const SHIPPED: &str = "pub fn answer() -> u32 {\n    0 // TODO: the answer\n}\n";
pub const SOLVED: &str = "pub fn answer() -> u32 {\n    42\n}\n";
pub const HINT: &str = "Six times seven.\n";

/// Long enough for a cold build of the stand-in grader on a loaded machine.
pub const PATIENCE: Duration = Duration::from_secs(120);

pub struct Workbook {
    folder: TempDir,
}

impl Workbook {
    pub fn new() -> Workbook {
        let memory = Path::new("/dev/shm");
        let folder = memory
            .is_dir()
            .then(|| TempDir::new_in(memory).ok())
            .flatten()
            .unwrap_or_else(|| TempDir::new().expect("a temporary folder"));
        let workbook = Workbook { folder };
        let declaration = format!(
            "chapter = \"Demo\"\n\n[[exercise]]\nid = \"answer\"\ntitle = \"The answer\"\n\
             starter_sha256 = \"{}\"\nabout = \"Return the answer.\"\n\n[[exercise.check]]\n\
             run = \"answer\"\nname = \"the answer is 42\"\npoints = 3\nlimit_ms = 1000\n",
            fingerprint(SHIPPED)
        );
        let files = [
            (
                "Cargo.toml",
                "[workspace]\nmembers = [\"grader\"]\nresolver = \"3\"\n",
            ),
            (
                "grader/Cargo.toml",
                "[package]\nname = \"grader\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
                 [[bin]]\nname = \"grader\"\npath = \"main.rs\"\n",
            ),
            (
                "grader/main.rs",
                "#[path = \"../lessons/demo/exercises/answer.rs\"]\nmod starter;\n\nfn main() {\n    \
                 let args: Vec<String> = std::env::args().skip(1).collect();\n    \
                 let answer: u32 = starter::answer();\n    \
                 println!(\"graded with {args:?}: the answer is {answer}\");\n    \
                 std::process::exit(if answer == 42 { 0 } else { 1 });\n}\n",
            ),
            ("lessons/demo/exercises/exercises.toml", &declaration),
            (STARTER, SHIPPED),
            ("lessons/demo/exercises/answer.hint.md", HINT),
        ];
        for (path, text) in files {
            workbook.write(path, text);
        }
        workbook
    }

    pub fn root(&self) -> &Path {
        self.folder.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join(path)).unwrap()
    }

    /// `cargo grade` on this workbook.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_grade"));
        command
            .args(args)
            .env(grade::catalog::REPOSITORY, self.root())
            .env("CARGO_TARGET_DIR", self.root().join("target"))
            // Offline: the workbook has no dependency to download.
            .env("CARGO_NET_OFFLINE", "true");
        command
    }

    /// Runs `cargo grade` to the end, with `answers` on its standard input.
    pub fn grade(&self, args: &[&str], answers: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("could not start cargo grade");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(answers.as_bytes())
            .unwrap();
        finish(child)
    }
}

/// Waits for `child` with a deadline, killing it past [`PATIENCE`].
pub fn finish(mut child: Child) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "cargo grade did not finish in {PATIENCE:?}:\n{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// A running `cargo grade --watch`: what it prints, line by line, and its standard input.
pub struct Running {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    pub seen: String,
}

impl Running {
    pub fn start(mut command: Command) -> Running {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("could not start cargo grade");
        let stdin = child.stdin.take().unwrap();
        let (sender, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let sender = sender.clone();
            thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = sender.send(line);
                }
            });
        }
        Running {
            child,
            stdin,
            lines,
            seen: String::new(),
        }
    }

    /// Waits for a line containing `words`; panics, with everything seen, past [`PATIENCE`].
    pub fn wait_for(&mut self, words: &str) {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen += &line;
                    self.seen.push('\n');
                    if line.contains(words) {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        let _ = self.child.kill();
        panic!("no line with {words:?} in:\n{}", self.seen);
    }

    /// How the tool ended; panics past [`PATIENCE`].
    pub fn exit_status(&mut self) -> ExitStatus {
        let started = Instant::now();
        while started.elapsed() < PATIENCE {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("cargo grade did not end in {PATIENCE:?}:\n{}", self.seen);
    }

    pub fn type_line(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").unwrap();
        self.stdin.flush().unwrap();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
