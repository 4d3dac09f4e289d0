//! The exercise "async_pipeline": its contract, and the checks that grade it.
//!
//! The student edits `async_pipeline.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/async_pipeline.rs`. Both implement [`Pipeline`], so an edited starter
//! is graded by exactly the checks the reference passes. Every check runs on tokio's paused
//! clock: the steps' waits cost no real time, and the times a check sees are exact. The checks'
//! names, points and time limits are declared in `exercises.toml`; their limits are real time,
//! which correct code needs milliseconds of, so only code that blocks the thread or loops for
//! ever comes near them.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use exercise_kit::grading::{Code, Runs};
use lesson_kit::Timeline;
use lesson_kit::timeline::{Run, Span};
use sync_vs_async::basics::tokio_timeline;
use tokio::time::{Instant, sleep};

#[path = "../async_pipeline.rs"]
pub mod starter;

#[path = "../../solutions/async_pipeline.rs"]
pub mod solution;

/// The two steps of the scraper, as the grader hands them to a pipeline. The site answers one
/// request at a time, so a pipeline scrapes one item after another.
pub trait Steps: Send + Sync + 'static {
    /// Scrapes item `item` (a wait for the site), and returns its page.
    fn scrape(&self, item: usize) -> impl Future<Output = String> + Send;
    /// Processes a page that `scrape` returned (another wait), and returns the result.
    fn process(&self, page: String) -> impl Future<Output = String> + Send;
}

/// A way to scrape and process items `0..items`, as every version of the exercise offers it.
pub trait Pipeline {
    /// Returns the processed pages of items `0..items`, in the order of the items.
    fn run<S: Steps>(steps: Arc<S>, items: usize) -> impl Future<Output = Vec<String>>;
}

/// The checks' functions for either version of the exercise, for the grader.
pub fn runs_of(code: Code) -> Runs {
    match code {
        Code::Starter => runs::<starter::Scraper>(),
        Code::Solution => runs::<solution::Scraper>(),
    }
}

/// Virtual time after which a pipeline counts as stuck. On the paused clock, a pipeline that
/// waits for ever (a channel never closed) reaches it at once, in real time.
const PATIENCE: Duration = Duration::from_secs(600);

/// Items of every check, and the length of each step in the timing checks.
const ITEMS: usize = 10;
const STEP: Duration = Duration::from_millis(100);

/// The checks' functions for any pipeline, under the names `exercises.toml` declares.
pub fn runs<P: Pipeline>() -> Runs {
    exercise_kit::runs![
        results_in_order::<P>,
        takes_the_pipelined_time::<P>,
        scrapes_while_it_processes::<P>,
    ]
}

/// The grader's site: every step waits on tokio's clock and is recorded on a timeline.
pub struct Site {
    scrape_time: fn(usize) -> Duration,
    process_time: Duration,
    spans: Timeline,
}

impl Steps for Site {
    async fn scrape(&self, item: usize) -> String {
        let _span = self.spans.begin("scrape", item.to_string());
        sleep((self.scrape_time)(item)).await;
        format!("page {item}")
    }

    async fn process(&self, page: String) -> String {
        let item = page.strip_prefix("page ").unwrap_or(&page).to_owned();
        let _span = self.spans.begin("process", item);
        sleep(self.process_time).await;
        format!("{page} processed")
    }
}

/// What a pipeline did: its results, its steps, and the virtual time it took.
pub struct Outcome {
    pub results: Vec<String>,
    pub steps: Run,
    pub took: Duration,
}

/// Runs `P` on `items` items on a paused clock, with scrapes of `scrape_time(item)` and
/// processing of `process_time`.
pub fn run_pipeline<P: Pipeline>(
    items: usize,
    scrape_time: fn(usize) -> Duration,
    process_time: Duration,
) -> Result<Outcome, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .map_err(|error| format!("could not start a tokio runtime: {error}"))?;
    runtime.block_on(async {
        let site = Arc::new(Site {
            scrape_time,
            process_time,
            spans: tokio_timeline(),
        });
        let started = Instant::now();
        let results = tokio::time::timeout(PATIENCE, P::run(Arc::clone(&site), items))
            .await
            .map_err(|_| {
                format!(
                    "the pipeline was still waiting after {PATIENCE:?} of virtual time: does the \
                     consumer's loop end? A channel closes only when every sender is dropped"
                )
            })?;
        Ok(Outcome {
            results,
            steps: site.spans.finish("pipeline"),
            took: started.elapsed(),
        })
    })
}

/// The processed pages of items `0..items`, in order.
pub fn expected(items: usize) -> Vec<String> {
    (0..items)
        .map(|item| format!("page {item} processed"))
        .collect()
}

fn every_step(_: usize) -> Duration {
    STEP
}

fn results_in_order<P: Pipeline>() -> Result<(), String> {
    // Scrapes of different lengths: a pipeline that keeps the results in the order they finish
    // gets them out of order.
    let uneven = |item: usize| Duration::from_millis([300, 100, 200][item % 3]);
    let outcome = run_pipeline::<P>(ITEMS, uneven, Duration::from_millis(50))?;
    if outcome.results == expected(ITEMS) {
        Ok(())
    } else {
        Err(format!(
            "expected {:?}, got {:?}",
            expected(ITEMS),
            outcome.results
        ))
    }
}

fn takes_the_pipelined_time<P: Pipeline>() -> Result<(), String> {
    let outcome = run_pipeline::<P>(ITEMS, every_step, STEP)?;
    let pipelined = STEP * (ITEMS as u32 + 1);
    if outcome.took == pipelined {
        return Ok(());
    }
    let why = if outcome.took >= STEP * 2 * ITEMS as u32 {
        "every step waited for the one before it: process each page while the next is scraped"
    } else if outcome.took > pipelined {
        "some scrapes or some processing waited longer than they needed to"
    } else {
        "faster than one scrape at a time allows: the site takes one request at a time"
    };
    Err(format!(
        "expected exactly {pipelined:?} of virtual time, took {:?}: {why}",
        outcome.took
    ))
}

fn seconds(at: Duration) -> String {
    format!("{:.1} s", at.as_secs_f64())
}

fn scrapes_while_it_processes<P: Pipeline>() -> Result<(), String> {
    let outcome = run_pipeline::<P>(ITEMS, every_step, STEP)?;
    let lane = |name: &str| -> Vec<Span> {
        let spans = outcome.steps.spans.iter().filter(|span| span.lane == name);
        spans.cloned().collect()
    };
    let (scrapes, processed) = (lane("scrape"), lane("process"));
    if let Some(pair) = scrapes.windows(2).find(|pair| pair[0].overlaps(&pair[1])) {
        return Err(format!(
            "items {} and {} were scraped at the same time: scrape one item after another",
            pair[0].label, pair[1].label
        ));
    }
    let find = |spans: &[Span], item: usize| -> Result<Span, String> {
        let label = item.to_string();
        let span = spans.iter().find(|span| span.label == label);
        span.cloned()
            .ok_or_else(|| format!("item {item} was never scraped or never processed"))
    };
    for item in 0..ITEMS - 1 {
        let (next, this) = (find(&scrapes, item + 1)?, find(&processed, item)?);
        if !next.overlaps(&this) {
            return Err(format!(
                "item {} was scraped from {} to {}, but item {item} was processed from {} to {}: \
                 they should overlap",
                item + 1,
                seconds(next.start),
                seconds(next.end),
                seconds(this.start),
                seconds(this.end)
            ));
        }
    }
    Ok(())
}
