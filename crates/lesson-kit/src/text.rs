//! Text that must stay on one line: what a learner typed, or a message read from a child, can hold
//! newlines and other control characters that would break a one-line error or a report line.

/// `text` with every control character written as its escape (`\n`, `\u{1b}`), the rest unchanged.
pub fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_control() {
            line.extend(character.escape_default());
        } else {
            line.push(character);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_nothing_else_is() {
        assert_eq!(
            one_line("--bo\ngus\t\u{1b}[31m"),
            "--bo\\ngus\\t\\u{1b}[31m"
        );
        assert_eq!(one_line("صندلی «2»"), "صندلی «2»");
    }
}
