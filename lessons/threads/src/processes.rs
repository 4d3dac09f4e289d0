//! The parent's side of the notes' "processes" runs: N copies of a job in child processes, all
//! begun at the same moment (`lesson_kit::process`: each child says it is ready, then the parent
//! says go to all), each on its own lane of the run's timeline.

use std::time::Duration;

use lesson_kit::Timeline;
use lesson_kit::process::{Children, Finished, Launch};

/// What one child process did.
#[derive(Debug, Clone)]
pub struct ChildRun {
    /// Its name (`process-0`, ...), pid, lines, and the span of its job.
    pub finished: Finished,
    /// The line it printed when it began its job (pid, process and thread names).
    pub who: String,
    /// What its job returned.
    pub result: u64,
}

impl ChildRun {
    /// How long the process took to start, from spawn to its `ready`.
    pub fn start_cost(&self) -> Duration {
        self.finished.start_cost().unwrap_or_default()
    }

    /// How long the job itself took, by the child's clock.
    pub fn job_time(&self) -> Duration {
        self.finished
            .spans
            .first()
            .map_or(Duration::ZERO, |job| job.length())
    }
}

/// Starts `count` children `process-0`, `process-1`, ... from `job` (a role of
/// [`child`](crate::child) and its flags), lets them all begin together, and collects their
/// reports. On `timeline`, each gets a lane with a `start` span (from spawn to ready: the cost of
/// starting a process) and the span of its job. Every child is killed if the run is not over
/// within `limit`.
pub fn run_processes(
    count: usize,
    job: &Launch,
    limit: Duration,
    timeline: &Timeline,
) -> Result<Vec<ChildRun>, String> {
    let launches = (0..count).map(|i| {
        let name = format!("process-{i}");
        job.clone().arg("--name", &name).named(name)
    });
    let mut children = Children::start(launches, limit).map_err(|error| error.to_string())?;
    children.ready_go().map_err(|error| error.to_string())?;
    let finished = children.finish().map_err(|error| error.to_string())?;
    finished
        .into_iter()
        .map(|finished| {
            let finished = finished.ok().map_err(|error| error.to_string())?;
            finished.record_on(timeline);
            let [who, result] = finished.lines.as_slice() else {
                return Err(format!("{} said {:?}", finished.name, finished.lines));
            };
            let result = result
                .strip_prefix("result ")
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("{} said {result:?}, not `result <n>`", finished.name))?;
            Ok(ChildRun {
                who: who.clone(),
                result,
                finished,
            })
        })
        .collect()
}

/// Prints what the children said when they began, and what each cost to start.
pub fn print_children(children: &[ChildRun]) {
    for child in children {
        println!("   {}", child.who);
    }
    let starts: Vec<String> = children
        .iter()
        .map(|child| format!("{:.1} ms", child.start_cost().as_secs_f64() * 1000.0))
        .collect();
    println!("   starting each process took {}", starts.join(", "));
}
