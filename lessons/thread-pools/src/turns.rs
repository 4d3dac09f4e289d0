//! Turn-taking for tasks: each task waits for its rank before it finishes, so the order in which a
//! pool's tasks finish is the same on every run, however the OS schedules them.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Whose turn it is, and the order in which the turns were passed on.
#[derive(Default)]
pub struct Turns {
    passed: Mutex<Vec<usize>>,
    changed: Condvar,
}

impl Turns {
    /// Blocks until `rank` turns have been passed on; panics after `patience`.
    pub fn wait_for(&self, rank: usize, patience: Duration) {
        let passed = self.passed.lock().unwrap();
        let (_passed, waited) = self
            .changed
            .wait_timeout_while(passed, patience, |passed| passed.len() < rank)
            .unwrap();
        assert!(!waited.timed_out(), "turn {rank} never came");
    }

    /// Ends the turn of `task`, letting the next rank go.
    pub fn pass_on(&self, task: usize) {
        self.passed.lock().unwrap().push(task);
        self.changed.notify_all();
    }

    /// The tasks, in the order their turns were passed on.
    pub fn passed(&self) -> Vec<usize> {
        self.passed.lock().unwrap().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;

    #[test]
    fn tasks_finish_in_the_order_of_their_ranks() {
        let turns = Arc::new(Turns::default());
        let tasks: Vec<_> = [2, 0, 1]
            .into_iter()
            .enumerate()
            .map(|(task, rank)| {
                let turns = Arc::clone(&turns);
                thread::spawn(move || {
                    turns.wait_for(rank, Duration::from_secs(10));
                    turns.pass_on(task);
                })
            })
            .collect();
        tasks.into_iter().for_each(|task| task.join().unwrap());
        assert_eq!(turns.passed(), [1, 2, 0]);
    }
}
