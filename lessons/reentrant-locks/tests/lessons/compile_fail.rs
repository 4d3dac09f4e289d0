//! The two attempts in `compile-fail/` must fail to compile, and for the reasons the book gives:
//! a reentrant guard cannot be sent to another thread (E0277: the unlock belongs to the thread
//! that locked), and it cannot change the data (E0594: it gives only `&T`). The doctests in
//! `src/lib.rs` prove that the first fails; stable rustdoc cannot check why, so this does.
//!
//! `test_kit::compile_fail::compiler_errors` compiles a file with no crates but std, and these
//! files need parking_lot: so this runs rustc the same way, adding the parking_lot that cargo
//! built beside this test program. Of the copies there (one per set of features, and older ones
//! that an earlier toolchain built and rustc would refuse), the newest is the one this build made.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The compiler's messages for `file`, compiled against the newest parking_lot cargo built.
fn compiler_errors_with_parking_lot(file: &str) -> Vec<String> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("compile-fail")
        .join(file);
    let deps: PathBuf = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let newest: PathBuf = std::fs::read_dir(&deps)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("libparking_lot-") && name.ends_with(".rlib")
        })
        .max_by_key(|path| path.metadata().and_then(|meta| meta.modified()).ok())
        .unwrap_or_else(|| panic!("no parking_lot built in {}", deps.display()));
    let copies = [newest];
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    copies
        .iter()
        .map(|copy| {
            let output = Command::new(&rustc)
                .args([
                    "--edition",
                    "2024",
                    "--emit=metadata",
                    "--crate-type",
                    "lib",
                ])
                .arg("-L")
                .arg(format!("dependency={}", deps.display()))
                .arg("--extern")
                .arg(format!("parking_lot={}", copy.display()))
                .arg("--out-dir")
                .arg(Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile-fail"))
                .arg(&source)
                .output()
                .expect("could not run rustc");
            assert!(
                !output.status.success(),
                "{file} compiled with {}",
                copy.display()
            );
            String::from_utf8_lossy(&output.stderr).into_owned()
        })
        .collect()
}

#[test]
fn a_reentrant_guard_sent_to_another_thread_fails_with_e0277() {
    for stderr in compiler_errors_with_parking_lot("guard_to_another_thread.rs") {
        assert!(
            stderr.contains("error[E0277]")
                && stderr.contains("cannot be sent between threads safely"),
            "expected E0277 (the guard is not Send), got:\n{stderr}"
        );
    }
}

#[test]
fn changing_the_data_through_a_reentrant_guard_fails_with_e0594() {
    for stderr in compiler_errors_with_parking_lot("change_through_reentrant_guard.rs") {
        assert!(
            stderr.contains("error[E0594]") || stderr.contains("error[E0596]"),
            "expected E0594/E0596 (the guard gives only &T), got:\n{stderr}"
        );
    }
}
