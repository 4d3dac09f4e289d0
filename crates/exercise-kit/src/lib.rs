//! What the grader (`cargo grade`), the chapters' exercises crates and the book tool share: each
//! chapter declares its exercises once, in a file with one schema and one parser
//! ([`declaration`], which the book's Exercises page is generated from too), its exercises crate
//! binds them to the checks' functions ([`chapter`](mod@chapter)), a check is a property with
//! points and a time limit ([`grading`]), and every chapter's exercises keep one contract, proven
//! by its tests ([`contract`]). Lessons do not depend on this crate.

pub mod chapter;
pub mod contract;
pub mod declaration;
pub mod grading;
pub mod in_flight;
pub mod output;
pub mod seeded;
