//! What a child process does. The lessons start copies of themselves, and the tests start the
//! crate's `threads-child` program; both play these roles (`lesson_kit::process`), so the child
//! that a test checks is the very code the lesson runs.
//!
//! Roles:
//! - `detached` and `joined`: a greeter thread that main leaves behind, or joins (`detached_thread`).
//! - `only_sleep` and `crunch_numbers`: one job of the notes' comparison, begun when the parent
//!   says go ([`processes`](crate::processes)).

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use lesson_kit::process::{self, Args, Role};
use lesson_kit::work::crunch_numbers;

use crate::work;

/// Every role, for `lesson_kit::process::serve` and `play_if_child`.
pub const ROLES: &[Role] = &[
    ("detached", |_| {
        detached();
        Ok(())
    }),
    ("joined", |_| {
        joined();
        Ok(())
    }),
    (SLEEP, sleep_job),
    (CRUNCH, crunch_job),
];

/// The role, and the label of its span on the timeline, of a child that sleeps `--unit-ms`.
pub const SLEEP: &str = "only_sleep";
/// The role, and the label of its span on the timeline, of a child that counts to `--count`.
pub const CRUNCH: &str = "crunch_numbers";

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

fn sleep_job(args: &Args) -> Result<(), String> {
    let unit = Duration::from_millis(args.get("--unit-ms")?);
    job(args, SLEEP, || {
        work::only_sleep(unit);
        0
    })
}

fn crunch_job(args: &Args) -> Result<(), String> {
    let count: u64 = args.get("--count")?;
    job(args, CRUNCH, || crunch_numbers(count))
}

/// One job in its own process, called `--name`: waits for the parent's go, says who it is
/// (like the notes' jobs), does the job as the span `label`, and says `result <n>`.
fn job(args: &Args, label: &str, work: impl FnOnce() -> u64) -> Result<(), String> {
    let name: String = args.get("--name")?;
    if process::ready_for_go() {
        process::say(work::who_line(&name));
        let result = process::timed(label, work);
        process::say(format!("result {result}"));
    }
    Ok(())
}
