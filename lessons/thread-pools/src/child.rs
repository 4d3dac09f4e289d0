//! What a child process does. The lessons start copies of themselves, and the tests start the
//! crate's `thread-pools-child` program; both play these roles (`lesson_kit::process`), so the
//! child that a test checks is the very code the lesson runs.

use lesson_kit::process::Role;

use crate::uptime::processes::{CHECK_ROLE, check_share};

/// Every role, for `lesson_kit::process::serve` and `play_if_child`.
pub const ROLES: &[Role] = &[(CHECK_ROLE, check_share)];
