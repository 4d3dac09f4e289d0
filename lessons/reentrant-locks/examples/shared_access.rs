//! Lesson: a `ReentrantMutex` hands out only shared access, and the two ways around it.
//!
//! Python's `RLock` guards nothing in particular, so the notes never meet this. In Rust the data
//! lives inside the lock, and a reentrant lock may give its owner several guards at once: if each
//! could change the data, two `&mut` to the same seats would exist together, which Rust forbids.
//! So `ReentrantMutex::lock` derefs to `&T` only. The first way around it puts the data in a
//! `RefCell`, which checks the borrows while the program runs: forget to end one borrow before
//! locking again, and the second borrow fails. The second way is the usual Rust design: a plain
//! `Mutex`, locked once per entry point, and an inner function that takes what the guard gives.
//! Both offices book the same seats; the chapter recommends the second.
//!
//! Run: `cargo run --example shared_access`

use std::cell::{BorrowMutError, RefCell};

use lesson_kit::{Figure, cli};
use parking_lot::ReentrantMutex;
use reentrant_locks::offices::{ReentrantOffice, SplitOffice};
use reentrant_locks::show::Show;

const USAGE: &str = "\
A ReentrantMutex gives only &T: a RefCell inside, or a plain Mutex and an unlocked inner step.

usage: cargo run --example shared_access

  -h, --help  show this text
";

const FAMILY: [(&str, u32); 3] = [("Sara", 2), ("Reza", 1), ("Nima", 3)];

// ANCHOR: borrow_held
/// The `RefCell` trap: `book_family` keeps its `borrow_mut` alive while it books each member,
/// and the inner booking borrows again. The lock lets the owner in; the `RefCell` does not.
/// (`borrow_mut` would panic; `try_borrow_mut` says why without panicking.)
fn book_family_holding_the_borrow(
    show: &ReentrantMutex<RefCell<Show>>,
) -> Result<usize, BorrowMutError> {
    let outer = show.lock();
    let family_view = outer.borrow_mut(); // still alive below
    if family_view.free < 6 {
        return Ok(0);
    }
    for (member, wanted) in FAMILY {
        let inner = show.lock(); // re-entry: the lock says yes
        inner.try_borrow_mut()?.take(member, wanted); // the RefCell says no
    }
    drop(family_view); // alive until here, across every member's booking
    Ok(FAMILY.len())
}
// ANCHOR_END: borrow_held

fn main() {
    cli::parse_env(USAGE, |arg, _| Err(arg.unexpected()));

    println!("1. `ReentrantMutex::lock` gives `&Show`: `guard.free -= 2` does not compile");
    println!("   (error E0594, checked by tests/lessons/compile_fail.rs). The owner may hold");
    println!("   several guards at once, and two `&mut Show` at once would break Rust's rules.\n");

    println!("2. A RefCell inside, and a borrow kept alive across the re-entry:");
    let trapped = ReentrantMutex::new(RefCell::new(Show::new(6)));
    let outcome = book_family_holding_the_borrow(&trapped);
    let seats_left = trapped.lock().borrow().free;
    println!("   the inner borrow: {outcome:?}; {seats_left} of 6 seats still free");
    println!("   (with borrow_mut instead of try_borrow_mut the program would panic here)\n");

    println!("3. The two offices of offices.rs book the family and then Ali, who wants 1:");
    let (reentrant, split) = (ReentrantOffice::new(7), SplitOffice::new(7));
    let answers = [
        (reentrant.book_family(&FAMILY), split.book_family(&FAMILY)),
        (reentrant.book("Ali", 1), split.book("Ali", 1)),
        (reentrant.book("Mohammad", 1), split.book("Mohammad", 1)),
    ];
    let (shows_alike, show) = (reentrant.show() == split.show(), split.show());
    println!("   answers (reentrant, split): {answers:?}");
    println!(
        "   same show in both: {shows_alike}; sold to {:?}",
        show.sold_to
    );

    Figure::new("what the owner of a reentrant lock may do with the data")
        .notes("nothing said: a Python RLock guards no data of its own")
        .this_run(format!(
            "read it; change it through a RefCell (second borrow refused: {}); or split: same show {shows_alike}",
            outcome.is_err()
        ))
        .ideal("a plain Mutex and an inner step that takes the guard: checked by the compiler")
        .print();

    assert!(
        outcome.is_err() && seats_left == 6,
        "expected the RefCell to refuse a second borrow and no seat to be sold, got {outcome:?} \
         with {seats_left} seats left"
    );
    assert!(
        shows_alike && answers == [(true, true), (true, true), (false, false)] && show.free == 0,
        "expected both offices to sell the same 7 seats: {answers:?}, {show:?}"
    );
    println!(
        "\nAs expected: both fixes sell the same seats; only the RefCell can fail at run time."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_borrow_kept_across_the_reentry_is_refused_every_time_and_sells_nothing() {
        for _ in 0..10 {
            let show = ReentrantMutex::new(RefCell::new(Show::new(9)));
            assert!(book_family_holding_the_borrow(&show).is_err());
            let show = show.lock();
            assert_eq!(*show.borrow(), Show::new(9));
        }
    }

    #[test]
    fn the_guard_of_a_reentrant_mutex_only_reads_and_the_lock_stays_reentrant() {
        let lock = ReentrantMutex::new(Show::new(3));
        let (first, second) = (lock.lock(), lock.lock());
        // Two guards at once on one thread, both reading the same seats: only shared access.
        assert!(std::ptr::eq(&*first, &*second));
        assert_eq!(first.free + second.free, 6);
    }
}
