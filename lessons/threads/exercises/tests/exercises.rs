//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and the checks tell apart the usual wrong answers, the same way
//! on every run.

use std::thread;
use std::time::Duration;

use exercise_kit::contract::{describe, run_all, run_at_once};
use exercise_kit::grading::{CheckReport, Code, Outcome};
use threads_exercises::chapter;
use threads_exercises::parallel_map::{self, ParallelMap};
use threads_exercises::stop_worker::{self, StoppableWorker};

exercise_kit::contract_tests!(chapter());

fn grade_stop<W: StoppableWorker>() -> Vec<CheckReport> {
    run_all(
        &chapter()
            .exercise("stop_worker")
            .bind(&stop_worker::runs::<W>()),
    )
}

fn grade_map<M: ParallelMap>() -> Vec<CheckReport> {
    run_all(
        &chapter()
            .exercise("parallel_map")
            .bind(&parallel_map::runs::<M>()),
    )
}

#[test]
fn the_untouched_stop_worker_starter_times_out_on_every_check() {
    // Each check waits out its whole limit; waiting for the three side by side takes a third of
    // the time and changes nothing in what each one sees (its worker mostly sleeps).
    let checks = run_at_once(&chapter().exercise("stop_worker").checks_of(Code::Starter));
    for check in &checks {
        assert_eq!(
            check.outcome,
            Outcome::TimedOut(check.limit),
            "{}",
            describe(&checks)
        );
    }
}

#[test]
fn a_worker_that_stops_without_join_loses_the_item_in_progress() {
    for run in 1..=2 {
        let checks = grade_stop::<fixtures::NoJoin>();
        // The other two checks may pass or fail, by timing: this one must catch the bug.
        let [_soon, _kept, in_progress] = &checks[..] else {
            panic!("expected 3 checks:{}", describe(&checks));
        };
        assert!(
            matches!(&in_progress.outcome, Outcome::Failed(message) if message.contains("item 2")),
            "run {run}:{}",
            describe(&checks)
        );
    }
}

#[test]
fn a_worker_with_a_channel_passes_too() {
    let checks = grade_stop::<fixtures::ChannelWorker>();
    assert!(
        checks.iter().all(|check| check.outcome == Outcome::Passed),
        "{}",
        describe(&checks)
    );
}

#[test]
fn the_serial_starter_keeps_the_order_but_is_caught_running_one_item_at_a_time() {
    let checks = grade_map::<parallel_map::starter::Mapper>();
    let [order, at_once, every] = &checks[..] else {
        panic!("expected 3 checks:{}", describe(&checks));
    };
    assert_eq!(order.outcome, Outcome::Passed, "{}", describe(&checks));
    assert_eq!(every.outcome, Outcome::Passed, "{}", describe(&checks));
    assert!(
        matches!(&at_once.outcome, Outcome::Failed(message) if message.contains("0 of 4 met")),
        "{}",
        describe(&checks)
    );
    // Only the first call waits out its patience; the others are late at once.
    assert!(
        at_once.elapsed < Duration::from_secs(4),
        "{:?}",
        at_once.elapsed
    );
}

#[test]
fn two_threads_taking_two_items_each_are_not_enough() {
    // Two runs side by side, each with its own meeting: the outcome is the same on every run, and
    // the two waits for the calls that never come overlap.
    let runs: Vec<Vec<CheckReport>> = thread::scope(|scope| {
        let graders: Vec<_> = (0..2)
            .map(|_| scope.spawn(grade_map::<fixtures::TwoThreads>))
            .collect();
        graders
            .into_iter()
            .map(|grader| grader.join().expect("run_check reports panics itself"))
            .collect()
    });
    for (run, checks) in (1..).zip(&runs) {
        let [order, at_once, every] = &checks[..] else {
            panic!("expected 3 checks:{}", describe(checks));
        };
        assert_eq!(
            order.outcome,
            Outcome::Passed,
            "run {run}:{}",
            describe(checks)
        );
        assert_eq!(
            every.outcome,
            Outcome::Passed,
            "run {run}:{}",
            describe(checks)
        );
        assert!(
            matches!(&at_once.outcome, Outcome::Failed(message) if message.contains("did not all run at once")),
            "run {run}:{}",
            describe(checks)
        );
    }
}

#[test]
fn a_map_that_collects_results_in_finishing_order_is_caught() {
    let checks = grade_map::<fixtures::FinishingOrder>();
    assert!(
        matches!(&checks[0].outcome, Outcome::Failed(message) if message.starts_with("expected [\"item 0\"")),
        "{}",
        describe(&checks)
    );
}

/// Small wrong and unusual answers, to show what the checks catch. Not exercises.
mod fixtures {
    use super::{ParallelMap, StoppableWorker};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex, mpsc};
    use std::thread::{self, JoinHandle};

    /// Sets the flag and returns what it has so far, without waiting for the thread.
    pub struct NoJoin {
        stop: Arc<AtomicBool>,
        items: Arc<Mutex<Vec<u64>>>,
    }

    impl StoppableWorker for NoJoin {
        fn start(mut next_item: impl FnMut() -> u64 + Send + 'static) -> Self {
            let stop = Arc::new(AtomicBool::new(false));
            let items = Arc::new(Mutex::new(Vec::new()));
            let (asked, kept) = (Arc::clone(&stop), Arc::clone(&items));
            thread::spawn(move || {
                while !asked.load(Ordering::SeqCst) {
                    let item = next_item();
                    kept.lock().unwrap().push(item);
                }
            });
            NoJoin { stop, items }
        }

        fn stop(self) -> Vec<u64> {
            self.stop.store(true, Ordering::SeqCst);
            self.items.lock().unwrap().clone()
        }
    }

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

    /// Parallel, but only 2 threads, each taking half of the items.
    pub struct TwoThreads;

    impl ParallelMap for TwoThreads {
        fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
            let half = items.len().div_ceil(2).max(1);
            let f = &f;
            thread::scope(|scope| {
                let halves: Vec<_> = items
                    .chunks(half)
                    .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
                    .collect();
                halves
                    .into_iter()
                    .flat_map(|half| half.join().unwrap())
                    .collect()
            })
        }
    }

    /// One thread per item, but results pushed as they finish: the order is lost.
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
}
