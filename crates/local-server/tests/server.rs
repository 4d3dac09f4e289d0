//! The local server, tested from outside through a real blocking HTTP client: what each path
//! answers, after how long, what it counts, and that it frees its port when stopped.

use std::io::ErrorKind;
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use local_server::{GATHER_PATIENCE, LocalServer, Stats, page_body};

/// Every request of these tests gives up after this long; only `/hang` ever needs it.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);

fn client(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        // The tests read the status of failing pages themselves.
        .http_status_as_error(false)
        .build()
        .into()
}

/// Status and body of `url`.
fn get(agent: &ureq::Agent, url: &str) -> Result<(u16, String), ureq::Error> {
    let mut response = agent.get(url).call()?;
    let status = response.status().as_u16();
    Ok((status, response.body_mut().read_to_string()?))
}

#[test]
fn it_listens_on_loopback_only_on_a_port_of_its_own() {
    let first = LocalServer::start(Duration::ZERO).unwrap();
    let second = LocalServer::start(Duration::ZERO).unwrap();
    for server in [&first, &second] {
        assert!(server.address().ip().is_loopback(), "{}", server.address());
        assert_ne!(server.address().port(), 0);
    }
    assert_ne!(first.address().port(), second.address().port());
    assert_eq!(
        first.url("/x"),
        format!("http://127.0.0.1:{}/x", first.address().port())
    );
}

#[test]
fn pages_answer_their_body_after_the_latency() {
    let latency = Duration::from_millis(60);
    let server = LocalServer::start(latency).unwrap();
    let agent = client(CLIENT_TIMEOUT);
    for n in [0, 7, 159] {
        let asked = Instant::now();
        let (status, body) = get(&agent, &server.page_url(n)).unwrap();
        let waited = asked.elapsed();
        assert_eq!(status, 200);
        assert_eq!(body, page_body(n));
        // A sleep never ends early, so neither can the answer; no upper bound, the machine may
        // be busy.
        assert!(waited >= latency, "page {n} answered after {waited:?}");
    }
    assert!(page_body(7).contains("Page 7") && page_body(7) != page_body(8));
}

#[test]
fn a_request_can_ask_for_its_own_latency() {
    let server = LocalServer::start(Duration::from_secs(60)).unwrap();
    let agent = client(CLIENT_TIMEOUT);
    let (status, body) = get(&agent, &server.url("/page/3?latency_ms=0")).unwrap();
    assert_eq!((status, body), (200, page_body(3)));
    let asked = Instant::now();
    get(&agent, &server.url("/page/3?latency_ms=80")).unwrap();
    assert!(asked.elapsed() >= Duration::from_millis(80));
}

#[test]
fn failing_pages_answer_their_status_and_unknown_paths_404() {
    let server = LocalServer::start(Duration::ZERO).unwrap();
    let agent = client(CLIENT_TIMEOUT);
    assert_eq!(get(&agent, &server.status_url(500)).unwrap().0, 500);
    assert_eq!(get(&agent, &server.status_url(404)).unwrap().0, 404);
    assert_eq!(get(&agent, &server.status_url(200)).unwrap().0, 200);
    for unknown in ["/", "/nothing", "/page/x", "/status/1000"] {
        assert_eq!(
            get(&agent, &server.url(unknown)).unwrap().0,
            404,
            "{unknown}"
        );
    }
    let stats = server.stats();
    assert_eq!(
        (stats.requests, stats.answered, stats.failed),
        (7, 7, 6),
        "{stats:?}"
    );
}

#[test]
fn the_hanging_page_never_answers_and_stays_in_flight() {
    let server = LocalServer::start(Duration::ZERO).unwrap();
    let patience = Duration::from_millis(300);
    let asked = Instant::now();
    let error = get(&client(patience), &server.hang_url()).unwrap_err();
    assert!(matches!(error, ureq::Error::Timeout(_)), "{error:?}");
    assert!(asked.elapsed() >= patience);
    let stats = server.stats();
    assert_eq!((stats.requests, stats.answered), (1, 0), "{stats:?}");
    // Stopping the server does not wait for the hanging request.
    let stopping = Instant::now();
    server.stop();
    assert!(
        stopping.elapsed() < Duration::from_secs(5),
        "{:?}",
        stopping.elapsed()
    );
}

#[test]
fn it_counts_the_requests_it_answers_at_the_same_time() {
    let server = LocalServer::start(Duration::from_millis(300)).unwrap();
    // 8 clients asking at once: all 8 are in flight together, since each waits 300 ms on the
    // server and a barrier sends them off together.
    let start = std::sync::Barrier::new(8);
    thread::scope(|scope| {
        for n in 0..8 {
            let (server, start) = (&server, &start);
            scope.spawn(move || {
                let agent = client(CLIENT_TIMEOUT);
                start.wait();
                assert_eq!(get(&agent, &server.page_url(n)).unwrap().1, page_body(n));
            });
        }
    });
    let stats = server.stats();
    assert_eq!(stats.requests, 8, "{stats:?}");
    assert_eq!(stats.connections, 8, "{stats:?}");
    assert_eq!(stats.in_flight, 0, "{stats:?}");
    assert!(
        stats.peak_in_flight >= 2 && stats.peak_in_flight <= 8,
        "{stats:?}"
    );

    // One client asking 5 times in a row: one request at a time, over one kept-alive connection.
    server.reset_stats();
    assert_eq!(server.stats(), Stats::default());
    let agent = client(CLIENT_TIMEOUT);
    for n in 0..5 {
        get(&agent, &server.url(&format!("/page/{n}?latency_ms=1"))).unwrap();
    }
    let stats = server.stats();
    assert_eq!(
        (stats.requests, stats.peak_in_flight, stats.connections),
        (5, 1, 1),
        "{stats:?}"
    );
}

