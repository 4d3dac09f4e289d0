//! What a child process does. The lessons start copies of themselves, and the tests start the
//! crate's `beyond-one-machine-child` program; both play these roles (`lesson_kit::process`), so
//! the worker that a test checks is the very code the lesson runs.

use std::sync::LazyLock;

use lesson_kit::process::Role;

/// Every role, for `lesson_kit::process::serve` and `play_if_child`: each module lists its own,
/// so that no two lessons edit one table.
pub static ROLES: LazyLock<Vec<Role>> =
    LazyLock::new(|| [crate::uptime::ROLES, crate::jobs::ROLES].concat());

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
