//! One style's run of the uptime checker, measured: what it found, how long it took, and what
//! the server saw meanwhile.

use std::sync::Arc;
use std::time::{Duration, Instant};

use lesson_kit::timeline::Run;
use lesson_kit::{Figure, Timeline, seconds};
use local_server::{LocalServer, Stats};

use super::{Verdict, down, server_verdicts};
use crate::sites::{ROOMY_TIMEOUT, Site, notes_sites};

/// One style's run: what it found, how long it took, and what the server saw.
pub struct Measured {
    pub verdicts: Vec<Verdict>,
    pub wall: Duration,
    pub stats: Stats,
    /// The server's own verdict on each site ([`server_verdicts`]).
    pub server_says: Vec<Option<bool>>,
    /// `http://127.0.0.1:<port>`: sites elsewhere are not the server's to judge.
    pub server_base: String,
    pub run: Run,
}

/// Runs one style, whose checks wait `timeout`, against a freshly counted server, and prints a
/// line about it.
pub fn measure(
    title: &str,
    server: &LocalServer,
    sites: &[Site],
    timeout: Duration,
    style: impl FnOnce(&Arc<Timeline>) -> Vec<Verdict>,
) -> Measured {
    server.reset_stats();
    let timeline = Arc::new(Timeline::new());
    let started = Instant::now();
    let verdicts = style(&timeline);
    let wall = started.elapsed();
    let (stats, log) = (server.stats(), server.log());
    println!(
        "{title:>14}: {} in {}, {} down, at most {} checks in flight",
        sites.len(),
        seconds(wall),
        down(sites, &verdicts).len(),
        stats.peak_in_flight
    );
    Measured {
        server_says: server_verdicts(sites, &log, timeout),
        server_base: server.url("/"),
        verdicts,
        wall,
        stats,
        run: timeline.finish(title),
    }
}

impl Measured {
    /// Where this run and the server's own log disagree: one line per site of the server that
    /// the run judged otherwise than the server, or that the server was never asked for.
    pub fn disagreements(&self, sites: &[Site]) -> Vec<String> {
        sites
            .iter()
            .zip(&self.verdicts)
            .zip(&self.server_says)
            .filter(|((site, _), _)| site.url.starts_with(&self.server_base))
            .filter(|((_, verdict), server)| **server != Some(verdict.is_down()))
            .map(|((site, verdict), server)| match server {
                None => format!("{} was never asked for", site.name),
                Some(_) => format!(
                    "{} is {verdict} by the checker; the server's log disagrees",
                    site.name
                ),
            })
            .collect()
    }
}

impl Measured {
    /// Prints this run's figure beside the notes' and the `ideal` time (if the sites have one)
    /// and peak.
    pub fn figure(&self, what: &str, notes: &str, ideal: Option<Duration>, peak: usize) {
        let ideal = ideal.map_or("(your list: no ideal)".to_owned(), |ideal| {
            format!("{} (the checks shared out evenly)", seconds(ideal))
        });
        let (wall, this_peak) = (seconds(self.wall), self.stats.peak_in_flight);
        Figure::new(format!("{what}: wall time; checks in flight at once"))
            .notes(notes)
            .this_run(format!("{wall}; peak {this_peak}"))
            .ideal(format!("{ideal}; peak {peak}"))
            .print();
    }
}

