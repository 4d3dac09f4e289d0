//! What a child process does. The lessons start copies of themselves, and the tests start the
//! crate's `ipc-child` program; both play these roles (`lesson_kit::process`), so the child that
//! a test checks is the very code the lesson runs.

use std::sync::LazyLock;

use lesson_kit::process::Role;

/// Every role, for `lesson_kit::process::serve` and `play_if_child`: each lesson's module lists
/// its own, so that no two lessons edit one table.
pub static ROLES: LazyLock<Vec<Role>> = LazyLock::new(|| {
    [
        crate::file::ROLES,
        crate::pipe::ROLES,
        crate::fifo::ROLES,
        crate::socket::ROLES,
        crate::signal::ROLES,
        crate::memory::ROLES,
        crate::frame::ROLES,
        crate::compare::ROLES,
    ]
    .concat()
});

#[cfg(test)]
mod tests {
    #[test]
    fn no_two_roles_share_a_name() {
        let mut names: Vec<&str> = super::ROLES.iter().map(|(name, _)| *name).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "two roles share a name: {names:?}");
    }
}
