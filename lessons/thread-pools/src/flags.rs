//! The flags of the rayon lessons, `--threads N` and `--svg PATH`, and their usage text.

use std::ops::RangeInclusive;
use std::path::PathBuf;

use lesson_kit::cli::{self, Arg};

/// The usage text of the lesson `example`, which shows `about`. `default` is the number of
/// threads without `--threads`, and how the text says it.
pub fn usage(
    example: &str,
    about: &str,
    default: (usize, &str),
    allowed: &RangeInclusive<usize>,
) -> String {
    let (from, to) = (allowed.start(), allowed.end());
    format!(
        "{about}

usage: cargo run --example {example} -- [--threads N] [--svg PATH]

  --threads N  threads of the rayon pool (default {}, from {from} to {to})
  --svg PATH   also draw the timeline as an SVG file
  -h, --help   show this text
",
        default.1
    )
}

/// Parses `--threads N` (within `allowed`) and `--svg PATH` for the lesson `example`. `--help`
/// prints the usage text; a bad flag ends the program with a one-line error and exit code 2.
pub fn threads_and_svg(
    example: &str,
    about: &str,
    default: (usize, &str),
    allowed: RangeInclusive<usize>,
) -> (usize, Option<PathBuf>) {
    let (mut threads, mut svg) = (default.0, None);
    let usage = usage(example, about, default, &allowed);
    cli::parse_env(&usage, |arg, parser| {
        match arg {
            Arg::Long("threads") => threads = cli::number(parser, "--threads", allowed.clone())?,
            Arg::Long("svg") => svg = Some(cli::value(parser, "--svg")?),
            other => return Err(other.unexpected()),
        }
        Ok(())
    });
    (threads, svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usage_text_names_the_lesson_the_default_and_the_range() {
        let text = usage("rayon_pool", "About.", (4, "4"), &(2..=16));
        assert!(
            text.starts_with("About.\n\nusage: cargo run --example rayon_pool -- [--threads N]")
        );
        assert!(text.contains("(default 4, from 2 to 16)"), "{text}");
    }
}
