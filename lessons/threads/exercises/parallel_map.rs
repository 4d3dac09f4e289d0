//! Exercise "parallel_map": map a slice on scoped threads, keeping the order.
//!
//! `Mapper::map` calls `f` on every item and returns the results in the order of the items. Right
//! now it does that on the calling thread, one item after another. Make it call `f` for every
//! item on its own thread, all at the same time, and still return the results in the order of the
//! items. The items and `f` are borrowed, not owned: scoped threads can use them as they are.
//!
//! The contract the grader relies on (`ParallelMap` in `src/parallel_map.rs`):
//! - one call of `f` per item, each on its own thread, all running at once;
//! - the results in the order of the items, whichever thread finishes first.
//!
//! Grade it: `cargo grade --exercise parallel_map`. Stuck? `cargo grade --hint parallel_map`.

use crate::parallel_map::ParallelMap;

pub struct Mapper;

impl ParallelMap for Mapper {
    fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        // TODO: one item after another, on this thread. Give each item its own thread.
        items.iter().map(f).collect()
    }
}
