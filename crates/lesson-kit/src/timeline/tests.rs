//! Tests of recording, the text drawing and the SVG drawing.

use super::chart::TEXT_WIDTH;
use super::svg::tick_step;
use super::*;

fn span(lane: &str, label: &str, start_ms: u64, end_ms: u64) -> Span {
    Span {
        lane: lane.into(),
        label: label.into(),
        start: Duration::from_millis(start_ms),
        end: Duration::from_millis(end_ms),
    }
}

fn run(title: &str, spans: Vec<Span>) -> Run {
    Run {
        title: title.into(),
        spans,
    }
}

#[test]
fn serial_work_peaks_at_one_and_parallel_work_at_the_number_of_lanes() {
    let serial = run(
        "serial",
        vec![span("main", "a", 0, 10), span("main", "b", 10, 20)],
    );
    let parallel = run(
        "threads",
        vec![
            span("t0", "a", 0, 10),
            span("t1", "b", 1, 11),
            span("t2", "c", 2, 12),
        ],
    );
    assert_eq!(serial.peak_overlap(), 1, "touching ends are not overlap");
    assert!(!serial.any_overlap());
    assert_eq!(parallel.peak_overlap(), 3);
    assert_eq!(parallel.lanes(), ["t0", "t1", "t2"]);
    let many = run(
        "many",
        vec![
            span("w-10", "a", 0, 1),
            span("w-2", "b", 1, 2),
            span("main", "c", 2, 3),
        ],
    );
    assert_eq!(
        many.lanes(),
        ["main", "w-2", "w-10"],
        "natural order, not start order"
    );
    assert_eq!(parallel.wall_time(), Duration::from_millis(12));
    assert_eq!(serial.end(), Duration::from_millis(20));
}

#[test]
fn recorded_spans_lie_inside_the_work_and_in_order() {
    let timeline = Timeline::new();
    let before = Instant::now();
    let value = timeline.record("sleep", || {
        thread::sleep(Duration::from_millis(5));
        42
    });
    {
        let _second = timeline.begin("lane-b", "second");
    }
    let run = timeline.finish("one");
    assert_eq!(value, 42);
    assert_eq!(run.spans.len(), 2);
    let first = &run.spans[0];
    assert_eq!(first.label, "sleep");
    assert!(
        first.length() >= Duration::from_millis(5),
        "a sleep never ends early"
    );
    assert!(first.start >= before.saturating_duration_since(timeline.origin()));
    assert_eq!(run.spans[1].lane, "lane-b");
    assert!(run.spans[1].start >= first.end);
}

#[test]
fn named_threads_are_lanes_by_name_and_unnamed_ones_by_number() {
    let named = thread::Builder::new()
        .name("crunch-1".into())
        .spawn(current_lane)
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(named, "crunch-1");
    let unnamed = thread::spawn(current_lane).join().unwrap();
    assert!(
        unnamed.starts_with("thread-") && unnamed.len() > "thread-".len(),
        "{unnamed}"
    );
}

#[test]
fn times_from_another_process_are_placed_by_the_wall_clock() {
    let timeline = Timeline::new();
    let start = timeline.origin_system + Duration::from_millis(30);
    timeline.add_system_times("pid 7", "crunch", start, start + Duration::from_millis(20));
    // A clock read before the timeline started is drawn at its start.
    timeline.add_system_times(
        "pid 8",
        "early",
        timeline.origin_system - Duration::from_secs(1),
        timeline.origin_system,
    );
    let run = timeline.finish("processes");
    assert_eq!(run.spans[0], span("pid 8", "early", 0, 0));
    assert_eq!(run.spans[1], span("pid 7", "crunch", 30, 50));
}

fn example_chart() -> Chart {
    Chart::new("4 sleeps")
        .run(run(
            "serial",
            (0..4)
                .map(|i| span("main", &format!("sleep#{i}"), i * 10, i * 10 + 10))
                .collect(),
        ))
        .run(run(
            "threads",
            (0..4)
                .map(|i| span(&format!("t{i}"), &format!("sleep#{i}"), 0, 10))
                .collect(),
        ))
        .generated_by("cargo run --example only_sleep -- --svg \"a b.svg\"")
}

#[test]
fn the_text_drawing_shares_one_axis_between_runs() {
    let text = example_chart().to_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "timeline: 4 sleeps");
    assert_eq!(lines[1], "  serial (40 ms)");
    let serial_bar = lines[2].split('|').nth(1).unwrap();
    assert_eq!(serial_bar.chars().count(), TEXT_WIDTH);
    assert!(
        serial_bar.chars().all(|c| c == '█' || c == '▓'),
        "serial work fills the whole axis: {serial_bar:?}"
    );
    assert_eq!(serial_bar.chars().filter(|&c| c == '▓').count(), 30);
    assert_eq!(lines[3], "  threads (10 ms)");
    for line in &lines[4..8] {
        let bar = line.split('|').nth(1).unwrap();
        assert_eq!(bar.chars().filter(|&c| c == '█').count(), 15, "{line}");
        assert!(bar.starts_with('█'));
    }
    assert!(lines[8].ends_with("40 ms"), "{}", lines[8]);
    assert_eq!(lines.len(), 9);
}

