// Two threads add to one counter through an `Rc`, the single-threaded shared pointer, and a
// `RefCell`, which checks borrows without any lock. It does not compile, and that is the point:
// both would change the count at the same time, a data race. `Rc` is not `Send`.
use std::cell::RefCell;
use std::rc::Rc;
use std::thread;

fn main() {
    // ANCHOR: attempt
    let counter = Rc::new(RefCell::new(0));
    let mut threads = Vec::new();
    for _ in 0..2 {
        let counter = Rc::clone(&counter);
        threads.push(thread::spawn(move || {
            for _ in 0..1000 {
                *counter.borrow_mut() += 1;
            }
        }));
    }
    for thread in threads {
        thread.join().unwrap();
    }
    println!("counter = {}", counter.borrow());
    // ANCHOR_END: attempt
}
