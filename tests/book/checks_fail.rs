//! Each of the book's checks notices when its rule is broken: every test breaks one rule in a copy
//! of the repository and expects the check to name it.

use crate::common::{assert_reported, copy_of_repository, edit};
use std::fs;
use tempfile::TempDir;
use workbook::build::build_site;
use workbook::checks::{
    MAX_AVERAGE_LESSON_LINES, MAX_LESSON_LINES, include_problems, lesson_length_problems,
    lesson_problems, site_problems,
};
use workbook::figures::{FIGURES_DIR, figure_problems};
use workbook::measurements::{self, FigureRow, Measured, measurement_problems, timing_lessons};
use workbook::project::Project;
use workbook::translations::{read_po, translation_problems};

/// The first chapter that shows lessons, and a line of it that includes an example.
fn a_chapter_with_an_include(project: &workbook::project::Project) -> (std::path::PathBuf, String) {
    let lesson = &project.lesson_crates().unwrap()[0];
    let chapter = project.book_dir().join(format!("{}.md", lesson.slug));
    let text = fs::read_to_string(&chapter).unwrap();
    let line = text
        .lines()
        .find(|line| line.starts_with("{{#include ../lessons/"))
        .expect("the chapter includes lesson code")
        .to_owned();
    (chapter, line)
}

#[test]
fn a_missing_include_is_reported_and_makes_the_build_warn() {
    let (folder, project) = copy_of_repository();
    let (chapter, line) = a_chapter_with_an_include(&project);
    edit(
        &chapter,
        &line,
        "{{#include ../lessons/no-such-crate/examples/gone.rs}}",
    );
    assert_reported(
        &include_problems(&project).unwrap(),
        &["no-such-crate/examples/gone.rs", "does not exist"],
    );
    // The build needs only the broken chapter.
    let page = format!("{}", chapter.file_name().unwrap().to_string_lossy());
    crate::common::keep_only_pages(&project, &[&page]);
    let built = build_site(&project, &folder.path().join("site"), false).unwrap();
    assert!(
        built
            .warnings
            .iter()
            .any(|warning| warning.contains("gone.rs")),
        "a broken include built without a warning that names it: {:#?}",
        built.warnings
    );
}

#[test]
fn an_include_of_a_missing_anchor_is_reported() {
    let (_folder, project) = copy_of_repository();
    let (chapter, line) = a_chapter_with_an_include(&project);
    let file = line
        .trim_start_matches("{{#include ")
        .split(':')
        .next()
        .unwrap()
        .to_owned();
    edit(
        &chapter,
        &line,
        &format!("{{{{#include {file}:no_such_anchor}}}}"),
    );
    assert_reported(&include_problems(&project).unwrap(), &["no_such_anchor"]);
}

#[test]
fn an_example_the_chapter_does_not_show_or_name_is_reported() {
    let (_folder, project) = copy_of_repository();
    let lesson = &project.lesson_crates().unwrap()[0];
    fs::write(
        lesson.dir.join("examples/unshown_lesson.rs"),
        "fn main() {}\n",
    )
    .unwrap();
    let problems = lesson_problems(&project).unwrap();
    assert_reported(&problems, &["cargo run --example unshown_lesson"]);
    assert_reported(&problems, &["examples/unshown_lesson.rs", "include"]);
}

#[test]
fn a_lesson_whose_tests_never_run_is_reported() {
    let (_folder, project) = copy_of_repository();
    let lesson = &project.lesson_crates().unwrap()[0];
    let example = &lesson.examples[0];
    let runner = lesson.dir.join(workbook::checks::LESSON_TESTS);
    edit(
        &runner,
        &format!("#[path = \"../../examples/{example}.rs\"]"),
        "",
    );
    assert_reported(
        &lesson_problems(&project).unwrap(),
        &[&format!("examples/{example}.rs has tests that never run")],
    );
}

#[test]
fn a_chapter_that_does_not_link_to_its_crate_is_reported() {
    let (_folder, project) = copy_of_repository();
    let lesson = &project.lesson_crates().unwrap()[0];
    let chapter = project.book_dir().join(format!("{}.md", lesson.slug));
    let link = format!("](../lessons/{}/)", lesson.slug);
    let text = fs::read_to_string(&chapter)
        .unwrap()
        .replace(&link, "](https://example.org/)");
    fs::write(&chapter, text).unwrap();
    assert_reported(
        &lesson_problems(&project).unwrap(),
        &["does not link to its lesson crate"],
    );
}

