//! The files for teachers' tools when there is nothing to grade: the student's files do not
//! compile (or the grader does not build). A class's workflow still gets a JUnit file that says
//! so, a JSON document with no points, and a summary with the compiler's messages.

use exercise_kit::output::{append, markdown_cell, write, xml_escape};
use serde_json::json;

use crate::catalog::Catalog;
use crate::options::Options;

/// Why nothing was graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbuilt {
    /// The student's files that do not compile; empty when the grader failed to build for
    /// another reason.
    pub files: Vec<String>,
    /// The compiler's (or cargo's) messages.
    pub messages: String,
}

impl Unbuilt {
    /// What failed, one test case each: every file that does not compile, or the grader.
    fn cases(&self) -> Vec<String> {
        if self.files.is_empty() {
            vec!["the grader builds".to_owned()]
        } else {
            self.files
                .iter()
                .map(|file| format!("{file} compiles"))
                .collect()
        }
    }
}

/// Writes the files `options` ask for, saying that nothing could be graded and why.
pub fn write_results(
    options: &Options,
    catalog: &Catalog,
    unbuilt: &Unbuilt,
) -> Result<(), String> {
    let graded = if options.solutions {
        "solutions"
    } else {
        "starters"
    };
    let possible: u32 = catalog
        .entries
        .iter()
        .filter(|entry| options.ids.is_empty() || options.ids.contains(&entry.id))
        .map(|entry| entry.points)
        .sum();
    let messages = strip_colours(&unbuilt.messages);
    if let Some(file) = &options.json {
        let document = json!({
            "format": 1,
            "graded": graded,
            "earned": 0,
            "possible": possible,
            "complete": false,
            "passed": 0,
            "failed": 0,
            "does_not_compile": unbuilt.files,
            "compiler_messages": messages,
            "exercises": [],
        });
        write(file, &format!("{document:#}\n"))?;
    }
    if let Some(file) = &options.junit {
        write(file, &junit(graded, &unbuilt.cases(), &messages))?;
    }
    if let Some(file) = &options.summary {
        append(
            file,
            &summary(graded, possible, &unbuilt.cases(), &messages),
        )?;
    }
    Ok(())
}

fn junit(graded: &str, cases: &[String], messages: &str) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cargo grade ({graded})\" \
         tests=\"{0}\" failures=\"{0}\" errors=\"0\" time=\"0\">\n  <testsuite name=\"compile\" \
         tests=\"{0}\" failures=\"{0}\" errors=\"0\" time=\"0\">\n",
        cases.len()
    );
    for case in cases {
        xml += &format!(
            "    <testcase classname=\"compile\" name=\"{}\" time=\"0\">\n      <failure \
             type=\"compile_error\" message=\"does not compile: nothing was graded\">{}</failure>\n    \
             </testcase>\n",
            xml_escape(case),
            xml_escape(messages)
        );
    }
    xml + "  </testsuite>\n</testsuites>\n"
}

fn summary(graded: &str, possible: u32, cases: &[String], messages: &str) -> String {
    let failed: Vec<String> = cases
        .iter()
        .map(|case| format!("- not true: {}\n", markdown_cell(case)))
        .collect();
    // A fence longer than any run of backticks in the messages, so that none can close it.
    let fence = "`".repeat(longest_run_of_backticks(messages).max(2) + 1);
    format!(
        "## cargo grade ({graded}): 0/{possible} points\n\nNothing was graded:\n\n{}\n{fence}text\n\
         {}\n{fence}\n\n",
        failed.concat(),
        messages.trim_end()
    )
}

fn longest_run_of_backticks(text: &str) -> usize {
    text.split(|character| character != '`')
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// `text` without the terminal's colour codes (`ESC [ ... m`), which only a terminal shows.
pub fn strip_colours(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        if character == '\u{1b}' && characters.peek() == Some(&'[') {
            for code in characters.by_ref() {
                if code.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(character);
        }
    }
    plain
}
