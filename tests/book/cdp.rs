//! Just enough of the Chrome DevTools Protocol to drive a headless Chromium from a test, with no
//! crate beyond serde_json: Chromium started with `--remote-debugging-pipe` reads commands from its
//! fd 3 and writes replies and events to its fd 4, each message JSON ended by a NUL byte.

#![cfg(unix)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The longest any one step may take: a load, a click's navigation, a search's results.
pub const STEP: Duration = Duration::from_secs(20);

const INSTALL: &str = "install it (Debian: `apt-get install chromium`) or name it in $CHROME";

/// What the test does about the browser it found (or did not).
#[derive(Debug, PartialEq)]
pub enum Decision {
    Run(PathBuf),
    Skip(String),
    Fail(String),
}

/// On a developer's machine a missing browser only skips the test; in CI it must not hide the
/// test's absence, so there it fails.
pub fn decide(found: Option<PathBuf>, under_ci: bool) -> Decision {
    match found {
        Some(browser) => Decision::Run(browser),
        None if under_ci => Decision::Fail(format!("CI=true but no Chromium was found: {INSTALL}")),
        None => Decision::Skip(format!(
            "skipped the browser test: no Chromium ($CHROME, or chromium, chromium-browser or google-chrome on PATH); {INSTALL}"
        )),
    }
}

pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

