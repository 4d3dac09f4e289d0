//! What a child process of these lessons does, chosen by its role: the lessons start copies of
//! themselves, the tests start `sync-vs-async-child`; both play these roles
//! (`lesson_kit::process`).

use lesson_kit::process::Role;

use crate::downloads::{self, DOWNLOAD_ROLE};
use crate::runtimes::{many, shutdown};

/// Every role, for `lesson_kit::process::serve` and `play_if_child`.
pub const ROLES: &[Role] = &[
    // runtimes (A9, A10): lessons `many_tasks` and `ctrl_c`
    (many::TASKS_ROLE, many::tasks_child),
    (many::THREADS_ROLE, many::threads_child),
    (shutdown::ROLE, shutdown::graceful_child),
    (shutdown::NO_HANDLER_ROLE, shutdown::no_handler_child),
    // http (A6): lesson `download_pages`, its share of the pages in a child process
    (DOWNLOAD_ROLE, downloads::child::download),
];
