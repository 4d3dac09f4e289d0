//! Small shared pieces for the workbook's lessons.

pub mod cli;
pub mod figures;
pub mod grading;
pub mod timeout;

pub use figures::Figure;
pub use timeout::{Failure, run_with_timeout};
