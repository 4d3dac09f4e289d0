//! Small wrong and unusual bookings, to show what the checks catch. Not exercises. Each one's
//! documentation says its mistake, or why it is right.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};

use locks_and_races_exercises::safe_booking::{SeatBooking, Seats};

/// Racy: locks the seats to check, lets go of them, and locks them again to take them, the
/// starter's mistake; in between, another customer checks the same free seats.
pub struct LockedTwice {
    seats: Seats,
}

impl SeatBooking for LockedTwice {
    fn new(seats: Seats) -> Self {
        LockedTwice { seats }
    }

    fn book(&self, wanted: u32) -> bool {
        let wanted = i64::from(wanted);
        let enough = *self.seats.lock() >= wanted;
        if enough {
            *self.seats.lock() -= wanted;
        }
        enough
    }
}

/// Goes through the motions without doing the work: it looks at the seats and takes them under
/// one guard, as the contract asks, but decides by what it saw under an earlier guard.
pub struct LooksTwice {
    seats: Seats,
}

impl SeatBooking for LooksTwice {
    fn new(seats: Seats) -> Self {
        LooksTwice { seats }
    }

    fn book(&self, wanted: u32) -> bool {
        let wanted = i64::from(wanted);
        let first_look = *self.seats.lock();
        let mut free = self.seats.lock();
        let _second_look = *free >= wanted;
        if first_look >= wanted {
            *free -= wanted;
            true
        } else {
            false
        }
    }
}

/// Racy: a lock of its own taken for the check and again for the taking, released between
/// them, as if the seats had no lock of their own.
pub struct OwnLockTwice {
    gate: Mutex<()>,
    seats: Seats,
}

impl SeatBooking for OwnLockTwice {
    fn new(seats: Seats) -> Self {
        OwnLockTwice {
            gate: Mutex::new(()),
            seats,
        }
    }

    fn book(&self, wanted: u32) -> bool {
        let wanted = i64::from(wanted);
        let enough = {
            let _gate = self.gate.lock().unwrap();
            *self.seats.lock() >= wanted
        };
        if enough {
            let _gate = self.gate.lock().unwrap();
            *self.seats.lock() -= wanted;
        }
        enough
    }
}

/// Racy, the first starter's booking: a count of its own, checked and then taken in two atomic
/// steps, and only copied to the seats; it never sees what the box office sold.
pub struct OwnCount {
    count: AtomicI64,
    seats: Seats,
}

impl SeatBooking for OwnCount {
    fn new(seats: Seats) -> Self {
        let count = AtomicI64::new(*seats.lock());
        OwnCount { count, seats }
    }

    fn book(&self, wanted: u32) -> bool {
        let wanted = i64::from(wanted);
        if self.count.load(Ordering::SeqCst) >= wanted {
            self.count.fetch_sub(wanted, Ordering::SeqCst);
            *self.seats.lock() -= wanted;
            true
        } else {
            false
        }
    }
}

/// Hard-coded: answers yes, no, yes, no, as the first grader's script for one customer
/// expected, whatever the seats say, and takes the seats when it says yes.
pub struct HardCoded {
    calls: AtomicUsize,
    seats: Seats,
}

impl SeatBooking for HardCoded {
    fn new(seats: Seats) -> Self {
        HardCoded {
            calls: AtomicUsize::new(0),
            seats,
        }
    }

    fn book(&self, wanted: u32) -> bool {
        let yes = self.calls.fetch_add(1, Ordering::SeqCst).is_multiple_of(2);
        if yes {
            *self.seats.lock() -= i64::from(wanted);
        }
        yes
    }
}

/// Off by one: `>` for `>=`, so the last free seats are never sold.
pub struct OffByOne {
    seats: Seats,
}

impl SeatBooking for OffByOne {
    fn new(seats: Seats) -> Self {
        OffByOne { seats }
    }

    fn book(&self, wanted: u32) -> bool {
        let wanted = i64::from(wanted);
        let mut free = self.seats.lock();
        let enough = *free > wanted;
        if enough {
            *free -= wanted;
        }
        enough
    }
}

/// Serial: one customer at a time, and whoever comes while another is booking is turned away
/// instead of waiting for his turn.
pub struct TurnsAwayWhenBusy {
    busy: AtomicBool,
    seats: Seats,
}

impl SeatBooking for TurnsAwayWhenBusy {
    fn new(seats: Seats) -> Self {
        TurnsAwayWhenBusy {
            busy: AtomicBool::new(false),
            seats,
        }
    }

    fn book(&self, wanted: u32) -> bool {
        if self.busy.swap(true, Ordering::SeqCst) {
            return false;
        }
        let wanted = i64::from(wanted);
        let mut free = self.seats.lock();
        let enough = *free >= wanted;
        if enough {
            *free -= wanted;
        }
        drop(free);
        self.busy.store(false, Ordering::SeqCst);
        enough
    }
}

/// Deadlocks: keeps its guard while it locks the seats again to read them.
pub struct Relocks {
    seats: Seats,
}

impl Relocks {
    fn available(&self) -> i64 {
        *self.seats.lock()
    }
}

impl SeatBooking for Relocks {
    fn new(seats: Seats) -> Self {
        Relocks { seats }
    }

    fn book(&self, wanted: u32) -> bool {
        let wanted = i64::from(wanted);
        let mut free = self.seats.lock();
        if *free < wanted {
            return false;
        }
        *free -= wanted;
        self.available() >= 0
    }
}

/// Right: a first look to refuse early, then the decision made again, and the seats taken,
/// under one guard.
pub struct ChecksAgain {
    seats: Seats,
}

impl SeatBooking for ChecksAgain {
    fn new(seats: Seats) -> Self {
        ChecksAgain { seats }
    }

    fn book(&self, wanted: u32) -> bool {
        let wanted = i64::from(wanted);
        if *self.seats.lock() < wanted {
            return false;
        }
        let mut free = self.seats.lock();
        if *free >= wanted {
            *free -= wanted;
            true
        } else {
            false
        }
    }
}

/// Right, if needlessly careful: a lock of its own around one guard of the seats that covers
/// both the check and the taking.
pub struct OwnLockAroundOneGuard {
    gate: Mutex<()>,
    seats: Seats,
}

impl SeatBooking for OwnLockAroundOneGuard {
    fn new(seats: Seats) -> Self {
        OwnLockAroundOneGuard {
            gate: Mutex::new(()),
            seats,
        }
    }

    fn book(&self, wanted: u32) -> bool {
        let _gate = self.gate.lock().unwrap();
        let wanted = i64::from(wanted);
        let mut free = self.seats.lock();
        let enough = *free >= wanted;
        if enough {
            *free -= wanted;
        }
        enough
    }
}
