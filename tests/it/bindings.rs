//! The UniFFI bindings: the committed ones in `bindings/*/generated` must match what the
//! project's `uniffi-bindgen` generates from the current library (regenerate with
//! `scripts/generate-bindings.sh`), and the generated Python and Kotlin must work
//! against the host-built library. The Kotlin part needs `kotlinc` (npm
//! `kotlin-compiler`) and JNA (Debian `libjna-java`); `.ci/run` installs both; without
//! them it skips with a message.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{command:?} failed:\n{text}");
    text
}

fn cdylib() -> PathBuf {
    let name = if cfg!(target_os = "macos") {
        "libspeech_emotion.dylib"
    } else {
        "libspeech_emotion.so"
    };
    root().join("target/debug").join(name)
}

/// Builds the library and the bindgen, generates every language into a temp dir (once).
fn generated() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let cargo = env!("CARGO");
        run(Command::new(cargo)
            .current_dir(root())
            .args(["build", "--lib", "--quiet"]));
        run(Command::new(cargo).current_dir(root()).args([
            "build",
            "-p",
            "uniffi-bindgen",
            "--quiet",
        ]));
        let out = tempfile::tempdir().unwrap();
        for language in ["kotlin", "swift", "python"] {
            run(Command::new(root().join("target/debug/uniffi-bindgen"))
                .current_dir(root())
                .args(["generate", "--library"])
                .arg(cdylib())
                .args(["--language", language, "--no-format", "--out-dir"])
                .arg(out.path().join(language).join("generated")));
        }
        out
    })
    .path()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    files
}

#[test]
fn committed_bindings_are_up_to_date() {
    for language in ["kotlin", "swift", "python"] {
        let fresh = generated().join(language).join("generated");
        let committed = root().join("bindings").join(language).join("generated");
        assert_eq!(
            files_under(&fresh),
            files_under(&committed),
            "{language}: file list differs"
        );
        for file in files_under(&fresh) {
            let a = std::fs::read_to_string(fresh.join(&file)).unwrap();
            let b = std::fs::read_to_string(committed.join(&file)).unwrap();
            assert!(
                a == b,
                "bindings/{language}/generated/{} is stale: run scripts/generate-bindings.sh",
                file.display()
            );
        }
    }
}

#[test]
fn python_bindings_work() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("SKIPPED: python3 not found");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        generated().join("python/generated/speech_emotion.py"),
        dir.path().join("speech_emotion.py"),
    )
    .unwrap();
    std::fs::copy(cdylib(), dir.path().join(cdylib().file_name().unwrap())).unwrap();
    let out = run(Command::new("python3")
        .env("RUST_BACKTRACE", "0")
        .arg(root().join("bindings/python/test/test_bindings.py"))
        .arg(dir.path())
        .arg(root())
        .arg(env!("CARGO_BIN_EXE_emotion")));
    assert!(out.contains("ALL PYTHON CHECKS PASSED"), "{out}");
}

/// `kotlinc`: $KOTLINC, then `.ci/tools` (where `.ci/run` installs it), then PATH.
fn kotlinc() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("KOTLINC").map(PathBuf::from),
        Some(root().join(".ci/tools/node_modules/kotlin-compiler/bin/kotlinc")),
        Some(PathBuf::from("kotlinc")),
    ];
    candidates.into_iter().flatten().find(|c| {
        Command::new(c)
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn jna_jar() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("JNA_JAR").map(PathBuf::from),
        Some(PathBuf::from("/usr/share/java/jna.jar")),
    ];
    candidates.into_iter().flatten().find(|p| p.exists())
}

#[test]
fn kotlin_bindings_work_on_the_jvm() {
    let (Some(kotlinc), Some(jna)) = (kotlinc(), jna_jar()) else {
        eprintln!("SKIPPED: needs kotlinc (npm kotlin-compiler) and JNA (libjna-java); .ci/run installs them");
        return;
    };
    let build = tempfile::tempdir().unwrap();
    let jar = build.path().join("test.jar");
    run(Command::new(kotlinc)
        .arg(generated().join("kotlin/generated/expo/modules/speechemotion/core/speech_emotion.kt"))
        .arg(root().join("bindings/kotlin/test/BindingsTest.kt"))
        .arg("-cp")
        .arg(&jna)
        .args(["-include-runtime", "-nowarn", "-d"])
        .arg(&jar));
    let classpath = format!("{}:{}", jar.display(), jna.display());
    let out = run(Command::new("java")
        .env("RUST_BACKTRACE", "0")
        .arg(format!(
            "-Djna.library.path={}",
            cdylib().parent().unwrap().display()
        ))
        .args(["-cp", &classpath, "BindingsTestKt"])
        .arg(root()));
    assert!(out.contains("ALL KOTLIN CHECKS PASSED"), "{out}");
}
