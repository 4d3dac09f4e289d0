//! Starting a few named threads, letting each do its part, and collecting what they return: what
//! the lessons `busy_cores` and `concurrency_vs_parallelism` do around their work.

use std::thread;

/// Runs `job(0)`, `job(1)`, ... `job(count - 1)`, each on its own thread named `name-0`,
/// `name-1`, ..., all started before any is joined, and returns what they returned, in that
/// order. The threads are scoped, so `job` may borrow the caller's local variables.
pub fn on_threads<T: Send>(name: &str, count: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let job = &job;
    thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .map(|number| {
                thread::Builder::new()
                    .name(format!("{name}-{number}"))
                    .spawn_scoped(scope, move || job(number))
                    .expect("the OS refused to start a thread")
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a worker thread panicked"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lesson_kit::meeting::Meeting;
    use std::time::Duration;

    #[test]
    fn every_job_runs_on_its_own_named_thread_and_the_results_keep_their_order() {
        let meeting = Meeting::new(4, Duration::from_secs(60));
        let results = on_threads("worker", 4, |number| {
            // Only threads that all run at once can all arrive at the meeting.
            meeting.arrive();
            (number, thread::current().name().map(str::to_owned))
        });
        let expected: Vec<_> = (0..4)
            .map(|number| (number, Some(format!("worker-{number}"))))
            .collect();
        assert_eq!(results, expected);
        assert!(meeting.outcome().met, "{:?}", meeting.outcome());
        assert!(on_threads("none", 0, |number| number).is_empty());
    }
}
