//! Reference solution of the exercise "stop_worker" (the starter is `exercises/stop_worker.rs`).
//!
//! An `AtomicBool` shared through an `Arc`: `stop` sets it, the worker checks it before each
//! item. The worker's items come back through `join`, so nothing it finished is lost. A channel
//! works too: the worker calls `try_recv` before each item and stops on a message or when the
//! sender is dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};

use crate::stop_worker::StoppableWorker;

pub struct Worker {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Vec<u64>>,
}

impl StoppableWorker for Worker {
    fn start(mut next_item: impl FnMut() -> u64 + Send + 'static) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let asked = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let mut items = Vec::new();
            while !asked.load(Ordering::SeqCst) {
                items.push(next_item());
            }
            items
        });
        Worker { stop, thread }
    }

    fn stop(self) -> Vec<u64> {
        self.stop.store(true, Ordering::SeqCst);
        // The item in progress, if any, finishes before the thread sees the flag and returns.
        self.thread.join().expect("the worker panicked")
    }
}
