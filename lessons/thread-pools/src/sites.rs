//! The notes' 33 web sites, played by the local server, and a learner's own list (`--sites FILE`).
//!
//! The notes check 33 real sites; two of them are made-up domains that never answer, and one
//! (bing.com) refuses a `HEAD` request with `405`. Here every site is a page of the local server
//! with a behaviour of its own: most answer in 5 to 25 ms, two take 40 ms (slow, but in time), one
//! answers 404, one 500, one refuses `HEAD` like bing did, one answers three timeouts late and
//! the two made-up ones never answer. The names are the notes'; the behaviours are this chapter's.

use std::time::Duration;

use local_server::LocalServer;

/// How long the lessons' checker waits for an answer. The notes give `requests` 20 s, which never
/// came into play (the two made-up domains fail at once, on the name lookup); a local site that
/// hangs does run into it, so it is short, but still six times the slowest answer that is in time.
pub const TIMEOUT: Duration = Duration::from_millis(250);

/// The timeout of the tests, which run beside each other and beside whatever else loads the
/// machine: a thread held up for a hundred milliseconds must not turn a site that answered in
/// time into one that did not.
pub const ROOMY_TIMEOUT: Duration = Duration::from_millis(500);

/// What notifying an owner costs: the notes sleep 0.5 s; scaled 1/20, like every delay here.
pub const NOTIFY: Duration = Duration::from_millis(25);

/// What a site of the local server does when it is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Answers `200 OK` after this many milliseconds.
    Answers(u64),
    /// Answers with this status after 10 ms.
    Fails(u16),
    /// Answers `GET`, refuses `HEAD` with `405` (bing.com in the notes).
    GetOnly,
    /// Never answers (the notes' made-up domains).
    Hangs,
    /// Answers `200 OK`, after three times the checker's timeout: too late.
    TooSlow,
}

/// The notes' sites and what each does here.
pub const NOTES_SITES: [(&str, Behaviour); 33] = {
    use Behaviour::*;
    [
        ("envato.com", Answers(12)),
        ("amazon.co.uk", Answers(18)),
        ("amazon.com", Answers(9)),
        ("facebook.com", Answers(21)),
        ("google.com", Answers(5)),
        ("google.fr", Answers(7)),
        ("google.es", Answers(6)),
        ("google.co.uk", Answers(8)),
        ("internet.org", Fails(404)),
        ("gmail.com", Answers(11)),
        ("stackoverflow.com", Answers(16)),
        ("github.com", Answers(14)),
        ("heroku.com", Fails(500)),
        ("really-cool-available-domain.com", Hangs),
        ("djangoproject.com", Answers(19)),
        ("rubyonrails.org", Answers(22)),
        ("basecamp.com", Answers(13)),
        ("trello.com", Answers(15)),
        ("yiiframework.com", Answers(40)),
        ("shopify.com", Answers(17)),
        ("another-really-interesting-domain.co", Hangs),
        ("airbnb.com", Answers(20)),
        ("instagram.com", Answers(23)),
        ("snapchat.com", Answers(10)),
        ("youtube.com", Answers(25)),
        ("baidu.com", Answers(40)),
        ("yahoo.com", Answers(12)),
        ("live.com", TooSlow),
        ("linkedin.com", Answers(18)),
        ("yandex.ru", Answers(24)),
        ("netflix.com", Answers(9)),
        ("wordpress.com", Answers(14)),
        ("bing.com", GetOnly),
    ]
};

/// A site to check: a name to report, and the address to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub name: String,
    pub url: String,
}

/// The notes' 33 sites as pages of `server`, for a checker that waits `timeout`. The site's name
/// rides along in the query, where the server ignores it but logs it.
pub fn notes_sites(server: &LocalServer, timeout: Duration) -> Vec<Site> {
    let too_late = 3 * timeout.as_millis();
    NOTES_SITES
        .iter()
        .enumerate()
        .map(|(n, &(name, behaviour))| {
            let path = match behaviour {
                Behaviour::Answers(ms) => format!("/page/{n}?site={name}&latency_ms={ms}"),
                Behaviour::Fails(status) => format!("/status/{status}?site={name}&latency_ms=10"),
                Behaviour::GetOnly => format!("/get-only?site={name}&latency_ms=10"),
                Behaviour::Hangs => format!("/hang?site={name}"),
                Behaviour::TooSlow => format!("/page/{n}?site={name}&latency_ms={too_late}"),
            };
            Site {
                name: name.to_owned(),
                url: server.url(&path),
            }
        })
        .collect()
}

impl Behaviour {
    /// Whether the checker sees this site down: every site that answers is in time (the
    /// slowest takes 40 ms), but the one too slow.
    pub fn is_down(self) -> bool {
        !matches!(self, Behaviour::Answers(_))
    }

