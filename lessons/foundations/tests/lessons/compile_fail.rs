//! Data races do not compile, and for the reason the book gives: the types say what may cross
//! threads. `Rc` may not be sent to another thread (it is not `Send`), and a `Cell` may not be
//! shared between threads (it is not `Sync`); both are error E0277. The doctests in `src/lib.rs`
//! prove the files fail; stable rustdoc cannot check why, so this does.

use std::path::Path;
use test_kit::compile_fail::compiler_errors;

/// The compiler's messages for `compile-fail/<name>.rs`, which must fail to compile.
fn compile_errors(name: &str) -> String {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = crate_dir.join(format!("compile-fail/{name}.rs"));
    compiler_errors(
        &source,
        &Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile-fail"),
    )
}

#[test]
fn an_rc_counter_changed_by_two_threads_fails_because_rc_is_not_send() {
    let errors = compile_errors("rc_counter");
    assert!(
        errors.contains("error[E0277]: `Rc<RefCell<i32>>` cannot be sent between threads safely"),
        "expected E0277 saying the Rc cannot be sent between threads, got:\n{errors}"
    );
}

#[test]
fn a_cell_counter_changed_by_two_scoped_threads_fails_because_cell_is_not_sync() {
    let errors = compile_errors("cell_counter");
    assert!(
        errors.contains("error[E0277]: `Cell<i32>` cannot be shared between threads safely"),
        "expected E0277 saying the Cell cannot be shared between threads, got:\n{errors}"
    );
    // Only that error: the scoped threads' borrows themselves are fine.
    assert!(
        !errors.contains("E0373") && !errors.contains("E0499"),
        "expected no lifetime or borrow error besides Send/Sync, got:\n{errors}"
    );
}
