//! Serves the built site on loopback and rebuilds it when the sources change.
//!
//! The server is a few lines of std: one thread per connection, one response per connection
//! (`Connection: close`). A browser opens several connections at once for a page's styles,
//! scripts and fonts; each gets its own thread at once, so none waits behind another. (tiny_http,
//! used before, sometimes left a connection of such a burst queued behind a kept-alive one, and a
//! page waited for a stylesheet for ever; the browser test caught it.)

use crate::build::{Built, build_site};
use crate::postprocess::{SOURCE_FOLDERS, SOURCE_ROUTE};
use crate::project::{Project, native_name};
use anyhow::{Context, Result, anyhow};
use notify::{RecursiveMode, Watcher};
use std::fs;
use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// How long the sources must stay quiet before a rebuild: an editor's save is several events.
const SETTLE: Duration = Duration::from_millis(300);
/// How often the server and the watcher look at the stop flag.
const TICK: Duration = Duration::from_millis(200);

/// Builds the site, serves it on `127.0.0.1:port` and rebuilds on every change to the book, the
/// translations, the theme or the lessons, until Ctrl-C.
pub fn serve(project: &Project, site: &Path, port: u16) -> Result<()> {
    let built = build_site(project, site, true)?;
    report_build(&built);
    let server = TcpListener::bind(("127.0.0.1", port)).map_err(|error| {
        anyhow!("cannot listen on 127.0.0.1:{port} ({error}); choose another port with --port")
    })?;
    let port = server.local_addr().map_or(port, |address| address.port());
    // Accepting without blocking lets the loop below look at the stop flag every TICK.
    server
        .set_nonblocking(true)
        .context("making the server's socket non-blocking")?;
    let stop = Arc::new(AtomicBool::new(false));
    let on_signal = Arc::clone(&stop);
    ctrlc::set_handler(move || on_signal.store(true, Ordering::SeqCst))
        .context("installing the Ctrl-C handler")?;

    let (changes, changed) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(changes).context("watching the sources")?;
    for folder in ["book", "po", "theme", "lessons"] {
        let path = project.root.join(folder);
        if path.exists() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    watcher.watch(&project.root.join("book.toml"), RecursiveMode::NonRecursive)?;

    // The URLs last: once they are printed, changes are watched and Ctrl-C is handled.
    println!("Serving the book (Ctrl-C stops):");
    for language in &built.languages {
        let folder = if language == crate::project::SOURCE_LANGUAGE {
            String::new()
        } else {
            format!("{language}/")
        };
        println!(
            "  {:<8} http://127.0.0.1:{port}/{folder}",
            native_name(language)
        );
    }

    let rebuilder = {
        let (project, site, stop) = (project.clone(), site.to_path_buf(), Arc::clone(&stop));
        thread::spawn(move || rebuild_on_change(&project, &site, &stop, &changed))
    };

    while !stop.load(Ordering::SeqCst) {
        match server.accept() {
            Ok((connection, _)) => {
                let (project, site) = (project.clone(), site.to_path_buf());
                thread::spawn(move || answer(&project, &site, connection));
            }
            Err(error) if error.kind() == ErrorKind::WouldBlock => thread::sleep(TICK / 20),
            Err(error) => return Err(error).context("accepting a connection"),
        }
    }
    drop(watcher);
    let _ = rebuilder.join();
    println!("Stopped.");
    Ok(())
}

fn report_build(built: &Built) {
    if built.warnings.is_empty() {
        println!(
            "Built {} in {}.",
            built.site.display(),
            built.languages.join(", ")
        );
    } else {
        println!(
            "Built {} in {}, with {} warnings (above).",
            built.site.display(),
            built.languages.join(", "),
            built.warnings.len()
        );
    }
}

type Changes = mpsc::Receiver<notify::Result<notify::Event>>;

fn rebuild_on_change(project: &Project, site: &Path, stop: &AtomicBool, changed: &Changes) {
    let generated = project.root.join("target");
    // Reading the sources (the build itself reads every included lesson file) is reported too;
    // only changes count, or each build would set off the next.
    let relevant = |event: &notify::Result<notify::Event>| match event {
        Ok(event) => {
            !event.kind.is_access() && event.paths.iter().any(|path| !path.starts_with(&generated))
        }
        Err(_) => false,
    };
    while !stop.load(Ordering::SeqCst) {
        match changed.recv_timeout(TICK) {
            Ok(event) if relevant(&event) => {
                // Let the burst of events from one save settle into one rebuild.
                while changed.recv_timeout(SETTLE).is_ok() {}
                println!("Sources changed; rebuilding…");
                match build_site(project, site, true) {
                    Ok(built) => report_build(&built),
                    Err(error) => eprintln!("The rebuild failed: {error:#}"),
                }
            }
            Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// How long a connection may take to send its request: a browser sends it at once.
const REQUEST_PATIENCE: Duration = Duration::from_secs(10);
/// The most a request's head may hold; the book's URLs are short.
const MOST_HEAD_BYTES: usize = 16 * 1024;

/// Reads one request from `connection`, writes its response and closes the connection.
fn answer(project: &Project, site: &Path, connection: TcpStream) {
    // The browser may have gone away, or sent nothing; there is nobody to tell.
    let _ = connection.set_nonblocking(false);
    let _ = connection.set_read_timeout(Some(REQUEST_PATIENCE));
    let Ok(reader) = connection.try_clone() else {
        return;
    };
    let Some((method, target)) = read_head(BufReader::new(reader)) else {
        return;
    };
    let reply = if method == "GET" || method == "HEAD" {
        respond(project, site, &target)
    } else {
        text(405, format!("{method} is not served here."))
    };
    let _ = reply.write_to(connection, method == "HEAD");
}

/// The method and target of the request line, once the whole head has arrived.
fn read_head(mut reader: impl BufRead) -> Option<(String, String)> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let (method, target) = (words.next()?.to_owned(), words.next()?.to_owned());
    let mut read = line.len();
    loop {
        line.clear();
        let count = reader.read_line(&mut line).ok()?;
        read += count;
        if count == 0 || read > MOST_HEAD_BYTES {
            return None;
        }
        if line.trim_end().is_empty() {
            return Some((method, target));
        }
    }
}

fn respond(project: &Project, site: &Path, target: &str) -> Reply {
    let url = target.split(['?', '#']).next().unwrap_or("/").to_owned();
    match decode_path(&url) {
        None => text(400, "Bad request: the path climbs out of the site.".into()),
        Some(path) => match url.strip_prefix(SOURCE_ROUTE) {
            Some(_) => source_file(project, &path),
            None => site_file(site, &url, &path),
        },
    }
}

/// A response, written whole with its length, on a connection that closes after it.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn with_header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_owned()));
        self
    }

    fn write_to(&self, mut connection: TcpStream, head_only: bool) -> std::io::Result<()> {
        let reason = match self.status {
            200 => "OK",
            301 => "Moved Permanently",
            400 => "Bad Request",
            404 => "Not Found",
            _ => "Method Not Allowed",
        };
        let mut head = format!("HTTP/1.1 {} {reason}\r\n", self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        connection.write_all(head.as_bytes())?;
        if !head_only {
            connection.write_all(&self.body)?;
        }
        connection.flush()
    }
}

fn site_file(site: &Path, url: &str, path: &Path) -> Reply {
    let mut file = site.join(path);
    if file.is_dir() {
        if !url.ends_with('/') {
            // Relative links on an index page only work from a URL that ends in '/'.
            return redirect(&format!("{url}/"));
        }
        file = file.join("index.html");
    }
    match fs::read(&file) {
        Ok(bytes) => bytes_response(200, bytes, content_type(&file)),
        Err(_) => {
            // Each language has its own 404 page; the first folder of the path names the language.
            let language_404 = path
                .components()
                .next()
                .map(|first| site.join(first).join("404.html"))
                .filter(|page| page.is_file())
                .unwrap_or_else(|| site.join("404.html"));
            let body = fs::read(language_404).unwrap_or_else(|_| b"Not found".to_vec());
            bytes_response(404, body, "text/html; charset=utf-8")
        }
    }
}

/// The lesson sources (and the crates they use) of the working tree, for the chapters' links when
/// the book is read locally.
fn source_file(project: &Project, path: &Path) -> Reply {
    let relative = path.strip_prefix("source").unwrap_or(path);
    let shown = SOURCE_FOLDERS
        .iter()
        .any(|folder| relative.starts_with(folder.trim_end_matches('/')));
    if !shown {
        return text(
            404,
            "Only the lessons and their crates are shown here.".into(),
        );
    }
    let full = project.root.join(relative);
    if full.is_dir() {
        let mut names: Vec<String> = fs::read_dir(&full)
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok())
                    .map(|entry| {
                        let name = entry.file_name().to_string_lossy().into_owned();
                        if entry.path().is_dir() {
                            format!("{name}/")
                        } else {
                            name
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let links: String = names
            .iter()
            .map(|name| format!("<li><a href=\"{name}\">{name}</a></li>"))
            .collect();
        let title = relative.display();
        let body = format!(
            "<!DOCTYPE html><meta charset=\"utf-8\"><title>{title}</title><h1>{title}</h1><ul>{links}</ul>"
        );
        return bytes_response(200, body.into_bytes(), "text/html; charset=utf-8");
    }
    match fs::read(&full) {
        Ok(bytes) => bytes_response(200, bytes, "text/plain; charset=utf-8"),
        Err(_) => text(404, format!("{} does not exist.", relative.display())),
    }
}

/// The URL path as a relative file path, with `%xx` escapes decoded; None if it climbs with `..`.
fn decode_path(url: &str) -> Option<PathBuf> {
    let bytes = url.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = bytes.get(i + 1..i + 3).filter(|_| bytes[i] == b'%');
        if let Some(byte) = escape
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            decoded.push(byte);
            i += 3;
            continue;
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    let decoded = String::from_utf8(decoded).ok()?;
    let path = PathBuf::from(decoded.trim_start_matches('/'));
    path.components()
        .all(|part| matches!(part, Component::Normal(_)))
        .then_some(path)
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|ext| ext.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        _ => "text/plain; charset=utf-8",
    }
}

fn bytes_response(status: u16, body: Vec<u8>, kind: &str) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body,
    }
    .with_header("Content-Type", kind)
}

fn text(status: u16, body: String) -> Reply {
    bytes_response(status, body.into_bytes(), "text/plain; charset=utf-8")
}

fn redirect(location: &str) -> Reply {
    text(301, format!("Moved to {location}")).with_header("Location", location)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_may_not_climb_out_of_the_site() {
        assert_eq!(
            decode_path("/fa/index.html"),
            Some(PathBuf::from("fa/index.html"))
        );
        assert_eq!(decode_path("/a%20b.html"), Some(PathBuf::from("a b.html")));
        assert_eq!(decode_path("/../etc/passwd"), None);
        assert_eq!(decode_path("/fa/%2e%2e/%2e%2e/secret"), None);
    }
}
