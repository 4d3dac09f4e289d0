//! What the lesson `busy_cores` measures of a run of spinning threads, and the limits those
//! figures obey on any machine, however busy.

use std::time::Duration;

use lesson_kit::timeline::Run;

/// What one run of spinning threads measured.
#[derive(Debug)]
pub struct Busy {
    /// From starting the first thread to joining the last.
    pub wall: Duration,
    /// Each spinning thread's own CPU time while it spun.
    pub cpu: Vec<Duration>,
    /// When each thread spun.
    pub run: Run,
}

impl Busy {
    /// How many cores were busy on average: CPU time per second of wall time.
    pub fn cores_busy(&self) -> f64 {
        let cpu: Duration = self.cpu.iter().sum();
        cpu.as_secs_f64() / self.wall.as_secs_f64()
    }

    /// The limits that hold on any machine, however busy: a thread runs on at most one core at
    /// a time, and a process cannot use more cores than there are. `Err` says which one broke.
    pub fn within_limits(&self, cores: usize) -> Result<(), String> {
        // Slack for the clocks: the thread clocks and the wall clock are read at slightly
        // different moments, and a CPU quota is enforced per period, not per instant.
        let slack = 0.05;
        let threads = self.cpu.len();
        let used = self.cores_busy();
        if used > threads as f64 + slack {
            return Err(format!(
                "{threads} threads kept {used:.2} cores busy: more cores than threads"
            ));
        }
        if used > cores as f64 * 1.1 + slack {
            return Err(format!("{used:.2} cores busy on a machine with {cores}"));
        }
        if let Some(idle) = self.cpu.iter().position(Duration::is_zero) {
            return Err(format!("spinner-{idle} got no CPU time at all"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lesson_kit::Timeline;

    #[test]
    fn the_limits_catch_impossible_figures() {
        let impossible = Busy {
            wall: Duration::from_millis(100),
            cpu: vec![Duration::from_millis(190)],
            run: Timeline::new().finish("one"),
        };
        assert!(impossible.within_limits(64).is_err());
        let idle = Busy {
            wall: Duration::from_millis(100),
            cpu: vec![Duration::from_millis(90), Duration::ZERO],
            run: Timeline::new().finish("two"),
        };
        assert!(idle.within_limits(64).is_err());
        let fine = Busy {
            wall: Duration::from_millis(100),
            cpu: vec![Duration::from_millis(90), Duration::from_millis(95)],
            run: Timeline::new().finish("two"),
        };
        assert!((fine.cores_busy() - 1.85).abs() < 1e-9);
        assert_eq!(fine.within_limits(2), Ok(()));
        assert!(fine.within_limits(1).is_err(), "2 threads on 1 core");
    }
}
