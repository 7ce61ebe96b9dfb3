//! Crashes, signals and full disks (issue 19, items 8 and 11): a writing command killed,
//! interrupted or starved of disk at any phase boundary leaves a workspace that opens, whose
//! audit trail verifies, whose readers never see rows no committed load owns, and on which the
//! same command run again completes the work. The failpoints are `clearway::failpoint`'s.

use crate::support::{clearway, flat, stderr_of, stdout_of, Scratch};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Every table a writing command may change; `audit_log` is left out because the checks
/// themselves (queries, `audit verify`) append to it.
const DATA_TABLES: &[&str] = &[
    "declarations",
    "telemetry_events",
    "ledger_blocks",
    "ledger_records",
    "loads",
    "rejects",
    "risk_runs",
    "risk_hits",
    "risk_scores",
    "design_files",
    "design_registry",
];

/// Row counts of [`DATA_TABLES`] as a clearway reader sees them (`clearway query`).
fn seen_by_reader(s: &Scratch) -> Vec<i64> {
    let counts: Vec<String> = DATA_TABLES
        .iter()
        .map(|t| format!("(SELECT count(*) FROM {t})"))
        .collect();
    let out = stdout_of(s.run(&[
        "query",
        "--format",
        "csv",
        &format!("SELECT {}", counts.join(", ")),
    ]));
    let line = out.lines().nth(1).expect("a header and a row");
    line.split(',').map(|n| n.parse().expect(n)).collect()
}

/// Generated sample files (declarations, containers, ledger, designs) in `dir`.
fn generated(dir: &Path, rows: u64, seed: u64) -> PathBuf {
    crate::support::generate_summary(dir, rows, seed);
    dir.to_path_buf()
}

/// A clearway process killed by a failpoint's abort ends by SIGABRT, not with an exit code.
fn assert_aborted(out: &std::process::Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code().is_none() && stderr.contains("aborting"),
        "{what}: not aborted: {:?}\n{stderr}",
        out.status
    );
}

#[test]
fn rows_of_a_load_killed_after_committing_them_are_seen_by_no_reader() {
    let s = Scratch::new();
    let first = generated(&s.path("first"), 200, 1).join("declarations.csv");
    let second = generated(&s.path("second"), 300, 2).join("declarations.csv");
    s.load("declarations", &first);
    let before = seen_by_reader(&s);
    let kill_after_commit_rows = || {
        let out = s
            .run(&["load", "declarations"])
            .arg(&second)
            .env("CLEARWAY_FAILPOINT", "load-after-commit-rows=abort")
            .output()
            .unwrap();
        assert_aborted(&out, "load");
        // the window exists: the file holds the killed load's rows, with no `loads` row
        let stored: i64 = s.scalar("SELECT count(*) FROM declarations");
        assert!(
            stored > before[0],
            "the rows of the killed load are in the file"
        );
    };

    kill_after_commit_rows();
    assert_eq!(seen_by_reader(&s), before, "query saw rows of no load");

    kill_after_commit_rows();
    let out = s.path("out.csv");
    s.run(&["export", "declarations", "--out"])
        .arg(&out)
        .assert()
        .success();
    let exported = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        exported.lines().count() as i64,
        before[0] + 1,
        "a header and the first load"
    );
    let sidecar: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.path("out.csv.provenance.json")).unwrap())
            .unwrap();
    let loads: Vec<i64> = sidecar["loads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["load_id"].as_i64().unwrap())
        .collect();
    assert_eq!(loads, vec![1], "the sidecar lists the loads it wrote");

    // the next writer completes the work
    s.load("declarations", &second);
    let loaded: i64 = s.scalar("SELECT sum(rows_loaded) FROM loads");
    assert_eq!(seen_by_reader(&s)[0], loaded);
    assert!(loaded > before[0]);
    s.run(&["audit", "verify"]).assert().success();
}

/// A telemetry file of `n` IoT container events, the `start`-th second of the day first.
fn containers(s: &Scratch, name: &str, start: usize, n: usize) -> PathBuf {
    let mut text = String::from("container_id,ts,lat,lon\n");
    for i in start..start + n {
        text.push_str(&format!(
            "MSCU1234565,2025-06-01T{:02}:{:02}:{:02}Z,{}.5,{}.25\n",
            i / 3600 % 24,
            i / 60 % 60,
            i % 60,
            i % 80,
            i % 170
        ));
    }
    s.write(name, text)
}

