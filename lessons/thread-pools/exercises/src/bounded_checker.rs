//! The exercise "bounded_checker": its contract, and the checks that grade it.
//!
//! The student edits `bounded_checker.rs` (beside `src/`); the reference solution is
//! `../solutions/bounded_checker.rs`. Every check starts a real local server and grades by what
//! the server saw: each verdict against the server's own record of what it answered and when
//! (never against the site's address), each site asked once and with `HEAD`, and the most
//! requests it held at once. The first requests of the limit check wait at the server until
//! `limit` of them are in flight (`gather_at`), so a checker that keeps `limit` in flight reaches
//! that peak on every run. Page numbers, statuses and the order of the sites are drawn from
//! seeds, different in every round.

use std::time::Duration;

use exercise_kit::grading::{Code, Runs};
use exercise_kit::in_flight::judge_peak;
use exercise_kit::seeded;
use local_server::{LocalServer, Served};

#[path = "../bounded_checker.rs"]
pub mod starter;

#[path = "../../solutions/bounded_checker.rs"]
pub mod solution;

/// An uptime checker with a bound on the checks in flight, as every version of the exercise
/// offers it.
pub trait UptimeChecker {
    /// Checks every site of `sites` with a `HEAD` request, with at most `limit` requests in
    /// flight at once (and `limit` while that many sites are left), and returns one verdict per
    /// site, in the order of `sites`: `true` for down, when the site answers with a status of 400
    /// or more, or does not answer within `timeout`.
    fn check_all(sites: &[String], limit: usize, timeout: Duration) -> Vec<bool>;
}

/// The timeout in `right_verdicts`: more than six times the slowest page that answers in time
/// (40 ms), so that a loaded machine does not turn such a page into a timeout.
pub const VERDICT_TIMEOUT: Duration = Duration::from_millis(250);

/// The timeout in `hangs_cost_the_timeout`, where only sites that never answer are judged.
pub const HANG_TIMEOUT: Duration = Duration::from_millis(150);

/// The timeout where every site answers (the limit and the method checks): never reached, even
/// by a checker that keeps too few requests in flight and so makes its first request wait out
/// the server's gathering (1 s). Were that request to time out, the server would drop it before
/// it counts as gathered, and the next would wait as long again.
const AMPLE: Duration = Duration::from_millis(1500);

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Checker>(),
        Code::Solution => runs::<solution::Checker>(),
    }
}

/// The checks' functions for any checker (the tests also grade broken ones).
pub fn runs<C: UptimeChecker>() -> Runs {
    exercise_kit::runs![
        right_verdicts::<C>,
        at_most_limit_in_flight::<C>,
        one_head_per_site::<C>,
        hangs_cost_the_timeout::<C>
    ]
}

/// The sites of one run, on one server.
struct Sites {
    server: LocalServer,
    urls: Vec<String>,
}

impl Sites {
    fn start() -> Result<Sites, String> {
        let server = LocalServer::start(Duration::from_millis(10))
            .map_err(|error| format!("could not start the local server: {error}"))?;
        Ok(Sites {
            server,
            urls: Vec::new(),
        })
    }

    /// Adds a site at `path` (with or without a query): every site gets a query parameter of
    /// its own, so that the server's log tells each one apart, the hanging ones too.
    fn add(&mut self, path: &str) {
        let separator = if path.contains('?') { '&' } else { '?' };
        let site = self.urls.len();
        self.urls
            .push(self.server.url(&format!("{path}{separator}site={site}")));
    }

    /// The path and query of site `n`, as the server logs it.
    fn path(&self, n: usize) -> &str {
        let origin = self.server.url("");
        &self.urls[n][origin.len()..]
    }

    /// Shuffles the sites, by `seed`, so that no place holds the same kind of site every time.
    fn shuffle(&mut self, seed: u64) {
        for place in (1..self.urls.len()).rev() {
            let other = seeded::below(seed, place as u64, place as u64 + 1) as usize;
            self.urls.swap(place, other);
        }
    }
}

/// What one run of `check_all` came to.
struct Run {
    verdicts: Vec<bool>,
    /// The server's log entry of each site, in the order of the sites.
    served: Vec<Served>,
    log: Vec<Served>,
}

/// Runs the checker on `sites`, and checks with the server's log that every site was asked
/// exactly once.
fn check<C: UptimeChecker>(sites: &Sites, limit: usize, timeout: Duration) -> Result<Run, String> {
    let verdicts = C::check_all(&sites.urls, limit, timeout);
    let count = sites.urls.len();
    if verdicts.len() != count {
        return Err(format!(
            "check_all gave {} verdicts for {count} sites: one per site, in their order",
            verdicts.len()
        ));
    }
    let log = sites.server.log();
    let mut served = Vec::with_capacity(count);
    for (n, url) in sites.urls.iter().enumerate() {
        let asked: Vec<&Served> = log.iter().filter(|s| s.path == sites.path(n)).collect();
        match asked[..] {
            [one] => served.push(one.clone()),
            [] => {
                return Err(format!(
                    "{url} was never asked: the server received no request for it. Ask every \
                     site itself; its address does not say whether it is up"
                ));
            }
            _ => {
                return Err(format!(
                    "{url} was asked {} times: ask every site exactly once",
                    asked.len()
                ));
            }
        }
    }
    Ok(Run {
        verdicts,
        served,
        log,
    })
}

/// What the server did with a request, in words.
fn what_it_did(served: &Served, timeout: Duration) -> String {
    match (served.status, served.took) {
        (Some(status), Some(took)) if took >= timeout => format!(
            "answered {} {status} only after {took:.0?}, past the timeout of {timeout:?}",
            served.method
        ),
        (Some(status), Some(took)) => {
            format!("answered {} {status} after {took:.0?}", served.method)
        }
        _ => format!(
            "never answered the {} within the timeout of {timeout:?}",
            served.method
        ),
    }
}

