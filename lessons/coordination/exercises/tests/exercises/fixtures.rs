//! Small wrong semaphores and work queues, to show what the checks catch. Not exercises. Each
//! one's documentation says its mistake.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use coordination_exercises::bounded_work_queue::{Jobs, Work, WorkQueue};
use coordination_exercises::counting_semaphore::{CountingSemaphore, Permits, Returned};
use crossbeam_channel::{bounded, unbounded};

/// Counts permits in the permits it was given, but never waits: takes none when none is free,
/// and lets the thread in anyway.
pub struct NeverWaits {
    free: Permits,
    returned: Returned,
}

impl CountingSemaphore for NeverWaits {
    fn new(free: Permits, returned: Returned) -> Self {
        NeverWaits { free, returned }
    }
    fn acquire(&self) {
        let mut free = self.free.lock();
        *free = free.saturating_sub(1);
    }
    fn release(&self) {
        *self.free.lock() += 1;
        self.returned.notify_one();
    }
}

/// Racy: waits for a permit under one guard and takes it under another, so two threads can both
/// see the last permit free and both take it.
pub struct CheckThenTake {
    free: Permits,
    returned: Returned,
}

impl CountingSemaphore for CheckThenTake {
    fn new(free: Permits, returned: Returned) -> Self {
        CheckThenTake { free, returned }
    }
    fn acquire(&self) {
        drop(
            self.returned
                .wait_while(self.free.lock(), |free| *free == 0),
        );
        *self.free.lock() -= 1;
    }
    fn release(&self) {
        *self.free.lock() += 1;
        self.returned.notify_one();
    }
}

/// Racy: reads the count under one guard and writes it back, one higher, under another, so a
/// permit given back in between is lost.
pub struct ReadThenWrite {
    free: Permits,
    returned: Returned,
}

impl CountingSemaphore for ReadThenWrite {
    fn new(free: Permits, returned: Returned) -> Self {
        ReadThenWrite { free, returned }
    }
    fn acquire(&self) {
        let mut free = self
            .returned
            .wait_while(self.free.lock(), |free| *free == 0);
        *free -= 1;
    }
    fn release(&self) {
        let seen = *self.free.lock();
        *self.free.lock() = seen + 1;
        self.returned.notify_one();
    }
}

/// Racy, and blind to the permits it was given: counts in an atomic number of its own, checked
/// by one step and taken by another.
pub struct OwnCount {
    free: AtomicUsize,
    _permits: Permits,
    _returned: Returned,
}

impl CountingSemaphore for OwnCount {
    fn new(permits: Permits, returned: Returned) -> Self {
        let free = AtomicUsize::new(*permits.lock());
        OwnCount {
            free,
            _permits: permits,
            _returned: returned,
        }
    }
    fn acquire(&self) {
        while self.free.load(Ordering::SeqCst) == 0 {
            thread::yield_now();
        }
        self.free.fetch_sub(1, Ordering::SeqCst);
    }
    fn release(&self) {
        self.free.fetch_add(1, Ordering::SeqCst);
    }
}

/// Goes through the motions: locks the count, waits on the condition variable and notifies it,
/// as asked, but never takes a permit nor gives one back.
pub struct GoesThroughTheMotions {
    free: Permits,
    returned: Returned,
}

impl CountingSemaphore for GoesThroughTheMotions {
    fn new(free: Permits, returned: Returned) -> Self {
        GoesThroughTheMotions { free, returned }
    }
    fn acquire(&self) {
        let free = self.returned.wait_while(self.free.lock(), |_| false);
        let _ = *free;
    }
    fn release(&self) {
        drop(self.free.lock());
        self.returned.notify_one();
    }
}

/// Serial: one permit whatever it is given, a lock in disguise.
pub struct OneAtATime(Semaphore);

impl CountingSemaphore for OneAtATime {
    fn new(free: Permits, returned: Returned) -> Self {
        *free.lock() = 1;
        OneAtATime(Semaphore { free, returned })
    }
    fn acquire(&self) {
        self.0.acquire();
    }
    fn release(&self) {
        self.0.release();
    }
}

/// Hard-coded: 2 permits, the number of the first case it was tried on.
pub struct AlwaysTwo(Semaphore);