#[test]
fn sigint_and_sigterm_roll_the_load_back_and_exit_128_plus_the_signal() {
    let s = Scratch::new();
    let first = containers(&s, "first.csv", 0, 10);
    s.load("telemetry", &first);
    let before = seen_by_reader(&s);
    let file = containers(&s, "events.csv", 100, 2000);
    for (signal, name, code) in [
        (libc::SIGTERM, "SIGTERM", 143),
        (libc::SIGINT, "SIGINT", 130),
    ] {
        // the load stalls where it starts writing, and the signal arrives meanwhile
        let args = [
            "load".into(),
            "telemetry".into(),
            file.display().to_string(),
        ];
        let (code_seen, err) = signalled(&s, &args, "load-write=sleep:2500", signal);
        assert_eq!(code_seen, Some(code), "{name}: {err}");
        assert!(
            err.contains(&format!("interrupted by {name}; nothing from"))
                && err.contains("events.csv was loaded"),
            "{name}: {err}"
        );
        assert_eq!(seen_by_reader(&s), before, "{name}");
        s.run(&["audit", "verify"]).assert().success();
    }
    s.load("telemetry", &file);
}

/// Runs clearway with `args` and `failpoint` (a stall), sends `signal` 1.2 s in, and returns
/// its exit code and flattened stderr.
fn signalled(s: &Scratch, args: &[String], failpoint: &str, signal: i32) -> (Option<i32>, String) {
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("clearway"))
        .env("CLEARWAY_NO_PROGRESS", "1")
        .env("NO_COLOR", "1")
        .env("CLEARWAY_FAILPOINT", failpoint)
        .arg("--workspace")
        .arg(s.workspace())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    // SAFETY: kill(2) on the child's own pid
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        flat(&String::from_utf8_lossy(&out.stderr)),
    )
}

#[test]
fn sigterm_during_a_risk_run_keeps_the_run_from_committing() {
    let s = Scratch::new();
    let gen = generated(&s.path("gen"), 150, 1);
    s.load("declarations", &gen.join("declarations.csv"));
    let before = seen_by_reader(&s);
    // the run stalls before its commit, and SIGTERM arrives meanwhile
    let (code, err) = signalled(
        &s,
        &["risk".into(), "run".into()],
        "before-commit=sleep:2500",
        libc::SIGTERM,
    );
    assert_eq!(code, Some(143), "{err}");
    assert!(err.contains("interrupted by SIGTERM"), "{err}");
    assert_eq!(seen_by_reader(&s), before);
    s.run(&["audit", "verify"]).assert().success();
    s.run(&["risk", "run"]).assert().success();
}

#[test]
fn a_multi_file_load_interrupted_in_file_two_resumes_at_file_two() {
    let s = Scratch::new();
    let files: Vec<PathBuf> = (1..=3)
        .map(|i| containers(&s, &format!("part{i}.csv"), 1000 * i, 5 * i))
        .collect();
    let out = s
        .run(&["load", "telemetry"])
        .args(&files)
        .env("CLEARWAY_FAILPOINT", "load-write=abort@2")
        .output()
        .unwrap();
    assert_aborted(&out, "file 2");
    assert_eq!(seen_by_reader(&s)[1], 5, "file 1 stays loaded");

    let err = flat(&String::from_utf8_lossy(
        &s.run(&["load", "telemetry"])
            .args(&files)
            .assert()
            .success()
            .get_output()
            .stderr,
    ));
    assert!(
        err.contains("note: skipped") && err.contains("part1.csv: already loaded (load 1)"),
        "{err}"
    );
    assert_eq!(seen_by_reader(&s)[1], 5 + 10 + 15);
    let loads: i64 = s.scalar("SELECT count(*) FROM loads");
    assert_eq!(loads, 3);
    // a single file already loaded is still refused
    stderr_of(s.run(&["load", "telemetry"]).arg(&files[0]), 2);
}

#[test]
fn a_full_disk_is_reported_as_a_full_disk_and_loads_nothing() {
    let s = Scratch::new();
    let file = generated(&s.path("gen"), 100, 1);
    for (kind, input, point) in [
        ("declarations", "declarations.csv", "load-insert=enospc"),
        (
            "declarations",
            "declarations.csv",
            "load-before-commit=enospc",
        ),
        ("telemetry", "containers.csv", "load-write=enospc"),
    ] {
        let err = flat(&stderr_of(
            s.run(&["load", kind])
                .arg(file.join(input))
                .env("CLEARWAY_FAILPOINT", point),
            2,
        ));
        assert!(
            err.contains("clearway::disk_full")
                && err.contains("no space left on device while writing")
                && err.contains("free space and run again; nothing from")
                && err.contains(&format!("{input} was loaded"))
                && !err.contains("malformed CSV"),
            "{point}: {err}"
        );
    }
    s.run(&["init"]).assert().success();
    assert_eq!(seen_by_reader(&s), vec![0; DATA_TABLES.len()]);
}

