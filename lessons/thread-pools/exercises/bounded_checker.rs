//! Exercise "bounded_checker": an uptime checker with at most `limit` checks in flight.
//!
//! `check_all` asks every site of `sites` for its status with a `HEAD` request and returns one
//! verdict per site, in the order of `sites`: `true` when the site is down, because it answered
//! with a status of 400 or more, or did not answer within `timeout`. The checker below works,
//! but one site after another: a site that hangs holds up all the others. Make it check
//! `limit` sites at a time, never more, and always `limit` while that many are left. The grader
//! runs a real local server and grades by what the server saw: every verdict against its own
//! record of what it answered and when, each site asked once, with `HEAD`, and the most requests
//! it held at once.
//!
//! Grade it: `cargo grade --exercise bounded_checker`. Stuck? `cargo grade --hint bounded_checker`.

use std::time::Duration;

use crate::bounded_checker::UptimeChecker;

pub struct Checker;

impl UptimeChecker for Checker {
    fn check_all(sites: &[String], limit: usize, timeout: Duration) -> Vec<bool> {
        // TODO: `limit` threads that share the sites, each verdict put in its site's place.
        // This checks one site after another.
        let _ = limit;
        let agent = agent(timeout);
        sites.iter().map(|site| is_down(&agent, site)).collect()
    }
}

/// An HTTP client that gives up on a request after `timeout`, returns every status as an answer
/// (not as an error), and ignores the proxy settings of the environment. One agent may be shared
/// by many threads: it is a handle on one pool of connections.
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into()
}

/// Whether `site` is down: it answers a `HEAD` with a status of 400 or more, or not in time.
fn is_down(agent: &ureq::Agent, site: &str) -> bool {
    match agent.head(site).call() {
        Ok(answer) => answer.status().as_u16() >= 400,
        // No answer within the timeout, or no connection at all.
        Err(_) => true,
    }
}
