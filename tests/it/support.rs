//! Shared test helpers.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The audit key every test command signs with: in the target folder, never the tester's own
/// (`~/.config/clearway/audit.key`). Its checkpoints accumulate beside it, one small file per
/// test workspace.
pub const AUDIT_KEY_FILE: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/audit-key/audit.key");

/// The binary, with progress bars and colours off, no workspace from the environment and the
/// tests' audit key.
pub fn clearway() -> Command {
    Command::from_std(clearway_std())
}

/// [`clearway`] as a `std::process::Command`, for a test that wires its standard streams
/// itself (a closed pipe).
pub fn clearway_std() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_clearway"));
    cmd.env("CLEARWAY_NO_PROGRESS", "1")
        .env("CLEARWAY_AUDIT_KEY_FILE", AUDIT_KEY_FILE)
        .env("NO_COLOR", "1")
        .env_remove("CLEARWAY_WORKSPACE")
        .env_remove("CLEARWAY_FAILPOINT")
        // plugins come only from where a test puts them
        .env_remove("CLEARWAY_PLUGIN_PATH")
        .env("XDG_CONFIG_HOME", "/nonexistent/clearway-tests")
        .env("COLUMNS", "100");
    cmd
}

/// A temporary folder holding a workspace path (not yet created).
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        // workspaces a test opens in-process sign with the tests' key too
        clearway::workspace::audit::key::set_process_key_file(AUDIT_KEY_FILE.into());
        Scratch {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn workspace(&self) -> PathBuf {
        self.path("ws.duckdb")
    }

    /// `clearway --workspace <ws> ARGS...`
    pub fn run(&self, args: &[&str]) -> Command {
        let mut cmd = clearway();
        cmd.arg("--workspace").arg(self.workspace()).args(args);
        cmd
    }

    /// `clearway load KIND FILE`, which must succeed.
    pub fn load(&self, kind: &str, file: &Path) {
        self.run(&["load", kind]).arg(file).assert().success();
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write test file");
        p
    }

    /// One value from the workspace, read with a separate DuckDB connection.
    pub fn scalar<T: duckdb::types::FromSql>(&self, sql: &str) -> T {
        let conn = duckdb::Connection::open(self.workspace()).expect("open workspace");
        conn.query_row(sql, [], |r| r.get(0)).expect(sql)
    }
}

/// Text of a command's stdout and stderr with volatile parts replaced, for snapshots.
pub fn redact(text: &str, scratch: &Scratch) -> String {
    let dir = scratch.dir.path().display().to_string();
    let text = text.replace(&dir, "[TMP]");
    let re = |s: &str, pat: &str, with: &str| -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find(pat) {
            out.push_str(&rest[..i]);
            out.push_str(with);
            rest = &rest[i + pat.len()..];
            let skip = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
            rest = &rest[skip..];
        }
        out.push_str(rest);
        out
    };
    let text = re(&text, "sha256 ", "sha256 [SHA]");
    re(&text, "took      ", "took      [SECONDS]")
}

