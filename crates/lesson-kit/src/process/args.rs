//! A child's arguments: `--flag value` (or `--flag=value`) pairs and bare `--switch`es, read by
//! the role that needs them, typed, with errors that name the flag.

use std::ffi::OsString;
use std::fmt::Display;
use std::str::FromStr;

use lexopt::{Arg, Parser};

/// The flags a child was started with; see [`Args::get`].
///
/// Every flag is a long one (`--count`). A flag followed by a word that does not start with `-`
/// takes it as its value; a flag followed by another flag, or by nothing, is a switch. A value
/// that starts with `-` is written `--flag=-5` ([`Launch::arg`](super::Launch::arg) always writes
/// `--flag=value`). A flag's name is given with or without its dashes: `"--count"` or `"count"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    /// Each flag's name (without dashes) and its value, in the order given.
    flags: Vec<(String, Option<String>)>,
}

/// `count` for `--count` or `count`.
pub(super) fn bare(flag: &str) -> &str {
    flag.trim_start_matches('-')
}

impl Args {
    /// Reads `args` (without the program's name). Short flags, plain words and a flag given twice
    /// are errors, each one line that names what was wrong.
    pub fn parse<I>(args: I) -> Result<Args, String>
    where
        I: IntoIterator,
        I::Item: Into<OsString>,
    {
        let mut parser = Parser::from_args(args);
        let mut flags: Vec<(String, Option<String>)> = Vec::new();
        while let Some(arg) = parser.next().map_err(|error| error.to_string())? {
            let name = match arg {
                Arg::Long(name) => name.to_owned(),
                other => return Err(other.unexpected().to_string()),
            };
            let raw = match parser.optional_value() {
                Some(value) => Some(value),
                None => parser.try_raw_args().and_then(|mut raw| {
                    raw.next_if(|next| !next.to_string_lossy().starts_with('-'))
                }),
            };
            let value = raw
                .map(|raw| {
                    raw.into_string()
                        .map_err(|raw| format!("the value of --{name} is not valid text: {raw:?}"))
                })
                .transpose()?;
            if flags.iter().any(|(seen, _)| *seen == name) {
                return Err(format!("--{name} is given twice"));
            }
            flags.push((name, value));
        }
        Ok(Args { flags })
    }

    /// This program's own arguments.
    pub fn from_env() -> Result<Args, String> {
        Args::parse(std::env::args_os().skip(1))
    }

    fn find(&self, flag: &str) -> Option<&Option<String>> {
        let flag = bare(flag);
        self.flags
            .iter()
            .find(|(name, _)| name == flag)
            .map(|(_, value)| value)
    }

    /// The value of `flag` as a `T`. Errors: `missing --count`, `--count needs a value`,
    /// `invalid value "many" for --count: invalid digit found in string`.
    pub fn get<T>(&self, flag: &str) -> Result<T, String>
    where
        T: FromStr,
        T::Err: Display,
    {
        self.optional(flag)?
            .ok_or_else(|| format!("missing --{}", bare(flag)))
    }

    /// Like [`get`](Self::get), with `default` when the flag is absent.
    pub fn get_or<T>(&self, flag: &str, default: T) -> Result<T, String>
    where
        T: FromStr,
        T::Err: Display,
    {
        Ok(self.optional(flag)?.unwrap_or(default))
    }

    /// Like [`get`](Self::get), with `None` when the flag is absent.
    pub fn optional<T>(&self, flag: &str) -> Result<Option<T>, String>
    where
        T: FromStr,
        T::Err: Display,
    {
        let name = bare(flag);
        match self.find(flag) {
            None => Ok(None),
            Some(None) => Err(format!("--{name} needs a value")),
            Some(Some(text)) => text
                .parse()
                .map(Some)
                .map_err(|why| format!("invalid value {text:?} for --{name}: {why}")),
        }
    }

    /// Whether the switch `flag` was given.
    pub fn has(&self, flag: &str) -> bool {
        self.find(flag).is_some()
    }

    /// The flags' names, without dashes, in the order given.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.flags.iter().map(|(name, _)| name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Result<Args, String> {
        Args::parse(line.split_whitespace())
    }

    #[test]
    fn values_come_back_typed_by_their_flag_with_or_without_dashes() {
        let args = args("--count 12 --name=process-1 --wait --server http://127.0.0.1:80").unwrap();
        assert_eq!(args.get::<u64>("--count"), Ok(12));
        assert_eq!(args.get::<u32>("count"), Ok(12));
        assert_eq!(args.get::<String>("--name").as_deref(), Ok("process-1"));
        assert_eq!(
            args.get::<String>("--server").as_deref(),
            Ok("http://127.0.0.1:80")
        );
        assert!(args.has("--wait") && args.has("wait") && !args.has("--stop"));
        assert_eq!(args.get_or("--pause-ms", 20u64), Ok(20));
        assert_eq!(args.get_or("--count", 20u64), Ok(12));
        assert_eq!(args.optional::<u8>("--absent"), Ok(None));
        assert_eq!(
            args.names().collect::<Vec<_>>(),
            ["count", "name", "wait", "server"]
        );
    }

    #[test]
    fn a_value_that_starts_with_a_dash_needs_the_equals_sign() {
        assert_eq!(args("--delta=-5").unwrap().get::<i32>("--delta"), Ok(-5));
        assert_eq!(
            args("--delta -5"),
            Err("invalid option '-5'".to_owned()),
            "-5 is read as a flag"
        );
    }

    #[test]
    fn every_mistake_is_one_line_that_names_the_flag() {
        let parsed = args("--count many --wait --empty=").unwrap();
        assert_eq!(
            parsed.get::<u64>("--count"),
            Err("invalid value \"many\" for --count: invalid digit found in string".to_owned())
        );
        assert_eq!(
            parsed.get::<u64>("--missing"),
            Err("missing --missing".to_owned())
        );
        assert_eq!(
            parsed.get::<u64>("--wait"),
            Err("--wait needs a value".to_owned())
        );
        assert_eq!(
            parsed.get::<u64>("--empty"),
            Err(
                "invalid value \"\" for --empty: cannot parse integer from empty string".to_owned()
            )
        );
        assert_eq!(args("-x"), Err("invalid option '-x'".to_owned()));
        assert_eq!(args("word"), Err("unexpected argument \"word\"".to_owned()));
        assert_eq!(
            args("--count 1 --count 2"),
            Err("--count is given twice".to_owned())
        );
    }
}