/// A tmpfs of `size` mounted at `dir`, unmounted on drop; None where mounting is not allowed
/// (not root, or no mount namespace rights).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, options: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        // SAFETY: geteuid has no preconditions
        if unsafe { libc::geteuid() } != 0 {
            return None;
        }
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }

    fn remount(&self, options: &str) {
        let ok = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// A real full disk: a 6 MB tmpfs (root only; skipped with a note otherwise).
#[test]
fn a_real_full_disk_is_reported_as_a_full_disk() {
    let s = Scratch::new();
    let Some(_disk) = Tmpfs::mount(&s.path("disk"), "size=6m") else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let file = generated(&s.path("gen"), 30_000, 1).join("declarations.csv");
    let ws = s.path("disk").join("ws.duckdb");
    clearway()
        .arg("--workspace")
        .arg(&ws)
        .arg("init")
        .assert()
        .success();
    let err = flat(&stderr_of(
        clearway()
            .arg("--workspace")
            .arg(&ws)
            .args(["load", "declarations"])
            .arg(&file),
        2,
    ));
    assert!(
        err.contains("no space left on device while writing")
            && err.contains("nothing from")
            && !err.contains("clearway bug"),
        "{err}"
    );
    let seen = stdout_of(clearway().arg("--workspace").arg(&ws).args([
        "query",
        "--format",
        "csv",
        "SELECT count(*) FROM declarations",
    ]));
    assert_eq!(seen.lines().nth(1), Some("0"), "{seen}");
}

/// A workspace on a read-only file system: writing commands fail with a clear message, and
/// nothing breaks for readers. As root chmod does not stop writes, so the file system is
/// made read-only (a tmpfs remounted `ro`); without root, chmod 0444 on the file.
#[test]
fn a_read_only_workspace_refuses_writes_clearly() {
    let s = Scratch::new();
    let file = containers(&s, "events.csv", 0, 5);
    let disk = Tmpfs::mount(&s.path("disk"), "size=64m");
    let ws = s.path("disk").join("ws.duckdb");
    let at = |args: &[&str]| {
        let mut cmd = clearway();
        cmd.arg("--workspace").arg(&ws).args(args);
        cmd
    };
    at(&["load", "telemetry"]).arg(&file).assert().success();
    match &disk {
        Some(disk) => disk.remount("ro"),
        None => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&ws, std::fs::Permissions::from_mode(0o444)).unwrap();
            std::fs::set_permissions(s.path("disk"), std::fs::Permissions::from_mode(0o555))
                .unwrap();
        }
    }
    let again = containers(&s, "more.csv", 100, 3);
    let err = flat(&stderr_of(at(&["load", "telemetry"]).arg(&again), 2));
    assert!(
        err.contains("ws.duckdb") && !err.contains("clearway bug") && !err.contains("panicked"),
        "{err}"
    );
    let seen = stdout_of(at(&[
        "query",
        "--format",
        "csv",
        "SELECT count(*) FROM telemetry_events",
    ]));
    assert_eq!(seen.lines().nth(1), Some("5"), "{seen}");
    match &disk {
        Some(disk) => disk.remount("rw"),
        None => {
            use std::os::unix::fs::PermissionsExt;
            // writable again, so that the scratch folder can be removed
            std::fs::set_permissions(s.path("disk"), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
    }
}

/// One writing command of the crash matrix.
struct Writer {
    name: &'static str,
    args: Vec<String>,
}

fn writers(gen: &Path) -> Vec<Writer> {
    let path = |p: &str| gen.join(p).display().to_string();
    let w = |name, args: &[&str]| Writer {
        name,
        args: args.iter().map(|a| a.to_string()).collect(),
    };
    vec![
        w(
            "load declarations",
            &["load", "declarations", &path("declarations.csv")],
        ),
        w(
            "load telemetry",
            &["load", "telemetry", &path("containers.csv")],
        ),
        w("load ledger", &["load", "ledger", &path("ledger.jsonl")]),
        w(
            "provenance scan",
            &["provenance", "scan", &path("designs/incoming/star.stl")],
        ),
        w(
            "provenance register",
            &[
                "provenance",
                "register",
                "--owner",
                "o",
                "--licence",
                "CC0",
                &path("designs/registry/plate.stl"),
            ],
        ),
        w("risk run", &["risk", "run"]),
    ]
}

/// Copies the workspace file (and its WAL, if any) from one scratch to another.
fn copy_workspace(from: &Scratch, to: &Scratch) {
    std::fs::copy(from.workspace(), to.workspace()).unwrap();
    let wal = |s: &Scratch| PathBuf::from(format!("{}.wal", s.workspace().display()));
    if wal(from).exists() {
        std::fs::copy(wal(from), wal(to)).unwrap();
    }
}

/// Item 11: every writing command killed before and after each of its commits. After each
/// kill the workspace opens, `audit verify` passes, a reader sees the state before or the
/// state after the command (never a half), and, when it was before, running the command
/// again completes the work.
#[test]
fn every_writing_command_killed_at_every_commit_leaves_a_whole_workspace() {
    let started = Instant::now();
    let base = Scratch::new();
    let first = generated(&base.path("first"), 150, 1);
    let second = generated(&base.path("second"), 150, 2);
    base.load("declarations", &first.join("declarations.csv"));
    let before = seen_by_reader(&base);
    let mut killed = 0;
    for writer in writers(&second) {
        let after = {
            let clean = Scratch::new();
            copy_workspace(&base, &clean);
            clean.run(&[]).args(&writer.args).assert().success();
            seen_by_reader(&clean)
        };
        assert_ne!(after, before, "{}: the command writes", writer.name);
        for point in ["before-commit", "after-commit", "load-after-commit-rows"] {
            for nth in 1.. {
                let s = Scratch::new();
                copy_workspace(&base, &s);
                let failpoint = format!("{point}=abort@{nth}");
                let out = s
                    .run(&[])
                    .args(&writer.args)
                    .env("CLEARWAY_FAILPOINT", &failpoint)
                    .output()
                    .unwrap();
                if out.status.success() {
                    break; // the command has no such commit
                }
                let what = format!("{} at {failpoint}", writer.name);
                assert_aborted(&out, &what);
                killed += 1;
                s.run(&["audit", "verify"]).assert().success();
                let seen = seen_by_reader(&s);
                assert!(
                    seen == before || seen == after,
                    "{what}: half a command: {seen:?} (before {before:?}, after {after:?})"
                );
                if seen == before {
                    s.run(&[]).args(&writer.args).assert().success();
                    assert_eq!(seen_by_reader(&s), after, "{what}: run again");
                }
                s.run(&["audit", "verify"]).assert().success();
            }
        }
    }
    assert!(killed >= 10, "only {killed} kills reached");
    eprintln!(
        "crash matrix: {killed} kills in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// The figures behind the choice in `workspace::hide_unrecorded_rows` (docs/reliability.md):
/// what the readers' check costs, against what moving a load's rows out of a staging table in
/// the final transaction (the alternative) would add to every load. Run by hand on a big file:
/// `CLEARWAY_MEASURE_CSV=/path/declarations.csv cargo test --release --test it -- --ignored
/// crash::measure --nocapture`.
#[test]
#[ignore]
fn measure_the_readers_check_against_a_staging_table() {
    let Ok(csv) = std::env::var("CLEARWAY_MEASURE_CSV") else {
        eprintln!("set CLEARWAY_MEASURE_CSV");
        return;
    };
    let s = Scratch::new();
    let t = Instant::now();
    s.load("declarations", Path::new(&csv));
    let load = t.elapsed().as_secs_f64();
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM declarations", [], |r| r.get(0))
        .unwrap();
    let t = Instant::now();
    let any: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM declarations WHERE NOT ((abs(load_id) NOT IN (SELECT load_id FROM loads)) IS NOT TRUE))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let check = t.elapsed().as_secs_f64();
    assert!(!any);
    conn.execute_batch("CREATE TABLE staging AS SELECT * FROM declarations LIMIT 0; INSERT INTO staging SELECT * FROM declarations")
        .unwrap();
    let t = Instant::now();
    conn.execute_batch("BEGIN; INSERT INTO declarations SELECT * FROM staging; DROP TABLE staging; COMMIT; CHECKPOINT")
        .unwrap();
    let staging = t.elapsed().as_secs_f64();
    eprintln!(
        "{rows} rows: load {load:.2} s, readers' check {:.1} ms, staging move {staging:.2} s",
        check * 1e3
    );
}

#[test]
fn sigint_during_a_lake_export_keeps_the_previous_lake_and_no_staging_folder() {
    let s = Scratch::new();
    let gen = generated(&s.path("gen"), 150, 1);
    s.load("declarations", &gen.join("declarations.csv"));
    let lake = s.path("lake");
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    let before = std::fs::read(lake.join("_clearway/manifest.json")).unwrap();
    s.load("telemetry", &gen.join("ais.nmea"));
    // the new lake is written and waits to be swapped in when SIGINT arrives
    let (code, err) = signalled(
        &s,
        &[
            "lake".into(),
            "export".into(),
            "--out".into(),
            lake.display().to_string(),
        ],
        "lake-swap=sleep:2500",
        libc::SIGINT,
    );
    assert_eq!(code, Some(130), "{err}");
    assert!(err.contains("interrupted by SIGINT"), "{err}");
    assert_eq!(
        std::fs::read(lake.join("_clearway/manifest.json")).unwrap(),
        before
    );
    s.run(&["lake", "verify"]).arg(&lake).assert().success();
    let staging = std::fs::read_dir(s.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("staging")
        })
        .count();
    assert_eq!(staging, 0);
}
