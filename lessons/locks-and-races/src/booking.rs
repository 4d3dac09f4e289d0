//! The notes' theatre: two seats left, Mohammad and Ali wanting two each, each on a thread of his
//! own. The lessons `race_condition` and `race_by_luck` book them with and without a lock.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The notes' show: two seats left, two customers wanting two each.
pub const SEATS: i64 = 2;
pub const CUSTOMERS: [(&str, i64); 2] = [("Mohammad", 2), ("Ali", 2)];

// ANCHOR: unlocked
/// Books `wanted` seats if that many are left: a check, then an act, and nothing that keeps the
/// check true until the act.
pub fn book_unlocked(available: &AtomicI64, wanted: i64, between_check_and_act: impl Fn()) -> bool {
    if available.load(Ordering::SeqCst) >= wanted {
        // The decision is made; whatever happens now, this customer will book.
        between_check_and_act();
        available.fetch_sub(wanted, Ordering::SeqCst);
        true
    } else {
        false
    }
}
// ANCHOR_END: unlocked

// ANCHOR: locked
/// The same booking, with the check and the act under one guard: while this customer decides
/// and books, nobody else can look at the seats, let alone take them.
pub fn book_locked(available: &Mutex<i64>, wanted: i64, between_check_and_act: impl Fn()) -> bool {
    let mut seats = available.lock().unwrap();
    if *seats >= wanted {
        between_check_and_act();
        *seats -= wanted;
        true
    } else {
        false
    }
    // The guard is dropped here, and the lock with it.
}
// ANCHOR_END: locked

/// How a show's bookings ended.
#[derive(Debug)]
pub struct Outcome {
    pub seats_left: i64,
    pub booked: Vec<&'static str>,
    pub refused: Vec<&'static str>,
}

impl Outcome {
    /// Whether more seats were sold than there were.
    pub fn oversold(&self) -> bool {
        self.seats_left < 0
    }

    /// Prints the bookings the way the notes do, then the seats left.
    pub fn print(&self, customers: &[(&str, i64)]) {
        let wanted_by = |name: &str| customers.iter().find(|c| c.0 == name).map_or(0, |c| c.1);
        for name in &self.booked {
            println!("{} seats booked successfully for {name}", wanted_by(name));
        }
        for name in &self.refused {
            println!(
                "Not enough seats left for {name}, who wanted {}",
                wanted_by(name)
            );
        }
        println!("Available seats: {}", self.seats_left);
    }
}

/// Starts one thread per customer, releases them all at once, and collects who got seats.
pub fn each_on_own_thread(
    customers: &[(&'static str, i64)],
    book: impl Fn(i64) -> bool + Sync,
) -> (Vec<&'static str>, Vec<&'static str>) {
    let start = Barrier::new(customers.len());
    let results: Vec<(&str, bool)> = thread::scope(|scope| {
        let threads: Vec<_> = customers
            .iter()
            .map(|&(name, wanted)| {
                let (start, book) = (&start, &book);
                scope.spawn(move || {
                    start.wait();
                    (name, book(wanted))
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let booked = results.iter().filter(|r| r.1).map(|r| r.0).collect();
    let refused = results.iter().filter(|r| !r.1).map(|r| r.0).collect();
    (booked, refused)
}

/// The unlocked booking with nothing forced: all threads start together and take their chances.
pub fn unforced_race(seats: i64, customers: &[(&'static str, i64)]) -> Outcome {
    let available = AtomicI64::new(seats);
    let (booked, refused) =
        each_on_own_thread(customers, |wanted| book_unlocked(&available, wanted, || {}));
    Outcome {
        seats_left: available.into_inner(),
        booked,
        refused,
    }
}

/// The locked booking; `between_check_and_act` runs while the lock is held.
pub fn locked_run(
    seats: i64,
    customers: &[(&'static str, i64)],
    between_check_and_act: impl Fn() + Sync,
) -> Outcome {
    let available = Mutex::new(seats);
    let (booked, refused) = each_on_own_thread(customers, |wanted| {
        book_locked(&available, wanted, &between_check_and_act)
    });
    Outcome {
        seats_left: available.into_inner().unwrap(),
        booked,
        refused,
    }
}

/// How many of `runs` runs of `one_run` oversold, and how long they all took.
pub fn count_oversells(runs: u32, one_run: impl Fn() -> Outcome) -> (u32, Duration) {
    let started = Instant::now();
    let oversold = (0..runs).filter(|_| one_run().oversold()).count();
    (oversold as u32, started.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lesson_kit::run_with_timeout;

    const LIMIT: Duration = Duration::from_secs(20);

    #[test]
    fn the_lock_never_oversells_even_when_held_across_a_sleep() {
        for run in 0..20 {
            let outcome = run_with_timeout(LIMIT, || {
                locked_run(2, &CUSTOMERS, || thread::sleep(Duration::from_millis(2)))
            })
            .unwrap();
            assert_eq!(
                (
                    outcome.seats_left,
                    outcome.booked.len(),
                    outcome.refused.len()
                ),
                (0, 1, 1),
                "run {run}: expected one booking and 0 seats left, got {outcome:?}"
            );
        }
    }

    #[test]
    fn one_customer_alone_books_with_or_without_the_lock() {
        let alone = [("Sara", 2)];
        for outcome in [unforced_race(3, &alone), locked_run(3, &alone, || {})] {
            assert!(!outcome.oversold());
            assert_eq!((outcome.seats_left, outcome.booked), (1, vec!["Sara"]));
        }
        let refused = locked_run(1, &alone, || {});
        assert_eq!((refused.seats_left, refused.refused), (1, vec!["Sara"]));
    }
}
