// The natural first attempt at a shared counter: four threads add to one local variable.
// It does not compile, and that is the point: this is the data race that safe Rust rules out.
use std::thread;

fn main() {
    // ANCHOR: attempt
    let mut counter = 0;
    let mut threads = Vec::new();
    for _ in 0..4 {
        threads.push(thread::spawn(|| {
            for _ in 0..1000 {
                counter += 1;
            }
        }));
    }
    for thread in threads {
        thread.join().unwrap();
    }
    println!("counter = {counter}");
    // ANCHOR_END: attempt
}
