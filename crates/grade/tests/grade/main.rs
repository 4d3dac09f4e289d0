//! `cargo grade` end to end: its flags, building the grader with the student's files (and keeping
//! only the compiler's messages about them), watching, resetting, and the class's workflow file.
//! Most tests run the real tool on a small workbook of their own (see [`workbook`]), since the
//! repository's own exercise files must not be edited while other tests compile them.

mod cli;
mod compile;
mod reset;
mod watch;
mod workbook;
mod workflow;