#[test]
fn gathered_requests_wait_for_each_other_so_the_peak_reaches_what_the_client_keeps_in_flight() {
    // 4 clients that start a second apart from each other at worst: the server still holds the
    // first until the fourth arrives, so the peak is 4 however the threads are scheduled.
    let server = LocalServer::start(Duration::ZERO).unwrap();
    let started = Instant::now();
    thread::scope(|scope| {
        for n in 0..4 {
            let server = &server;
            scope.spawn(move || {
                thread::sleep(Duration::from_millis(100 * n as u64));
                let agent = client(CLIENT_TIMEOUT);
                let url = server.url(&format!("/page/{n}?gather_at=4"));
                assert_eq!(get(&agent, &url).unwrap().1, page_body(n));
            });
        }
    });
    assert_eq!(server.stats().peak_in_flight, 4, "{:?}", server.stats());
    assert!(started.elapsed() >= Duration::from_millis(300));
    // Once gathered, a request does not wait again.
    let agent = client(CLIENT_TIMEOUT);
    let alone = Instant::now();
    get(&agent, &server.url("/page/9?gather_at=4")).unwrap();
    assert!(alone.elapsed() < GATHER_PATIENCE, "{:?}", alone.elapsed());

    // Too few ever in flight: each waits out the patience once, then all go on.
    server.reset_stats();
    let waited = Instant::now();
    thread::scope(|scope| {
        for n in 0..3 {
            let server = &server;
            scope.spawn(move || {
                let agent = client(CLIENT_TIMEOUT);
                get(&agent, &server.url(&format!("/page/{n}?gather_at=4"))).unwrap();
            });
        }
    });
    assert!(
        waited.elapsed() >= GATHER_PATIENCE,
        "{:?}",
        waited.elapsed()
    );
    assert!(server.stats().peak_in_flight <= 3, "{:?}", server.stats());
}

#[test]
fn a_stopped_server_frees_its_port() {
    let server = LocalServer::start(Duration::ZERO).unwrap();
    let address = server.address();
    TcpStream::connect_timeout(&address, CLIENT_TIMEOUT).expect("the server accepts connections");
    server.stop();
    let refused = TcpStream::connect_timeout(&address, CLIENT_TIMEOUT).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::ConnectionRefused, "{refused:?}");
}

#[test]
fn dropping_the_server_stops_it_too() {
    let address = {
        let server = LocalServer::start(Duration::ZERO).unwrap();
        server.address()
    };
    let refused = TcpStream::connect_timeout(&address, CLIENT_TIMEOUT).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::ConnectionRefused, "{refused:?}");
}

#[test]
fn a_head_request_gets_the_status_and_no_body_and_is_counted() {
    let server = LocalServer::start(Duration::from_millis(5)).unwrap();
    let agent = client(CLIENT_TIMEOUT);
    let mut head = agent.head(&server.page_url(2)).call().unwrap();
    assert_eq!(head.status().as_u16(), 200);
    assert_eq!(head.body_mut().read_to_string().unwrap(), "");
    let refused = agent.head(&server.status_url(500)).call().unwrap();
    assert_eq!(refused.status().as_u16(), 500);
    assert_eq!(get(&agent, &server.page_url(2)).unwrap().0, 200);
    let stats = server.stats();
    assert_eq!((stats.requests, stats.heads), (3, 2), "{stats:?}");
}

#[test]
fn the_get_only_page_answers_a_get_and_refuses_a_head() {
    let server = LocalServer::start(Duration::ZERO).unwrap();
    let agent = client(CLIENT_TIMEOUT);
    let (status, body) = get(&agent, &server.get_only_url()).unwrap();
    assert_eq!((status, body), (200, page_body(0)));
    let head = agent.head(&server.get_only_url()).call().unwrap();
    assert_eq!(head.status().as_u16(), 405);
    assert_eq!(
        head.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET")
    );
}

#[test]
fn the_log_names_each_request_and_what_it_was_answered_or_that_it_never_was() {
    let server = LocalServer::start(Duration::from_millis(10)).unwrap();
    let agent = client(Duration::from_millis(300));
    let slow = server.url("/page/1?latency_ms=120");
    get(&agent, &slow).unwrap();
    agent.head(&server.status_url(404)).call().unwrap();
    get(&agent, &server.hang_url()).unwrap_err();
    let log = server.log();
    let seen: Vec<(&str, &str, Option<u16>)> = log
        .iter()
        .map(|served| (served.method.as_str(), served.path.as_str(), served.status))
        .collect();
    assert_eq!(
        seen,
        [
            ("GET", "/page/1?latency_ms=120", Some(200)),
            ("HEAD", "/status/404", Some(404)),
            ("GET", "/hang", None),
        ]
    );
    let slow_took = log[0].took.unwrap();
    assert!(slow_took >= Duration::from_millis(120), "{slow_took:?}");
    // The server's own verdict, for a client that waits 100 ms: all three failed it; with 2 s
    // of patience the slow page did not.
    let short = Duration::from_millis(100);
    assert!(log.iter().all(|served| served.failed_for(short)), "{log:?}");
    assert!(!log[0].failed_for(Duration::from_secs(2)));
    server.reset_stats();
    assert!(server.log().is_empty());
}