/// `$CHROME` if set, else the first Chromium-like program on PATH.
pub fn find_browser() -> Option<PathBuf> {
    let on_path = |name: &str| {
        std::env::split_paths(&std::env::var_os("PATH")?)
            .map(|folder| folder.join(name))
            .find(|path| is_executable(path))
    };
    match std::env::var("CHROME") {
        Ok(chosen) if !chosen.is_empty() => {
            let path = PathBuf::from(&chosen);
            if path.components().count() > 1 {
                is_executable(&path).then_some(path)
            } else {
                on_path(&chosen)
            }
        }
        _ => ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find_map(on_path),
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// A headless Chromium and its own profile, home and temporary folder. Dropping it kills the whole
/// process group (the browser forks renderers and helpers) and removes the folder.
pub struct Browser {
    child: Child,
    commands: ChildStdin,
    messages: Receiver<Value>,
    /// Events that arrived while a reply was awaited, in order.
    pub events: Vec<Value>,
    next_id: u64,
    _folder: TempDir,
}

impl Browser {
    pub fn launch(program: &Path, folder: TempDir) -> Browser {
        let profile = folder.path().join("profile");
        // The shell moves the two pipes to the fds Chromium expects, then becomes Chromium: no
        // dup2 of our own, so no unsafe code and no libc.
        let mut child = Command::new("/bin/sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(program)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-breakpad",
                "--disable-extensions",
                "--window-size=1280,900",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            // Chromium writes shared memory, certificates and caches under these: keep all of it
            // in the folder that is removed afterwards.
            .env("HOME", folder.path())
            .env("TMPDIR", folder.path())
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_CACHE_HOME")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("the browser starts");
        let commands = child.stdin.take().unwrap();
        let replies = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        thread::spawn(move || {
            let mut replies = BufReader::new(replies);
            let mut message = Vec::new();
            while replies
                .read_until(0, &mut message)
                .is_ok_and(|read| read > 0)
            {
                message.pop_if(|byte| *byte == 0);
                let parsed = serde_json::from_slice(&message).expect("the browser sends JSON");
                if sender.send(parsed).is_err() {
                    break;
                }
                message.clear();
            }
        });
        Browser {
            child,
            commands,
            messages,
            events: Vec::new(),
            next_id: 0,
            _folder: folder,
        }
    }

    /// Sends one command (to a page's session, or to the browser) and waits for its reply.
    pub fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut command = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&command).unwrap();
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .map_err(|error| format!("the browser stopped reading commands: {error}"))?;
        let deadline = Instant::now() + STEP;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .map_err(|_| format!("no reply to {method} within {STEP:?}"))?;
            if message["id"] == id {
                return match message.get("error") {
                    Some(error) => Err(format!("{method} failed: {error}")),
                    None => Ok(message["result"].clone()),
                };
            }
            self.events.push(message);
        }
    }

    /// The URLs of requests that have neither finished nor failed so far.
    pub fn unfinished_requests(&self) -> Vec<String> {
        let mut open = std::collections::BTreeMap::new();
        for event in &self.events {
            let id = event["params"]["requestId"].to_string();
            match event["method"].as_str() {
                Some("Network.requestWillBeSent") => {
                    open.insert(id, event["params"]["request"]["url"].to_string());
                }
                Some("Network.loadingFinished" | "Network.loadingFailed") => {
                    open.remove(&id);
                }
                _ => {}
            }
        }
        open.into_values().collect()
    }

    /// Opens a new tab and attaches to it; returns the session the tab's commands go to.
    pub fn open_tab(&mut self) -> Result<String, String> {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        )?;
        Ok(attached["sessionId"]
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The group's id is the shell's pid, which Chromium kept when it replaced the shell.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// One tab of a [`Browser`]: the page-level helpers the checks are written with.
pub struct Tab<'a> {
    pub browser: &'a mut Browser,
    pub session: String,
}

impl Tab<'_> {
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.browser.call(Some(&self.session), method, params)
    }

    /// Runs JavaScript in the page (awaiting a promise it returns) and returns its value.
    pub fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let reply = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        )?;
        if let Some(exception) = reply.get("exceptionDetails") {
            return Err(format!("{expression} threw {exception}"));
        }
        Ok(reply["result"]["value"].clone())
    }

    /// Evaluates `expression` until it is truthy, and returns that value. While a page is being
    /// replaced an evaluation may fail; that only means "not yet".
    pub fn wait_for(&mut self, expression: &str, what: &str) -> Result<Value, String> {
        let deadline = Instant::now() + STEP;
        let mut last = Value::Null;
        while Instant::now() < deadline {
            match self.eval(expression) {
                Ok(value) if truthy(&value) => return Ok(value),
                Ok(value) => last = value,
                Err(error) => last = json!(error),
            }
            thread::sleep(Duration::from_millis(50));
        }
        Err(format!("{what}: not within {STEP:?} (last seen: {last})"))
    }

    /// Loads `url` and waits until it has loaded.
    pub fn open(&mut self, url: &str) -> Result<(), String> {
        self.call("Page.navigate", json!({ "url": url }))?;
        let loaded = format!(
            "location.href === {} && document.readyState === 'complete'",
            json!(url)
        );
        self.wait_for(&loaded, &format!("loading {url}"))
            .map(drop)
            .map_err(|error| {
                let state = self.eval("[location.href, document.readyState]");
                let pending = self.browser.unfinished_requests();
                format!("{error}; the tab shows {state:?}; unanswered: {pending:?}")
            })
    }

    /// Clicks the middle of the element as a mouse would, after making sure nothing covers it.
    pub fn click(&mut self, selector: &str) -> Result<(), String> {
        let script = format!(
            "(() => {{ const e = document.querySelector({0}); if (!e) return 'missing';
              e.scrollIntoView({{ block: 'center' }}); const r = e.getBoundingClientRect();
              const x = r.x + r.width / 2, y = r.y + r.height / 2;
              const top = document.elementFromPoint(x, y);
              return e.contains(top) ? [x, y] : 'covered by ' + (top && top.outerHTML.slice(0, 80)); }})()",
            json!(selector)
        );
        let point = self.eval(&script)?;
        let (Some(x), Some(y)) = (point[0].as_f64(), point[1].as_f64()) else {
            return Err(format!("cannot click {selector}: {point}"));
        };
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            )?;
        }
        Ok(())
    }

    /// Types `text` key by key into whatever has the focus, as a keyboard would.
    pub fn type_text(&mut self, text: &str) -> Result<(), String> {
        for key in text.chars().map(String::from) {
            self.call(
                "Input.dispatchKeyEvent",
                json!({ "type": "keyDown", "key": key, "text": key, "unmodifiedText": key }),
            )?;
            self.call(
                "Input.dispatchKeyEvent",
                json!({ "type": "keyUp", "key": key }),
            )?;
        }
        Ok(())
    }
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(flag) => *flag,
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => true,
    }
}
