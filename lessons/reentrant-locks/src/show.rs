//! The seats of one show and who bought them: what every booking office of the chapter keeps
//! under its lock.

/// The seats of one show: how many are free, and who bought the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Show {
    pub free: u32,
    pub sold_to: Vec<(&'static str, u32)>,
}

impl Show {
    /// A show with `free` seats, none sold.
    pub fn new(free: u32) -> Self {
        Show {
            free,
            sold_to: Vec::new(),
        }
    }

    // ANCHOR: take
    /// The booking itself, with no lock in sight: whoever calls it must already hold the lock
    /// the show lives in (a `&mut Show` can only come from its guard).
    pub fn take(&mut self, customer: &'static str, wanted: u32) -> bool {
        if wanted <= self.free {
            self.free -= wanted;
            self.sold_to.push((customer, wanted));
            true
        } else {
            false
        }
    }
    // ANCHOR_END: take
}

/// How many seats a family wants in all.
pub fn total(family: &[(&'static str, u32)]) -> u32 {
    family.iter().map(|(_, wanted)| wanted).sum()
}
