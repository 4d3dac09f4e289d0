//! The first attempt at a shared counter must fail to compile, and for the reason the book gives:
//! the threads borrow a local variable they may outlive (E0373, with the `move` suggestion).
//! The doctest in `src/lib.rs` proves it fails; stable rustdoc cannot check why, so this does.

use std::path::Path;
use test_kit::compile_fail::compiler_errors;

#[test]
fn the_shared_counter_attempt_fails_with_e0373_and_suggests_move() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("compile-fail/shared_counter.rs");
    let stderr = compiler_errors(
        &source,
        &Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile-fail"),
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
