//! `cargo run` as a newcomer meets it: the tool builds every language, serves it on loopback, answers
//! for each language with its picker, rebuilds when a chapter changes, and stops cleanly on Ctrl-C
//! (a real SIGINT).

#![cfg(unix)]

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(60);

/// A running book server; killed if a test fails before it stops it, so none is left behind.
pub struct Server {
    child: Child,
    printed: Receiver<String>,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `cargo run -- serve` on a free port and waits until it prints its URLs.
    pub fn start(root: &Path, site: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_workbook"))
            .args(["serve", "--port", "0", "--out"])
            .arg(site)
            .arg("--root")
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the book tool starts");
        // Read what it prints on a thread of its own, so a silent server fails the test in time.
        let (lines, printed) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            printed,
            port: 0,
        };
        let urls = server.wait_for_lines(2, |line| line.contains("http://127.0.0.1:"));
        assert!(
            urls[1].ends_with("/fa/"),
            "the second URL is not the Persian book: {urls:?}"
        );
        let url = urls[0].split_whitespace().last().unwrap();
        server.port = url
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .expect("a port in the URL");
        server
    }

    /// The next `count` printed lines that satisfy `wanted`, within the time limit.
    fn wait_for_lines(&self, count: usize, wanted: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = Instant::now() + LIMIT;
        let mut found = Vec::new();
        while found.len() < count {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .printed
                .recv_timeout(left)
                .expect("the server did not print it in time");
            if wanted(&line) {
                found.push(line);
            }
        }
        found
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("a connection");
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("a response");
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .expect("a status line");
        (status, response)
    }

    /// Sends Ctrl-C's signal and returns everything printed after it, once the server has exited.
    fn interrupt(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let pid = self.child.id().to_string();
        let signalled = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(signalled.success(), "could not send SIGINT");
        let deadline = Instant::now() + LIMIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop after Ctrl-C"
            );
            thread::sleep(Duration::from_millis(20));
        };
        // It has exited, so its output has ended: the rest can be read to the end.
        let (_, printed) = mpsc::channel();
        let printed = std::mem::replace(&mut self.printed, printed);
        (status, printed.iter().collect())
    }
}

/// One server for the whole tour, since each start builds the book in every language: it serves
/// every language, shows lesson sources and nothing else, rebuilds when a chapter changes, and
/// stops on Ctrl-C.
#[test]
fn serves_every_language_rebuilds_on_a_change_and_stops_on_ctrl_c() {
    let (folder, project) = crate::common::copy_of_repository();
    // The workspace's own manifest sits beside the book, as in the real repository, so that the
    // refusal to show it below proves something.
    fs::copy(
        crate::common::repository().root.join("Cargo.toml"),
        project.root.join("Cargo.toml"),
    )
    .unwrap();
    // Two pages are enough to show the tool at work, and build far faster than the whole book.
    crate::common::keep_only_pages(&project, &["introduction.md", "locks-and-races.md"]);
    let server = Server::start(&project.root, &folder.path().join("site"));

    let (status, english) = server.get("/locks-and-races.html");
    assert_eq!(status, 200);
    assert!(english.contains(r#"<html lang="en""#) && english.contains(r#"hreflang="fa""#));
    let (status, persian) = server.get("/fa/locks-and-races.html");
    assert_eq!(status, 200);
    assert!(
        persian.contains(r#"dir="rtl""#),
        "the Persian page is not right to left"
    );
    assert_eq!(
        server.get("/fa").0,
        301,
        "a folder without its slash is redirected"
    );
    assert_eq!(server.get("/no-such-page.html").0, 404);
    assert_eq!(
        server.get("/source/lessons/locks-and-races/Cargo.toml").0,
        200
    );
    assert_eq!(
        server.get("/source/crates/local-server/Cargo.toml").0,
        200,
        "the crates the lessons use are shown too"
    );
    assert_eq!(
        server.get("/source/Cargo.toml").0,
        404,
        "only lesson sources are shown"
    );
    assert_eq!(server.get("/../Cargo.toml").0, 400);

    let introduction = project.book_dir().join("introduction.md");
    let text = fs::read_to_string(&introduction).unwrap();
    let sentence = "A sentence added while the book was served.";
    fs::write(&introduction, format!("{text}\n{sentence}\n")).unwrap();
    // One save is several file events, and a rebuild may start on the first of them; the last one
    // always leads to a build that sees the whole file. So wait for the page, not for a log line.
    let deadline = Instant::now() + LIMIT;
    loop {
        let (status, page) = server.get("/introduction.html");
        if status == 200 && page.contains(sentence) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the page was not rebuilt within {LIMIT:?}"
        );
        thread::sleep(Duration::from_millis(50));
    }

    let (status, rest) = server.interrupt();
    assert!(
        status.success(),
        "the server exited with {status} after Ctrl-C"
    );
    assert!(
        rest.iter().any(|line| line == "Stopped."),
        "no goodbye after Ctrl-C: {rest:?}"
    );
}
