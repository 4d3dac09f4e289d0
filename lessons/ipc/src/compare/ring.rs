//! The shared-memory way of the `ipc_compare` lesson: a ring of message slots in a file that two
//! processes map, with two atomic counters that say which slots are full.

use std::fs::File;
use std::io;
use std::path::Path;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::Instant;

use memmap2::MmapMut;

use super::MESSAGE;

// ANCHOR: ring_layout
/// How many messages the ring holds: 1024 of 64 bytes, 64 KiB, as much as a pipe holds on Linux.
pub const SLOTS: u64 = 1024;
/// Where things are in the mapped file. `head` (messages put in, only the sender writes it) and
/// `closed` share a cache line; `tail` (messages taken out, only the receiver writes it) has its
/// own, so that each side's writes do not keep taking the other side's line away.
const HEAD: usize = 0;
const CLOSED: usize = 8;
const TAIL: usize = 64;
const FIRST_SLOT: usize = 128;
const SIZE: usize = FIRST_SLOT + SLOTS as usize * MESSAGE;
/// How many times a waiting side checks again before it gives its core away.
const SPINS: u32 = 200;

/// A single-producer single-consumer ring of messages in a file mapped by two processes.
/// Slot `n % SLOTS` holds message `n`; the sender may fill it once `head - tail < SLOTS`, the
/// receiver may read it once `tail < head`. Atomics order memory between processes as between
/// threads: both map the same physical memory, and Rust's atomics are the processor's own
/// instructions on that memory (an `AtomicU64` exists only where the processor has them), with
/// no lock hidden in either process.
pub struct Ring {
    /// Keeps the mapping alive; every access goes through `base`.
    _map: MmapMut,
    base: *mut u8,
}

// SAFETY: `base` points into the mapping that `_map` owns, which stays where it is until the ring
// is dropped; whichever thread has the ring is its only user in this process.
unsafe impl Send for Ring {}
// ANCHOR_END: ring_layout