#[test]
fn a_lesson_crate_without_a_chapter_is_reported() {
    let (_folder, project) = copy_of_repository();
    let orphan = project.lessons_dir().join("orphan-topic");
    fs::create_dir_all(&orphan).unwrap();
    fs::write(
        orphan.join("Cargo.toml"),
        "[package]\nname = \"orphan-topic\"\n",
    )
    .unwrap();
    assert_reported(
        &lesson_problems(&project).unwrap(),
        &["lessons/orphan-topic has no chapter"],
    );
}

#[test]
fn changed_english_makes_its_translation_stale_and_missing() {
    let (_folder, project) = copy_of_repository();
    let introduction = project.book_dir().join("introduction.md");
    edit(
        &introduction,
        "# Introduction {#introduction}\n",
        "# Introduction {#introduction}\n\nA sentence nobody has translated yet.\n",
    );
    edit(
        &introduction,
        "## Who this book is for",
        "## Who this workbook is for",
    );
    let problems = translation_problems(&project, "fa").unwrap();
    assert_reported(
        &problems,
        &["missing message", "A sentence nobody has translated yet."],
    );
    assert_reported(&problems, &["missing message", "Who this workbook is for"]);
    assert_reported(&problems, &["stale message", "Who this book is for"]);
}

#[test]
fn untranslated_fuzzy_and_obsolete_messages_are_reported() {
    let (_folder, project) = copy_of_repository();
    let po = project.po_file("fa");
    let text = fs::read_to_string(&po).unwrap();
    // Empty the translation of "Exercises", mark the next message fuzzy, and keep an obsolete one.
    let exercises = text
        .find("msgid \"Exercises\"\nmsgstr \"")
        .expect("fa.po translates Exercises");
    let start = exercises + "msgid \"Exercises\"\nmsgstr \"".len();
    let end = start + text[start..].find('"').unwrap();
    let mut broken = format!("{}{}", &text[..start], &text[end..]);
    broken = broken.replacen("msgid \"Generators\"", "#, fuzzy\nmsgid \"Generators\"", 1);
    broken.push_str("\n#~ msgid \"Gone\"\n#~ msgstr \"رفته\"\n");
    fs::write(&po, broken).unwrap();
    let problems = translation_problems(&project, "fa").unwrap();
    assert_reported(&problems, &["untranslated message", "\"Exercises\""]);
    assert_reported(&problems, &["fuzzy message", "\"Generators\""]);
    assert_reported(&problems, &["obsolete"]);
}

#[test]
fn a_po_header_without_a_required_field_is_an_error_not_a_panic() {
    let (_folder, project) = copy_of_repository();
    let po = project.po_file("fa");
    let text = fs::read_to_string(&po).unwrap();
    let without: String = text
        .lines()
        .filter(|line| !line.starts_with("\"Language-Team:"))
        .map(|line| format!("{line}\n"))
        .collect();
    fs::write(&po, without).unwrap();
    let Err(error) = read_po(&po) else {
        panic!("a header without Language-Team was accepted");
    };
    assert!(format!("{error}").contains("Language-Team"), "{error}");
}

