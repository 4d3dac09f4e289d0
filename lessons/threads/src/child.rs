//! What a child process does. The lessons start copies of themselves (`lesson_kit::process`),
//! and the tests start the crate's `threads-child` program; both end up here, so the child that
//! a test checks is the very code the lesson runs.
//!
//! Roles:
//! - `detached` and `joined`: a greeter thread that main leaves behind, or joins (`detached_thread`).
//! - `sleep` and `crunch`: one job of the notes' comparison, told when to start (`processes`).

use std::io::{self, BufRead, Write};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::work;

/// How many greetings the greeter of `detached_thread` would say.
pub const GREETINGS: u32 = 10;

/// The detached greeter waits the notes' full second between greetings, so it could not finish
/// before main returns even on a machine that stalls the lesson for seconds.
pub const DETACHED_INTERVAL: Duration = Duration::from_secs(1);

/// The joined greeter waits 20 ms instead, only to keep the lesson short: `join` would wait
/// for a second per greeting just the same.
pub const JOINED_INTERVAL: Duration = Duration::from_millis(20);

/// The greeter's last line: a child whose output lacks it was ended before the greeter finished.
pub const FINISHED: &str = "greeter: finished all its greetings";

/// Plays `role` with the child's own arguments, and returns: the caller's `main` then returns too,
/// which is the whole point of the `detached` role.
pub fn run(role: &str, args: &[String]) {
    match role {
        "detached" => detached(),
        "joined" => joined(),
        "sleep" | "crunch" => job(role, args),
        other => {
            eprintln!("threads child: unknown role {other:?}");
            std::process::exit(2);
        }
    }
}

/// The notes' greeter: "1 - Hello Mohammad", then a pause, `count` times. Tells `first` once
/// the first greeting is out.
fn greeter(name: &str, count: u32, interval: Duration, first: mpsc::Sender<()>) -> u32 {
    for i in 1..=count {
        println!("{i} - Hello {name}");
        if i == 1 {
            // Main may be gone already; then there is nobody to tell.
            let _ = first.send(());
        }
        thread::sleep(interval);
    }
    println!("{FINISHED}");
    count
}

fn start_greeter(interval: Duration) -> (thread::JoinHandle<u32>, mpsc::Receiver<()>) {
    let (first, first_said) = mpsc::channel();
    let handle = thread::Builder::new()
        .name("greeter".into())
        .spawn(move || greeter("Mohammad", GREETINGS, interval, first))
        .expect("the OS refused to start a thread");
    (handle, first_said)
}

// ANCHOR: detached
fn detached() {
    let (_never_joined, first_said) = start_greeter(DETACHED_INTERVAL);
    // Wait for the first greeting, so that the greeter is surely running when main returns.
    first_said.recv().expect("the greeter said nothing");
    println!("main: Task Done! main returns now, and nobody joins the greeter");
    // Returning from main ends the process, and every thread in it, greeter included.
}
// ANCHOR_END: detached

// ANCHOR: joined
fn joined() {
    let (greeter, first_said) = start_greeter(JOINED_INTERVAL);
    first_said.recv().expect("the greeter said nothing");
    println!("main: Task Done! main now waits in join()");
    let greetings = greeter.join().expect("the greeter panicked");
    println!("main: the greeter said {greetings} greetings; main returns now");
}
// ANCHOR_END: joined

/// Nanoseconds since the UNIX epoch: the only clock two processes share.
pub fn nanos(moment: SystemTime) -> u128 {
    moment
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// One job in its own process: `--name process-N` and `--unit-ms N` (sleep) or `--count N`
/// (crunch). Says `ready <nanos>`, waits for a line on stdin, does the job, and reports
/// `done <start nanos> <end nanos> <result>`. If stdin closes first, the parent is gone: stop.
fn job(role: &str, args: &[String]) {
    let value = |flag: &str| -> u64 {
        args.iter()
            .position(|arg| arg == flag)
            .and_then(|at| args.get(at + 1))
            .and_then(|text| text.parse().ok())
            .unwrap_or_else(|| panic!("the child needs {flag} <number>, got {args:?}"))
    };
    let name = args
        .iter()
        .position(|arg| arg == "--name")
        .and_then(|at| args.get(at + 1))
        .map_or("process-?", String::as_str);
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "ready {}", nanos(SystemTime::now()));
    let _ = stdout.flush();
    let mut go = String::new();
    if io::stdin().lock().read_line(&mut go).unwrap_or(0) == 0 {
        return;
    }
    let _ = writeln!(stdout, "{}", work::who_line(name));
    let start = SystemTime::now();
    let result = if role == "sleep" {
        work::only_sleep(Duration::from_millis(value("--unit-ms")));
        0
    } else {
        work::crunch_numbers(value("--count"))
    };
    let end = SystemTime::now();
    let _ = writeln!(stdout, "done {} {} {result}", nanos(start), nanos(end));
    let _ = stdout.flush();
}
