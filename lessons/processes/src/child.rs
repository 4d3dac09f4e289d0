//! What a child process does. The lessons start copies of themselves, and the tests start the
//! crate's `processes-child` program; both play these roles (`lesson_kit::process`), so the
//! child that a test checks is the very code the lesson runs.

use lesson_kit::process::Role;

/// Every role, for `lesson_kit::process::serve` and `play_if_child`.
pub const ROLES: &[Role] = &[
    // (each lesson's roles are added here)
    (crate::cpu::ROOTS_ROLE, crate::cpu::roots_role),
    (crate::cpu::SQUARES_ROLE, crate::cpu::squares_role),
    (crate::start::GREET_ROLE, crate::start::greet),
    (crate::costs::SQUARER_ROLE, crate::costs::squarer),
    (
        crate::pool::worker::POOL_ROLE,
        crate::pool::worker::pool_role,
    ),
    (
        crate::pool::worker::SESSION_ROLE,
        crate::pool::worker::session_role,
    ),
];
