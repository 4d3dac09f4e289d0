//! A show's bookings, kept under one lock by the lessons `guard_scope` and `poisoned_lock`: the
//! number of seats left must always match the seats sold. The tests prove what `poisoned_lock`
//! shows for one thread for many: a panic releases the lock to every thread waiting for it.

/// A show's bookings: the number of seats left must always match the seats sold.
#[derive(Debug, Clone, PartialEq)]
pub struct Show {
    pub seats_left: i64,
    pub sold_to: Vec<&'static str>,
}

impl Show {
    /// A show with `seats` seats left and none sold.
    pub fn new(seats: i64) -> Self {
        Show {
            seats_left: seats,
            sold_to: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lesson_kit::run_with_timeout;
    use std::sync::{Arc, Barrier, Mutex};
    use std::thread;
    use std::time::Duration;

    const LIMIT: Duration = Duration::from_secs(10);

    #[test]
    fn a_panic_releases_the_lock_for_threads_already_waiting_for_it() {
        for round in 0..50 {
            let show = Arc::new(Mutex::new(Show::new(2)));
            let waiters = 4;
            let guard_taken = Arc::new(Barrier::new(waiters + 1));
            let holder = {
                let (show, guard_taken) = (Arc::clone(&show), Arc::clone(&guard_taken));
                thread::spawn(move || {
                    let mut show = show.lock().unwrap();
                    show.seats_left -= 2;
                    guard_taken.wait();
                    thread::sleep(Duration::from_millis(1));
                    panic!("the holder fails while the others wait");
                })
            };
            let waiting: Vec<_> = (0..waiters)
                .map(|_| {
                    let (show, guard_taken) = (Arc::clone(&show), Arc::clone(&guard_taken));
                    thread::spawn(move || {
                        guard_taken.wait();
                        run_with_timeout(LIMIT, move || match show.lock() {
                            Ok(_) => None,
                            Err(poison) => Some(poison.into_inner().seats_left),
                        })
                    })
                })
                .collect();
            assert!(
                holder.join().is_err(),
                "round {round}: the holder should panic"
            );
            for waiter in waiting {
                let outcome = waiter.join().unwrap();
                assert_eq!(
                    outcome,
                    Ok(Some(0)),
                    "round {round}: expected every waiter to get the lock, poisoned, with the \
                     half-done data; got {outcome:?}"
                );
            }
        }
    }
}
