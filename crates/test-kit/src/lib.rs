//! Helpers only the workbook's tests use; a lesson crate takes this crate as a dev-dependency, so
//! that running a lesson never compiles it.

pub mod compile_fail;
pub mod usage;