#[test]
fn a_page_with_the_wrong_direction_a_broken_picker_or_a_dead_link_is_reported() {
    // The real book, built once for all the tests, copied so that breaking it harms no other test.
    let project = crate::common::repository();
    let (_folder, built) = crate::common::copy_of_built_site();
    let before = site_problems(&project, &built.site, &built.languages).unwrap();
    assert!(before.is_empty(), "{before:#?}");

    let persian_intro = built.site.join("fa/introduction.html");
    edit(&persian_intro, r#"dir="rtl""#, r#"dir="ltr""#);
    // The English pickers now point at a page that is gone.
    fs::remove_file(built.site.join("fa/exercises.html")).unwrap();
    // And one Persian page loses its picker altogether.
    let persian_chapter = built.site.join("fa/locks-and-races.html");
    let html = fs::read_to_string(&persian_chapter).unwrap();
    let start = html
        .find(r#"<nav class="language-picker""#)
        .expect("a picker");
    let end = start + html[start..].find("</nav>").unwrap() + "</nav>".len();
    fs::write(
        &persian_chapter,
        format!("{}{}", &html[..start], &html[end..]),
    )
    .unwrap();
    edit(
        &built.site.join("introduction.html"),
        "</main>",
        r##"<a href="index.html#no-such-heading">x</a><a href="gone.html">y</a></main>"##,
    );

    // The Persian pages and scripts speak Persian around the chapter; the English ones stay English.
    let english_intro = fs::read_to_string(built.site.join("introduction.html")).unwrap();
    assert!(english_intro.contains(r#"title="Change theme""#));
    edit(
        &persian_intro,
        r#"title="تغییر پوسته""#,
        r#"title="Change theme""#,
    );
    edit(
        &built.site.join("fa/404.html"),
        "صفحه پیدا نشد (404)",
        "Document not found (404)",
    );
    let script = fs::read_dir(built.site.join("fa"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.to_string_lossy().contains("/book-"))
        .expect("mdBook's script in the Persian folder");
    let text = fs::read_to_string(&script).unwrap();
    fs::write(&script, format!("{text}\nlet t = 'Copied!';\n")).unwrap();

    let problems = site_problems(&project, &built.site, &built.languages).unwrap();
    assert_reported(
        &problems,
        &["fa:introduction.html", "still English", "Change theme"],
    );
    assert_reported(
        &problems,
        &["fa:404.html", "still English", "Document not found"],
    );
    assert_reported(&problems, &["fa: a script still says", "'Copied!'"]);
    assert_reported(&problems, &["fa:introduction.html", "dir=\"rtl\""]);
    assert_reported(
        &problems,
        &["en:exercises.html", "fa/exercises.html", "does not exist"],
    );
    assert_reported(
        &problems,
        &["fa:locks-and-races.html", "picker has no link to 'en'"],
    );
    assert_reported(&problems, &["en:introduction.html", "#no-such-heading"]);
    assert_reported(
        &problems,
        &["en:introduction.html", "gone.html", "does not exist"],
    );
}

/// Writes an SVG into the copy's figures folder, as a lesson would, carrying `command`.
fn add_figure(project: &workbook::project::Project, name: &str, command: Option<&str>) {
    let dir = project.root.join(FIGURES_DIR);
    fs::create_dir_all(&dir).unwrap();
    let comment = command.map_or(String::new(), |command| {
        format!("<desc>generated by: {command}</desc>\n")
    });
    fs::write(
        dir.join(name),
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\">\n{comment}</svg>\n"),
    )
    .unwrap();
}

#[test]
fn a_figure_without_its_command_is_reported() {
    let (_folder, project) = copy_of_repository();
    add_figure(&project, "drawn_by_hand.svg", None);
    assert_reported(
        &figure_problems(&project).unwrap(),
        &[
            "book/figures/drawn_by_hand.svg",
            "does not say which command",
        ],
    );
}

#[test]
fn a_figure_of_a_missing_lesson_or_of_another_file_is_reported() {
    let (_folder, project) = copy_of_repository();
    add_figure(
        &project,
        "ghost.svg",
        Some("cargo run --example no_such_lesson -- --svg book/figures/ghost.svg"),
    );
    let lessons = project.lesson_crates().unwrap();
    let example = lessons
        .iter()
        .flat_map(|lesson| &lesson.examples)
        .next()
        .expect("some lesson exists");
    add_figure(
        &project,
        "copied.svg",
        Some(&format!(
            "cargo run --example {example} -- --svg book/figures/original.svg"
        )),
    );
    let problems = figure_problems(&project).unwrap();
    assert_reported(
        &problems,
        &["ghost.svg", "`no_such_lesson`", "no lesson crate"],
    );
    assert_reported(
        &problems,
        &["copied.svg", "writes book/figures/original.svg"],
    );
    assert_reported(&problems, &["copied.svg", "not shown by any chapter"]);
    assert!(
        !problems
            .iter()
            .any(|problem| problem.contains("copied.svg") && problem.contains("no lesson crate")),
        "{example} exists: {problems:#?}"
    );
}

#[test]
fn a_figure_that_is_not_well_formed_xml_is_reported() {
    let (_folder, project) = copy_of_repository();
    // The mistake the first timelines made: `--` inside an XML comment.
    let dir = project.root.join(FIGURES_DIR);
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("broken.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<!-- cargo run --example x -->\n</svg>\n",
    )
    .unwrap();
    assert_reported(
        &figure_problems(&project).unwrap(),
        &["book/figures/broken.svg", "not a well-formed SVG"],
    );
}

/// A repository with one lesson crate whose lessons have these numbers of lines; the last one is a
/// lesson of several files (`examples/<name>/main.rs`).
fn lessons_of_lengths(lengths: &[usize]) -> (TempDir, Project) {
    let folder = crate::common::scratch();
    fs::write(folder.path().join("book.toml"), "").unwrap();
    let topic = folder.path().join("lessons/topic");
    fs::create_dir_all(topic.join("examples")).unwrap();
    fs::write(topic.join("Cargo.toml"), "[package]\nname = \"topic\"\n").unwrap();
    for (index, lines) in lengths.iter().enumerate() {
        let text = "// a line of the lesson\n".repeat(*lines);
        let file = if index + 1 == lengths.len() {
            let dir = topic.join(format!("examples/lesson_{index}"));
            fs::create_dir_all(&dir).unwrap();
            dir.join("main.rs")
        } else {
            topic.join(format!("examples/lesson_{index}.rs"))
        };
        fs::write(file, text).unwrap();
    }
    let project = Project::at(folder.path()).unwrap();
    (folder, project)
}

#[test]
fn a_lesson_over_the_line_limit_is_reported_with_its_length() {
    assert_eq!(MAX_LESSON_LINES, 300);
    let (_folder, project) = lessons_of_lengths(&[MAX_LESSON_LINES + 1, 20, 20]);
    let problems = lesson_length_problems(&project).unwrap();
    assert_reported(
        &problems,
        &[
            "lessons/topic/examples/lesson_0.rs",
            "has 301 lines",
            "at most 300",
        ],
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");

    let (_folder, project) = lessons_of_lengths(&[20, 20, MAX_LESSON_LINES + 1]);
    assert_reported(
        &lesson_length_problems(&project).unwrap(),
        &["lessons/topic/examples/lesson_2/main.rs", "has 301 lines"],
    );
}

#[test]
fn lessons_too_long_on_average_are_reported_with_the_average() {
    assert_eq!(MAX_AVERAGE_LESSON_LINES, 180);
    // 550 lines in 3 lessons: 183.3 on average, though none is over the limit.
    let (_folder, project) = lessons_of_lengths(&[200, 200, 150]);
    let problems = lesson_length_problems(&project).unwrap();
    assert_reported(&problems, &["3 lessons average 183.3 lines", "at most 180"]);
    assert_eq!(problems.len(), 1, "{problems:#?}");
}

#[test]
fn lessons_inside_the_limits_are_not_reported() {
    // The longest lesson allowed, and an average of exactly 180.
    let (_folder, project) = lessons_of_lengths(&[MAX_LESSON_LINES, 100, 140]);
    let problems = lesson_length_problems(&project).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_replaced_rendering_or_a_second_gloss_in_a_chapter_is_reported() {
    let (_folder, project) = copy_of_repository();
    let glossary = workbook::translations::glossary_file(&project, "fa");
    let terms = workbook::glossary::Glossary::read(&glossary, "fa").unwrap();
    let term = terms
        .terms
        .iter()
        .find(|term| !term.replaces.is_empty())
        .expect("the glossary replaces some rendering");
    let old = &term.replaces[0];
    // The translation of the chapter title "Threads", with a replaced rendering and, twice, the
    // gloss of the same term.
    let po = project.po_file("fa");
    let text = fs::read_to_string(&po).unwrap();
    let title = "msgid \"Threads\"\nmsgstr \"";
    let start = text.find(title).expect("fa.po translates Threads") + title.len();
    let broken = format!(
        "{}{old} ({en}) ({en}) {}",
        &text[..start],
        &text[start..],
        en = term.en
    );
    fs::write(&po, broken).unwrap();
    // `translation_problems` runs this check too, after extracting the English (seconds).
    let problems = workbook::translations::glossary_check(&project, "fa").unwrap();
    assert_reported(
        &problems,
        &[&format!("«{old}»"), "\"Threads\"", &term.rendering],
    );
    assert_reported(
        &problems,
        &[&format!("glosses ({})", term.en), "only on its first use"],
    );
}

#[test]
fn a_lesson_name_two_crates_share_is_reported() {
    let (_folder, project) = copy_of_repository();
    let crates = project.lesson_crates().unwrap();
    let (first, second) = (&crates[0], &crates[1]);
    let name = &first.examples[0];
    let copy = second.dir.join("examples").join(format!("{name}.rs"));
    fs::write(&copy, "fn main() {}\n").unwrap();
    assert_reported(
        &lesson_problems(&project).unwrap(),
        &[
            &format!("the lesson name {name} is used by"),
            &first.slug,
            &second.slug,
            "would not know which to run",
        ],
    );
}

/// A data file with one row for each timing lesson of `project`, as the generator would write it.
fn complete_measurements(project: &Project) -> Vec<Measured> {
    timing_lessons(project)
        .unwrap()
        .into_iter()
        .map(|(chapter, lesson)| Measured {
            chapter,
            command: measurements::command_of(&lesson),
            lesson,
            figures: vec![FigureRow {
                title: "wall time".into(),
                this_run: Some("0.100 s".into()),
                ..FigureRow::default()
            }],
        })
        .collect()
}

fn write_measurements(project: &Project, rows: &[Measured]) {
    fs::write(
        project.root.join(measurements::DATA_FILE),
        measurements::to_toml(rows),
    )
    .unwrap();
}

#[test]
fn the_real_measurements_have_a_row_for_each_timing_lesson_and_no_other() {
    let project = crate::common::repository();
    let problems = measurement_problems(&project).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(timing_lessons(&project).unwrap().len() >= 10);
}

#[test]
fn a_complete_data_file_has_no_problems_and_a_timing_lesson_without_a_row_is_reported() {
    let (_folder, project) = copy_of_repository();
    let mut rows = complete_measurements(&project);
    write_measurements(&project, &rows);
    assert_eq!(
        measurement_problems(&project).unwrap(),
        Vec::<String>::new()
    );
    let dropped = rows.remove(0);
    write_measurements(&project, &rows);
    let name = format!("{}/{}", dropped.chapter, dropped.lesson);
    assert_reported(
        &measurement_problems(&project).unwrap(),
        &[&name, "has no row"],
    );
}

#[test]
fn a_new_timing_lesson_needs_a_row() {
    let (_folder, project) = copy_of_repository();
    write_measurements(&project, &complete_measurements(&project));
    let lesson = &project.lesson_crates().unwrap()[0];
    fs::write(
        lesson.dir.join("examples/new_timing.rs"),
        "fn main() { lesson_kit::Figure::new(\"t\").this_run(lesson_kit::seconds(d)).print(); }\n",
    )
    .unwrap();
    assert_reported(
        &measurement_problems(&project).unwrap(),
        &[&format!("{}/new_timing", lesson.slug), "has no row"],
    );
}

#[test]
fn a_row_for_a_missing_or_an_untimed_lesson_or_twice_is_reported() {
    let (_folder, project) = copy_of_repository();
    let complete = complete_measurements(&project);
    let mut rows = complete.clone();
    rows[0].lesson = "no_such_lesson".into();
    rows[0].command = measurements::command_of("no_such_lesson");
    write_measurements(&project, &rows);
    assert_reported(
        &measurement_problems(&project).unwrap(),
        &["no_such_lesson", "there is no lessons/"],
    );

    let untimed = project
        .lesson_crates()
        .unwrap()
        .into_iter()
        .find_map(|lesson| {
            let slug = lesson.slug.clone();
            lesson
                .examples
                .into_iter()
                .find(|e| {
                    !complete
                        .iter()
                        .any(|row| row.chapter == slug && &row.lesson == e)
                })
                .map(|e| (slug, e))
        })
        .expect("some lesson is not a timing lesson");
    let mut rows = complete.clone();
    rows[0].chapter = untimed.0.clone();
    rows[0].lesson = untimed.1.clone();
    rows[0].command = measurements::command_of(&untimed.1);
    write_measurements(&project, &rows);
    assert_reported(
        &measurement_problems(&project).unwrap(),
        &[&untimed.1, "not a timing lesson"],
    );

    let mut rows = complete.clone();
    rows.push(complete[0].clone());
    rows[1].command = "cargo run --example something_else".into();
    write_measurements(&project, &rows);
    let problems = measurement_problems(&project).unwrap();
    assert_reported(&problems, &[&complete[0].lesson, "has two rows"]);
    assert_reported(
        &problems,
        &["something_else", "expected `cargo run --example"],
    );
}

#[test]
fn a_missing_or_malformed_data_file_is_reported() {
    let (_folder, project) = copy_of_repository();
    let path = project.root.join(measurements::DATA_FILE);
    let _ = fs::remove_file(&path);
    assert_reported(
        &measurement_problems(&project).unwrap(),
        &["measurements.toml", "cannot be read"],
    );
    fs::write(&path, "[[lesson]\nchapter = 1\n").unwrap();
    assert_reported(
        &measurement_problems(&project).unwrap(),
        &["measurements.toml", "not valid TOML"],
    );
    fs::write(&path, "[[lesson]]\nchapter = \"threads\"\n").unwrap();
    assert_reported(
        &measurement_problems(&project).unwrap(),
        &["`lesson` is missing"],
    );
}
