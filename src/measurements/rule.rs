//! Which lessons are timing lessons, read from their source alone so that a check can hold the
//! table to them without running anything.
//!
//! The rule: an example is a timing lesson when its code, outside `print!`-family macros, calls
//! lesson_kit's `seconds(…)` (the one way lessons format a wall time), or calls a function of its
//! own crate's `src/` that does so, directly or through other functions of that crate. Wall times
//! that are only printed as prose do not count: those lessons report something else in their
//! figures. The generator then proves the rule against a real run: each lesson it picks must print
//! a figure whose "this run" holds a time in seconds.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use walkdir::WalkDir;

/// A word or a punctuation mark of Rust source, with comments and the insides of literals gone.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Mark(char),
}

/// The macros whose arguments only go to the terminal.
const PRINTS: [&str; 4] = ["print", "println", "eprint", "eprintln"];

/// The formatter that marks a wall time.
const FORMATTER: &str = "seconds";

/// Splits `source` into tokens. Literals become one empty word, so parentheses or quotes inside
/// them cannot unbalance what follows.
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some(end) = raw_string_end(&chars, i) {
            out.push(Token::Word(String::new()));
            i = end;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            out.push(Token::Word(String::new()));
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{41}'), or else a lifetime, whose name follows as a word.
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Word(chars[start..i].iter().collect()));
        } else {
            out.push(Token::Mark(c));
            i += 1;
        }
    }
    out
}

/// Where a raw string starting at `i` (`r"…"`, `r#"…"#`, `br"…"`) ends, if one starts there.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') {
        return None;
    }
    let closing: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    (j + 1..chars.len())
        .find(|&k| chars[k..].starts_with(&closing))
        .map(|k| k + closing.len())
}

/// `tokens` without the invocations of the print macros (name, `!` and arguments).
fn without_prints(tokens: Vec<Token>) -> Vec<Token> {
    let mut kept = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let is_print = matches!(&tokens[i], Token::Word(word) if PRINTS.contains(&word.as_str()))
            && tokens.get(i + 1) == Some(&Token::Mark('!'));
        if !is_print {
            kept.push(tokens[i].clone());
            i += 1;
            continue;
        }
        let mut depth = 0usize;
        i += 2;
        while i < tokens.len() {
            match tokens[i] {
                Token::Mark('(' | '[' | '{') => depth += 1,
                Token::Mark(')' | ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            i += 1;
            if depth == 0 {
                break;
            }
        }
    }
    kept
}

fn code_of(source: &str) -> Vec<Token> {
    without_prints(tokens(source))
}

fn calls_formatter(code: &[Token]) -> bool {
    code.windows(2).any(|pair| {
        matches!(&pair[0], Token::Word(word) if word == FORMATTER) && pair[1] == Token::Mark('(')
    })
}

/// The names `code` calls: each word right before a `(`, so a variable that shares a function's
/// name does not count as a call of it.
fn calls(code: &[Token]) -> BTreeSet<&str> {
    code.windows(2)
        .filter_map(|pair| match pair {
            [Token::Word(word), Token::Mark('(')] => Some(word.as_str()),
            _ => None,
        })
        .collect()
}

/// Every `fn name … { body }` of `code`: its name and its body's tokens.
fn functions(code: &[Token]) -> Vec<(String, Vec<Token>)> {
    let mut found = Vec::new();
    for (at, token) in code.iter().enumerate() {
        let (Token::Word(keyword), Some(Token::Word(name))) = (token, code.get(at + 1)) else {
            continue;
        };
        if keyword != "fn" {
            continue;
        }
        // The body opens at the first `{` outside the signature's brackets (`[T; 2]` has a `;`).
        let mut nesting = 0usize;
        let Some(open) = code[at..]
            .iter()
            .position(|t| {
                match t {
                    Token::Mark('(' | '[') => nesting += 1,
                    Token::Mark(')' | ']') => nesting = nesting.saturating_sub(1),
                    _ => {}
                }
                nesting == 0 && matches!(t, Token::Mark('{' | ';'))
            })
            .map(|offset| at + offset)
        else {
            continue;
        };
        if code[open] == Token::Mark(';') {
            continue;
        }
        let mut depth = 0usize;
        let mut end = open;
        for (offset, t) in code[open..].iter().enumerate() {
            match t {
                Token::Mark('{') => depth += 1,
                Token::Mark('}') => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = open + offset;
                break;
            }
        }
        found.push((name.clone(), code[open + 1..end].to_vec()));
    }
    found
}

/// The functions of a crate's `src/` (every `.rs` file under `dir`) that format a wall time with
/// `seconds(…)`, directly or through another such function.
pub fn timing_functions(dir: &Path) -> BTreeSet<TimingFunction> {
    let mut all = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|extension| extension == "rs")
            && let Ok(source) = fs::read_to_string(path)
        {
            let module = path.file_stem().unwrap_or_default().to_string_lossy();
            for (name, body) in functions(&code_of(&source)) {
                all.push((module.to_string(), name, body));
            }
        }
    }
    let mut timing = BTreeSet::new();
    loop {
        let before = timing.len();
        for (module, name, body) in &all {
            let named = TimingFunction {
                module: module.clone(),
                name: name.clone(),
            };
            if timing.contains(&named) {
                continue;
            }
            let uses_one = calls(body).iter().any(|used: &&str| {
                *used != name && timing.iter().any(|f: &TimingFunction| f.name == *used)
            });
            if calls_formatter(body) || uses_one {
                timing.insert(named);
            }
        }
        if timing.len() == before {
            return timing;
        }
    }
}

