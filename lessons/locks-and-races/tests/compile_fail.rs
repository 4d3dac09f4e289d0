//! The first attempt at a shared counter must fail to compile, and for the reason the book gives:
//! the threads borrow a local variable they may outlive (E0373, with the `move` suggestion).
//! The doctest in `src/lib.rs` proves it fails; stable rustdoc cannot check why, so this does.

use std::path::Path;
use std::process::Command;

#[test]
fn the_shared_counter_attempt_fails_with_e0373_and_suggests_move() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("compile-fail/shared_counter.rs");
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile-fail");
    std::fs::create_dir_all(&out_dir).unwrap();
    // rustup's `rustc` follows the toolchain that runs this test (it sets RUSTUP_TOOLCHAIN).
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "--emit=metadata",
            "--crate-name",
            "shared_counter",
        ])
        .arg("--out-dir")
        .arg(&out_dir)
        .arg(&source)
        .output()
        .expect("could not run rustc");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "expected {} not to compile, but it did",
        source.display()
    );
    assert!(
        stderr.contains("error[E0373]"),
        "expected error E0373 (closure may outlive the function), got:\n{stderr}"
    );
    assert!(
        stderr.contains("move ||"),
        "expected the compiler to suggest `move`, got:\n{stderr}"
    );
}