#[test]
fn the_svg_is_well_formed_and_carries_its_command() {
    let svg = example_chart().to_svg();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    let document = roxmltree::Document::parse(&svg)
        .unwrap_or_else(|error| panic!("not well-formed XML: {error}\n{svg}"));
    assert_eq!(document.root_element().tag_name().name(), "svg");
    let rects = document
        .descendants()
        .filter(|node| node.has_tag_name("rect"))
        .count();
    assert_eq!(rects, 1 + 8, "background + 8 spans");
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<rect ").count(), 1 + 8, "background + 8 spans");
    assert_eq!(
        generator_of(&svg).as_deref(),
        Some("cargo run --example only_sleep -- --svg \"a b.svg\"")
    );
    assert!(svg.contains(">serial (40 ms)</text>"));
    assert!(svg.contains("<title>sleep#3: 30 ms to 40 ms</title>"));
    // Every opened element is closed (a crude but effective check for this flat SVG).
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    assert_eq!(
        svg.matches("<rect ").count() - 1,
        svg.matches("</rect>").count()
    );
    assert_eq!(
        example_chart().to_svg(),
        svg,
        "the same runs give the same file"
    );
}

#[test]
fn names_are_escaped_in_the_svg() {
    let chart = Chart::new("a<b & \"c\"").run(run("x<y", vec![span("<lane>", "&", 0, 1)]));
    let svg = chart.to_svg();
    roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert!(svg.contains("a&lt;b &amp; &quot;c&quot;"));
    assert!(svg.contains("&lt;lane&gt;"));
    assert!(!svg.contains("<lane>"));
    assert_eq!(generator_of(&svg), None);
}

#[test]
fn ticks_are_round() {
    assert_eq!(
        tick_step(Duration::from_millis(40)),
        Duration::from_millis(10)
    );
    assert_eq!(
        tick_step(Duration::from_millis(1000)),
        Duration::from_millis(200)
    );
    assert_eq!(millis(Duration::from_micros(2500)), "2.5 ms");
    assert_eq!(millis(Duration::from_millis(412)), "412 ms");
}

#[test]
fn write_svg_creates_the_folder() {
    let folder = std::env::temp_dir().join(format!("timeline-test-{}", std::process::id()));
    let path = folder.join("figures/chart.svg");
    example_chart().write_svg(&path).unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
    assert_eq!(written, example_chart().to_svg());
}

/// A clock that moves exactly 10 ms every time it is read.
fn ten_ms_per_reading() -> Instant {
    static BASE: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    static READINGS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let readings = READINGS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    *BASE.get_or_init(Instant::now) + Duration::from_millis(10 * readings)
}

#[test]
fn a_timeline_with_its_own_clock_reads_only_that_clock() {
    // Readings: the origin (0), the span's start (10 ms) and its end (20 ms), whatever time
    // the system says has passed.
    let timeline = Timeline::with_clock(ten_ms_per_reading);
    let recording = timeline.begin("task-0", "step");
    std::thread::sleep(Duration::from_millis(30));
    recording.end();
    let run = timeline.finish("fake clock");
    let span = &run.spans[0];
    assert_eq!(
        (span.start, span.end),
        (Duration::from_millis(10), Duration::from_millis(20))
    );
}

#[test]
fn show_writes_the_svg_with_the_command_that_redraws_the_book_figure() {
    let folder = std::env::temp_dir().join(format!("lesson-kit-show-{}", std::process::id()));
    let path = folder.join("figure.svg");
    example_chart().show("crunch_numbers", Some(&path));
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
    assert_eq!(
        generator_of(&written).as_deref(),
        Some("cargo run --example crunch_numbers -- --svg book/figures/crunch_numbers.svg")
    );
}

#[test]
fn stacking_keeps_spans_apart_while_lanes_last_and_never_makes_more_lanes() {
    let run = run(
        "tasks",
        vec![
            span("task", "page", 0, 10),
            span("task", "page", 0, 10),
            span("task", "page", 0, 10),
            span("task", "page", 10, 20),
        ],
    );
    let two = run.stacked("tasks", 2);
    let lanes: Vec<&str> = two.spans.iter().map(|span| span.lane.as_str()).collect();
    assert_eq!(lanes, ["tasks-0", "tasks-1", "tasks-0", "tasks-0"]);
    let roomy = run.stacked("slot", 8);
    assert_eq!(roomy.lanes(), ["slot-0", "slot-1", "slot-2"]);
    assert_eq!(roomy.peak_overlap(), run.peak_overlap());
}
