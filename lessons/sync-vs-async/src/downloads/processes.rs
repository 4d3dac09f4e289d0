//! The parent's side of the notes' `multiprocessing.Pool` run: start `count` child processes,
//! give each a share of the pages (one block after another, as `Pool.map` hands out chunks), let
//! them all begin at once, and collect their pages and their spans for the timeline.

use std::time::Duration;

use lesson_kit::Timeline;
use lesson_kit::process::{Children, Launch};

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
/// Downloads pages `0..pages` of `server` (`http://127.0.0.1:<port>`) in `children` processes,
/// each started from `child` (a program playing the `download` role) with its share of the pages.
/// On `timeline`, each child gets a lane `process-i`, with a `start` span (from spawn to ready)
/// and one span per page. Every child is killed if the whole run is not over within `limit`.
pub fn download_in_processes(
    child: &Launch,
    server: &str,
    pages: usize,
    children: usize,
    timeout: Duration,
    limit: Duration,
    timeline: &Timeline,
) -> Result<Vec<Page>, String> {
    let launches = (0..children).map(|i| {
        let (first, count) = share(pages, children, i);
        child
            .clone()
            .arg("--server", server)
            .arg("--first", first)
            .arg("--count", count)
            .arg("--timeout-ms", timeout.as_millis())
    });
    let mut running = Children::start(launches, limit).map_err(|error| error.to_string())?;
    // Each child says when it is ready; once all are, one word starts them together.
    running.ready_go().map_err(|error| error.to_string())?;
    let mut places: Vec<Option<Page>> = (0..pages).map(|_| None).collect();
    for finished in running.finish().map_err(|error| error.to_string())? {
        let finished = finished.ok().map_err(|error| error.to_string())?;
        finished.record_on(timeline);
        for line in &finished.lines {
            let (n, page) =
                parse_page(line).ok_or_else(|| format!("{} said {line:?}", finished.name))?;
            let place = places
                .get_mut(n)
                .ok_or_else(|| format!("{} sent page {n} of {pages}", finished.name))?;
            *place = Some(page);
        }
    }
    places
        .into_iter()
        .enumerate()
        .map(|(n, page)| page.ok_or_else(|| format!("no process sent page {n}")))
        .collect()
}
// ANCHOR_END: processes

/// `page <n> <outcome>`, as the child says it.
fn parse_page(line: &str) -> Option<(usize, Page)> {
    let mut words = line.strip_prefix("page ")?.splitn(3, ' ');
    let n = words.next()?.parse().ok()?;
    let kind = words.next()?;
    let rest = words.next().unwrap_or("");
    let page = match kind {
        "ok" => Ok(unescape(rest)),
        "status" => Err(FetchError::Status(rest.parse().ok()?)),
        "timeout" => Err(FetchError::Timeout),
        "other" => Err(FetchError::Other(unescape(rest))),
        _ => return None,
    };
    Some((n, page))
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
        let line = format!("page 3 ok {}", escape(&body));
        assert_eq!(parse_page(&line), Some((3, Ok(body))));
        assert_eq!(
            parse_page("page 4 status 404"),
            Some((4, Err(FetchError::Status(404))))
        );
        assert_eq!(
            parse_page("page 5 timeout"),
            Some((5, Err(FetchError::Timeout)))
        );
        assert_eq!(parse_page("page 5 maybe"), None);
        assert_eq!(parse_page("done"), None);
    }
}
