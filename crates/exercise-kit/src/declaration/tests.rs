//! Tests of [`super`]: every rule, broken on purpose.

use super::*;

const FILE: &str = "lessons/demo/exercises/exercises.toml";

pub(crate) const DECLARATION: &str = r#"
chapter = "Demo"

[[exercise]]
id = "first"
title = "The first exercise"
starter_sha256 = "536e506bb90914c243a12b397b9a998f85ae2cbd9ba02dfd03a9e155ca5ca0f4"
about = """
What to do.

And why.
"""

[[exercise.check]]
run = "works"
name = "it works"
points = 2
limit_ms = 1500

[[exercise.check]]
run = "fast"
name = "it is fast"
points = 3
limit_ms = 200

[[exercise]]
id = "second"
title = "The second exercise"
starter_sha256 = "536e506bb90914c243a12b397b9a998f85ae2cbd9ba02dfd03a9e155ca5ca0f4"
about = "One line."

[[exercise.check]]
run = "works"
name = "it works too"
points = 1
limit_ms = 1000
"#;

/// The problems of `declaration`, all in one text; each names the file.
fn problems(declaration: &str) -> String {
    match parse(declaration, FILE) {
        Ok(declaration) => panic!("accepted: {declaration:#?}"),
        Err(problems) => {
            for problem in &problems {
                assert!(problem.starts_with(&format!("{FILE}: ")), "{problem}");
            }
            problems.join("\n")
        }
    }
}

#[test]
fn a_declaration_becomes_plain_data_in_the_order_of_the_file() {
    let declaration = parse(DECLARATION, FILE).unwrap();
    assert_eq!(declaration.chapter, "Demo");
    let ids: Vec<&str> = declaration
        .exercises
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["first", "second"]);
    let first = &declaration.exercises[0];
    assert_eq!(first.title, "The first exercise");
    assert_eq!(first.about, "What to do.\n\nAnd why.\n", "as written");
    assert_eq!(
        first.checks,
        [
            Check {
                run: "works".into(),
                name: "it works".into(),
                points: 2,
                limit_ms: 1500
            },
            Check {
                run: "fast".into(),
                name: "it is fast".into(),
                points: 3,
                limit_ms: 200
            },
        ]
    );
    assert_eq!(declaration.exercises[1].about, "One line.");
}

#[test]
fn an_id_declared_twice_is_refused() {
    let twice = DECLARATION.replace("id = \"second\"", "id = \"first\"");
    let found = problems(&twice);
    assert!(
        found.contains(
            "exercise 2 (`first`): the id `first` is declared twice (exercise 1 has it too): \
             ids must be unique"
        ),
        "{found}"
    );
}

#[test]
fn a_check_worth_0_points_is_refused() {
    let zero = DECLARATION.replace("points = 3", "points = 0");
    let found = problems(&zero);
    assert!(
        found.contains("check 2 (\"it is fast\") has 0 points"),
        "{found}"
    );
    assert_eq!(found.lines().count(), 1, "{found}");
}

#[test]
fn every_problem_is_found_at_once() {
    let broken = DECLARATION
        .replace("limit_ms = 200", "limit_ms = 0")
        .replace("title = \"The second exercise\"\n", "");
    let found = problems(&broken);
    assert!(
        found.contains("exercise 1 (`first`), check 2: `limit_ms` is 0"),
        "{found}"
    );
    assert!(
        found.contains("exercise 2 (`second`): `title` is missing"),
        "{found}"
    );
    assert_eq!(found.lines().count(), 2, "{found}");
}

#[test]
fn missing_unknown_and_mistyped_keys_and_bad_values_and_bad_toml_are_refused() {
    let cases = [
        ("limit_ms = 200", "limit-ms = 200", "unknown key `limit-ms`"),
        ("limit_ms = 200", "", "check 2: `limit_ms` is missing"),
        (
            "points = 3",
            "points = \"3\"",
            "`points` must be a whole number",
        ),
        (
            "points = 3",
            "points = 4294967296",
            "4294967296 points is more than a check can hold",
        ),
        (
            "chapter = \"Demo\"",
            "",
            "the top level: `chapter` is missing",
        ),
        (
            "chapter = \"Demo\"",
            "chapter = \"Demo\\nand more\"",
            "the top level: `chapter` must be a non-empty string on one line, the chapter's title",
        ),
        (
            "title = \"The first exercise\"",
            "title = \"  \"",
            "exercise 1 (`first`): `title` must be a non-empty string on one line",
        ),
        (
            "run = \"fast\"",
            "run = \"works\"",
            "check 2: another check has run = \"works\" too (check 1)",
        ),
        (
            "name = \"it is fast\"",
            "name = \"it works\"",
            "check 2: another check has the name \"it works\" too (check 1)",
        ),
        (
            "name = \"it is fast\"",
            "name = \"fast | slow\"",
            "check 2: `name` must not contain `|`",
        ),
        (
            "starter_sha256 = \"536e",
            "starter_sha256 = \"536E",
            "`starter_sha256` must be 64 lower-case hex digits",
        ),
        (
            "id = \"second\"",
            "id = \"Second\"",
            "exercise 2 (`Second`): the id must be lower-case letters, digits and `_`",
        ),
        (
            "about = \"One line.\"",
            "about = \"\\n\"",
            "exercise 2 (`second`): `about` must be a non-empty string",
        ),
        (
            "about = \"One line.\"\n\n[[exercise.check]]",
            "about = \"One line.\"\ncheck = \"none\"\n\n[unrelated]",
            "exercise 2 (`second`): `check` must be tables, `[[exercise.check]]`",
        ),
        ("chapter = \"Demo\"", "chapter = ", "not valid TOML"),
    ];
    for (from, to, expected) in cases {
        let changed = DECLARATION.replacen(from, to, 1);
        assert_ne!(changed, DECLARATION, "{from} is not in the declaration");
        let found = problems(&changed);
        assert!(found.contains(expected), "{from} -> {to}: {found}");
    }
    let no_checks = &DECLARATION[..DECLARATION.rfind("[[exercise.check]]").unwrap()];
    let found = problems(no_checks);
    assert!(
        found.contains("exercise 2 (`second`) has no `[[exercise.check]]`"),
        "{found}"
    );
    let none = "chapter = \"Demo\"\n";
    assert!(problems(none).contains("the top level has no `[[exercise]]`"));
}

#[test]
fn the_file_of_a_chapter_is_in_its_exercises_folder() {
    assert_eq!(file_of("demo"), FILE);
}
