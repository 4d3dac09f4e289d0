// Two scoped threads add to one `Cell` counter. Scoped threads may borrow local variables, so
// lifetimes are not the problem here. It still does not compile: a `Cell` lets you change a value
// through a shared reference with no lock, so it must never be shared between threads. `Cell` is
// not `Sync`.
use std::cell::Cell;
use std::thread;

fn main() {
    // ANCHOR: attempt
    let counter = Cell::new(0);
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                for _ in 0..1000 {
                    counter.set(counter.get() + 1);
                }
            });
        }
    });
    println!("counter = {}", counter.get());
    // ANCHOR_END: attempt
}
