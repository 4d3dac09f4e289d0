//! Small shared pieces for the workbook's lessons.

pub mod cli;
pub mod compile_fail;
pub mod contract;
pub mod figures;
pub mod grading;
pub mod meeting;
pub mod process;
pub mod timeline;
pub mod timeout;

pub use figures::{Figure, cores};
pub use timeline::{Chart, Timeline};
pub use timeout::{Failure, run_with_timeout};
