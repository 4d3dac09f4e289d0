//! Exercise "stop_worker": stop a background worker without losing its work.
//!
//! `Worker::start` starts a thread that produces items, one after another, by calling
//! `next_item`. `Worker::stop` should ask that thread to stop, wait for it, and return every
//! item it produced. Right now nothing can tell the loop to end, so `stop` waits forever: no
//! thread can be killed from outside, it has to be asked. Make `stop` work.
//!
//! The contract the grader relies on (`StoppableWorker` in `src/stop_worker.rs`):
//! - `stop` returns soon: the worker checks for the request before each item;
//! - an item in progress is finished, and every item finished is returned, in order.
//!
//! Grade it: `cargo grade --exercise stop_worker`. Stuck? `cargo grade --hint stop_worker`.

use std::thread::{self, JoinHandle};

use crate::stop_worker::StoppableWorker;

pub struct Worker {
    thread: JoinHandle<Vec<u64>>,
}

impl StoppableWorker for Worker {
    fn start(mut next_item: impl FnMut() -> u64 + Send + 'static) -> Self {
        let thread = thread::spawn(move || {
            let mut items = Vec::new();
            // TODO: nothing can ever make `keep_going` false, so this loop never ends.
            while keep_going() {
                items.push(next_item());
            }
            items
        });
        Worker { thread }
    }

    fn stop(self) -> Vec<u64> {
        // TODO: ask the thread to stop before waiting for it.
        self.thread.join().expect("the worker panicked")
    }
}

/// Replace this with something that `stop` can change and the worker thread can see.
fn keep_going() -> bool {
    true
}
