//! The child program of lesson-kit's own tests (`tests/process.rs`): each role is one way a child
//! can behave, well or badly, for the parent's side to cope with.

use std::io::Write;
use std::thread;
use std::time::Duration;

use lesson_kit::process::{self, Args, Role};

const ROLES: &[Role] = &[
    ("job", job),
    ("silent", silent),
    ("exit", exit),
    ("abort", |_| std::process::abort()),
    ("lines", lines),
    ("flood", flood),
    ("echo", echo),
    ("count-input", count_input),
];

fn main() {
    process::serve(ROLES)
}

fn millis(args: &Args, flag: &str, default: u64) -> Result<Duration, String> {
    args.get_or(flag, default).map(Duration::from_millis)
}

/// After `--ready-after-ms`, says ready; on `go`, sleeps `--ms` as the span `--label`.
fn job(args: &Args) -> Result<(), String> {
    let before_ready = millis(args, "--ready-after-ms", 0)?;
    let work = millis(args, "--ms", 0)?;
    let label: String = args.get_or("--label", "job".to_owned())?;
    thread::sleep(before_ready);
    if !process::ready_for_go() {
        process::say("no go");
        return Ok(());
    }
    process::timed(label, || thread::sleep(work));
    process::say("done");
    Ok(())
}

/// Says nothing for `--ms` (a minute by default).
fn silent(args: &Args) -> Result<(), String> {
    thread::sleep(millis(args, "--ms", 60_000)?);
    Ok(())
}

/// Says `--say` and writes `--stderr`, if given, then exits with `--code`.
fn exit(args: &Args) -> Result<(), String> {
    let code: i32 = args.get("--code")?;
    if let Some(line) = args.optional::<String>("--say")? {
        process::say(line);
    }
    if let Some(line) = args.optional::<String>("--stderr")? {
        eprintln!("{line}");
    }
    std::process::exit(code);
}

/// Says `line 0`, `line 1`, ... (`--count` lines), then waits `--ms`, then says `end`.
fn lines(args: &Args) -> Result<(), String> {
    let count: u32 = args.get("--count")?;
    let pause = millis(args, "--ms", 0)?;
    for i in 0..count {
        process::say(format!("line {i}"));
    }
    thread::sleep(pause);
    process::say("end");
    Ok(())
}

/// Writes `--bytes` bytes to stdout and to stderr, far more than a pipe holds, then `flooded`.
fn flood(args: &Args) -> Result<(), String> {
    let bytes: usize = args.get("--bytes")?;
    let line = "x".repeat(99);
    for _ in 0..bytes / 100 {
        eprintln!("{line}");
        println!("{line}");
    }
    let _ = std::io::stdout().flush();
    process::say("flooded");
    Ok(())
}

/// Says what it was given: `count=<--count> name=<--name> wait=<whether --wait>`.
fn echo(args: &Args) -> Result<(), String> {
    let count: i64 = args.get("--count")?;
    let name: String = args.get_or("--name", "-".to_owned())?;
    process::say(format!(
        "count={count} name={name} wait={}",
        args.has("--wait")
    ));
    Ok(())
}

/// Reads its standard input to the end and says how many bytes came.
fn count_input(_: &Args) -> Result<(), String> {
    let mut input = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut input).map_err(|e| e.to_string())?;
    process::say(format!("{} bytes", input.len()));
    Ok(())
}
