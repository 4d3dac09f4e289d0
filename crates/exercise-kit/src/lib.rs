//! What the grader (`cargo grade`) and the chapters' exercises crates share: each chapter declares
//! its exercises once ([`declaration`]), a check is a property with points and a time limit
//! ([`grading`]), and every chapter's exercises keep one contract, proven by its tests
//! ([`contract`]). Lessons do not depend on this crate.

pub mod contract;
pub mod declaration;
pub mod grading;