/// Runs `style` on the notes' 33 sites, played by a server of its own.
pub fn on_notes_sites(
    style: impl FnOnce(&[Site], Duration, &Arc<Timeline>) -> Vec<Verdict>,
) -> Measured {
    let server = LocalServer::start(Duration::ZERO).expect("loopback is always there");
    let sites = notes_sites(&server, ROOMY_TIMEOUT);
    let measured = measure("test", &server, &sites, ROOMY_TIMEOUT, |timeline| {
        style(&sites, ROOMY_TIMEOUT, timeline)
    });
    let disagreements = measured.disagreements(&sites);
    assert!(disagreements.is_empty(), "{disagreements:?}");
    assert_eq!(
        down(&sites, &measured.verdicts).len(),
        6,
        "the notes' list has 6 sites down"
    );
    measured
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sites::{Behaviour, NOTES_SITES, ideal};
    use crate::uptime::{async_tasks, pool_of_futures, serial, threads_and_queue};

    #[test]
    fn serially_one_check_at_a_time_finds_the_sites_the_server_failed() {
        // The sites that answer: through the two that hang and the one too slow, a serial run
        // would wait three timeouts (the concurrent styles below check those).
        let server = LocalServer::start(Duration::ZERO).unwrap();
        let answering: Vec<(Site, Behaviour)> = notes_sites(&server, ROOMY_TIMEOUT)
            .into_iter()
            .zip(NOTES_SITES.map(|(_, behaviour)| behaviour))
            .filter(|(_, behaviour)| !matches!(behaviour, Behaviour::Hangs | Behaviour::TooSlow))
            .collect();
        let sites: Vec<Site> = answering.iter().map(|(site, _)| site.clone()).collect();
        let run = measure("serial", &server, &sites, ROOMY_TIMEOUT, |t| {
            serial(&sites, ROOMY_TIMEOUT, t)
        });
        assert!(run.disagreements(&sites).is_empty());
        let found = down(&sites, &run.verdicts);
        assert_eq!(found, ["internet.org", "heroku.com", "bing.com"]);
        assert_eq!((run.stats.peak_in_flight, run.stats.heads), (1, 30));
        let least: Duration = answering.iter().map(|(_, b)| b.cost(ROOMY_TIMEOUT)).sum();
        assert!(run.wall >= least, "{:?} < {least:?}", run.wall);
    }

    #[test]
    fn every_concurrent_style_agrees_with_the_server_and_keeps_its_bound() {
        // Side by side: each run has a server of its own.
        let runs = std::thread::scope(|scope| {
            let runs = [
                scope.spawn(|| on_notes_sites(|s, timeout, t| threads_and_queue(s, 4, timeout, t))),
                scope.spawn(|| on_notes_sites(|s, timeout, t| pool_of_futures(s, 3, timeout, t))),
                scope.spawn(|| on_notes_sites(|s, timeout, t| async_tasks(s, 5, timeout, t))),
            ];
            runs.map(|run| run.join().expect("a run panicked"))
        });
        for (run, bound) in runs.iter().zip([4, 3, 5]) {
            assert!(run.stats.peak_in_flight <= bound, "{:?}", run.stats);
            assert!(run.wall >= ideal(bound, ROOMY_TIMEOUT), "{:?}", run.wall);
            assert_eq!((run.stats.requests, run.stats.heads), (33, 33));
        }
    }

    #[test]
    fn the_threads_really_keep_four_checks_in_flight() {
        // Each site asks the server to hold it until 4 are in flight (for a second at most):
        // the peak reaches 4 only if 4 checks really are under way at once.
        let server = LocalServer::start(Duration::ZERO).unwrap();
        let sites: Vec<Site> = (0..8)
            .map(|n| Site {
                name: format!("site {n}"),
                url: server.url(&format!("/page/{n}?gather_at=4&latency_ms=5")),
            })
            .collect();
        let run = measure("gathered", &server, &sites, Duration::from_secs(5), |t| {
            threads_and_queue(&sites, 4, Duration::from_secs(5), t)
        });
        assert_eq!(run.stats.peak_in_flight, 4);
        assert!(run.verdicts.iter().all(|verdict| *verdict == Verdict::Up));
        assert!(run.disagreements(&sites).is_empty());
    }

    #[test]
    fn a_run_that_judges_a_site_otherwise_than_the_server_is_named() {
        let server = LocalServer::start(Duration::ZERO).unwrap();
        let sites: Vec<Site> = ["/page/1", "/status/500", "/page/2", "http://elsewhere/"]
            .iter()
            .map(|path| Site {
                name: path.to_string(),
                url: if path.starts_with('/') {
                    server.url(path)
                } else {
                    path.to_string()
                },
            })
            .collect();
        let run = measure("wrong", &server, &sites[..2], ROOMY_TIMEOUT, |t| {
            serial(&sites[..2], ROOMY_TIMEOUT, t)
        });
        let mut wrong = run;
        wrong.verdicts[1] = Verdict::Up;
        wrong.verdicts.extend([Verdict::Up, Verdict::Up]);
        wrong.server_says.extend([None, None]);
        assert_eq!(
            wrong.disagreements(&sites),
            [
                "/status/500 is up by the checker; the server's log disagrees",
                "/page/2 was never asked for"
            ]
        );
    }
}
