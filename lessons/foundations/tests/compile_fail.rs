//! Data races do not compile, and for the reason the book gives: the types say what may cross
//! threads. `Rc` may not be sent to another thread (it is not `Send`), and a `Cell` may not be
//! shared between threads (it is not `Sync`); both are error E0277. The doctests in `src/lib.rs`
//! prove the files fail; stable rustdoc cannot check why, so this does.

use std::path::Path;
use std::process::Command;

/// Compiles `compile-fail/<name>.rs` and returns the compiler's messages, requiring that it failed.
fn compile_errors(name: &str) -> String {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("compile-fail/{name}.rs"));
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile-fail");
    std::fs::create_dir_all(&out_dir).unwrap();
    // rustup's `rustc` follows the toolchain that runs this test (it sets RUSTUP_TOOLCHAIN).
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .args(["--edition", "2024", "--emit=metadata", "--crate-name", name])
        .arg("--out-dir")
        .arg(&out_dir)
        .arg(&source)
        .output()
        .expect("could not run rustc");
    assert!(
        !output.status.success(),
        "expected {} not to compile, but it did",
        source.display()
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
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
