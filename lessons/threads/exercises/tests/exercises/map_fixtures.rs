//! Wrong and unusual answers to "parallel_map", to show what its checks catch. Not exercises.

use std::sync::{Mutex, mpsc};
use std::thread;

use threads_exercises::parallel_map::ParallelMap;

/// Parallel, but only 2 threads, each taking half of the items.
pub struct TwoThreads;

impl ParallelMap for TwoThreads {
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        in_chunks(items, &f, items.len().div_ceil(2))
    }
}

/// A pool of at most 4 threads, each taking a run of the items: one thread per item only
/// when there are 4 items or fewer, the count the grader used to try.
pub struct FourWorkers;

impl ParallelMap for FourWorkers {
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        in_chunks(items, &f, items.len().div_ceil(4))
    }
}

/// `items` cut into runs of `chunk` items, each run mapped on a thread of its own, serially.
fn in_chunks<T: Sync, R: Send>(items: &[T], f: &(impl Fn(&T) -> R + Sync), chunk: usize) -> Vec<R> {
    thread::scope(|scope| {
        let runs: Vec<_> = items
            .chunks(chunk.max(1))
            .map(|run| scope.spawn(move || run.iter().map(f).collect::<Vec<R>>()))
            .collect();
        runs.into_iter()
            .flat_map(|run| run.join().unwrap())
            .collect()
    })
}

/// Hard-coded for the grader: a thread per item when there are exactly 4 items, and one item
/// after another on the calling thread otherwise.
pub struct OnlyForFour;

impl ParallelMap for OnlyForFour {
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        if items.len() == 4 {
            in_chunks(items, &f, 1)
        } else {
            items.iter().map(f).collect()
        }
    }
}

/// Serial in disguise: a thread per item, but each joined right after it is spawned.
pub struct JoinsAtOnce;

impl ParallelMap for JoinsAtOnce {
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        let f = &f;
        thread::scope(|scope| {
            items
                .iter()
                .map(|item| scope.spawn(move || f(item)).join().unwrap())
                .collect()
        })
    }
}

/// Calls `f` for every item on its own thread, all at once, as asked, and throws those results
/// away; the results it returns come from a second, serial pass on the calling thread.
pub struct CallsTwice;

impl ParallelMap for CallsTwice {
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        drop(in_chunks(items, &f, 1));
        items.iter().map(f).collect()
    }
}

/// Racy: one thread per item, but each pushes its result when it finishes, so the results come
/// in the order the threads happen to finish.
pub struct FinishingOrder;

impl ParallelMap for FinishingOrder {
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        let results = Mutex::new(Vec::new());
        let f = &f;
        thread::scope(|scope| {
            for item in items {
                let results = &results;
                scope.spawn(move || {
                    let result = f(item);
                    results.lock().unwrap().push(result);
                });
            }
        });
        results.into_inner().unwrap()
    }
}

/// Deadlocks: collects the results from a channel, but keeps its own sender alive, so the
/// receiving loop waits for one more result forever.
pub struct ChannelNeverClosed;

impl ParallelMap for ChannelNeverClosed {
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        let (sender, results) = mpsc::channel();
        let f = &f;
        thread::scope(|scope| {
            for (index, item) in items.iter().enumerate() {
                let sender = sender.clone();
                scope.spawn(move || sender.send((index, f(item))).unwrap());
            }
            let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
            // Ends only when every sender is gone, and `sender` itself never goes.
            for (index, result) in results.iter() {
                slots[index] = Some(result);
            }
            slots.into_iter().map(Option::unwrap).collect()
        })
    }
}

/// Correct: one thread per item, results sent with their index over a channel and put in their
/// slots; the map's own sender is dropped before the results are received.
pub struct ChannelAndSlots;

impl ParallelMap for ChannelAndSlots {
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        let (sender, results) = mpsc::channel();
        let f = &f;
        thread::scope(|scope| {
            for (index, item) in items.iter().enumerate() {
                let sender = sender.clone();
                scope.spawn(move || sender.send((index, f(item))).unwrap());
            }
            drop(sender);
            let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
            for (index, result) in results.iter() {
                slots[index] = Some(result);
            }
            slots.into_iter().map(Option::unwrap).collect()
        })
    }
}
