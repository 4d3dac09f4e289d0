//! The workbook's book tool: builds the book in every language, serves it, and checks that the book,
//! its lessons and its translations agree.

pub mod build;
pub mod checks;
pub mod diagnostics;
pub mod exercises_page;
pub mod figures;
pub mod glossary;
pub mod interface;
pub mod measurements;
pub mod postprocess;
pub mod project;
pub mod search;
pub mod serve;
pub mod translations;
