//! How a child ended, in words: `exit code 101`, or `killed by signal 6 (SIGABRT)`.

use std::process::ExitStatus;

/// How a process that ended with `status` ended, in words: `exit code 0`, `exit code 101` (a
/// panic), `killed by signal 2 (SIGINT)`.
pub fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return match signal_name(signal) {
                Some(name) => format!("killed by signal {signal} ({name})"),
                None => format!("killed by signal {signal}"),
            };
        }
    }
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => status.to_string(),
    }
}

/// The signal that ended a process with `status`, if one did (always `None` off Unix).
pub fn signal_of(status: ExitStatus) -> Option<i32> {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.signal()
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        None
    }
}

/// The usual name of signal number `signal` on this system (`SIGINT` for 2), if it is one of the
/// signals the lessons meet.
#[cfg(unix)]
pub fn signal_name(signal: i32) -> Option<&'static str> {
    const NAMES: &[(libc::c_int, &str)] = &[
        (libc::SIGHUP, "SIGHUP"),
        (libc::SIGINT, "SIGINT"),
        (libc::SIGQUIT, "SIGQUIT"),
        (libc::SIGILL, "SIGILL"),
        (libc::SIGTRAP, "SIGTRAP"),
        (libc::SIGABRT, "SIGABRT"),
        (libc::SIGBUS, "SIGBUS"),
        (libc::SIGFPE, "SIGFPE"),
        (libc::SIGKILL, "SIGKILL"),
        (libc::SIGUSR1, "SIGUSR1"),
        (libc::SIGSEGV, "SIGSEGV"),
        (libc::SIGUSR2, "SIGUSR2"),
        (libc::SIGPIPE, "SIGPIPE"),
        (libc::SIGALRM, "SIGALRM"),
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGCHLD, "SIGCHLD"),
        (libc::SIGCONT, "SIGCONT"),
        (libc::SIGSTOP, "SIGSTOP"),
        (libc::SIGTSTP, "SIGTSTP"),
        (libc::SIGXCPU, "SIGXCPU"),
        (libc::SIGXFSZ, "SIGXFSZ"),
        (libc::SIGSYS, "SIGSYS"),
    ];
    NAMES
        .iter()
        .find(|(number, _)| *number == signal)
        .map(|(_, name)| *name)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn an_exit_code_and_a_signal_read_as_words() {
        // A wait status holds an exit code in its second byte, a signal in its low bits.
        assert_eq!(describe(ExitStatus::from_raw(0)), "exit code 0");
        assert_eq!(describe(ExitStatus::from_raw(101 << 8)), "exit code 101");
        assert_eq!(
            describe(ExitStatus::from_raw(libc::SIGABRT)),
            "killed by signal 6 (SIGABRT)"
        );
        assert_eq!(
            describe(ExitStatus::from_raw(libc::SIGINT)),
            "killed by signal 2 (SIGINT)"
        );
        assert_eq!(describe(ExitStatus::from_raw(60)), "killed by signal 60");
        assert_eq!(signal_of(ExitStatus::from_raw(libc::SIGKILL)), Some(9));
        assert_eq!(signal_of(ExitStatus::from_raw(3 << 8)), None);
    }

    #[test]
    fn the_common_signals_have_their_names() {
        assert_eq!(signal_name(libc::SIGTERM), Some("SIGTERM"));
        assert_eq!(signal_name(libc::SIGKILL), Some("SIGKILL"));
        assert_eq!(signal_name(0), None);
    }
}