/// A function of a crate's `src/` that formats a wall time, and the file (module) it is in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimingFunction {
    /// The file's stem: `clients` for `src/clients.rs`.
    pub module: String,
    pub name: String,
}

impl TimingFunction {
    /// Whether `code` calls this function: it calls the name, and names the module, as its `use`
    /// or path must (another module's function of the same name is another function).
    fn called_by(&self, code: &[Token]) -> bool {
        let in_root = matches!(self.module.as_str(), "lib" | "mod");
        calls(code).contains(self.name.as_str())
            && (in_root || code.contains(&Token::Word(self.module.clone())))
    }
}

/// Whether an example's `source` is a timing lesson, given its crate's [`timing_functions`].
pub fn is_timing_lesson(source: &str, crate_timing_functions: &BTreeSet<TimingFunction>) -> bool {
    let code = code_of(source);
    calls_formatter(&code) || crate_timing_functions.iter().any(|f| f.called_by(&code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> BTreeSet<TimingFunction> {
        BTreeSet::new()
    }

    #[test]
    fn a_figure_value_formatted_with_seconds_makes_a_timing_lesson() {
        let source = "fn main() { Figure::new(\"t\").this_run(seconds(wall)).print(); }";
        assert!(is_timing_lesson(source, &none()));
        let path = "fn main() { let s = lesson_kit::seconds(wall); }";
        assert!(is_timing_lesson(path, &none()));
    }

    #[test]
    fn a_wall_time_only_printed_or_mentioned_does_not() {
        for source in [
            "fn main() { println!(\"took {}\", seconds(wall)); }",
            "fn main() { eprintln!(\"(\"); let x = 1; } // seconds(wall)",
            "fn main() { let s = \"seconds(wall)\"; let r = r#\"seconds(\"#; }",
            "/* seconds(wall) */ fn main() { let c = '('; let l: &'static str = \"\"; }",
            "use lesson_kit::seconds; fn main() {}",
        ] {
            assert!(!is_timing_lesson(source, &none()), "{source}");
        }
    }

    #[test]
    fn code_after_a_print_or_a_literal_is_still_read() {
        let source = "fn main() { println!(\"(\"); let c = ')'; let t = seconds(wall); }";
        assert!(is_timing_lesson(source, &none()));
    }

    #[test]
    fn a_crate_function_that_formats_seconds_counts_through_callers() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("uptime")).unwrap();
        fs::write(
            dir.path().join("uptime/measure.rs"),
            "pub fn row(w: Duration) -> String { format!(\"{}\", seconds(w)) }\n\
             pub fn only_prints(w: Duration) { println!(\"{}\", seconds(w)); }\n\
             trait T { fn declared(&self); }",
        )
        .unwrap();
        fs::write(
            dir.path().join("lib.rs"),
            "pub fn print_figures(w: Duration) { Figure::new(\"x\").this_run(row(w)).print(); }",
        )
        .unwrap();
        let timing = timing_functions(dir.path());
        let names: Vec<_> = timing
            .iter()
            .map(|f| format!("{}::{}", f.module, f.name))
            .collect();
        assert_eq!(names, ["lib::print_figures", "measure::row"]);
        assert!(is_timing_lesson(
            "use c::print_figures; fn main() { print_figures(w) }",
            &timing
        ));
        assert!(is_timing_lesson(
            "use c::uptime::measure::row; fn main() { row(w); }",
            &timing
        ));
        // Another module's `row`, and a variable named like the function, are not it.
        assert!(!is_timing_lesson(
            "use c::other::row; fn main() { row(w); }",
            &timing
        ));
        assert!(!is_timing_lesson(
            "use c::uptime::measure; fn main() { let row = measure::x(); f(row) }",
            &timing
        ));
        assert!(!is_timing_lesson("fn main() { only_prints(w) }", &timing));
    }
}
