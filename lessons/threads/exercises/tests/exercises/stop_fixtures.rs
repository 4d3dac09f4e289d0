//! Wrong and unusual answers to "stop_worker", to show what its checks catch. Not exercises.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use threads_exercises::stop_worker::StoppableWorker;

/// Correct: a channel instead of a flag; dropping the sender is the stop request.
pub struct ChannelWorker {
    stop: mpsc::Sender<()>,
    thread: JoinHandle<Vec<u64>>,
}

impl StoppableWorker for ChannelWorker {
    fn start(mut next_item: impl FnMut() -> u64 + Send + 'static) -> Self {
        let (stop, asked) = mpsc::channel();
        let thread = thread::spawn(move || {
            let mut items = Vec::new();
            while let Err(mpsc::TryRecvError::Empty) = asked.try_recv() {
                items.push(next_item());
            }
            items
        });
        ChannelWorker { stop, thread }
    }

    fn stop(self) -> Vec<u64> {
        drop(self.stop);
        self.thread.join().unwrap()
    }
}

/// A worker whose items go into a shared list, and whose `stop` ends in one of several ways,
/// chosen by `HOW`: see the names below.
pub struct Shared<const HOW: u64> {
    stop: Arc<AtomicBool>,
    items: Arc<Mutex<Vec<u64>>>,
    thread: JoinHandle<()>,
}

/// Racy: sets the flag and returns what the list holds so far, without waiting for the thread.
pub type NoJoin = Shared<0>;
/// Racy: sets the flag, takes the list, and only then joins the thread.
pub type TakesBeforeJoin = Shared<1>;
/// Racy: sets the flag, and waits `MS` milliseconds (2 or more) instead of joining, hoping the
/// worker is done by then.
pub type SleepsInsteadOfJoin<const MS: u64> = Shared<MS>;

impl<const HOW: u64> StoppableWorker for Shared<HOW> {
    fn start(mut next_item: impl FnMut() -> u64 + Send + 'static) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let items = Arc::new(Mutex::new(Vec::new()));
        let (asked, kept) = (Arc::clone(&stop), Arc::clone(&items));
        let thread = thread::spawn(move || {
            while !asked.load(Ordering::SeqCst) {
                let item = next_item();
                kept.lock().unwrap().push(item);
            }
        });
        Shared {
            stop,
            items,
            thread,
        }
    }

    fn stop(self) -> Vec<u64> {
        self.stop.store(true, Ordering::SeqCst);
        match HOW {
            0 => self.items.lock().unwrap().clone(),
            1 => {
                let items = self.items.lock().unwrap().clone();
                self.thread.join().unwrap();
                items
            }
            sleep => {
                thread::sleep(Duration::from_millis(sleep));
                self.items.lock().unwrap().clone()
            }
        }
    }
}

/// A worker on a thread with a flag, joined as it should be, whose loop differs in one way.
pub struct Flagged<const HOW: u8> {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Vec<u64>>,
}

/// Does all the contract names (a thread, the flag looked at before each item, set by `stop`,
/// then a join) without keeping the work: counts the items and returns 0, 1, 2, ... instead of
/// the values `next_item` gave.
pub type CountsItems = Flagged<0>;
/// Off by one: asks for the next item before it looks at the flag, and drops that item if asked
/// to stop meanwhile.
pub type DropsTheLast = Flagged<1>;
/// Looks at the flag only before every 10th item, so it goes on for several items after the
/// request.
pub type LooksEvery10 = Flagged<2>;
/// Ignores the flag and ends by itself after 12 items, whenever `stop` is called.
pub type StopsAfter12 = Flagged<3>;

impl<const HOW: u8> StoppableWorker for Flagged<HOW> {
    fn start(mut next_item: impl FnMut() -> u64 + Send + 'static) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let asked = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let mut items = Vec::new();
            let asked = || asked.load(Ordering::SeqCst);
            match HOW {
                0 => {
                    let mut count = 0;
                    while !asked() {
                        next_item();
                        count += 1;
                    }
                    items.extend(0..count);
                }
                1 => loop {
                    let item = next_item();
                    if asked() {
                        break;
                    }
                    items.push(item);
                },
                2 => {
                    while items.len() % 10 != 0 || !asked() {
                        items.push(next_item());
                    }
                }
                _ => {
                    while items.len() < 12 {
                        items.push(next_item());
                    }
                }
            }
            items
        });
        Flagged { stop, thread }
    }

    fn stop(self) -> Vec<u64> {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.join().unwrap()
    }
}

/// Serial: no thread. `start` produces 12 items on the calling thread and `stop` hands them back.
pub struct Eager {
    items: Vec<u64>,
}

impl StoppableWorker for Eager {
    fn start(mut next_item: impl FnMut() -> u64 + Send + 'static) -> Self {
        Eager {
            items: (0..12).map(|_| next_item()).collect(),
        }
    }

    fn stop(self) -> Vec<u64> {
        self.items
    }
}

/// Deadlocks: the worker holds the flag's lock for its whole loop, so `stop` never gets to set
/// the flag, and waits for the thread forever.
pub struct HoldsTheLock {
    stop: Arc<Mutex<bool>>,
    thread: JoinHandle<Vec<u64>>,
}

impl StoppableWorker for HoldsTheLock {
    fn start(mut next_item: impl FnMut() -> u64 + Send + 'static) -> Self {
        let stop = Arc::new(Mutex::new(false));
        let asked = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let mut items = Vec::new();
            let asked = asked.lock().unwrap();
            // The bug this fixture shows; clippy sees it too.
            #[allow(clippy::while_immutable_condition)]
            while !*asked {
                items.push(next_item());
            }
            items
        });
        HoldsTheLock { stop, thread }
    }

    fn stop(self) -> Vec<u64> {
        *self.stop.lock().unwrap() = true;
        self.thread.join().unwrap()
    }
}

/// Blocks: waits for the request with `recv` instead of looking for it with `try_recv`, so the
/// worker makes no item at all until it is asked to stop.
pub struct WaitsForTheRequest {
    stop: mpsc::Sender<()>,
    thread: JoinHandle<Vec<u64>>,
}

impl StoppableWorker for WaitsForTheRequest {
    fn start(mut next_item: impl FnMut() -> u64 + Send + 'static) -> Self {
        let (stop, asked) = mpsc::channel();
        let thread = thread::spawn(move || {
            let mut items = Vec::new();
            while asked.recv().is_err() {
                items.push(next_item());
            }
            items
        });
        WaitsForTheRequest { stop, thread }
    }

    fn stop(self) -> Vec<u64> {
        self.stop.send(()).unwrap();
        self.thread.join().unwrap()
    }
}
