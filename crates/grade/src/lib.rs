//! `cargo grade`, the tool a student runs: it finds the exercises from their declarations on disk
//! ([`catalog`]), builds the grader with the student's files and keeps only the compiler's
//! messages about those files ([`compile`]), runs it, regrades on every save ([`watch`]), and
//! puts back an untouched starter ([`reset`]). None of that compiles the student's files into
//! this tool, so a file that does not compile cannot stop it from saying so.

pub mod catalog;
pub mod compile;
pub mod options;
pub mod reset;
pub mod unbuilt;
pub mod watch;
