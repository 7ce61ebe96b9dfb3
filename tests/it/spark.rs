//! Spark runs: `risk run --engine spark`, `risk import`, and the proof of identity — every
//! shipped rule on DuckDB and on Apache Spark `local[2]` over the same data gives the same
//! verdicts (issue 21, point 5).
//!
//! The identity test needs pyspark (`spark/setup.sh` installs it; `.ci/run` runs that) and
//! Java 17. Under CI a missing pyspark fails the test; elsewhere it is skipped with a note.
//! The import tests need neither: they build a run folder the way the driver writes one.

use crate::support::{clearway, demo_workspace, Scratch};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The Python with pyspark: CLEARWAY_PYSPARK_PYTHON, else the environment spark/setup.sh
/// makes. None (a skip) outside CI when there is none; a failure under CI.
fn pyspark_python() -> Option<PathBuf> {
    let python = std::env::var_os("CLEARWAY_PYSPARK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default())
                .join(".cache/clearway/pyspark-venv/bin/python")
        });
    let works = std::process::Command::new(&python)
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(python);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "CI is set but {} cannot import pyspark (bash spark/setup.sh installs it)",
            python.display()
        );
    }
    eprintln!(
        "skipping: no pyspark at {} (bash spark/setup.sh)",
        python.display()
    );
    None
}

const PACKS: &str = "declarations,telemetry,ledger,provenance,scoring";

