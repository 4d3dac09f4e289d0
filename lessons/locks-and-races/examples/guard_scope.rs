//! Lesson: a `MutexGuard` is Python's `with lock:` block.
//!
//! The Python notes release a `Lock` by hand in `try`/`finally`, or let `with lock:` release it.
//! In Rust there is no `release()` to forget: `lock()` hands back a guard, and the lock is
//! released when the guard goes away, at the end of its scope or at an explicit `drop(guard)`.
//! (And while a panic unwinds the thread that holds it: the lesson `poisoned_lock`.)
//!
//! Run: `cargo run --example guard_scope`

use std::sync::{Mutex, TryLockError};
use std::thread;

use lesson_kit::{Figure, cli};
use locks_and_races::show::Show;

const USAGE: &str = "\
A MutexGuard releases its lock at the end of its scope, and at drop().

usage: cargo run --example guard_scope

  -h, --help  show this text
";

// ANCHOR: another_thread_tries
/// Whether another thread could take `lock` right now. It only tries, so it never blocks.
fn free_for_another_thread<T: Send>(lock: &Mutex<T>) -> bool {
    thread::scope(|scope| {
        let attempt = scope.spawn(|| match lock.try_lock() {
            Ok(_) | Err(TryLockError::Poisoned(_)) => true,
            Err(TryLockError::WouldBlock) => false,
        });
        attempt.join().unwrap()
    })
}
// ANCHOR_END: another_thread_tries

fn main() {
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));

    println!("1. The lock is held exactly as long as the guard lives.");
    // ANCHOR: scope_end
    let show = Mutex::new(Show::new(2));
    {
        let mut guard = show.lock().unwrap();
        guard.seats_left -= 2;
        guard.sold_to.push("Mohammad");
        assert!(
            !free_for_another_thread(&show),
            "expected the lock to be held while the guard is alive, but another thread could take it"
        );
        println!("   inside the scope, the guard alive: another thread cannot take the lock");
    } // <- the guard goes out of scope: this is the release
    assert!(
        free_for_another_thread(&show),
        "expected the lock to be free after the guard's scope ended, but it was still held"
    );
    println!("   after the scope:                   another thread can take it");
    // ANCHOR_END: scope_end

    println!("\n2. drop(guard) releases it early, before the end of the scope.");
    // ANCHOR: drop_early
    let guard = show.lock().unwrap();
    let seats_seen = guard.seats_left;
    drop(guard); // released here; `guard` can no longer be used, so it cannot be misused
    assert!(
        free_for_another_thread(&show),
        "expected drop(guard) to release the lock, but it was still held"
    );
    println!(
        "   read {seats_seen} seats left, dropped the guard: another thread can take the lock"
    );
    // ANCHOR_END: drop_early

    Figure::new("when the lock is released")
        .notes("at release(), or at the end of the `with` block")
        .this_run("at the end of the guard's scope, and at drop(guard)")
        .ideal("as soon as the guard is gone")
        .print();
    println!("\nAs expected: the lock was released at scope end and at drop().");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_holds_the_lock_exactly_for_its_scope() {
        let show = Mutex::new(Show::new(2));
        for _ in 0..200 {
            let guard = show.lock().unwrap();
            assert!(
                !free_for_another_thread(&show),
                "held while the guard lives"
            );
            drop(guard);
            assert!(
                free_for_another_thread(&show),
                "free once the guard is dropped"
            );
            {
                let _guard = show.lock().unwrap();
                assert!(!free_for_another_thread(&show), "held inside the scope");
            }
            assert!(free_for_another_thread(&show), "free after the scope");
        }
    }

    #[test]
    fn even_the_holder_cannot_take_the_lock_twice() {
        let show = Mutex::new(Show::new(2));
        let _guard = show.lock().unwrap();
        // lock() here "might panic or deadlock", says std; try_lock is the safe way to see it.
        assert!(matches!(show.try_lock(), Err(TryLockError::WouldBlock)));
    }
}
