// Only the thread that locked a reentrant lock may unlock it: here the guard, whose drop is the
// unlock, is sent to another thread to be dropped there. It does not compile, and that is the point.
use parking_lot::ReentrantMutex;
use std::thread;

pub fn release_elsewhere() {
    // ANCHOR: attempt
    let lock: &'static ReentrantMutex<u32> = Box::leak(Box::new(ReentrantMutex::new(2)));
    let guard = lock.lock();
    thread::spawn(move || drop(guard)) // unlock on another thread
        .join()
        .unwrap();
    // ANCHOR_END: attempt
}
