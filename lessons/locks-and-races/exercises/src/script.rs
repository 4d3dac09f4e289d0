//! The one-customer check's script: theatres of varied sizes, bookings and box-office sales,
//! drawn from a fixed seed, so that every run grades the same steps, and their answers follow
//! no pattern that a booking could be written for.

/// One step of a customer's day at the theatre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The customer books this many seats.
    Book(u32),
    /// The box office sells this many seats by phone, between two bookings.
    Phone(u32),
}

/// Theatres of varied sizes and varied bookings, the same on every run: a booking cannot be
/// written for a few known numbers or a known run of answers.
pub fn script() -> Vec<(u32, Vec<Step>)> {
    // xorshift64, from a fixed seed.
    let mut state: u64 = 0x5eed_b00c_1ead_cafe;
    let mut roll = |low: u32, high: u32| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        low + u32::try_from(state % u64::from(high - low + 1)).expect("below high")
    };
    let mut theatres = Vec::new();
    for _ in 0..6 {
        let seats = roll(3, 9);
        let (mut free, mut steps) = (seats, Vec::new());
        for _ in 0..7 {
            let step = match roll(0, 5) {
                0 if free > 1 => Step::Phone(roll(1, free - 1)),
                // All there is, or one more: where `>` for `>=` and stale counts show.
                1 | 2 if free > 0 => Step::Book(free + roll(0, 1)),
                _ => Step::Book(roll(1, 4)),
            };
            free -= match step {
                Step::Phone(sold) => sold,
                Step::Book(wanted) if wanted <= free => wanted,
                Step::Book(_) => 0,
            };
            steps.push(step);
        }
        theatres.push((seats, steps));
    }
    theatres
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_has_every_case_that_shows_a_mistake() {
        let (mut exact, mut one_more, mut stale, mut sold_out, mut answers) =
            (0, 0, 0, 0, Vec::new());
        for (seats, steps) in script() {
            let (mut free, mut phoned) = (seats, 0);
            let mut run = Vec::new();
            for step in steps {
                match step {
                    Step::Phone(sold) => {
                        free -= sold;
                        phoned += sold;
                    }
                    Step::Book(wanted) => {
                        exact += usize::from(wanted == free);
                        one_more += usize::from(free > 0 && wanted == free + 1);
                        // A count of its own that missed the phone sales says yes here.
                        stale += usize::from(wanted > free && wanted <= free + phoned);
                        sold_out += usize::from(free == 0);
                        run.push(wanted <= free);
                        if wanted <= free {
                            free -= wanted;
                        }
                    }
                }
            }
            answers.push(run);
        }
        assert!(
            exact >= 3 && one_more >= 3 && stale >= 2 && sold_out >= 2,
            "{:?}",
            script()
        );
        answers.dedup();
        assert!(
            answers.len() >= 5,
            "the same answers in several theatres: {answers:?}"
        );
    }
}
