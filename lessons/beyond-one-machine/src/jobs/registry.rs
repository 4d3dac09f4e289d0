//! The jobs a worker knows, by name, each with the types of its arguments. RQ enqueues a Python
//! function object and the worker imports it by its dotted name; a Rust worker cannot load code
//! by name, so both sides share this table, and a call is checked against it before it is stored.

use std::fmt;
use std::time::Duration;

/// The type of one argument, as the caller writes it (text) and the job receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Integer,
    Text,
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Type::Integer => "integer",
            Type::Text => "text",
        })
    }
}

/// An argument after it was checked against its [`Type`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Integer(i64),
    Text(String),
}

/// A job the worker can run: its name, its parameters, and the function itself, which gives the
/// result as text or an error; a panic in it is caught by the worker and stored as an error too.
pub struct Job {
    pub name: &'static str,
    pub params: &'static [(&'static str, Type)],
    run: fn(&[Arg]) -> Result<String, String>,
}

impl Job {
    /// Checks `args` (as text) against the parameters: how many, and of which type. The error is
    /// the one line a caller needs: the job's signature and what was wrong.
    pub fn check(&self, args: &[&str]) -> Result<Vec<Arg>, String> {
        if args.len() != self.params.len() {
            let wanted = match self.params.len() {
                1 => "1 argument".to_owned(),
                n => format!("{n} arguments"),
            };
            return Err(format!("{self} takes {wanted}, not {}", args.len()));
        }
        let typed = self
            .params
            .iter()
            .zip(args)
            .map(|(&(param, kind), &text)| match kind {
                Type::Text => Ok(Arg::Text(text.to_owned())),
                Type::Integer => text
                    .trim()
                    .parse()
                    .map(Arg::Integer)
                    .map_err(|_| format!("{self}: {param} must be an integer, not {text:?}")),
            });
        typed.collect()
    }

    /// Runs the job on checked arguments.
    pub fn run(&self, args: &[Arg]) -> Result<String, String> {
        (self.run)(args)
    }
}

/// `add(a: integer, b: integer)`: the signature, as errors show it.
impl fmt::Display for Job {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(n, t)| format!("{n}: {t}"))
            .collect();
        write!(f, "{}({})", self.name, params.join(", "))
    }
}

/// Every job, in the order error messages list them.
pub const JOBS: &[Job] = &[
    Job {
        name: "count_words",
        params: &[("text", Type::Text)],
        run: count_words,
    },
    Job {
        name: "add",
        params: &[("a", Type::Integer), ("b", Type::Integer)],
        run: add,
    },
    Job {
        name: "divide",
        params: &[("a", Type::Integer), ("b", Type::Integer)],
        run: divide,
    },
    Job {
        name: "square_slowly",
        params: &[("n", Type::Integer), ("ms", Type::Integer)],
        run: square_slowly,
    },
    Job {
        name: "fail",
        params: &[("message", Type::Text)],
        run: fail,
    },
];

/// The job called `name`.
pub fn find(name: &str) -> Option<&'static Job> {
    JOBS.iter().find(|job| job.name == name)
}

/// The names of every job, for an error that lists them.
pub fn names() -> String {
    let names: Vec<&str> = JOBS.iter().map(|job| job.name).collect();
    names.join(", ")
}

// The arguments were checked against the parameters before the job was stored, and again when
// the worker read it back; a mismatch here is a bug, and its panic is stored as the job's error.
fn integer(args: &[Arg], i: usize) -> i64 {
    match &args[i] {
        Arg::Integer(n) => *n,
        other => panic!("argument {i} should be an integer: {other:?}"),
    }
}

fn text(args: &[Arg], i: usize) -> &str {
    match &args[i] {
        Arg::Text(text) => text,
        other => panic!("argument {i} should be text: {other:?}"),
    }
}

/// The notes' `count_words_at_url`, given the text instead of a URL to download.
fn count_words(args: &[Arg]) -> Result<String, String> {
    Ok(text(args, 0).split_whitespace().count().to_string())
}

fn add(args: &[Arg]) -> Result<String, String> {
    let (a, b) = (integer(args, 0), integer(args, 1));
    a.checked_add(b)
        .map(|sum| sum.to_string())
        .ok_or_else(|| format!("{a} + {b} does not fit in 64 bits"))
}

/// Divides with Rust's own `/`, which panics on a zero divisor: the job that crashes.
fn divide(args: &[Arg]) -> Result<String, String> {
    let (a, b) = (integer(args, 0), integer(args, 1));
    Ok((a / b).to_string())
}

fn square_slowly(args: &[Arg]) -> Result<String, String> {
    let (n, ms) = (integer(args, 0), integer(args, 1));
    let ms = u64::try_from(ms).map_err(|_| format!("cannot sleep {ms} ms"))?;
    std::thread::sleep(Duration::from_millis(ms));
    n.checked_mul(n)
        .map(|square| square.to_string())
        .ok_or_else(|| format!("{n} squared does not fit in 64 bits"))
}

/// A job that reports an error of its own, as a Python function raising an exception.
fn fail(args: &[Arg]) -> Result<String, String> {
    Err(text(args, 0).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_checked_for_count_and_type_and_errors_show_the_signature() {
        let add = find("add").unwrap();
        assert_eq!(add.to_string(), "add(a: integer, b: integer)");
        assert_eq!(
            add.check(&["2", "-3"]),
            Ok(vec![Arg::Integer(2), Arg::Integer(-3)])
        );
        assert_eq!(
            add.check(&["2"]),
            Err("add(a: integer, b: integer) takes 2 arguments, not 1".to_owned())
        );
        assert_eq!(
            add.check(&["2", "three"]),
            Err("add(a: integer, b: integer): b must be an integer, not \"three\"".to_owned())
        );
        let fail = find("fail").unwrap();
        assert_eq!(
            fail.check(&[]),
            Err("fail(message: text) takes 1 argument, not 0".to_owned())
        );
        assert!(find("resize").is_none());
    }

    #[test]
    fn each_job_computes_or_reports_its_error() {
        let run = |name: &str, args: &[&str]| {
            let job = find(name).unwrap();
            job.run(&job.check(args).unwrap())
        };
        assert_eq!(run("count_words", &[" the  quick\nfox "]), Ok("3".into()));
        assert_eq!(run("add", &["40", "2"]), Ok("42".into()));
        assert!(run("add", &[&i64::MAX.to_string(), "1"]).is_err());
        assert_eq!(run("divide", &["7", "2"]), Ok("3".into()));
        assert_eq!(run("square_slowly", &["12", "1"]), Ok("144".into()));
        assert_eq!(run("fail", &["disk full"]), Err("disk full".into()));
        let divide = find("divide").unwrap();
        let zero = divide.check(&["1", "0"]).unwrap();
        let caught = std::panic::catch_unwind(|| divide.run(&zero));
        assert!(caught.is_err(), "dividing by zero must panic");
    }
}
