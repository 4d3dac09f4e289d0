//! The book's own tests, in one test program so that the slow ones (builds, a served book waiting
//! for its rebuild) run side by side. Here: the real book obeys every rule (it builds in every
//! language without warnings, its includes resolve, its chapters and lessons match, its
//! translations are complete, the built pages have the right direction and working language
//! pickers and links); `checks_fail`: each check notices its rule broken; `serve`: `cargo run`;
//! `browser`: the served book in a headless Chromium (driven through `cdp`).

mod browser;
mod cdp;
mod checks_fail;
mod common;
mod exercises_fail;
mod search;
mod serve;

use common::{built_repository, repository};
use mdbook_i18n_helpers::renderers::Xgettext;
use mdbook_preprocessor::book::BookItem;
use workbook::build::load_book;
use workbook::checks::{
    exercise_page_problems, include_problems, lesson_length_problems, lesson_problems,
    site_problems, summary_titles,
};
use workbook::exercises_page::{declared_slugs, read_declaration};
use workbook::figures::{figure_files, figure_problems};
use workbook::project::SOURCE_LANGUAGE;
use workbook::translations::translation_problems;

#[test]
fn summary_lists_the_whole_planned_book_in_order() {
    let titles = summary_titles(&repository()).expect("SUMMARY.md is readable");
    assert_eq!(
        titles,
        [
            "Introduction",
            "Foundations",
            "Generators",
            "Sync vs async",
            "Threads",
            "Locks and races",
            "Reentrant locks",
            "Coordination primitives",
            "Thread pools",
            "Processes",
            "Inter-process communication",
            "Beyond one machine",
            "Summary",
            "Exercises",
        ]
    );
}

#[test]
fn chapters_not_written_yet_are_drafts_not_placeholder_pages() {
    let project = repository();
    let summary = std::fs::read_to_string(project.book_dir().join("SUMMARY.md")).unwrap();
    for line in summary.lines().filter(|line| line.contains("](")) {
        let target = line.split("](").nth(1).unwrap().trim_end_matches(')');
        if target.is_empty() {
            continue;
        }
        let page = std::fs::read_to_string(project.book_dir().join(target))
            .unwrap_or_else(|_| panic!("{target} is listed but missing"));
        assert!(
            page.lines().filter(|line| !line.trim().is_empty()).count() > 5,
            "{target} looks like a placeholder page; make it a draft chapter (`[Title]()`) instead"
        );
    }
}

#[test]
fn builds_in_every_language_without_warnings() {
    let built = built_repository();
    assert!(
        built.languages.contains(&"fa".to_owned()),
        "languages built: {:?}",
        built.languages
    );
    assert!(
        built.warnings.is_empty(),
        "mdBook warned: {:#?}",
        built.warnings
    );
    assert!(built.site.join("index.html").is_file());
    assert!(built.site.join("fa").join("index.html").is_file());
    for language_root in [built.site.clone(), built.site.join("fa")] {
        let has_search_index = std::fs::read_dir(&language_root).unwrap().any(|entry| {
            entry
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("searchindex")
        });
        assert!(
            has_search_index,
            "no search index in {}",
            language_root.display()
        );
    }
}

#[test]
fn every_include_resolves() {
    let problems = include_problems(&repository()).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_lesson_crate_has_a_chapter_that_links_to_it_and_shows_every_example() {
    let project = repository();
    assert!(
        !project.lesson_crates().unwrap().is_empty(),
        "no lesson crates found"
    );
    let problems = lesson_problems(&project).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_translation_is_complete_and_current() {
    let project = repository();
    let languages = project.translations().unwrap();
    assert!(languages.contains(&"fa".to_owned()), "po/fa.po is missing");
    for language in languages {
        let problems = translation_problems(&project, &language).unwrap();
        assert!(problems.is_empty(), "{problems:#?}");
    }
}

#[test]
fn built_pages_have_their_direction_a_working_picker_and_working_links() {
    let built = built_repository();
    let problems = site_problems(&repository(), &built.site, &built.languages).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_persian_font_ships_with_its_licence() {
    let built = built_repository();
    let fonts = built.site.join("fa/theme/fonts/vazirmatn");
    assert!(
        fonts.join("Vazirmatn-Regular.woff2").is_file(),
        "no font in {}",
        fonts.display()
    );
    let licence = std::fs::read_to_string(repository().theme_dir().join("fonts/vazirmatn/OFL.txt"))
        .expect("the font's licence is bundled");
    assert!(licence.contains("SIL Open Font License"));
}

#[test]
fn every_figure_is_drawn_by_a_lesson_and_shown_in_a_chapter() {
    let project = repository();
    let figures = figure_files(&project).unwrap();
    assert!(
        figures.len() >= 3,
        "the timing lessons' timelines should be in book/figures, found {figures:?}"
    );
    let problems = figure_problems(&project).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_chapters_exercises_are_declared_once_and_shown_on_the_exercises_page() {
    let project = repository();
    let problems = exercise_page_problems(&project).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");

    // The page as the translations see it: generated, then with its hints included.
    let book = load_book(&project, SOURCE_LANGUAGE).unwrap();
    let (book, _) = book.preprocess_book(&Xgettext).unwrap();
    let page = book
        .iter()
        .find_map(|item| match item {
            BookItem::Chapter(chapter)
                if chapter.path.as_deref() == Some(std::path::Path::new("exercises.md")) =>
            {
                Some(chapter.content.clone())
            }
            _ => None,
        })
        .expect("the book has an Exercises page");
    assert!(!page.contains("{{#"), "a directive was left on the page");
    let slugs = declared_slugs(&project.root).unwrap();
    assert!(slugs.len() >= 5, "declarations found: {slugs:?}");
    for slug in slugs {
        let declaration = read_declaration(&project.root, &slug).unwrap();
        for exercise in &declaration.exercises {
            let id = &exercise.id;
            let anchor = id.replace('_', "-");
            assert!(
                page.contains(&format!(
                    "{{#{anchor}}}\n\n- Chapter: [{}]({slug}.md)\n",
                    declaration.chapter
                )),
                "no section for {id}"
            );
            assert!(
                page.contains(exercise.about.trim()),
                "no description of {id}"
            );
            let rows: String = exercise
                .checks
                .iter()
                .map(|check| format!("| {} | {} |\n", check.name, check.points))
                .collect();
            assert!(
                page.contains(&format!("|---|---|\n{rows}\n### Hint {{#{anchor}-hint}}\n")),
                "the checks of {id} are not all on the page, in order, with their points"
            );
            let hint = std::fs::read_to_string(
                project
                    .lessons_dir()
                    .join(format!("{slug}/exercises/{id}.hint.md")),
            )
            .unwrap();
            assert!(
                page.contains(hint.trim()),
                "the hint of {id} is not on the page"
            );
        }
    }
}

/// The rule `cargo run -- check` reports too, held on the real book: no lesson over the line limit,
/// and the lessons short on average.
#[test]
fn every_lesson_is_short_and_the_lessons_are_short_on_average() {
    let problems = lesson_length_problems(&repository()).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}