    /// What checking the site takes, if nothing else runs, for a checker that waits `timeout`:
    /// its answer (or the timeout), and the owner's notification when it is down. The lessons'
    /// ideal times add these up.
    pub fn cost(self, timeout: Duration) -> Duration {
        match self {
            Behaviour::Answers(ms) => Duration::from_millis(ms),
            Behaviour::Fails(_) | Behaviour::GetOnly => Duration::from_millis(10) + NOTIFY,
            Behaviour::Hangs | Behaviour::TooSlow => timeout + NOTIFY,
        }
    }
}

/// The shortest time `workers` checkers that wait `timeout` can take over the notes' sites: the
/// work shared out evenly, but never less than the longest single check.
pub fn ideal(workers: usize, timeout: Duration) -> Duration {
    let costs = NOTES_SITES.map(|(_, behaviour)| behaviour.cost(timeout));
    let total: Duration = costs.iter().sum();
    let longest = costs.into_iter().max().unwrap_or_default();
    (total / workers.max(1) as u32).max(longest)
}

/// The sites of a lesson: the notes' 33, or those of the learner's file `list`; the error says
/// which file, and which of its lines, is wrong.
pub fn sites_to_check(
    list: Option<&std::path::Path>,
    server: &LocalServer,
    timeout: Duration,
) -> Result<Vec<Site>, String> {
    let Some(path) = list else {
        return Ok(notes_sites(server, timeout));
    };
    std::fs::read_to_string(path)
        .map_err(|error| error.to_string())
        .and_then(|text| read_sites(&text, server))
        .map_err(|error| format!("--sites {}: {error}", path.display()))
}

// ANCHOR: read_sites
/// A learner's own list: one address a line, `http://host[:port]/path` or a path of the local
/// server (`/page/3`, `/status/500`, `/hang`, ...); blank lines and `#` comments are skipped.
/// A line that is neither is an error naming the line, and nothing is checked.
pub fn read_sites(text: &str, server: &LocalServer) -> Result<Vec<Site>, String> {
    let mut sites = Vec::new();
    for (number, line) in text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
    {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let url = if line.starts_with('/') {
            server.url(line)
        } else if line.starts_with("https://") {
            return Err(format!(
                "line {number}: {line:?}: https is not supported here (plain HTTP only)"
            ));
        } else if let Some(rest) = line.strip_prefix("http://") {
            let host = rest.split(['/', '?']).next().unwrap_or("");
            if host.is_empty() || line.contains(char::is_whitespace) {
                return Err(format!("line {number}: {line:?} is not an address"));
            }
            line.to_owned()
        } else {
            return Err(format!(
                "line {number}: {line:?} is neither http://host/path nor a path starting with /"
            ));
        };
        sites.push(Site {
            name: line.to_owned(),
            url,
        });
    }
    if sites.is_empty() {
        return Err("the list has no address in it".to_owned());
    }
    Ok(sites)
}
// ANCHOR_END: read_sites

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_list_has_their_33_sites_and_six_that_are_down_here() {
        let down: Vec<&str> = NOTES_SITES
            .iter()
            .filter(|(_, behaviour)| behaviour.is_down())
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(NOTES_SITES.len(), 33);
        assert_eq!(down.len(), 6, "{down:?}");
        // One check alone bounds every run from below; 33 of them share out over workers.
        assert_eq!(ideal(33, TIMEOUT), TIMEOUT + NOTIFY);
        let (one, four) = (ideal(1, TIMEOUT), ideal(4, TIMEOUT));
        assert!(one > four && four > ideal(33, TIMEOUT), "{four:?}");
        assert_eq!(one, four * 4);
    }

    #[test]
    fn a_list_takes_addresses_and_paths_and_names_the_first_bad_line() {
        let server = LocalServer::start(Duration::ZERO).unwrap();
        let sites = read_sites("# mine\n/page/1\n\nhttp://example.com/\n", &server).unwrap();
        assert_eq!(sites.len(), 2);
        assert_eq!(sites[0].url, server.url("/page/1"));
        assert_eq!(sites[1].url, "http://example.com/");
        for (text, words) in [
            (
                "/page/1\nexample.com\n",
                "line 2: \"example.com\" is neither",
            ),
            (
                "https://example.com\n",
                "line 1: \"https://example.com\": https",
            ),
            (
                "http:///page\n",
                "line 1: \"http:///page\" is not an address",
            ),
            ("# nothing\n\n", "no address"),
        ] {
            let error = read_sites(text, &server).unwrap_err();
            assert!(error.contains(words), "{text:?}: {error}");
        }
    }
}
