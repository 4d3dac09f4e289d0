// The owner of a reentrant lock may hold several guards at once, so a guard gives only `&T`:
// changing the data through it does not compile.
use parking_lot::ReentrantMutex;

pub fn book_two(seats: &ReentrantMutex<u32>) {
    // ANCHOR: attempt
    let mut free = seats.lock();
    *free -= 2;
    // ANCHOR_END: attempt
}