fn up_or_down(down: bool) -> &'static str {
    if down { "down" } else { "up" }
}

/// Compares each verdict with the server's own, for the sites that `judged` selects.
fn compare(
    sites: &Sites,
    run: &Run,
    timeout: Duration,
    judged: impl Fn(&Served) -> bool,
) -> Result<(), String> {
    for (n, (served, &said)) in run.served.iter().zip(&run.verdicts).enumerate() {
        let down = served.failed_for(timeout);
        if judged(served) && said != down {
            return Err(format!(
                "site {n}, {}: the server {}, so it is {}, but check_all said {}. A site is down \
                 when it answers with a status of 400 or more, or not within the timeout",
                sites.urls[n],
                what_it_did(served, timeout),
                up_or_down(down),
                up_or_down(said)
            ));
        }
    }
    Ok(())
}

fn right_verdicts<C: UptimeChecker>() -> Result<(), String> {
    let timeout = VERDICT_TIMEOUT;
    for (round, limit) in [3, 2].into_iter().enumerate() {
        let seed = 0x5EED + round as u64;
        let pick = |n: u64, from: &[u16]| from[seeded::below(seed, n, from.len() as u64) as usize];
        let latency = |n: u64| 5 + seeded::below(seed, 100 + n, 36);
        let pages = seeded::distinct(seed, 6, 1000);
        let mut sites = Sites::start()?;
        for (n, page) in pages[..4].iter().enumerate() {
            sites.add(&format!("/page/{page}?latency_ms={}", latency(n as u64)));
        }
        sites.add(&format!(
            "/status/{}?latency_ms={}",
            pick(1, &[200, 203, 204, 299]),
            latency(4)
        ));
        sites.add(&format!("/status/{}", pick(2, &[400, 403, 404, 410, 429])));
        sites.add(&format!("/status/{}", pick(3, &[500, 502, 503])));
        sites.add("/get-only");
        sites.add(&format!("/pages/{}", pages[4]));
        let too_slow = timeout.as_millis() + 300;
        sites.add(&format!("/page/{}?latency_ms={too_slow}", pages[5]));
        sites.add("/hang");
        sites.shuffle(seed);
        let run = check::<C>(&sites, limit, timeout)?;
        compare(&sites, &run, timeout, |_| true)?;
    }
    Ok(())
}

fn at_most_limit_in_flight<C: UptimeChecker>() -> Result<(), String> {
    // Two limits, so that a number written into the solution fails one of them. The first
    // `limit` requests wait at the server until `limit` are in flight, then hold on a while: a
    // checker that keeps `limit` in flight reaches that peak on every run, one that keeps more
    // is seen holding more, and one that keeps fewer waits out the server's patience, once.
    for (round, limit) in [4, 3].into_iter().enumerate() {
        let seed = 0x1A1 + round as u64;
        let mut sites = Sites::start()?;
        for (n, page) in seeded::distinct(seed, 12, 1000).into_iter().enumerate() {
            if n < limit {
                sites.add(&format!("/page/{page}?gather_at={limit}&latency_ms=60"));
            } else {
                let latency = 5 + seeded::below(seed, n as u64, 11);
                sites.add(&format!("/page/{page}?latency_ms={latency}"));
            }
        }
        let run = check::<C>(&sites, limit, AMPLE)?;
        compare(&sites, &run, AMPLE, |_| true)?;
        let peak = sites.server.stats().peak_in_flight;
        judge_peak(peak, limit, "12 sites", "the sites were checked")?;
    }
    Ok(())
}

fn one_head_per_site<C: UptimeChecker>() -> Result<(), String> {
    let seed = 0x4EAD;
    let mut sites = Sites::start()?;
    for page in seeded::distinct(seed, 5, 1000) {
        sites.add(&format!("/page/{page}"));
    }
    sites.add("/get-only");
    sites.add("/status/404");
    sites.shuffle(seed);
    let run = check::<C>(&sites, 3, AMPLE)?;
    let count = sites.urls.len();
    let heads = sites.server.stats().heads;
    if run.log.len() != count || heads != count {
        let others: Vec<&str> = (run.log.iter())
            .filter(|served| served.method != "HEAD")
            .map(|served| served.method.as_str())
            .collect();
        return Err(format!(
            "the server received {} requests for {count} sites, {heads} of them HEAD requests \
             (the others: {others:?}): ask each site once, with HEAD, which asks for the status \
             without the page",
            run.log.len()
        ));
    }
    compare(&sites, &run, AMPLE, |_| true)
}

fn hangs_cost_the_timeout<C: UptimeChecker>() -> Result<(), String> {
    let (timeout, limit, hangs) = (HANG_TIMEOUT, 3, 6);
    let seed = 0x4A96;
    let mut sites = Sites::start()?;
    for _ in 0..hangs {
        sites.add("/hang");
    }
    for page in seeded::distinct(seed, 3, 1000) {
        sites.add(&format!("/page/{page}?latency_ms=5"));
    }
    sites.shuffle(seed);
    // The check's time limit stops a checker that waits for a hanging site longer than the
    // timeout: 6 hanging sites, 3 at a time, cost it about twice the timeout.
    let run = check::<C>(&sites, limit, timeout)?;
    // Only the hanging sites are judged: on a loaded machine a page may miss so short a timeout.
    compare(&sites, &run, timeout, |served| {
        served.path.starts_with("/hang")
    })
}
