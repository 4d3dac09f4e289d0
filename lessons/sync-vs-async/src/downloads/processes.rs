//! The parent's side of the notes' `multiprocessing.Pool` run: start `count` child processes,
//! give each a share of the pages (one block after another, as `Pool.map` hands out chunks), let
//! them all begin at once, and collect their pages and their spans for the timeline.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use lesson_kit::Timeline;

use super::FetchError;
use super::child::unescape;
use super::ways::Page;

/// Pages `first..first + count` of child `i` of `children`, for `pages` pages: the first
/// children take one page more when they do not divide evenly.
pub fn share(pages: usize, children: usize, i: usize) -> (usize, usize) {
    let base = pages / children;
    let extra = pages % children;
    let first = i * base + i.min(extra);
    (first, base + usize::from(i < extra))
}

// ANCHOR: processes
/// Downloads pages `0..pages` of `server` (`http://127.0.0.1:<port>`) in `children` processes
/// started by `command` (which sets the `download` role). On `timeline`, each child gets a lane
/// `process-i`, with a `start` span (from spawn to ready) and one span per page. Every child is
/// killed if the whole run is not over within `limit`.
pub fn download_in_processes(
    command: impl Fn() -> Command,
    server: &str,
    pages: usize,
    children: usize,
    timeout: Duration,
    limit: Duration,
    timeline: &Timeline,
) -> Result<Vec<Page>, String> {
    let deadline = Instant::now() + limit;
    let (lines, reports) = mpsc::channel::<(usize, String)>();
    let mut started: Vec<(Child, SystemTime)> = Vec::with_capacity(children);
    for i in 0..children {
        let (first, count) = share(pages, children, i);
        let spawned = SystemTime::now();
        let mut child = command()
            .args(["--server", server])
            .args(["--first", &first.to_string(), "--count", &count.to_string()])
            .args(["--timeout-ms", &timeout.as_millis().to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|error| format!("could not start process-{i}: {error}"))?;
        let out = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let lines = lines.clone();
        // One reader per child, so that a silent child cannot keep the others' lines waiting.
        thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                if lines.send((i, line)).is_err() {
                    break;
                }
            }
        });
        started.push((child, spawned));
    }
    drop(lines);
    let result = collect(&mut started, &reports, pages, deadline, timeline);
    for (child, _) in &mut started {
        if result.is_err() {
            // A child that is stuck, or whose parent gave up, must not outlive the lesson.
            let _ = child.kill();
        }
        let _ = child.wait();
    }
    result
}
// ANCHOR_END: processes

fn collect(
    started: &mut [(Child, SystemTime)],
    reports: &mpsc::Receiver<(usize, String)>,
    pages: usize,
    deadline: Instant,
    timeline: &Timeline,
) -> Result<Vec<Page>, String> {
    let next = || -> Result<(usize, String), String> {
        let left = deadline.saturating_duration_since(Instant::now());
        reports.recv_timeout(left).map_err(|error| match error {
            mpsc::RecvTimeoutError::Timeout => "the child processes took too long".to_owned(),
            mpsc::RecvTimeoutError::Disconnected => "a child process ended early".to_owned(),
        })
    };
    let mut ready = 0;
    while ready < started.len() {
        let (i, line) = next()?;
        let at = line
            .strip_prefix("ready ")
            .and_then(moment)
            .ok_or_else(|| format!("process-{i} said {line:?} instead of `ready <nanos>`"))?;
        timeline.add_system_times(format!("process-{i}"), "start", started[i].1, at);
        ready += 1;
    }
    // Everyone is ready: one line each, written as fast as we can, starts them together.
    for (i, (child, _)) in started.iter_mut().enumerate() {
        let stdin = child.stdin.as_mut().expect("stdin is piped");
        writeln!(stdin, "go")
            .and_then(|()| stdin.flush())
            .map_err(|error| format!("process-{i}: {error}"))?;
    }
    let mut places: Vec<Option<Page>> = (0..pages).map(|_| None).collect();
    let mut done = 0;
    while done < started.len() {
        let (i, line) = next()?;
        if line == "done" {
            done += 1;
            continue;
        }
        let (n, start, end, page) =
            parse_page(&line).ok_or_else(|| format!("process-{i} said {line:?}"))?;
        let place = places
            .get_mut(n)
            .ok_or_else(|| format!("process-{i} sent page {n} of {pages}"))?;
        timeline.add_system_times(format!("process-{i}"), format!("page {n}"), start, end);
        *place = Some(page);
    }
    places
        .into_iter()
        .enumerate()
        .map(|(n, page)| page.ok_or_else(|| format!("no process sent page {n}")))
        .collect()
}

fn moment(nanos: &str) -> Option<SystemTime> {
    Some(UNIX_EPOCH + Duration::from_nanos(nanos.parse().ok()?))
}

/// `page <n> <start> <end> <outcome>`, as the child writes it.
fn parse_page(line: &str) -> Option<(usize, SystemTime, SystemTime, Page)> {
    let mut words = line.strip_prefix("page ")?.splitn(5, ' ');
    let n = words.next()?.parse().ok()?;
    let start = moment(words.next()?)?;
    let end = moment(words.next()?)?;
    let kind = words.next()?;
    let rest = words.next().unwrap_or("");
    let page = match kind {
        "ok" => Ok(unescape(rest)),
        "status" => Err(FetchError::Status(rest.parse().ok()?)),
        "timeout" => Err(FetchError::Timeout),
        "other" => Err(FetchError::Other(unescape(rest))),
        _ => return None,
    };
    Some((n, start, end, page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::downloads::child::escape;

    #[test]
    fn shares_cover_every_page_once_in_blocks() {
        for (pages, children) in [(160, 2), (160, 3), (7, 4), (3, 5)] {
            let mut covered = Vec::new();
            for i in 0..children {
                let (first, count) = share(pages, children, i);
                covered.extend(first..first + count);
            }
            assert_eq!(
                covered,
                (0..pages).collect::<Vec<_>>(),
                "{pages} / {children}"
            );
        }
        assert_eq!(share(160, 2, 1), (80, 80));
    }

    #[test]
    fn page_reports_parse_back() {
        let body = local_server::page_body(3);
        let line = format!("page 3 1000 2000 ok {}", escape(&body));
        let (n, start, end, page) = parse_page(&line).unwrap();
        assert_eq!((n, page), (3, Ok(body)));
        assert_eq!(
            end.duration_since(start).unwrap(),
            Duration::from_nanos(1000)
        );
        assert_eq!(
            parse_page("page 4 1 2 status 404").unwrap().3,
            Err(FetchError::Status(404))
        );
        assert_eq!(
            parse_page("page 5 1 2 timeout").unwrap().3,
            Err(FetchError::Timeout)
        );
        assert_eq!(parse_page("page 5 1 2 maybe"), None);
        assert_eq!(parse_page("done"), None);
    }
}
