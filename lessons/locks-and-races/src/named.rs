//! Locks with names, and what a thread says about the locks it holds and wants, so that the
//! lessons `deadlock` and `lock_order` can tell in words who holds what and who waits for what.

use std::collections::HashSet;
use std::sync::Arc;
use std::thread::ThreadId;

use parking_lot::Mutex;

/// A lock with a name, around the count of bookings that took it.
pub struct Named {
    pub name: &'static str,
    pub lock: Mutex<i64>,
}

/// A new lock called `name`, to be shared by threads.
pub fn named(name: &'static str) -> Arc<Named> {
    Arc::new(Named {
        name,
        lock: Mutex::new(0),
    })
}

/// What a thread says just before it asks for its second lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub thread: ThreadId,
    pub customer: String,
    pub holds: &'static str,
    pub wants: &'static str,
}

/// One line per thread of a deadlock cycle: who it is, what it holds and what it waits for;
/// the threads that made a claim first, in the order of `claims`.
pub fn describe_cycle(cycle: &HashSet<ThreadId>, claims: &[Claim]) -> Vec<String> {
    let told = claims.iter().filter(|claim| cycle.contains(&claim.thread));
    let untold = cycle
        .iter()
        .filter(|id| !claims.iter().any(|claim| claim.thread == **id));
    told.map(|claim| {
        format!(
            "{:?} = {}: holds `{}`, waits for `{}`, which the other one holds",
            claim.thread, claim.customer, claim.holds, claim.wants
        )
    })
    .chain(untold.map(|id| format!("{id:?}: a thread this lesson did not start")))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_is_told_thread_by_thread() {
        let me = std::thread::current().id();
        let other = std::thread::spawn(|| std::thread::current().id())
            .join()
            .unwrap();
        let claim = Claim {
            thread: me,
            customer: "Ali".into(),
            holds: "payments",
            wants: "seats",
        };
        assert_eq!(
            describe_cycle(&HashSet::from([other, me]), &[claim]),
            [
                format!(
                    "{me:?} = Ali: holds `payments`, waits for `seats`, which the other one holds"
                ),
                format!("{other:?}: a thread this lesson did not start"),
            ]
        );
    }
}
