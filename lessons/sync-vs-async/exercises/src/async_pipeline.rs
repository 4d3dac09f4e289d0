//! The exercise "async_pipeline": its contract, and the checks that grade it.
//!
//! The student edits `async_pipeline.rs` (in this crate's folder, beside `src/`); the reference
//! solution is `../solutions/async_pipeline.rs`. Both implement [`Pipeline`], so an edited starter
//! is graded by exactly the checks the reference passes. Every check runs on tokio's paused
//! clock: the steps' waits cost no real time, and the times a check sees are exact.
//!
//! The grader supplies the work itself, as [`Site`]: its pages carry a token only the site knows,
//! and `process` logs which page it was handed and answers with a token of its own. So the
//! checks see what really went from one step to the next: a result that `process` never gave,
//! or a page that `scrape` never sent, is caught however well the calls are timed. The checks'
//! time limits (in `exercises.toml`) are real time, which correct code needs milliseconds of.

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use exercise_kit::grading::{Code, Runs};
use lesson_kit::Timeline;
use lesson_kit::timeline::{Run, Span};
use sync_vs_async::basics::tokio_timeline;
use tokio::time::{Instant, sleep};

use exercise_kit::seeded;

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

/// The grader's site: every step waits on tokio's clock, is recorded on a timeline, and is
/// logged with what it was handed.
pub struct Site {
    scrape_time: fn(usize) -> Duration,
    process_time: Duration,
    /// Chooses the tokens: each check has its own, so no list of strings passes every check.
    seed: u64,
    spans: Timeline,
    log: Mutex<Log>,
}

/// What the steps were really asked to do.
#[derive(Debug, Default, Clone)]
pub struct Log {
    /// The items whose scrape ended (so that their page was sent), in that order.
    pub scraped: Vec<usize>,
    /// The items whose page `process` was handed, in that order.
    pub processed: Vec<usize>,
    /// What `process` was handed that no scrape had sent.
    pub made_up: Vec<String>,
}

impl Site {
    /// The page of `item`: its token is how `process` knows the page came from `scrape`.
    fn page(&self, item: usize) -> String {
        let token = seeded::number(self.seed, 2 * item as u64) as u32;
        format!("page {item} #{token:08x}")
    }

    /// What processing the page of `item` gives: a token of its own, so that nobody can write
    /// the result without asking `process`.
    fn result(&self, item: usize) -> String {
        let token = seeded::number(self.seed, 2 * item as u64 + 1) as u32;
        format!("page {item} processed #{token:08x}")
    }

    fn log(&self) -> MutexGuard<'_, Log> {
        // A step that panicked while logging cannot have left the log half-written.
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The item whose page `page` is, if a scrape of that item has sent it.
    fn sender_of(&self, page: &str) -> Option<usize> {
        let number = page.strip_prefix("page ")?.split(' ').next()?;
        let item = number.parse().ok()?;
        let genuine = page == self.page(item) && self.log().scraped.contains(&item);
        genuine.then_some(item)
    }
}

impl Steps for Site {
    async fn scrape(&self, item: usize) -> String {
        let _span = self.spans.begin("scrape", item.to_string());
        sleep((self.scrape_time)(item)).await;
        // Logged when the page is sent: a scrape cancelled half-way sent nothing.
        self.log().scraped.push(item);
        self.page(item)
    }

    async fn process(&self, page: String) -> String {
        let item = self.sender_of(&page);
        let label = item.map_or_else(|| "made up".to_owned(), |item| item.to_string());
        let _span = self.spans.begin("process", label);
        match item {
            Some(item) => self.log().processed.push(item),
            None => self.log().made_up.push(page.clone()),
        }
        sleep(self.process_time).await;
        item.map_or_else(
            || format!("{page:?} is no page of the site"),
            |item| self.result(item),
        )
    }
}

/// What a pipeline did, what its steps were asked, and the virtual time it took.
pub struct Outcome {
    pub results: Vec<String>,
    pub log: Log,
    /// What `process` gives for the pages of items `0..items`, in order.
    pub expected: Vec<String>,
    pub steps: Run,
    pub took: Duration,
}

