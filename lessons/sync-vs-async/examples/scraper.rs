//! Lesson: the notes' simulated scraper, sync and async (session 7 of the Persian notes).
//!
//! 20 items, each scraped (a wait, standing in for the web site's reply), then processed (another
//! wait). The sync version scrapes every item into a list, then processes the list. The async
//! version is a producer task that scrapes and a consumer task that processes, connected by a
//! channel: the consumer works on item k while the producer scrapes item k + 1. The notes measured
//! 24 s and 13 s; both fit steps of 0.6 s: 20 × 1.2 s = 24 s in line, 0.6 s + 20 × 0.6 s = 12.6 s
//! as a pipeline. Scale: the notes' 1 s is 10 ms here, so each step waits 6 ms.
//!
//! Run: `cargo run --example scraper` (try `-- --items 5 --second-ms 50`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lesson_kit::cli::{self, Arg};
use lesson_kit::timeline::Run;
use lesson_kit::{Chart, Timeline, seconds};
use sync_vs_async::basics::{one_thread, tokio_timeline};
use sync_vs_async::scraper::{first_and_last, print_figures};
use tokio::sync::mpsc;

const USAGE: &str = "\
The notes' scraper: scrape every item, then process them (sync), or both at once as a pipeline
of two tasks and a channel (async).

usage: cargo run --example scraper -- [--items N] [--second-ms MS] [--svg PATH]

  --items N       how many items (default 20, as in the notes; from 1 to 200)
  --second-ms MS  how many milliseconds stand for one of the notes' seconds (default 10,
                  from 1 to 1000); each step takes 0.6 of them
  --svg PATH      also draw the timeline as an SVG file
  -h, --help      show this text
";

/// Only a stuck run could take this long; the lesson fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(120);

// ANCHOR: steps
/// Scraping one item: waiting for the site's reply, then keeping the page.
async fn scrape(item: usize, step: Duration) -> String {
    tokio::time::sleep(step).await;
    format!("page {item}")
}

/// Processing one page: another wait (a database, a file), then the result.
async fn process(page: String, step: Duration) -> String {
    tokio::time::sleep(step).await;
    format!("{page} processed")
}
// ANCHOR_END: steps

// ANCHOR: sync
/// Sync: scrape every item into a list, then process the list. Each step is awaited before the
/// next one starts, like a plain function call.
async fn sync_scraper(items: usize, step: Duration, spans: &Timeline) -> Vec<String> {
    let mut pages = Vec::new();
    for item in 0..items {
        let _span = spans.begin("scrape", format!("scrape#{item}"));
        pages.push(scrape(item, step).await);
    }
    let mut results = Vec::new();
    for (item, page) in pages.into_iter().enumerate() {
        let _span = spans.begin("process", format!("process#{item}"));
        results.push(process(page, step).await);
    }
    results
}
// ANCHOR_END: sync

// ANCHOR: pipeline
/// Async: a producer task scrapes and sends each page down a channel as soon as it has it; a
/// consumer task processes the pages as they come. `unbounded_channel` is the notes'
/// `asyncio.Queue()`, `tokio::spawn` their `create_task`, and `tokio::join!` their `gather`.
async fn async_scraper(items: usize, step: Duration, spans: Arc<Timeline>) -> Vec<String> {
    let (pages, mut arriving) = mpsc::unbounded_channel();
    let producer_spans = Arc::clone(&spans);
    let producer = tokio::spawn(async move {
        for item in 0..items {
            let span = producer_spans.begin("producer", format!("scrape#{item}"));
            let page = scrape(item, step).await;
            span.end();
            pages.send(page).expect("the consumer stopped early");
        }
        // `pages` is dropped here: the channel closes, and the consumer's loop ends.
    });
    let consumer = tokio::spawn(async move {
        let mut results = Vec::new();
        let mut item = 0;
        while let Some(page) = arriving.recv().await {
            let _span = spans.begin("consumer", format!("process#{item}"));
            results.push(process(page, step).await);
            item += 1;
        }
        results
    });
    let (produced, results) = tokio::join!(producer, consumer);
    produced.expect("the producer panicked");
    results.expect("the consumer panicked")
}
// ANCHOR_END: pipeline

/// Runs both versions, one after the other, and returns their runs and results.
async fn both(items: usize, step: Duration) -> ((Run, Vec<String>), (Run, Vec<String>)) {
    let spans = tokio_timeline();
    let sync_results = sync_scraper(items, step, &spans).await;
    let sync = (spans.finish("sync"), sync_results);
    let spans = Arc::new(tokio_timeline());
    let async_results = async_scraper(items, step, Arc::clone(&spans)).await;
    (sync, (spans.finish("async"), async_results))
}

/// The results the notes' scraper gives: every item, processed, in order.
fn expected(items: usize) -> Vec<String> {
    (0..items).map(|i| format!("page {i} processed")).collect()
}

