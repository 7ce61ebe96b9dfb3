//! The fuzz targets (fuzz/, cargo-fuzz over clearway-formats) run for a short smoke time in the
//! suite: every target builds, runs on its seeds and mutations, and none crashes, leaks past
//! libFuzzer's RSS limit or times out (fuzz/smoke.sh decides). The long runs and their figures
//! are in docs/reliability.md.
//!
//! Needs the nightly toolchain and cargo-fuzz (`.ci/run` installs cargo-fuzz). Without them
//! the test skips with a note, except under CI, where it fails. The fuzz build has a target
//! directory of its own beside the suite's, so it neither rebuilds nor locks the main one.

use crate::support::repo;
use std::path::PathBuf;
use std::process::Command;

fn cargo_fuzz_available() -> bool {
    Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `$CARGO_TARGET_DIR-fuzz` when the suite has a target dir of its own, else `target/fuzz`.
fn fuzz_target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let mut dir = dir;
            dir.push("-fuzz");
            PathBuf::from(dir)
        }
        None => repo().join("target").join("fuzz"),
    }
}

#[test]
fn every_fuzz_target_survives_a_smoke_run() {
    if !cargo_fuzz_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but `cargo +nightly fuzz` is not available (.ci/run installs cargo-fuzz)"
        );
        eprintln!("skipping: `cargo +nightly fuzz` is not available");
        return;
    }
    let seconds = std::env::var("CLEARWAY_FUZZ_SECONDS").unwrap_or_else(|_| "3".into());
    let out = Command::new("bash")
        .arg(repo().join("fuzz/smoke.sh"))
        .arg(&seconds)
        .env("CARGO_TARGET_DIR", fuzz_target_dir())
        // rustup's proxy picks the toolchain per call (`cargo +nightly`); a toolchain the
        // suite itself was started with must not leak into the fuzz build.
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}");
    // On a crash, smoke.sh's stdout carries the error, the first frames and the input in base64:
    // the CI log is all that is left of a clean clone's run, so it must be enough to reproduce.
    let stderr_tail: Vec<&str> = stderr.lines().collect();
    assert!(
        out.status.success(),
        "fuzz smoke run failed:\n{stdout}\n{}",
        stderr_tail[stderr_tail.len().saturating_sub(40)..].join("\n")
    );
    // one file per target; shared code lives in fuzz_targets/common/
    let targets = std::fs::read_dir(repo().join("fuzz/fuzz_targets"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "rs"))
        })
        .count();
    let ok = stdout.lines().filter(|l| l.ends_with(" ok")).count();
    assert_eq!(ok, targets, "every target must report ok:\n{stdout}");
}
