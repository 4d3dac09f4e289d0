//! What every command of the workbook promises for a usage error.

use std::process::Output;

/// Panics unless `output` is a usage error as the workbook's commands give one: exit code 2,
/// nothing on standard output, and one line on standard error that starts with `error: ` and is
/// not a panic. `what` names the command line in the message.
pub fn assert_usage_error(what: &str, output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{what}: {stderr}");
    assert!(output.stdout.is_empty(), "{what}: printed on stdout");
    assert_eq!(stderr.lines().count(), 1, "{what}: {stderr}");
    assert!(stderr.starts_with("error: "), "{what}: {stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
}
