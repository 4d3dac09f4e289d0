//! The Fibonacci generator of the `fibonacci` lesson with a counter of the values it computed, so
//! that the `lazy_next` lesson can show how much work each call of `next()` does.

// ANCHOR: counting
/// The Fibonacci generator of the `fibonacci` lesson, with a counter of the values it computed.
pub struct CountingFib {
    current: u64,
    next: Option<u64>,
    /// How many values this generator has computed so far: its work.
    pub steps: usize,
}

impl CountingFib {
    /// Creating a generator computes nothing, just like calling `fib()` in Python.
    pub fn new() -> Self {
        CountingFib {
            current: 0,
            next: Some(1),
            steps: 0,
        }
    }
}

impl Iterator for CountingFib {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let value = self.next?;
        self.steps += 1;
        self.next = self.current.checked_add(value);
        self.current = value;
        Some(value)
    }
}
// ANCHOR_END: counting

impl Default for CountingFib {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_k_calls_exactly_k_values_are_computed() {
        let mut generator = CountingFib::new();
        assert_eq!(
            generator.steps, 0,
            "creating the generator computed something"
        );
        for k in 1..=93 {
            assert!(generator.next().is_some(), "call {k} ended the generator");
            assert_eq!(generator.steps, k, "after {k} calls of next()");
        }
        // The 94th value does not fit in a u64: the generator ends and computes nothing more.
        assert_eq!(generator.next(), None);
        assert_eq!(generator.next(), None);
        assert_eq!(generator.steps, 93);
    }

    #[test]
    fn taking_3_from_an_endless_generator_does_3_steps() {
        let mut generator = CountingFib::new();
        assert_eq!(generator.by_ref().take(3).collect::<Vec<_>>(), [1, 1, 2]);
        assert_eq!(generator.steps, 3);
    }

    #[test]
    fn adapters_compute_nothing_until_someone_asks() {
        let mut generator = CountingFib::new();
        let squares = generator.by_ref().map(|value| value * value);
        drop(squares);
        assert_eq!(generator.steps, 0);
        let even: Vec<u64> = generator
            .by_ref()
            .filter(|v| v.is_multiple_of(2))
            .take(2)
            .collect();
        // 1, 1, 2, 3, 5, 8: six values computed to find the first two even ones.
        assert_eq!((even, generator.steps), (vec![2, 8], 6));
    }
}