/// Runs `P` on `items` items on a paused clock, with scrapes of `scrape_time(item)`, processing
/// of `process_time`, and the tokens that `seed` chooses.
pub fn run_pipeline<P: Pipeline>(
    seed: u64,
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
            seed,
            spans: tokio_timeline(),
            log: Mutex::default(),
        });
        let started = Instant::now();
        let results = tokio::time::timeout(PATIENCE, P::run(Arc::clone(&site), items))
            .await
            .map_err(|_| {
                format!(
                    "the pipeline was still waiting after {} minutes of virtual time, with \
                     nothing left to wait for: a deadlock. Does the consumer's loop end? A \
                     channel closes only when every sender is dropped. Does a send wait for room \
                     that nobody makes?",
                    PATIENCE.as_secs() / 60
                )
            })?;
        Ok(Outcome {
            results,
            log: site.log().clone(),
            expected: (0..items).map(|item| site.result(item)).collect(),
            steps: site.spans.finish("pipeline"),
            took: started.elapsed(),
        })
    })
}

fn every_step(_: usize) -> Duration {
    STEP
}

fn results_in_order<P: Pipeline>() -> Result<(), String> {
    // Scrapes of different lengths: a pipeline that keeps the results in the order they finish
    // gets them out of order.
    let uneven = |item: usize| Duration::from_millis([300, 100, 200][item % 3]);
    let outcome = run_pipeline::<P>(1, ITEMS, uneven, Duration::from_millis(50))?;
    let log = &outcome.log;
    if let Some(page) = log.made_up.first() {
        return Err(format!(
            "process was handed {page:?}, a page that scrape never sent: hand process each page \
             that scrape returned, as it is"
        ));
    }
    for item in 0..ITEMS {
        let times = |steps: &[usize]| steps.iter().filter(|&&done| done == item).count();
        let (scraped, processed) = (times(&log.scraped), times(&log.processed));
        if (scraped, processed) != (1, 1) {
            return Err(format!(
                "item {item} was scraped {scraped} times and its page processed {processed} \
                 times; expected once each"
            ));
        }
    }
    // Every item was processed once, so any result list of the right length that differs holds
    // something `process` did not give, or not in its place.
    let (results, expected) = (&outcome.results, &outcome.expected);
    let (got, want) = (results.len(), expected.len());
    if got != want {
        return Err(format!("expected {want} results, one per item, got {got}"));
    }
    let Some(place) = (0..want).find(|&place| results[place] != expected[place]) else {
        return Ok(());
    };
    Err(format!(
        "result {place} should be {:?}, what process gave for the page of item {place}; it is \
         {:?}",
        expected[place], results[place]
    ))
}

fn takes_the_pipelined_time<P: Pipeline>() -> Result<(), String> {
    let outcome = run_pipeline::<P>(2, ITEMS, every_step, STEP)?;
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
    let outcome = run_pipeline::<P>(3, ITEMS, every_step, STEP)?;
    let lane = |name: &str| -> Vec<Span> {
        let spans = outcome.steps.spans.iter().filter(|span| span.lane == name);
        spans.cloned().collect()
    };
    let (scrapes, processed) = (lane("scrape"), lane("process"));
    // The spans are in the order they started: if any two scrapes overlap, two neighbours do.
    if let Some(pair) = scrapes.windows(2).find(|pair| pair[0].overlaps(&pair[1])) {
        return Err(format!(
            "items {} and {} were scraped at the same time: scrape one item after another",
            pair[0].label, pair[1].label
        ));
    }
    let find = |spans: &[Span], item: usize, done: &str| -> Result<Span, String> {
        let label = item.to_string();
        let span = spans.iter().find(|span| span.label == label);
        span.cloned()
            .ok_or_else(|| format!("item {item} was never {done}"))
    };
    for item in 0..ITEMS - 1 {
        let next = find(&scrapes, item + 1, "scraped")?;
        let this = find(
            &processed,
            item,
            "processed (from the page its scrape sent)",
        )?;
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
