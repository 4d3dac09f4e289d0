//! Reference solution of the exercise "parallel_map" (the starter is `exercises/parallel_map.rs`).
//!
//! One scoped thread per item. Every thread is spawned before any is joined, so all run at once,
//! and the handles are joined in the order of the items, so the results come back in that order
//! whichever thread finishes first. The scope lets the threads borrow `items` and `f`.

use std::thread;

use crate::parallel_map::ParallelMap;

pub struct Mapper;

impl ParallelMap for Mapper {
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        let f = &f;
        thread::scope(|scope| {
            let handles: Vec<_> = items
                .iter()
                .map(|item| scope.spawn(move || f(item)))
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().expect("f panicked"))
                .collect()
        })
    }
}
