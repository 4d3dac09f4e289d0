use super::*;

const OUTPUT: &str = "\
1. Serial
   serial time: 0.401 s

figure: wall time of 4 sleeps: serial / threads
  the notes (Python)  4.02 s / 1.00 s
  this run            0.401 s / 0.102 s
  ideal               0.400 s / 0.100 s (sleeps | need no core)
figure: share of serial
  this run            0.26
  ideal: not a row, so the figure ends here
  this run            9.999 s
";

fn sample() -> Vec<Measured> {
    vec![Measured {
        chapter: "threads".into(),
        lesson: "only_sleep".into(),
        command: command_of("only_sleep"),
        figures: parse_figures(OUTPUT),
    }]
}

#[test]
fn figures_are_read_with_the_rows_they_have() {
    let figures = parse_figures(OUTPUT);
    assert_eq!(figures.len(), 2);
    assert_eq!(figures[0].title, "wall time of 4 sleeps: serial / threads");
    assert_eq!(figures[0].notes.as_deref(), Some("4.02 s / 1.00 s"));
    assert_eq!(figures[0].this_run.as_deref(), Some("0.401 s / 0.102 s"));
    assert!(is_timed(&figures[0]));
    assert_eq!(figures[1].notes, None);
    assert_eq!(figures[1].this_run.as_deref(), Some("0.26"));
    assert_eq!(
        figures[1].ideal, None,
        "a line that is no row ends the figure"
    );
    assert!(!is_timed(&figures[1]));
}

#[test]
fn the_data_file_reads_back_what_was_written() {
    let mut lessons = sample();
    lessons[0].figures[0].title = "quotes \" and \\ and a tab\t".into();
    assert_eq!(parse_toml(&to_toml(&lessons)).unwrap(), lessons);
}

#[test]
fn a_malformed_data_file_says_what_is_wrong() {
    let good = to_toml(&sample());
    let mut bare = sample();
    bare[0].figures.clear();
    let no_figures = to_toml(&bare);
    for (text, words) in [
        ("[[lesson]\n".to_owned(), "not valid TOML"),
        ("x = 1\n".to_owned(), "unknown key `x`"),
        (
            good.replace("chapter = \"threads\"\n", ""),
            "`chapter` is missing",
        ),
        (
            good.replace("lesson = \"only_sleep\"", "lesson = 3"),
            "`lesson` is not a string",
        ),
        (
            good.replace("this_run = \"0.26\"\n", ""),
            "`this_run` is missing",
        ),
        (no_figures, "has no [[lesson.figure]]"),
    ] {
        let problem = parse_toml(&text).unwrap_err();
        assert!(problem.contains(words), "{words}: {problem}");
    }
}

#[test]
fn measured_cells_are_no_messages_and_fixed_cells_are() {
    let titles = BTreeMap::from([("threads.md".to_owned(), "Threads".to_owned())]);
    let markdown = table(&sample(), &titles, "");
    let messages: Vec<String> = mdbook_i18n_helpers::extract_messages(&markdown)
        .unwrap()
        .into_iter()
        .map(|(_, message)| message.message)
        .collect();
    for fixed in [
        "Chapter",
        "This run",
        "[Threads](threads.md)",
        "wall time of 4 sleeps: serial / threads",
        "4.02 s / 1.00 s",
    ] {
        assert!(
            messages.iter().any(|m| m == fixed),
            "{fixed}: {messages:#?}"
        );
    }
    for measured in ["0.401", "0.400", "0.26", "only_sleep"] {
        assert!(
            !messages.iter().any(|m| m.contains(measured)),
            "{measured} became a message: {messages:#?}"
        );
    }
    assert!(markdown.contains("| <!-- i18n:skip -->0.401 s / 0.102 s |"));
    assert!(markdown.contains("(sleeps \\| need no core)"), "{markdown}");
    assert_eq!(
        markdown.lines().count(),
        4,
        "a header, a rule, a row a figure"
    );
}

#[test]
fn the_directive_is_a_whole_line() {
    assert!(DIRECTIVE.is_match("x\n{{#measurements}}\ny"));
    assert!(!DIRECTIVE.is_match("see `{{#measurements}}` here"));
}