impl CountingSemaphore for AlwaysTwo {
    fn new(free: Permits, returned: Returned) -> Self {
        *free.lock() = 2;
        AlwaysTwo(Semaphore { free, returned })
    }
    fn acquire(&self) {
        self.0.acquire();
    }
    fn release(&self) {
        self.0.release();
    }
}

/// Deadlocks: gives the permit back but never wakes a waiter, which then sleeps for good.
pub struct NoNotify {
    free: Permits,
    returned: Returned,
}

impl CountingSemaphore for NoNotify {
    fn new(free: Permits, returned: Returned) -> Self {
        NoNotify { free, returned }
    }
    fn acquire(&self) {
        let mut free = self
            .returned
            .wait_while(self.free.lock(), |free| *free == 0);
        *free -= 1;
    }
    fn release(&self) {
        *self.free.lock() += 1;
    }
}

/// A correct semaphore, for the fixtures above to build on.
pub struct Semaphore {
    free: Permits,
    returned: Returned,
}

impl Semaphore {
    fn acquire(&self) {
        let mut free = self
            .returned
            .wait_while(self.free.lock(), |free| *free == 0);
        *free -= 1;
    }
    fn release(&self) {
        *self.free.lock() += 1;
        self.returned.notify_one();
    }
}

/// Goes through the motions: a bounded channel, a producer, workers, as asked; but it first
/// collects every job into a vector, so nothing holds the pulling back.
pub struct CollectsFirst;

impl WorkQueue for CollectsFirst {
    fn process_all(jobs: Jobs, work: &Work, workers: usize, capacity: usize) -> Vec<u64> {
        let all: Vec<u64> = jobs.collect();
        feed(all.into_iter(), work, workers, bounded(capacity))
    }
}

/// No bound: an unbounded channel lets the producer pull every job at once.
pub struct Unbounded;

impl WorkQueue for Unbounded {
    fn process_all(jobs: Jobs, work: &Work, workers: usize, _capacity: usize) -> Vec<u64> {
        feed(jobs, work, workers, unbounded())
    }
}

/// Serial: a bounded queue, but one worker whatever it is asked for.
pub struct OneWorker;

impl WorkQueue for OneWorker {
    fn process_all(jobs: Jobs, work: &Work, _workers: usize, capacity: usize) -> Vec<u64> {
        feed(jobs, work, 1, bounded(capacity))
    }
}

/// Deadlocks: keeps a sender of the job channel alive while it waits for the workers, whose
/// loops therefore never see the end.
pub struct NeverCloses;

impl WorkQueue for NeverCloses {
    fn process_all(jobs: Jobs, work: &Work, workers: usize, capacity: usize) -> Vec<u64> {
        let (sender, receiver) = bounded(capacity);
        let results = Mutex::new(Vec::new());
        thread::scope(|scope| {
            let producer = sender.clone();
            scope.spawn(move || jobs.for_each(|job| producer.send(job).unwrap()));
            for _ in 0..workers {
                let (receiver, results) = (receiver.clone(), &results);
                scope.spawn(move || {
                    for job in receiver {
                        results.lock().unwrap().push(work.run(job));
                    }
                });
            }
            // `sender` is still alive here, while the scope waits for the workers.
            let _kept = &sender;
        });
        results.into_inner().unwrap()
    }
}

/// Hard-coded: does the work but returns the jobs' numbers instead of the work's results.
pub struct ReturnsJobs;

impl WorkQueue for ReturnsJobs {
    fn process_all(jobs: Jobs, work: &Work, _workers: usize, _capacity: usize) -> Vec<u64> {
        jobs.inspect(|&job| {
            work.run(job);
        })
        .collect()
    }
}

/// A bounded queue with `workers` workers fed from `jobs` by one producer.
fn feed(
    jobs: impl Iterator<Item = u64> + Send,
    work: &Work,
    workers: usize,
    (sender, receiver): (
        crossbeam_channel::Sender<u64>,
        crossbeam_channel::Receiver<u64>,
    ),
) -> Vec<u64> {
    let results = Mutex::new(Vec::new());
    thread::scope(|scope| {
        scope.spawn(move || jobs.for_each(|job| sender.send(job).unwrap()));
        for _ in 0..workers {
            let (receiver, results) = (receiver.clone(), &results);
            scope.spawn(move || {
                for job in receiver {
                    let result = work.run(job);
                    results.lock().unwrap().push(result);
                }
            });
        }
    });
    results.into_inner().unwrap()
}