fn sha256_hex(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A hex digest of a path (a run id unique to each test folder).
fn path_hash(path: &Path) -> String {
    Sha256::digest(path.to_string_lossy().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A run folder as the driver writes one, made from the workspace's DuckDB run `run_id`.
fn run_folder_from(s: &Scratch, run_id: i64, dir: &Path) {
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    for (table, select) in [
        ("risk_hits", format!("SELECT run_id, rule_id, declaration_id, item_no, score, reason, CAST(evidence AS VARCHAR) AS evidence FROM risk_hits WHERE run_id = {run_id}")),
        ("risk_scores", format!("SELECT run_id, declaration_id, total, lane, top_reasons FROM risk_scores WHERE run_id = {run_id}")),
    ] {
        std::fs::create_dir_all(dir.join(table)).unwrap();
        let file = dir.join(table).join("part-00000.parquet");
        conn.execute_batch(&format!("COPY ({select}) TO '{}' (FORMAT parquet)", file.display()))
            .unwrap();
    }
    let count = |table: &str| -> i64 {
        conn.query_row(
            &format!("SELECT count(*) FROM {table} WHERE run_id = {run_id}"),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (rules, pack): (String, String) = conn
        .query_row(
            "SELECT CAST(rules AS VARCHAR), pack FROM risk_runs WHERE run_id = ?",
            [run_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let file = |table: &str| {
        let path = dir.join(table).join("part-00000.parquet");
        serde_json::json!([{ "path": format!("{table}/part-00000.parquet"),
                             "bytes": std::fs::metadata(&path).unwrap().len(),
                             "sha256": sha256_hex(&path) }])
    };
    let record = serde_json::json!({
        "format": "clearway-spark-run", "run_format": 1,
        "run_uuid": format!("00000000-0000-4000-8000-{}", &path_hash(dir)[..12]), "run_id": 1, "pack": pack,
        "clearway_version": "test", "spark_version": "4.3.0", "master": "local[2]", "seconds": 1.5,
        "started_at": "2026-12-07 10:00:00.000000", "finished_at": "2026-12-07 10:00:01.500000",
        "lake": { "workspace_id": null, "up_to_load": 2, "workspace_schema_version": 17 },
        "rules": serde_json::from_str::<serde_json::Value>(&rules).unwrap(),
        "rows": { "risk_hits": count("risk_hits"), "risk_scores": count("risk_scores") },
        "files": { "risk_hits": file("risk_hits"), "risk_scores": file("risk_scores") },
    });
    std::fs::write(
        dir.join("run.json"),
        serde_json::to_string_pretty(&record).unwrap(),
    )
    .unwrap();
}

fn flat(text: &[u8]) -> String {
    crate::support::flat(&String::from_utf8_lossy(text))
}

#[test]
fn an_imported_run_is_read_like_any_run_and_only_once() {
    let s = demo_workspace();
    let runs: i64 = s.scalar("SELECT max(run_id) FROM risk_runs");
    let dir = s.path("run");
    run_folder_from(&s, runs, &dir);
    s.run(&["risk", "import"]).arg(&dir).assert().success();
    let imported = runs + 1;
    // the same hits and scores, under a new run that says where it came from
    for (a, b) in [(runs, imported), (imported, runs)] {
        let differing: i64 = s.scalar(&format!(
            "SELECT (SELECT count(*) FROM (
                 SELECT rule_id, declaration_id, item_no, score, reason, CAST(evidence AS VARCHAR) FROM risk_hits WHERE run_id = {a}
                 EXCEPT ALL SELECT rule_id, declaration_id, item_no, score, reason, CAST(evidence AS VARCHAR) FROM risk_hits WHERE run_id = {b}))
             + (SELECT count(*) FROM (
                 SELECT declaration_id, total, top_reasons FROM risk_scores WHERE run_id = {a}
                 EXCEPT ALL SELECT declaration_id, total, top_reasons FROM risk_scores WHERE run_id = {b}))"
        ));
        assert_eq!(differing, 0, "runs {a} and {b} differ");
    }
    let engine: String = s.scalar(&format!("SELECT engine || ' ' || (source->>'spark_version') FROM risk_runs WHERE run_id = {imported}"));
    assert_eq!(engine, "spark 4.3.0");
    let declaration: String = s.scalar(&format!(
        "SELECT declaration_id FROM risk_scores WHERE run_id = {imported} ORDER BY total DESC, declaration_id LIMIT 1"
    ));
    // explain, lanes and evaluate read it as they read a DuckDB run
    let explain = s
        .run(&[
            "risk",
            "explain",
            &declaration,
            "--run",
            &imported.to_string(),
        ])
        .assert()
        .success();
    assert!(flat(&explain.get_output().stdout).contains(&declaration));
    s.run(&[
        "risk",
        "lanes",
        "--budget",
        "red=3%,yellow=7%",
        "--run",
        &imported.to_string(),
    ])
    .assert()
    .success();
    let lanes: i64 = s.scalar(&format!(
        "SELECT count(*) FROM risk_scores WHERE run_id = {imported} AND lane IS NOT NULL"
    ));
    assert!(lanes > 0);
    s.run(&["risk", "evaluate", "--run", &imported.to_string()])
        .assert()
        .success();
    // check judges the stored run, with the verdicts a check of the DuckDB run gives
    let judged = |run: i64| {
        let out = s
            .run(&[
                "check",
                "--run",
                &run.to_string(),
                "--fail-on",
                "high",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["run_id"], run);
        (
            out.status.code(),
            report["failed"].clone(),
            report["rules"].as_array().unwrap().len(),
        )
    };
    assert_eq!(judged(imported), judged(runs));
    assert!(judged(imported).2 > 5);
    let audit: i64 = s.scalar("SELECT count(*) FROM audit_log WHERE command = 'risk import'");
    assert_eq!(audit, 1);
    // the same run again would count twice
    let again = s.run(&["risk", "import"]).arg(&dir).assert().code(2);
    let err = flat(&again.get_output().stderr);
    assert!(
        err.contains(&format!("imported already, as risk run {imported}")),
        "{err}"
    );
    // a copy of the run under another run_uuid holds the same files: refused as well
    let copy = s.path("copy");
    for table in ["risk_hits", "risk_scores"] {
        std::fs::create_dir_all(copy.join(table)).unwrap();
        std::fs::copy(
            dir.join(table).join("part-00000.parquet"),
            copy.join(table).join("part-00000.parquet"),
        )
        .unwrap();
    }
    std::fs::copy(dir.join("run.json"), copy.join("run.json")).unwrap();
    let mut record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(copy.join("run.json")).unwrap()).unwrap();
    record["run_uuid"] = serde_json::json!("00000000-0000-4000-8000-000000000001");
    std::fs::write(copy.join("run.json"), record.to_string()).unwrap();
    let again = s.run(&["risk", "import"]).arg(&copy).assert().code(2);
    assert!(flat(&again.get_output().stderr).contains("imported already"));
    let total: i64 = s.scalar("SELECT count(*) FROM risk_runs");
    assert_eq!(total, imported);
}

#[test]
fn a_run_folder_that_is_not_complete_and_unaltered_is_refused_and_nothing_is_written() {
    let s = demo_workspace();
    let runs: i64 = s.scalar("SELECT max(run_id) FROM risk_runs");
    let refused = |dir: &Path, expected: &str| {
        let out = s.run(&["risk", "import"]).arg(dir).assert().code(2);
        let err = flat(&out.get_output().stderr);
        assert!(err.contains(expected), "expected {expected:?} in: {err}");
        let after: i64 = s.scalar("SELECT count(*) FROM risk_runs");
        assert_eq!(after, runs, "nothing is written");
    };
    // not a run at all
    refused(&s.path("demo-out"), "has no run.json");
    let fresh = |name: &str| {
        let dir = s.path(name);
        run_folder_from(&s, runs, &dir);
        dir
    };
    // a file altered after the run
    let dir = fresh("altered");
    let file = dir.join("risk_hits/part-00000.parquet");
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&file, bytes).unwrap();
    refused(&dir, "the file was altered");
    // a file missing
    let dir = fresh("missing");
    std::fs::remove_file(dir.join("risk_scores/part-00000.parquet")).unwrap();
    refused(&dir, "part-00000.parquet: missing");
    // a Parquet file nobody recorded would be read as rows
    let dir = fresh("unlisted");
    std::fs::copy(
        dir.join("risk_hits/part-00000.parquet"),
        dir.join("risk_hits/part-00001.parquet"),
    )
    .unwrap();
    refused(&dir, "part-00001.parquet is not in run.json");
    // a record that lies about its rows
    let dir = fresh("rows");
    let text = std::fs::read_to_string(dir.join("run.json")).unwrap();
    let mut record: serde_json::Value = serde_json::from_str(&text).unwrap();
    record["rows"]["risk_hits"] = serde_json::json!(1);
    std::fs::write(dir.join("run.json"), record.to_string()).unwrap();
    refused(&dir, "run.json says 1");
    // a record pointing outside its folder
    let dir = fresh("escape");
    let mut record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    record["files"]["risk_hits"][0]["path"] =
        serde_json::json!("risk_hits/../../demo-out/x.parquet");
    std::fs::write(dir.join("run.json"), record.to_string()).unwrap();
    refused(&dir, "which is not a Parquet file of risk_hits");
    // the same path twice would read its rows twice
    let dir = fresh("twice");
    let mut record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    let first = record["files"]["risk_hits"][0].clone();
    record["files"]["risk_hits"]
        .as_array_mut()
        .unwrap()
        .push(first);
    std::fs::write(dir.join("run.json"), record.to_string()).unwrap();
    refused(&dir, "lists risk_hits/part-00000.parquet twice");
    // a name DuckDB would read as a pattern
    let dir = fresh("glob");
    std::fs::rename(
        dir.join("risk_hits/part-00000.parquet"),
        dir.join("risk_hits/part-0000*.parquet"),
    )
    .unwrap();
    let mut record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    record["files"]["risk_hits"][0]["path"] = serde_json::json!("risk_hits/part-0000*.parquet");
    std::fs::write(dir.join("run.json"), record.to_string()).unwrap();
    refused(&dir, "which is not a Parquet file of risk_hits");
    // a table folder that is a link to somewhere else
    let dir = fresh("linked");
    let elsewhere = s.path("elsewhere");
    std::fs::rename(dir.join("risk_hits"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("risk_hits")).unwrap();
    refused(&dir, "its risk_hits is not a folder of its own");
    // a record that is not a file
    let dir = fresh("device");
    std::fs::remove_file(dir.join("run.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("run.json")).unwrap();
    refused(&dir, "its run.json is not a regular file");
    // random bytes where the record should be
    let dir = fresh("random");
    std::fs::write(dir.join("run.json"), [0x7b, 0xff, 0xfe, 0x00, 0x93]).unwrap();
    refused(&dir, "its run.json is not UTF-8 text (byte 1 is not)");
    // broken and newer records
    let dir = fresh("broken");
    std::fs::write(
        dir.join("run.json"),
        "{\"format\": \"clearway-spark-run\",\n  oops",
    )
    .unwrap();
    refused(&dir, "run.json, line 2");
    let dir = fresh("newer");
    let mut record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    record["run_format"] = serde_json::json!(2);
    std::fs::write(dir.join("run.json"), record.to_string()).unwrap();
    refused(&dir, "run format 2; this clearway reads up to 1");
}

#[test]
fn where_keeps_the_declarations_it_names_and_reads_nothing_else() {
    let s = demo_workspace();
    let runs: i64 = s.scalar("SELECT max(run_id) FROM risk_runs");
    let dir = s.path("run");
    run_folder_from(&s, runs, &dir);
    let origin: String = s.scalar(&format!(
        "SELECT d.origin_country FROM risk_hits h JOIN declarations d USING (declaration_id)
         WHERE h.run_id = {runs} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ));
    // a condition that reads another table, or is not one expression, is refused
    for (bad, why) in [
        (
            "declaration_id IN (SELECT declaration_id FROM audit_log)",
            "it reads audit_log",
        ),
        (
            "true) UNION SELECT payload FROM ledger_records WHERE (true",
            "not one condition",
        ),
        (
            "true) UNION SELECT CAST(range AS VARCHAR) FROM range(10",
            "not one condition",
        ),
        ("true) LIMIT (1", "not one condition"),
        (
            "true) GROUP BY declaration_id HAVING (count(*) > 1",
            "not one condition",
        ),
        (
            "declaration_id IN (SELECT name FROM sqlite_master)",
            "it reads sqlite_master",
        ),
        (
            "declaration_id IN (SELECT CAST(max AS VARCHAR) FROM (SUMMARIZE 'ledger_records'))",
            "it reads through SHOW_REF",
        ),
        (
            "declaration_id IN (SELECT declaration_id FROM read_csv('/etc/passwd'))",
            "it reads through TABLE_FUNCTION",
        ),
        (
            "declaration_id IN (SELECT declaration_id FROM declarations USING SAMPLE 10)",
            "samples rows",
        ),
        ("random() < 0.5", "gives another value on every read"),
        ("length(read_text('/etc/passwd')) > 0", "--where"),
        ("true; DROP TABLE risk_runs", "--where"),
    ] {
        let out = s
            .run(&["risk", "import"])
            .arg(&dir)
            .args(["--where", bad])
            .assert()
            .code(2);
        let err = flat(&out.get_output().stderr);
        assert!(
            err.contains("--where") && err.contains(why),
            "{bad}: expected {why:?} in {err}"
        );
    }
    // subqueries over declarations, ordered, are conditions like any other
    s.run(&["risk", "import"])
        .arg(&dir)
        .args([
            "--where",
            &format!("origin_country = '{origin}' AND declaration_id IN (SELECT declaration_id FROM main.declarations ORDER BY 1 DESC)"),
        ])
        .assert()
        .success();
    let imported = runs + 1;
    let expected: i64 = s.scalar(&format!(
        "SELECT count(*) FROM risk_hits WHERE run_id = {runs} AND declaration_id IN
         (SELECT declaration_id FROM declarations WHERE origin_country = '{origin}')"
    ));
    let got: i64 = s.scalar(&format!(
        "SELECT count(*) FROM risk_hits WHERE run_id = {imported}"
    ));
    assert_eq!(got, expected);
    assert!(got > 0);
    // the run's record counts what it holds, not what Spark found
    let recorded: i64 = s.scalar(&format!(
        "SELECT sum(CAST(r->>'hits' AS BIGINT)) FROM (SELECT unnest(CAST(rules AS JSON[])) AS r FROM risk_runs WHERE run_id = {imported})"
    ));
    assert_eq!(recorded, got);
}

#[test]
fn a_spark_run_without_what_it_needs_says_what_is_missing() {
    let s = demo_workspace();
    let lake = s.path("lake");
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    let spark = |python: &Path, out: &str| {
        let mut cmd = s.run(&["risk", "run", "--engine", "spark", "--lake"]);
        cmd.arg(&lake)
            .arg("--out")
            .arg(s.path(out))
            .arg("--python")
            .arg(python);
        cmd
    };
    // no such Python
    let out = spark(Path::new("/nonexistent/python3"), "run")
        .assert()
        .code(2);
    assert!(flat(&out.get_output().stderr).contains("cannot start Python `/nonexistent/python3`"));
    // a Python whose pyspark is too old
    let old = s.write(
        "old-python",
        "#!/bin/sh\ncase \"$2\" in *pyspark*) echo 3.5.1;; esac\n",
    );
    std::fs::set_permissions(&old, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let out = spark(&old, "run").assert().code(2);
    assert!(flat(&out.get_output().stderr).contains("pyspark 3.5.1"));
    // a Python without pyspark
    let none = s.write("no-pyspark", "#!/bin/sh\ncase \"$2\" in *pyspark*) echo 'ModuleNotFoundError: No module named pyspark' >&2; exit 1;; esac\n");
    std::fs::set_permissions(&none, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let out = spark(&none, "run").assert().code(2);
    let err = flat(&out.get_output().stderr);
    assert!(
        err.contains("has no pyspark") && err.contains("pip install"),
        "{err}"
    );
    // an altered lake is not run at all
    let file = walk_parquet(&lake.join("declarations"));
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 1;
    std::fs::write(&file, bytes).unwrap();
    let out = spark(&old, "run").assert().code(2);
    assert!(flat(&out.get_output().stderr).contains("does not match its manifest"));
    // a folder that is not a run is never replaced
    let out = spark(&old, "demo-out").assert().code(2);
    assert!(flat(&out.get_output().stderr).contains("is not a clearway Spark run"));
    // the flags of the Spark engine need it
    let out = s
        .run(&["risk", "run", "--lake"])
        .arg(&lake)
        .arg("--out")
        .arg(s.path("run"))
        .assert()
        .code(2);
    assert!(flat(&out.get_output().stderr).contains("belong to --engine spark"));
    // a folder with a run.json of its own is not a run, and is never replaced
    let foreign = s.path("project");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("run.json"), r#"{"name": "my project"}"#).unwrap();
    let out = spark(&old, "project").assert().code(2);
    assert!(flat(&out.get_output().stderr).contains("is not a clearway Spark run"));
    assert!(foreign.join("run.json").exists());
    assert!(!s.path("run").exists());
}

fn walk_parquet(dir: &Path) -> PathBuf {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                return p;
            }
        }
    }
    panic!("no parquet file under {}", dir.display())
}

/// The documented exception (docs/spark.md, "Known differences"): Java's Formatter rounds
/// the shortest decimal form of a double half-up, C's printf (DuckDB) rounds its exact binary
/// value, so a number printed in a reason may differ by one unit in its last printed digit.
/// True when `a` and `b` are equal but for such numbers.
fn same_but_last_digit(a: &str, b: &str) -> bool {
    fn tokens(s: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut number = false;
        for c in s.chars() {
            let digit = c.is_ascii_digit() || (number && c == '.');
            match out.last_mut() {
                Some(last) if digit == number => last.push(c),
                _ => out.push(c.to_string()),
            }
            number = digit;
        }
        out
    }
    let (ta, tb) = (tokens(a), tokens(b));
    ta.len() == tb.len()
        && ta.iter().zip(&tb).all(|(x, y)| {
            if x == y {
                return true;
            }
            // only numbers with decimals: an integer is counted, not rounded
            let decimals = |t: &str| t.split_once('.').map(|(_, f)| f.len()).filter(|n| *n > 0);
            let (Ok(fx), Ok(fy)) = (x.parse::<f64>(), y.parse::<f64>()) else {
                return false;
            };
            let Some(places) = decimals(x) else {
                return false;
            };
            decimals(y) == Some(places)
                && ((fx - fy).abs() * 10f64.powi(places as i32) - 1.0).abs() < 1e-6
        })
}

#[test]
fn the_last_digit_exception_is_as_narrow_as_documented() {
    assert!(same_but_last_digit(
        "value 1.01 x median",
        "value 1.00 x median"
    ));
    assert!(same_but_last_digit("z = 3.46, n 12", "z = 3.45, n 12"));
    assert!(same_but_last_digit("a 10.0 b", "a 9.9 b"));
    assert!(
        !same_but_last_digit("value 1.02", "value 1.00"),
        "two units"
    );
    assert!(
        !same_but_last_digit("value 1.0", "value 1.00"),
        "other digits printed"
    );
    assert!(
        !same_but_last_digit("n 12", "n 13"),
        "integers are counted, not rounded"
    );
    assert!(!same_but_last_digit("seal A", "seal B"));
    assert!(!same_but_last_digit("1.00 x", "1.00 x y"));
}

/// Evidence agrees when its JSON is equal but for numbers, and each pair of numbers agrees
/// to 1e-9 (relative), or to one unit in the last decimal either prints: a value a rule
/// rounds for display may land on the other side of a tie when DuckDB's C math library and
/// Java's differ in the last bit of an `exp` or `ln` before it (the documented exception).
fn evidence_agrees(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    agrees(a, b, true)
}

/// Evidence equal as JSON, numbers to 1e-9 (and, with `last_unit`, to one printed unit).
fn agrees(a: &serde_json::Value, b: &serde_json::Value, last_unit_allowed: bool) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            let decimals = |v: f64| v.to_string().split_once('.').map_or(0, |(_, f)| f.len());
            // only printed decimals round (both numbers have some); an integer is counted
            let places = decimals(x).max(decimals(y));
            let last_unit = 10f64.powi(-(places as i32));
            x == y
                || (x - y).abs() <= 1e-9 * x.abs().max(y.abs())
                || (last_unit_allowed
                    && decimals(x).min(decimals(y)) >= 1
                    && places <= 6
                    && (x - y).abs() <= last_unit * (1.0 + 1e-9))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| agrees(p, q, last_unit_allowed))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| agrees(v, w, last_unit_allowed)))
        }
        _ => a == b,
    }
}