/// The demo's workspace: the bundled sample and its AIS tracks loaded, the declaration and
/// telemetry packs run, lanes assigned (with the demo's output folder, `demo-out`).
///
/// The demo runs once per test process and each caller gets a copy of its folder: twenty-odd
/// tests start from it, and a copy of its 20 MB takes milliseconds where the demo takes
/// seconds. A workspace file copied elsewhere is a workspace of its own (its audit chain
/// verifies there; checkpoints are kept per path).
pub fn demo_workspace() -> Scratch {
    static MADE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let made = MADE.get_or_init(|| {
        let dir = demo_fixture_dir();
        clearway()
            .arg("--workspace")
            .arg(dir.join("ws.duckdb"))
            .args(["demo", "--out"])
            .arg(dir.join("demo-out"))
            .assert()
            .success();
        dir
    });
    let s = Scratch::new();
    for entry in walkdir::WalkDir::new(made).min_depth(1) {
        let entry = entry.unwrap();
        let to = s.dir.path().join(entry.path().strip_prefix(made).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    s
}

/// This process's folder for the demo fixture, in the system's temporary folder. A static is
/// never dropped, so the folder outlives the process: the folders of processes that have ended
/// (no `/proc/PID`) are removed here instead.
fn demo_fixture_dir() -> PathBuf {
    const PREFIX: &str = "clearway-it-demo-";
    let tmp = std::env::temp_dir();
    // without /proc (not Linux) nothing can tell a live process's folder: none is removed
    let sweep = Path::new("/proc/self").exists();
    for entry in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
        if !sweep {
            break;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix(PREFIX) {
            if !Path::new("/proc").join(pid).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let dir = tmp.join(format!("{PREFIX}{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A file from ../shared/data. Under CI it must exist (the test fails); elsewhere a missing
/// file skips the test with a note, so a checkout without the shared folder can still run
/// the rest.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but the shared sample {} is missing", p.display());
    }
    eprintln!("skipping: {} not found", p.display());
    None
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a command expected to fail with `code`; returns its stderr.
pub fn stderr_of(mut cmd: impl std::borrow::BorrowMut<Command>, code: i32) -> String {
    let out = cmd
        .borrow_mut()
        .assert()
        .code(code)
        .get_output()
        .stderr
        .clone();
    String::from_utf8(out).expect("UTF-8 stderr")
}

/// Runs a command expected to succeed; returns its stdout.
pub fn stdout_of(mut cmd: impl std::borrow::BorrowMut<Command>) -> String {
    let out = cmd
        .borrow_mut()
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 stdout")
}

/// `clearway sample-data generate` into `dir`; returns the summary it prints (what was
/// planted, and where).
pub fn generate_summary(dir: &Path, rows: u64, seed: u64) -> serde_json::Value {
    let out = stdout_of(
        clearway()
            .args([
                "sample-data",
                "generate",
                "--rows",
                &rows.to_string(),
                "--seed",
                &seed.to_string(),
                "--out",
            ])
            .arg(dir),
    );
    serde_json::from_str(&out).expect("the summary is JSON")
}

/// `clearway sample-data generate` into `dir`; returns the CSV's path.
pub fn generate(dir: &Path, rows: u64, seed: u64) -> PathBuf {
    generate_summary(dir, rows, seed);
    dir.join("declarations.csv")
}

/// Diagnostic text with miette's line wrapping and gutter removed, for `contains` checks.
pub fn flat(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Khronos glTF validator's module (npm `gltf-validator`, installed by `.ci/run` under
/// ~/.cache/clearway/node). Under CI it must be there; elsewhere None skips with a note.
pub fn gltf_validator() -> Option<PathBuf> {
    let prefix = std::env::var_os("CLEARWAY_NODE_PREFIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache/clearway/node")
        });
    let module = prefix.join("node_modules/gltf-validator");
    if module.join("package.json").exists() {
        return Some(module);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but gltf-validator is not installed at {}",
        module.display()
    );
    eprintln!(
        "skipping the glTF validation: {} not found",
        module.display()
    );
    None
}

/// Every file passes the Khronos glTF validator with no error and no warning; the validator's
/// report of each, as JSON (None when the validator is not installed and CI is not set).
pub fn validate_glb(files: &[PathBuf]) -> Option<Vec<serde_json::Value>> {
    let module = gltf_validator()?;
    let out = std::process::Command::new("node")
        .arg(repo().join("crates/clearway-scene/tests/gltf-validate.js"))
        .arg(&module)
        .args(files)
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for r in &reports {
        assert_eq!(r["errors"], 0, "{r}");
        assert_eq!(r["warnings"], 0, "{r}");
    }
    Some(reports)
}

/// Debian's Chromium (installed by `.ci/run`). Under CI it must be there; elsewhere None skips
/// with a note.
pub fn chromium() -> Option<PathBuf> {
    let found = clearway_scene::headless::chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium is not installed"
        );
        eprintln!("skipping the browser check: chromium not found");
    }
    found
}

/// The DOM of `page` (opened from the file system, with `fragment`) after its scripts ran in
/// headless Chromium; with `screenshot`, a PNG of it instead.
pub fn browse(page: &Path, fragment: &str, screenshot: Option<&Path>) -> String {
    let how = clearway_scene::headless::Visit {
        fragment,
        screenshot,
        height: 1400,
        ..Default::default()
    };
    clearway_scene::headless::visit(page, &how).unwrap()
}

pub use clearway_scene::headless::attribute;

/// The bundled sample (declarations, AIS and tracker telemetry) loaded and the declarations
/// pack run.
pub fn sample_with_risk_run() -> Scratch {
    let s = Scratch::new();
    let data = repo().join("sample-data");
    s.load("declarations", &data.join("declarations.csv"));
    s.run(&["load", "telemetry"])
        .arg(data.join("ais.nmea"))
        .arg(data.join("containers.csv"))
        .assert()
        .success();
    s.run(&["risk", "run"]).assert().success();
    s
}

/// The sample's controlled proxy registered and its quarter-turned copy checked against it;
/// the copy's path.
pub fn controlled_tee_checked(s: &Scratch) -> PathBuf {
    let designs = repo().join("sample-data/designs");
    s.run(&[
        "provenance",
        "register",
        "--controlled",
        "--owner",
        "Acme",
        "--licence",
        "proprietary",
    ])
    .arg(designs.join("registry/tee_receiver_proxy.stl"))
    .assert()
    .success();
    let file = designs.join("incoming/tee_rotated.stl");
    s.run(&["provenance", "check"])
        .arg(&file)
        .assert()
        .success();
    file
}