impl Ring {
    /// Makes the ring's file at `path` (zeroed: empty, not closed) and maps it.
    pub fn create(path: &Path) -> io::Result<Ring> {
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)?;
        file.set_len(SIZE as u64)?;
        Ring::map(&file)
    }

    /// Maps the ring made by [`Ring::create`] at `path`.
    pub fn open(path: &Path) -> io::Result<Ring> {
        let file = File::options().read(true).write(true).open(path)?;
        if file.metadata()?.len() != SIZE as u64 {
            let why = format!("{} is not a ring", path.display());
            return Err(io::Error::other(why));
        }
        Ring::map(&file)
    }

    fn map(file: &File) -> io::Result<Ring> {
        // SAFETY: another process changes this memory while it is mapped here: that is the
        // point. So no Rust reference to its bytes is ever made (a `&[u8]` promises that they do
        // not change): the counters are atomics, and the slots are copied through raw pointers,
        // only when the counters say that the other side is not using them.
        let mut map = unsafe { MmapMut::map_mut(file)? };
        let base = map.as_mut_ptr();
        Ok(Ring { _map: map, base })
    }

    fn counter(&self, at: usize) -> &AtomicU64 {
        // SAFETY: `at` is 0, 8 or 64, inside the mapping, which is page-aligned, so 8-aligned;
        // these 8 bytes are only ever accessed atomically, by both processes.
        unsafe { AtomicU64::from_ptr(self.base.add(at).cast()) }
    }

    fn slot(&self, n: u64) -> *mut u8 {
        // SAFETY: `n % SLOTS` is below SLOTS: the slot lies inside the mapping.
        unsafe { self.base.add(FIRST_SLOT + (n % SLOTS) as usize * MESSAGE) }
    }

    // ANCHOR: ring_moves
    /// Puts `message` in the next slot, waiting while the ring is full.
    pub fn send(
        &mut self,
        message: &[u8; MESSAGE],
        deadline: Instant,
        stop: &AtomicBool,
    ) -> Result<(), String> {
        // Relaxed: only this side writes `head`.
        let head = self.counter(HEAD).load(Ordering::Relaxed);
        // Acquire pairs with the receiver's Release store of `tail`: once we see that it took
        // message `head - SLOTS`, its copy out of that slot is over, and we may overwrite it.
        let free = |ring: &Ring| head - ring.counter(TAIL).load(Ordering::Acquire) < SLOTS;
        self.wait(free, deadline, stop, "a free slot")?;
        // SAFETY: the slot is ours until `head` moves past it: the receiver reads no slot at or
        // beyond `head`.
        unsafe { ptr::copy_nonoverlapping(message.as_ptr(), self.slot(head), MESSAGE) };
        // Release: whoever sees the new `head` with Acquire also sees the bytes copied above.
        self.counter(HEAD).store(head + 1, Ordering::Release);
        Ok(())
    }

    /// Takes the message in the next slot, waiting while the ring is empty.
    pub fn receive(
        &mut self,
        deadline: Instant,
        stop: &AtomicBool,
    ) -> Result<[u8; MESSAGE], String> {
        // Relaxed: only this side writes `tail`.
        let tail = self.counter(TAIL).load(Ordering::Relaxed);
        // Acquire pairs with the sender's Release store of `head`: the message's bytes are there.
        let full = |ring: &Ring| ring.counter(HEAD).load(Ordering::Acquire) > tail;
        self.wait(full, deadline, stop, "a message")?;
        let mut message = [0u8; MESSAGE];
        // SAFETY: the slot is ours until `tail` moves past it: the sender fills no slot that the
        // receiver has not given back.
        unsafe { ptr::copy_nonoverlapping(self.slot(tail), message.as_mut_ptr(), MESSAGE) };
        // Release: the sender, seeing the new `tail` with Acquire, knows our copy is over.
        self.counter(TAIL).store(tail + 1, Ordering::Release);
        Ok(message)
    }
    // ANCHOR_END: ring_moves

    /// The sender's last word: no more messages (what closing a stream says).
    pub fn close(&mut self) {
        self.counter(CLOSED).store(1, Ordering::Release);
    }

    /// Waits for the sender to close the ring, and returns how many messages it put in.
    pub fn wait_closed(&mut self, deadline: Instant) -> Result<u64, String> {
        let closed = |ring: &Ring| ring.counter(CLOSED).load(Ordering::Acquire) == 1;
        let never = AtomicBool::new(false);
        self.wait(closed, deadline, &never, "the sender's close")?;
        // The sender closed after its last message: Acquire above makes that `head` visible.
        Ok(self.counter(HEAD).load(Ordering::Acquire))
    }

    // ANCHOR: ring_wait
    /// Waits until `ready` is true: checks a few times in a row (the other side is usually
    /// about to be done), then gives the core away with `yield_now` between checks (the other
    /// side may need this very core), never a bare busy loop. Gives up at `deadline`, or as
    /// soon as it is told to `stop`: a stuck or dead peer is an error, not a hang.
    fn wait(
        &self,
        ready: impl Fn(&Ring) -> bool,
        deadline: Instant,
        stop: &AtomicBool,
        what: &str,
    ) -> Result<(), String> {
        loop {
            for _ in 0..SPINS {
                if ready(self) {
                    return Ok(());
                }
                std::hint::spin_loop();
            }
            if stop.load(Ordering::Relaxed) {
                return Err(format!("stopped while waiting for {what}"));
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "waited until the deadline for {what} in the ring: is the other side stuck?"
                ));
            }
            thread::yield_now();
        }
    }
    // ANCHOR_END: ring_wait
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Checksum, LIMIT, check, message};
    use crate::scratch::Scratch;
    use std::time::Duration;

    #[test]
    fn the_ring_carries_many_times_its_size_between_two_mappings_in_order() {
        let scratch = Scratch::new("ring-test");
        let path = scratch.join("ring");
        let mut sender = Ring::create(&path).unwrap();
        let mut receiver = Ring::open(&path).unwrap();
        let (deadline, never) = (Instant::now() + LIMIT, AtomicBool::new(false));
        let count = 5 * SLOTS + 3;
        let received = thread::scope(|scope| {
            let taker = scope.spawn(|| {
                let mut sum = Checksum::new();
                for index in 0..count {
                    let got = receiver.receive(deadline, &never).unwrap();
                    check(index, &got).unwrap();
                    sum.add(&got);
                }
                (sum.value(), receiver.wait_closed(deadline).unwrap())
            });
            for index in 0..count {
                sender.send(&message(index), deadline, &never).unwrap();
            }
            sender.close();
            taker.join().unwrap()
        });
        assert_eq!(received, (Checksum::of_messages(count), count));
    }

    #[test]
    fn a_full_ring_with_no_receiver_is_an_error_at_the_deadline_not_a_hang() {
        let scratch = Scratch::new("ring-test");
        let mut ring = Ring::create(&scratch.join("ring")).unwrap();
        let never = AtomicBool::new(false);
        let far = Instant::now() + LIMIT;
        for index in 0..SLOTS {
            ring.send(&message(index), far, &never).unwrap();
        }
        let start = Instant::now();
        let soon = start + Duration::from_millis(200);
        let error = ring.send(&message(SLOTS), soon, &never).unwrap_err();
        assert!(error.contains("deadline for a free slot"), "{error}");
        assert!(start.elapsed() >= Duration::from_millis(200));
        let stop = AtomicBool::new(true);
        let error = ring.send(&message(SLOTS), far, &stop).unwrap_err();
        assert!(error.starts_with("stopped"), "{error}");
    }
}