#[test]
fn evidence_agreement_is_as_narrow_as_documented() {
    let j = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
    assert!(evidence_agrees(
        &j(r#"{"a": 10.7013, "b": [1, "x"]}"#),
        &j(r#"{"b": [1.0, "x"], "a": 10.7012}"#)
    ));
    assert!(evidence_agrees(&j("0.30000000000000004"), &j("0.3")));
    assert!(!evidence_agrees(&j("10.7014"), &j("10.7012")), "two units");
    assert!(!evidence_agrees(&j("69"), &j("70")), "integers are counted");
    assert!(
        !evidence_agrees(&j("70"), &j("70.1")),
        "an integer against a decimal"
    );
    assert!(!evidence_agrees(
        &j(r#"{"a": 1}"#),
        &j(r#"{"a": 1, "b": null}"#)
    ));
    assert!(!evidence_agrees(&j(r#"["x"]"#), &j(r#"["y"]"#)));
}

#[test]
fn every_shipped_rule_gives_the_same_verdicts_on_spark_as_on_duckdb() {
    let Some(python) = pyspark_python() else {
        return;
    };
    let s = Scratch::new();
    let gen = s.path("gen");
    clearway()
        .args([
            "sample-data",
            "generate",
            "--rows",
            "100000",
            "--seed",
            "7",
            "--out",
        ])
        .arg(&gen)
        .assert()
        .success();
    s.run(&["demo", "--sample"])
        .arg(&gen)
        .arg("--out")
        .arg(s.path("demo"))
        .assert()
        .success();
    let model = s.path("model.json");
    s.run(&["model", "train", "--out"])
        .arg(&model)
        .assert()
        .success();
    s.run(&["model", "score"]).arg(&model).assert().success();
    let pack_args = [
        "--pack",
        PACKS,
        "-p",
        "route_deviation.importing_country=NG",
    ];
    s.run(&["risk", "run"]).args(pack_args).assert().success();
    let duck: i64 = s.scalar("SELECT max(run_id) FROM risk_runs");
    let lake = s.path("lake");
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    let run_dir = s.path("spark-run");
    s.run(&["risk", "run", "--engine", "spark", "--lake"])
        .arg(&lake)
        .arg("--out")
        .arg(&run_dir)
        .arg("--python")
        .arg(&python)
        .args(pack_args)
        .assert()
        .success();
    s.run(&["risk", "import"]).arg(&run_dir).assert().success();
    let spark = duck + 1;
    for run in [duck, spark] {
        s.run(&[
            "risk",
            "lanes",
            "--budget",
            "red=3%,yellow=7%",
            "--seed",
            "1",
            "--run",
            &run.to_string(),
        ])
        .assert()
        .success();
    }
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };

    // every rule ran on both, and found something
    let rules = count(&format!(
        "SELECT count(DISTINCT rule_id) FROM risk_hits WHERE run_id = {duck}"
    ));
    assert!(rules >= 20, "only {rules} rules hit on DuckDB");
    // 1. the same multiset of (rule, declaration, item, score to 1e-9), rule by rule
    let keys = |a: i64, b: i64| {
        format!(
            "SELECT rule_id, declaration_id, item_no, round(score, 9) FROM risk_hits WHERE run_id = {a}
             EXCEPT ALL SELECT rule_id, declaration_id, item_no, round(score, 9) FROM risk_hits WHERE run_id = {b}"
        )
    };
    let only = |a, b| count(&format!("SELECT count(*) FROM ({})", keys(a, b)));
    let (only_duck, only_spark) = (only(duck, spark), only(spark, duck));
    if only_duck + only_spark > 0 {
        let per_rule: Vec<(String, i64)> = conn
            .prepare(&format!(
                "SELECT rule_id, count(*) FROM ({}) GROUP BY 1 ORDER BY 1",
                keys(duck, spark)
            ))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        panic!("hits differ: {only_duck} only on DuckDB, {only_spark} only on Spark; by rule: {per_rule:?}");
    }
    // 2. the same combined scores and lanes
    let scores = |a: i64, b: i64| {
        count(&format!(
            "SELECT count(*) FROM (SELECT declaration_id, round(total, 9), lane FROM risk_scores WHERE run_id = {a}
             EXCEPT ALL SELECT declaration_id, round(total, 9), lane FROM risk_scores WHERE run_id = {b})"
        ))
    };
    assert_eq!(
        (scores(duck, spark), scores(spark, duck)),
        (0, 0),
        "combined scores or lanes differ"
    );
    // 3. reasons identical, but for the documented last-digit exception; 4. evidence equal
    // after rounding floats
    let mut pairs = conn
        .prepare(&format!(
            "SELECT d.rule_id, d.declaration_id, d.item_no, d.reason, s.reason, CAST(d.evidence AS VARCHAR), CAST(s.evidence AS VARCHAR)
             FROM (SELECT *, round(score, 9) AS rounded, row_number() OVER (PARTITION BY rule_id, declaration_id, item_no, round(score, 9) ORDER BY reason, CAST(evidence AS VARCHAR)) AS k FROM risk_hits WHERE run_id = {duck}) d
             JOIN (SELECT *, round(score, 9) AS rounded, row_number() OVER (PARTITION BY rule_id, declaration_id, item_no, round(score, 9) ORDER BY reason, CAST(evidence AS VARCHAR)) AS k FROM risk_hits WHERE run_id = {spark}) s
               USING (rule_id, declaration_id, item_no, rounded, k)
             WHERE d.reason IS DISTINCT FROM s.reason OR CAST(d.evidence AS VARCHAR) IS DISTINCT FROM CAST(s.evidence AS VARCHAR)"
        ))
        .unwrap();
    let differing: Vec<[String; 5]> = pairs
        .query_map([], |r| {
            Ok([
                r.get::<_, String>(0)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                r.get::<_, Option<String>>(6)?.unwrap_or_default(),
            ])
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let hits = count(&format!(
        "SELECT count(*) FROM risk_hits WHERE run_id = {duck}"
    ));
    let mut last_digit = 0;
    let mut last_digit_evidence = 0;
    for [rule, reason_d, reason_s, ev_d, ev_s] in &differing {
        if reason_d != reason_s {
            assert!(
                same_but_last_digit(reason_d, reason_s),
                "{rule}: reasons differ beyond the last digit:\n  DuckDB: {reason_d}\n  Spark:  {reason_s}"
            );
            last_digit += 1;
        }
        let (jd, js): (serde_json::Value, serde_json::Value) = (
            serde_json::from_str(ev_d).unwrap(),
            serde_json::from_str(ev_s).unwrap(),
        );
        assert!(
            evidence_agrees(&jd, &js),
            "{rule}: evidence differs:\n  DuckDB: {ev_d}\n  Spark:  {ev_s}"
        );
        if !agrees(&jd, &js, false) {
            last_digit_evidence += 1;
        }
    }
    assert!(
        last_digit_evidence * 200 < hits,
        "{last_digit_evidence} of {hits} evidence values differ in a last digit"
    );
    // the exception is rare: a tie in the last printed digit
    assert!(
        last_digit * 200 < hits,
        "{last_digit} of {hits} reasons differ in their last digit"
    );
    eprintln!(
        "{hits} hits agree; {last_digit} reasons and {last_digit_evidence} evidence values differ in their last printed digit (documented)"
    );
}
