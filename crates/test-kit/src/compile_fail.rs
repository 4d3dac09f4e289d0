//! For tests that prove a file does not compile, and why: stable rustdoc's `compile_fail` doctests
//! ignore the error code, so a test runs rustc itself and reads the messages.

use std::path::Path;
use std::process::Command;

/// Compiles `source` as a 2024-edition library (checking only, into `out_dir`) and returns the
/// compiler's messages.
///
/// # Panics
/// If rustc cannot be started, or if the file compiles: such a file proves nothing.
pub fn compiler_errors(source: &Path, out_dir: &Path) -> String {
    std::fs::create_dir_all(out_dir).expect("could not create the output folder");
    let crate_name = source
        .file_stem()
        .and_then(|stem| stem.to_str())
        .expect("a source file named like a crate");
    // rustup's `rustc` follows the toolchain that runs the test (cargo sets RUSTUP_TOOLCHAIN).
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "--emit=metadata",
            "--crate-type",
            "lib",
        ])
        .args(["--crate-name", crate_name])
        .arg("--out-dir")
        .arg(out_dir)
        .arg(source)
        .output()
        .expect("could not run rustc");
    assert!(
        !output.status.success(),
        "expected {} not to compile, but it did",
        source.display()
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> std::path::PathBuf {
        std::env::temp_dir().join(format!("compile-fail-test-{}", std::process::id()))
    }

    #[test]
    fn a_file_that_does_not_compile_gives_its_errors() {
        let dir = folder();
        std::fs::create_dir_all(&dir).unwrap();
        let source = dir.join("broken.rs");
        std::fs::write(&source, "pub fn f() -> u8 { \"text\" }\n").unwrap();
        let errors = compiler_errors(&source, &dir.join("out"));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(errors.contains("error[E0308]"), "{errors}");
    }

    #[test]
    fn a_file_that_compiles_is_refused() {
        let dir = folder().with_extension("ok");
        std::fs::create_dir_all(&dir).unwrap();
        let source = dir.join("fine.rs");
        std::fs::write(&source, "pub fn f() -> u8 { 1 }\n").unwrap();
        let outcome = std::panic::catch_unwind(|| compiler_errors(&source, &dir.join("out")));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(outcome.is_err(), "a file that compiles must not pass");
    }
}
