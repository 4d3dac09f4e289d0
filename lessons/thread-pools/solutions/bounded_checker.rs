//! Reference solution of the exercise "bounded_checker".
//!
//! `limit` workers, and no more, take the sites from one queue: the number of threads is the
//! bound on requests in flight, since each thread has one request out at a time. Each site
//! travels with its index, and its verdict is put back at that index.

use std::thread;
use std::time::Duration;

use crossbeam_channel::unbounded;

use crate::bounded_checker::UptimeChecker;

pub struct Checker;

impl UptimeChecker for Checker {
    fn check_all(sites: &[String], limit: usize, timeout: Duration) -> Vec<bool> {
        let agent = agent(timeout);
        let (sender, receiver) = unbounded();
        for numbered in sites.iter().enumerate() {
            sender.send(numbered).expect("the receiver is still here");
        }
        // Without a sender left, the workers stop once the queue is empty.
        drop(sender);
        let mut down = vec![false; sites.len()];
        thread::scope(|scope| {
            let running: Vec<_> = (0..limit)
                .map(|_| {
                    let (receiver, agent) = (receiver.clone(), &agent);
                    scope.spawn(move || {
                        let verdicts = receiver
                            .iter()
                            .map(|(index, site)| (index, is_down(agent, site)));
                        verdicts.collect::<Vec<_>>()
                    })
                })
                .collect();
            for worker in running {
                for (index, verdict) in worker.join().expect("checking a site does not panic") {
                    down[index] = verdict;
                }
            }
        });
        down
    }
}

/// An HTTP client that gives up on a request after `timeout`, returns every status as an answer
/// (not as an error), and ignores the proxy settings of the environment.
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
        Err(_) => true,
    }
}
