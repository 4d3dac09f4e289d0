//! Lesson: a guard kept alive across a slow wait blocks everyone else for as long as it waits.
//!
//! The lesson `forgotten_guard` forgets a guard on purpose, and the lock is never released. The
//! everyday form of that bug has no `forget` in it: a thread takes the lock, then waits for
//! something slow, such as a reply, while its guard is still alive. Every other thread that wants
//! the lock waits too. Here Reza holds his guard until a reply comes, Maryam waits for the lock
//! with a time limit (`parking_lot`'s `try_lock_for`), and gives up; once the reply comes, Reza's
//! guard is dropped and Zahra books at once.
//!
//! Run: `cargo run --example guard_across_wait` (add `-- --wait-ms 500` to wait longer).

use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use lesson_kit::Figure;
use lesson_kit::cli;
use locks_and_races::waiting::customer;
use parking_lot::Mutex;

const USAGE: &str = "\
A guard kept alive across a wait blocks everyone else (shown with a timed wait, so it never hangs).

usage: cargo run --example guard_across_wait -- [--wait-ms N]

  --wait-ms N  how long Maryam waits for the lock (default 200, from 1 to 10000)
  -h, --help   show this text
";

/// Only a bug in the lesson could make a wait this long; it fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(10);

/// Starts Reza's booking: he takes the lock and keeps his guard until `reply` says something or
/// hangs up. Returns once he holds the lock.
fn reza_waits_for_a_reply(seats: &Arc<Mutex<i64>>) -> (mpsc::Sender<()>, thread::JoinHandle<()>) {
    let (reply, reply_arrives) = mpsc::channel::<()>();
    let holding = Arc::new(Barrier::new(2));
    // ANCHOR: held_across_wait
    let reza = thread::spawn({
        let (seats, holding) = (Arc::clone(seats), Arc::clone(&holding));
        move || {
            let mut seats = seats.lock();
            holding.wait();
            // The guard lives to the end of this closure, so the lock stays taken for as long
            // as the reply takes: here, until main hangs up the channel.
            let _ = reply_arrives.recv_timeout(LIMIT);
            *seats -= 2;
        }
    });
    // ANCHOR_END: held_across_wait
    holding.wait();
    (reply, reza)
}

fn main() {
    let patience = Duration::from_millis(cli::only_number(USAGE, "wait-ms", 200, 1..=10_000));

    println!("Reza keeps his guard alive while he waits for a reply.");
    let seats = Arc::new(Mutex::new(2));
    let (reply, reza) = reza_waits_for_a_reply(&seats);
    let (maryam_booked, maryam_waited) = customer("Maryam", &seats, patience);
    println!("   Maryam waited {maryam_waited:.0?}, then gave up (booked: {maryam_booked})");
    drop(reply);
    reza.join().expect("Reza's booking panicked");
    let (zahra_booked, _) = customer("Zahra", &seats, LIMIT);
    println!(
        "   main hung up, Reza's wait ended, his guard was dropped: Zahra booked: {zahra_booked}"
    );

    Figure::new("how long a customer waits while the holder waits for a reply")
        .this_run(format!(
            "as long as the reply takes; Maryam gave up after {maryam_waited:.0?}"
        ))
        .ideal("no longer than the holder's booking takes")
        .print();

    assert!(
        !maryam_booked && maryam_waited >= patience,
        "expected Maryam to time out while Reza held the guard, but she booked: {maryam_booked} \
         after {maryam_waited:?}"
    );
    assert!(
        zahra_booked,
        "expected Zahra to book once Reza's guard was dropped"
    );
    let left = *seats.lock();
    assert_eq!(
        left, -2,
        "expected 2 seats less twice (Reza, Zahra), not three times"
    );
    println!("\nAs expected: while the guard lived across the wait, nobody else got the lock.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guard_held_across_a_wait_blocks_until_it_is_dropped() {
        for _ in 0..20 {
            let seats = Arc::new(Mutex::new(2));
            let (release, holder) = reza_waits_for_a_reply(&seats);
            let (booked, _) = customer("blocked", &seats, Duration::from_millis(10));
            assert!(
                !booked,
                "the lock should stay taken while its guard is alive"
            );
            drop(release);
            holder.join().unwrap();
            assert!(customer("after", &seats, LIMIT).0);
        }
    }
}