fn main() {
    let (mut items, mut second_ms, mut svg) = (20, 10, None::<PathBuf>);
    cli::parse_env(USAGE, |arg, parser| {
        match arg {
            Arg::Long("items") => items = cli::number(parser, "--items", 1..=200)?,
            Arg::Long("second-ms") => second_ms = cli::number(parser, "--second-ms", 1..=1000)?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    // The notes' step of 0.6 s, at this scale.
    let step = Duration::from_micros(600 * second_ms);
    println!(
        "{items} items; scraping and processing each take {step:?} (the notes' 0.6 s; their 1 s is \
         {second_ms} ms here). One thread runs every task.\n"
    );

    // ANCHOR: run_both
    // One thread, like asyncio's event loop: tokio's current-thread runtime.
    let runtime = one_thread();
    let ((sync, sync_results), (pipelined, async_results)) = runtime
        .block_on(async { tokio::time::timeout(LIMIT, both(items, step)).await })
        .expect("the scrapers did not finish in time");
    // ANCHOR_END: run_both
    let (slow, fast) = (sync.wall_time(), pipelined.wall_time());
    println!("1. Sync, scrape all then process all: {}", seconds(slow));
    println!("2. Async, producer and consumer:      {}", seconds(fast));
    println!("   sync results:  {}", first_and_last(&sync_results));
    println!("   async results: {}\n", first_and_last(&async_results));

    let title = format!("{items} items, scraped and processed (the notes' 1 s is {second_ms} ms)");
    Chart::new(title)
        .run(sync.clone())
        .run(pipelined.clone())
        .show("scraper", svg.as_deref());

    let (ideal_sync, ideal_async) = (step * 2 * items as u32, step * (items as u32 + 1));
    print_figures(items, second_ms, [slow, fast], [ideal_sync, ideal_async]);

    // ANCHOR: asserts
    // What no load can fake: the same results in the same order, waits that never end early,
    // and in the pipeline, a page processed while the next one was being scraped.
    assert_eq!(
        (&sync_results, &async_results),
        (&expected(items), &expected(items)),
        "expected both scrapers to process every item, in order"
    );
    assert!(
        slow >= ideal_sync && fast >= ideal_async,
        "expected at least {ideal_sync:?} for sync and {ideal_async:?} for async, got {slow:?} and {fast:?}"
    );
    assert_eq!(
        sync.peak_overlap(),
        1,
        "expected the sync steps one after another, got {sync:?}"
    );
    if items > 1 {
        assert_eq!(
            pipelined.peak_overlap(),
            2,
            "expected the consumer to process while the producer scraped, got {pipelined:?}"
        );
    }
    // ANCHOR_END: asserts
    println!("\nAs expected: the same results in order; the sync steps came one after another,");
    println!("and the pipeline processed each page while the next one was being scraped.");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The notes' own step, 0.6 s: on the paused clock it costs no real time.
    const STEP: Duration = Duration::from_millis(600);

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[tokio::test(start_paused = true)]
    async fn twenty_items_take_exactly_24_s_in_line_and_12_6_s_as_a_pipeline() {
        let ((sync, sync_results), (pipelined, async_results)) = both(20, STEP).await;
        assert_eq!(sync.wall_time(), ms(24_000));
        assert_eq!(pipelined.wall_time(), ms(12_600));
        assert_eq!(sync_results, expected(20));
        assert_eq!(async_results, expected(20));
    }

    #[tokio::test(start_paused = true)]
    async fn the_consumer_processes_item_k_while_the_producer_scrapes_item_k_plus_1() {
        let spans = Arc::new(tokio_timeline());
        async_scraper(5, STEP, Arc::clone(&spans)).await;
        let run = spans.finish("async");
        let lane = |name: &str| -> Vec<(Duration, Duration)> {
            let spans = run.spans.iter().filter(|span| span.lane == name);
            spans.map(|span| (span.start, span.end)).collect()
        };
        let step = |k: u64| ms(600 * k);
        let scraped: Vec<_> = (0..5).map(|k| (step(k), step(k + 1))).collect();
        let processed: Vec<_> = (0..5).map(|k| (step(k + 1), step(k + 2))).collect();
        assert_eq!(lane("producer"), scraped);
        assert_eq!(lane("consumer"), processed);
        assert_eq!(run.peak_overlap(), 2, "{run:?}");
        assert_eq!(run.lanes(), ["consumer", "producer"]);
    }

    #[tokio::test(start_paused = true)]
    async fn the_sync_scraper_scrapes_everything_before_it_processes_anything() {
        let spans = tokio_timeline();
        sync_scraper(5, STEP, &spans).await;
        let run = spans.finish("sync");
        let last_scrape = run.spans.iter().filter(|span| span.lane == "scrape");
        let first_process = run.spans.iter().find(|span| span.lane == "process");
        assert_eq!(last_scrape.map(|span| span.end).max(), Some(ms(3000)));
        assert_eq!(first_process.map(|span| span.start), Some(ms(3000)));
        assert_eq!(run.peak_overlap(), 1, "{run:?}");
        assert_eq!(run.wall_time(), ms(6000));
    }

    #[test]
    fn on_the_real_clock_each_version_takes_at_least_its_ideal_time() {
        let step = ms(5);
        let ((sync, sync_results), (pipelined, async_results)) = one_thread()
            .block_on(async { tokio::time::timeout(LIMIT, both(4, step)).await })
            .expect("the scrapers did not finish in time");
        assert_eq!((sync_results, async_results), (expected(4), expected(4)));
        assert!(sync.wall_time() >= step * 8, "{sync:?}");
        assert!(pipelined.wall_time() >= step * 5, "{pipelined:?}");
        assert_eq!(sync.peak_overlap(), 1, "{sync:?}");
    }
}
