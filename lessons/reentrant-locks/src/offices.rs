//! Two booking offices whose `book_family` books every member of a family under one lock, by
//! calling the same booking a single customer gets: the notes' reason for a reentrant lock.
//! [`ReentrantOffice`] locks again inside (the Python way, in Rust); [`SplitOffice`] never
//! locks twice (the Rust way). The lessons `relock` and `shared_access` show why both work, and
//! why the chapter recommends the second.

use std::cell::RefCell;

use parking_lot::{Mutex, ReentrantMutex};

use crate::show::{Show, total};

// ANCHOR: reentrant_office
/// The notes' class with an `RLock`: `book` locks, and `book_family` locks and then calls `book`
/// for each member, which locks again on the same thread. A `ReentrantMutex` only hands out
/// `&Show`, so the show sits in a `RefCell` to be changed.
pub struct ReentrantOffice {
    show: ReentrantMutex<RefCell<Show>>,
}

impl ReentrantOffice {
    pub fn new(free: u32) -> Self {
        ReentrantOffice {
            show: ReentrantMutex::new(RefCell::new(Show::new(free))),
        }
    }

    pub fn book(&self, customer: &'static str, wanted: u32) -> bool {
        let show = self.show.lock();
        // The `RefCell` borrow must end before anything that could lock again is called.
        show.borrow_mut().take(customer, wanted)
    }

    pub fn book_family(&self, family: &[(&'static str, u32)]) -> bool {
        let show = self.show.lock(); // held while every member books: nobody gets in between
        if show.borrow().free < total(family) {
            return false;
        }
        family
            .iter()
            .all(|&(member, wanted)| self.book(member, wanted))
    }
    // ANCHOR_END: reentrant_office

    pub fn show(&self) -> Show {
        self.show.lock().borrow().clone()
    }

    /// Whether the calling thread holds the lock (for the lessons' questions).
    pub fn held_here(&self) -> bool {
        self.show.is_owned_by_current_thread()
    }
}

// ANCHOR: split_office
/// The usual Rust fix: a plain `Mutex`, locked once at each entry point. The work that needs the
/// lock is [`Show::take`], which takes the show the guard gives; `book_family` calls it under its
/// own guard instead of calling `book`, so nothing ever locks twice.
pub struct SplitOffice {
    show: Mutex<Show>,
}

impl SplitOffice {
    pub fn new(free: u32) -> Self {
        SplitOffice {
            show: Mutex::new(Show::new(free)),
        }
    }

    pub fn book(&self, customer: &'static str, wanted: u32) -> bool {
        self.show.lock().take(customer, wanted)
    }

    pub fn book_family(&self, family: &[(&'static str, u32)]) -> bool {
        let mut show = self.show.lock();
        if show.free < total(family) {
            return false;
        }
        family
            .iter()
            .all(|&(member, wanted)| show.take(member, wanted))
    }
    // ANCHOR_END: split_office

    pub fn show(&self) -> Show {
        self.show.lock().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::thread;

    const FAMILY: [(&str, u32); 3] = [("Sara", 2), ("Reza", 1), ("Nima", 3)];

    /// Varied shows and customers, from a fixed seed, booked through both offices.
    fn script(seed: u64) -> (u32, Vec<Vec<(&'static str, u32)>>) {
        let mut state = seed | 1;
        let mut roll = |limit: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % limit) as u32
        };
        let free = 3 + roll(20);
        let names = ["Sara", "Reza", "Nima", "Ali", "Mohammad"];
        let bookings = (0..12)
            .map(|_| {
                (0..1 + roll(3))
                    .map(|_| (names[roll(5) as usize], 1 + roll(4)))
                    .collect()
            })
            .collect();
        (free, bookings)
    }

    #[test]
    fn both_offices_sell_exactly_the_same_seats_to_the_same_customers() {
        for seed in 1..200 {
            let (free, bookings) = script(seed);
            let (reentrant, split) = (ReentrantOffice::new(free), SplitOffice::new(free));
            for family in &bookings {
                let answers = if let [(customer, wanted)] = family[..] {
                    (
                        reentrant.book(customer, wanted),
                        split.book(customer, wanted),
                    )
                } else {
                    (reentrant.book_family(family), split.book_family(family))
                };
                assert_eq!(answers.0, answers.1, "seed {seed}, {family:?}");
            }
            assert_eq!(reentrant.show(), split.show(), "seed {seed}");
        }
    }

    #[test]
    fn a_family_gets_all_its_seats_or_none() {
        for office_free in [5, 6, 7] {
            let split = SplitOffice::new(office_free);
            let booked = split.book_family(&FAMILY);
            let show = split.show();
            assert_eq!(booked, office_free >= 6);
            assert_eq!(
                show.free,
                if booked { office_free - 6 } else { office_free }
            );
            assert_eq!(show.sold_to.len(), if booked { 3 } else { 0 });
        }
    }

    #[test]
    fn nobody_books_between_two_members_of_a_family_in_either_office() {
        // Many families and single customers at once: every family's members stay together.
        for round in 0..20 {
            let (reentrant, split) = (ReentrantOffice::new(60), SplitOffice::new(60));
            let start = Barrier::new(4);
            thread::scope(|scope| {
                for _ in 0..2 {
                    scope.spawn(|| {
                        start.wait();
                        for _ in 0..5 {
                            reentrant.book_family(&FAMILY);
                            split.book_family(&FAMILY);
                        }
                    });
                    scope.spawn(|| {
                        start.wait();
                        for _ in 0..15 {
                            reentrant.book("Ali", 1);
                            split.book("Ali", 1);
                        }
                    });
                }
            });
            for show in [reentrant.show(), split.show()] {
                let mut rest = &show.sold_to[..];
                while let Some(((customer, _), after)) = rest.split_first() {
                    if *customer == "Sara" {
                        assert_eq!(&rest[..3], &FAMILY[..], "round {round}: {show:?}");
                        rest = &rest[3..];
                    } else {
                        rest = after;
                    }
                }
                let sold: u32 = show.sold_to.iter().map(|(_, wanted)| wanted).sum();
                assert_eq!(show.free + sold, 60, "round {round}: {show:?}");
            }
        }
    }
}
