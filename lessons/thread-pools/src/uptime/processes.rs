//! The notes' `multiprocessing_squirrel`: the sites shared out between child processes, one per
//! core, each checking its share one after another with a client of its own (a process shares no
//! memory, so no client, with the others).

use std::time::Duration;

use lesson_kit::Timeline;
use lesson_kit::process::{self, Args, Children, Launch};

use super::{Verdict, Why, blocking_client, check_website};
use crate::sites::Site;

/// The role of a child that checks its share of the sites.
pub const CHECK_ROLE: &str = "check";

// ANCHOR: processes
/// Checks `sites` in `count` child processes started from `child` (a program playing
/// [`CHECK_ROLE`]), each with a block of the sites as `Pool.map` hands out chunks. On `timeline`,
/// each child gets a lane `process-i` with a `start` span and one span per site. Every child is
/// killed if the run is not over within `limit`.
pub fn processes(
    child: &Launch,
    sites: &[Site],
    count: usize,
    timeout: Duration,
    limit: Duration,
    timeline: &Timeline,
) -> Result<Vec<Verdict>, String> {
    let chunk = sites.len().div_ceil(count.max(1)).max(1);
    let launches = sites.chunks(chunk).enumerate().map(|(i, share)| {
        let lines =
            |field: fn(&Site) -> &str| share.iter().map(field).collect::<Vec<_>>().join("\n");
        child
            .clone()
            .arg("--first", i * chunk)
            .arg("--urls", lines(|site| &site.url))
            .arg("--names", lines(|site| &site.name))
            .arg("--timeout-ms", timeout.as_millis())
    });
    let mut running = Children::start(launches, limit).map_err(|error| error.to_string())?;
    // Each child says when it is ready; once all are, one word starts them together.
    running.ready_go().map_err(|error| error.to_string())?;
    let mut verdicts: Vec<Option<Verdict>> = vec![None; sites.len()];
    for finished in running.finish().map_err(|error| error.to_string())? {
        let finished = finished.ok().map_err(|error| error.to_string())?;
        finished.record_on(timeline);
        for line in &finished.lines {
            let (place, verdict) =
                parse_verdict(line).ok_or_else(|| format!("{} said {line:?}", finished.name))?;
            *verdicts
                .get_mut(place)
                .ok_or_else(|| format!("{} sent site {place}", finished.name))? = Some(verdict);
        }
    }
    verdicts
        .into_iter()
        .enumerate()
        .map(|(place, verdict)| verdict.ok_or_else(|| format!("no process checked site {place}")))
        .collect()
}
// ANCHOR_END: processes

/// The role [`CHECK_ROLE`]: `--first <n> --urls <one a line> --names <one a line> --timeout-ms <ms>`.
/// Waits for the parent's go, then checks each site and says `site <n> <verdict>`.
pub fn check_share(args: &Args) -> Result<(), String> {
    let first: usize = args.get("--first")?;
    let urls: String = args.get("--urls")?;
    let names: String = args.get("--names")?;
    let agent = blocking_client(Duration::from_millis(args.get("--timeout-ms")?));
    if !process::ready_for_go() {
        // The parent is gone before saying go: nobody wants the verdicts.
        return Ok(());
    }
    for (i, (url, name)) in urls.lines().zip(names.lines()).enumerate() {
        let site = Site {
            name: name.to_owned(),
            url: url.to_owned(),
        };
        let verdict = process::timed(name, || check_website(&agent, &site));
        process::say(format!("site {} {}", first + i, say_verdict(&verdict)));
    }
    Ok(())
}

fn say_verdict(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Up => "up".to_owned(),
        Verdict::Down(Why::Status(status)) => format!("status {status}"),
        Verdict::Down(Why::NoAnswer) => "no-answer".to_owned(),
        Verdict::Down(Why::Failed(message)) => format!("failed {}", message.replace('\n', " ")),
    }
}

/// `site <n> <verdict>`, as a child says it.
fn parse_verdict(line: &str) -> Option<(usize, Verdict)> {
    let mut words = line.strip_prefix("site ")?.splitn(3, ' ');
    let place = words.next()?.parse().ok()?;
    let verdict = match (words.next()?, words.next()) {
        ("up", None) => Verdict::Up,
        ("status", Some(status)) => Verdict::Down(Why::Status(status.parse().ok()?)),
        ("no-answer", None) => Verdict::Down(Why::NoAnswer),
        ("failed", Some(message)) => Verdict::Down(Why::Failed(message.to_owned())),
        _ => return None,
    };
    Some((place, verdict))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_said_by_a_child_parse_back() {
        for verdict in [
            Verdict::Up,
            Verdict::Down(Why::Status(405)),
            Verdict::Down(Why::NoAnswer),
            Verdict::Down(Why::Failed("connection refused".into())),
        ] {
            let line = format!("site 7 {}", say_verdict(&verdict));
            assert_eq!(parse_verdict(&line), Some((7, verdict)), "{line}");
        }
        assert_eq!(parse_verdict("site x up"), None);
        assert_eq!(parse_verdict("site 1 maybe"), None);
        assert_eq!(parse_verdict("ready"), None);
    }
}
