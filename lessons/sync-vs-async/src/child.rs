//! What a child process of these lessons does, chosen by its role: the lessons start copies of
//! themselves (`lesson_kit::process`), the tests start `sync-vs-async-child`; both end up here.

/// Plays `role` with `args`, or says which roles exist and exits with code 2.
pub fn run(role: &str, args: &[String]) {
    match role {
        // runtimes (A9, A10): lessons `many_tasks` and `ctrl_c`
        crate::runtimes::many::TASKS_ROLE | crate::runtimes::many::THREADS_ROLE => {
            crate::runtimes::many::child(role, args)
        }
        crate::runtimes::shutdown::ROLE | crate::runtimes::shutdown::NO_HANDLER_ROLE => {
            crate::runtimes::shutdown::child(role, args)
        }
        // http (A6): lesson `download_pages`, its share of the pages in a child process
        crate::downloads::DOWNLOAD_ROLE => crate::downloads::child::run(args),
        _ => {
            eprintln!("unknown role `{role}` (args {args:?})");
            std::process::exit(2);
        }
    }
}
