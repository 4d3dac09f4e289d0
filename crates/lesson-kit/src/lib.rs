//! What the workbook's lessons share: flags, printed figures, timelines, child processes,
//! deadlines and the CPU work they time. Grading lives in `exercise-kit`, test-only helpers in
//! `test-kit`, so that a lesson's build compiles neither.

pub mod cli;
pub mod figures;
pub mod live;
pub mod meeting;
pub mod plot;
pub mod process;
pub mod text;
pub mod timeline;
pub mod timeout;
pub mod work;

pub use figures::{Figure, cores, seconds};
pub use timeline::{Chart, Timeline};
pub use timeout::{Failure, must_finish, run_with_timeout};
