//! `clearway lake export` and `lake verify`: every row and type round-trips through the
//! Parquet files, `--since` appends exactly the later loads or refuses, a failed export leaves
//! the previous lake as it was, and a damaged or hostile lake is reported, never trusted.

use crate::support::{flat, repo, stderr_of, Scratch};
use predicates::str::contains;
use std::path::Path;

/// Lake tables and their derived partition columns.
const PARTITIONED: &[(&str, &str)] = &[
    ("declarations", "declared_month"),
    ("telemetry_events", "event_source, event_month"),
];

fn sample(name: &str) -> std::path::PathBuf {
    repo().join("sample-data").join(name)
}

/// A workspace with declarations, AIS and a ledger loaded (loads 1, 2, 3).
fn loaded() -> Scratch {
    let s = Scratch::new();
    s.load("declarations", &sample("declarations.csv"));
    s.load("telemetry", &sample("ais.nmea"));
    s.load("ledger", &sample("ledger.jsonl"));
    s
}

fn manifest(lake: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(lake.join("_clearway/manifest.json")).unwrap())
        .unwrap()
}

/// Rows in the workspace table and not in the lake, and the other way round (both 0 when
/// the lake holds exactly the table's rows, duplicates counted).
fn differences(s: &Scratch, lake: &Path, table: &str) -> (i64, i64) {
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    let exclude = PARTITIONED
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, c)| format!(" EXCLUDE ({c})"))
        .unwrap_or_default();
    let files = format!(
        "read_parquet('{}/{table}/**/*.parquet', hive_partitioning = true)",
        lake.display()
    );
    let count = |sql: String| -> i64 { conn.query_row(&sql, [], |r| r.get(0)).unwrap() };
    (
        count(format!("SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL SELECT *{exclude} FROM {files})")),
        count(format!("SELECT count(*) FROM (SELECT *{exclude} FROM {files} EXCEPT ALL SELECT * FROM {table})")),
    )
}

#[test]
fn a_lake_holds_every_row_with_its_types_and_verifies() {
    let s = loaded();
    let lake = s.path("lake");
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    let m = manifest(&lake);
    assert_eq!(m["format"], "clearway-lake");
    assert_eq!(m["up_to_load"], 3);
    assert_eq!(m["loads"].as_array().unwrap().len(), 3);
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    let types = |sql: &str| -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT column_name, column_type FROM (DESCRIBE {sql})"
            ))
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for table in [
        "declarations",
        "telemetry_events",
        "ledger_records",
        "ledger_blocks",
        "loads",
        "hs_codes",
        "ports",
    ] {
        assert_eq!(differences(&s, &lake, table), (0, 0), "{table}");
        let rows: i64 = s.scalar(&format!("SELECT count(*) FROM {table}"));
        assert!(rows > 0, "{table} is empty in the test workspace");
        assert_eq!(m["tables"][table]["rows"], rows, "{table}");
        let schema = lake.join(format!("_clearway/schema/{table}.parquet"));
        assert_eq!(
            types(&format!(
                "SELECT * FROM read_parquet('{}')",
                schema.display()
            )),
            types(table),
            "{table}: the schema file's columns"
        );
    }
    // partitions by month (and source): every declarations file holds one month
    let months: i64 =
        s.scalar("SELECT count(DISTINCT strftime(declared_at, '%Y-%m')) FROM declarations");
    let folders = std::fs::read_dir(lake.join("declarations"))
        .unwrap()
        .count() as i64;
    assert_eq!(folders, months);
    assert!(lake.join("telemetry_events/event_source=ais").is_dir());
    assert_eq!(m["tables"]["declarations"]["rows_by_load"]["1"], 5000);
    s.run(&["lake", "verify"])
        .arg(&lake)
        .assert()
        .success()
        .stdout(contains("matches its manifest"));
}

#[test]
fn since_appends_exactly_the_later_loads_and_refuses_any_other_value() {
    let s = Scratch::new();
    s.load("declarations", &sample("declarations.csv"));
    let lake = s.path("lake");
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    let first = manifest(&lake);
    let first_file = lake.join(
        first["tables"]["declarations"]["files"][0]["path"]
            .as_str()
            .unwrap(),
    );
    let inode_before = std::fs::metadata(&first_file).unwrap();
    s.load("telemetry", &sample("ais.nmea"));

    for (since, said) in [
        ("0", "holds the loads up to 1"),
        ("2", "holds the loads up to 1"),
    ] {
        let err = flat(&stderr_of(
            s.run(&["lake", "export", "--since", since, "--out"])
                .arg(&lake),
            2,
        ));
        assert!(err.contains(said), "{err}");
        assert!(err.contains("pass --since 1"), "{err}");
    }
    assert_eq!(manifest(&lake), first, "a refused append changes nothing");

    s.run(&["lake", "export", "--since", "1", "--out"])
        .arg(&lake)
        .assert()
        .success();
    let m = manifest(&lake);
    assert_eq!(m["up_to_load"], 2);
    assert_eq!(m["exports"].as_array().unwrap().len(), 2);
    for table in ["declarations", "telemetry_events", "loads"] {
        assert_eq!(differences(&s, &lake, table), (0, 0), "{table}");
    }
    // the first export's files are kept as they were, and the new ones are named by load
    assert_eq!(
        m["tables"]["declarations"]["files"],
        first["tables"]["declarations"]["files"]
    );
    {
        use std::os::unix::fs::MetadataExt;
        // the new lake holds the same file (a hard link), not a copy
        assert_eq!(
            std::fs::metadata(&first_file).unwrap().ino(),
            inode_before.ino()
        );
    }
    let telemetry = m["tables"]["telemetry_events"]["files"].as_array().unwrap();
    assert!(
        telemetry
            .iter()
            .all(|f| f["path"].as_str().unwrap().contains("/loads-2-2-")),
        "{telemetry:?}"
    );
    // nothing new: an append adds no data file of a by-load table, and still verifies
    s.run(&["lake", "export", "--since", "2", "--out"])
        .arg(&lake)
        .assert()
        .success();
    assert_eq!(
        manifest(&lake)["tables"]["telemetry_events"]["files"],
        m["tables"]["telemetry_events"]["files"]
    );
    assert_eq!(differences(&s, &lake, "telemetry_events"), (0, 0));
    s.run(&["lake", "verify"]).arg(&lake).assert().success();
}

#[test]
fn since_refuses_a_workspace_whose_load_ids_mean_other_files() {
    let s = Scratch::new();
    s.load("declarations", &sample("declarations.csv"));
    let lake = s.path("lake");
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    // what a workspace restored from a backup and loaded again looks like: load 1 is now
    // another file with as many rows
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    conn.execute_batch("UPDATE loads SET source_sha256 = repeat('0', 64) WHERE load_id = 1")
        .unwrap();
    drop(conn);
    let err = flat(&stderr_of(
        s.run(&["lake", "export", "--since", "1", "--out"])
            .arg(&lake),
        2,
    ));
    assert!(
        err.contains("are not this workspace's (load 1 differs"),
        "{err}"
    );
}

#[test]
fn since_refuses_when_a_later_load_replaced_rows_the_lake_holds() {
    let s = Scratch::new();
    let csv = std::fs::read_to_string(sample("declarations.csv")).unwrap();
    let head: Vec<&str> = csv.lines().take(11).collect();
    let first = s.write("first.csv", head.join("\n") + "\n");
    s.load("declarations", &first);
    let lake = s.path("lake");
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    // the same ten items again, replacing the stored ones: the lake's load-1 rows are stale
    let again = s.write("again.csv", head.join("\n") + "\n\n");
    s.run(&["load", "declarations", "--on-duplicate", "replace"])
        .arg(&again)
        .assert()
        .success();
    let err = flat(&stderr_of(
        s.run(&["lake", "export", "--since", "1", "--out"])
            .arg(&lake),
        2,
    ));
    assert!(
        err.contains("load 1 has 0 rows in the workspace and 10 in the lake"),
        "{err}"
    );
    assert!(err.contains("export the lake whole"), "{err}");
    // a full export is right again
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    assert_eq!(differences(&s, &lake, "declarations"), (0, 0));
}

#[test]
fn verify_reports_altered_missing_and_unlisted_files() {
    let s = loaded();
    let lake = s.path("lake");
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    let m = manifest(&lake);
    let altered = m["tables"]["declarations"]["files"][0]["path"]
        .as_str()
        .unwrap()
        .to_string();
    let mut bytes = std::fs::read(lake.join(&altered)).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1; // same size, other content
    std::fs::write(lake.join(&altered), bytes).unwrap();
    std::fs::remove_file(lake.join("ledger_records/part-0.parquet")).unwrap();
    std::fs::copy(
        lake.join(&altered),
        lake.join("declarations/planted.parquet"),
    )
    .unwrap();

    let err = flat(&stderr_of(s.run(&["lake", "verify"]).arg(&lake), 1));
    assert!(err.contains("3 problem(s)"), "{err}");
    assert!(err.contains(&format!("{altered}: sha256")), "{err}");
    assert!(err.contains("(the file was altered)"), "{err}");
    assert!(
        err.contains("ledger_records/part-0.parquet: missing"),
        "{err}"
    );
    assert!(
        err.contains("declarations/planted.parquet: not in the manifest"),
        "{err}"
    );

    let out = s
        .run(&["lake", "verify", "--format", "json"])
        .arg(&lake)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["problems"].as_array().unwrap().len(), 3);
}

#[test]
fn a_failed_export_leaves_the_previous_lake_as_it_was() {
    let s = Scratch::new();
    s.load("declarations", &sample("declarations.csv"));
    let lake = s.path("lake");
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    let before = std::fs::read(lake.join("_clearway/manifest.json")).unwrap();
    s.load("telemetry", &sample("ais.nmea"));
    for args in [
        &["lake", "export", "--out"][..],
        &["lake", "export", "--since", "1", "--out"][..],
    ] {
        s.run(args)
            .arg(&lake)
            .env("CLEARWAY_FAILPOINT", "lake-swap")
            .assert()
            .failure()
            .stderr(contains("failpoint lake-swap"));
        assert_eq!(
            std::fs::read(lake.join("_clearway/manifest.json")).unwrap(),
            before
        );
        s.run(&["lake", "verify"]).arg(&lake).assert().success();
        let leftovers: Vec<_> = std::fs::read_dir(s.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("staging"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn a_folder_that_is_not_a_lake_is_never_replaced() {
    let s = Scratch::new();
    s.load("declarations", &sample("declarations.csv"));
    let folder = s.path("papers");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("thesis.txt"), "years of work").unwrap();
    let err = flat(&stderr_of(
        s.run(&["lake", "export", "--out"]).arg(&folder),
        2,
    ));
    assert!(err.contains("is not a clearway lake"), "{err}");
    assert_eq!(
        std::fs::read_to_string(folder.join("thesis.txt")).unwrap(),
        "years of work"
    );
    let err = flat(&stderr_of(
        s.run(&[
            "lake",
            "export",
            "--tables",
            "declarations,secrets",
            "--out",
        ])
        .arg(s.path("l")),
        2,
    ));
    assert!(
        err.contains("\"secrets\" is not a table of the lake"),
        "{err}"
    );
}

/// A change made to a manifest by hand.
type Edit = fn(&mut serde_json::Value);

#[test]
fn damaged_and_hostile_manifests_are_refused_with_the_reason() {
    let s = Scratch::new();
    s.load("declarations", &sample("declarations.csv"));
    let lake = s.path("lake");
    s.run(&["lake", "export", "--tables", "declarations,loads", "--out"])
        .arg(&lake)
        .assert()
        .success();
    let path = lake.join("_clearway/manifest.json");
    let good = std::fs::read_to_string(&path).unwrap();
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut m: serde_json::Value = serde_json::from_str(&good).unwrap();
        f(&mut m);
        std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    };
    let cases: [(Edit, &str); 8] = [
        (
            |m| {
                let first = m["tables"]["declarations"]["files"][0].clone();
                m["tables"]["declarations"]["files"]
                    .as_array_mut()
                    .unwrap()
                    .push(first);
            },
            "is listed twice",
        ),
        (
            |m| {
                m["tables"]["declarations"]["files"][0]["rows"] = u64::MAX.into();
                m["tables"]["declarations"]["rows"] = 0.into();
            },
            "more than 2^64",
        ),
        (
            |m| m["lake_version"] = 99.into(),
            "written by a newer clearway",
        ),
        (
            |m| m["workspace_schema_version"] = 999.into(),
            "schema version 999",
        ),
        (
            |m| m["tables"]["declarations"]["files"][0]["path"] = "../../etc/passwd".into(),
            "is not a plain path inside declarations/",
        ),
        (
            |m| m["tables"]["declarations"]["rows"] = 1.into(),
            "its files hold 5000 rows",
        ),
        (
            |m| m["tables"]["secrets"] = m["tables"]["loads"].clone(),
            "unknown table \"secrets\"",
        ),
        (|m| m["surprise"] = true.into(), "unknown field `surprise`"),
    ];
    for (change, said) in cases {
        edit(&change);
        let err = flat(&stderr_of(s.run(&["lake", "verify"]).arg(&lake), 2));
        assert!(err.contains(said), "{said}: {err}");
        // an append to a lake it cannot trust is refused the same way
        let err = flat(&stderr_of(
            s.run(&["lake", "export", "--since", "1", "--out"])
                .arg(&lake),
            2,
        ));
        assert!(err.contains(said), "{said}: {err}");
    }
    std::fs::write(&path, &good[..good.len() / 2]).unwrap();
    let err = flat(&stderr_of(s.run(&["lake", "verify"]).arg(&lake), 2));
    assert!(
        err.contains("manifest.json: the input could not be parsed: line"),
        "{err}"
    );
    std::fs::remove_file(&path).unwrap();
    let err = flat(&stderr_of(s.run(&["lake", "verify"]).arg(&lake), 2));
    assert!(
        err.contains("not a clearway lake") && err.contains("manifest.json is missing"),
        "{err}"
    );
    let err = flat(&stderr_of(
        s.run(&["lake", "verify"]).arg(s.path("nowhere")),
        2,
    ));
    assert!(err.contains("no such folder"), "{err}");
}

#[test]
fn rows_of_a_load_that_never_finished_stay_out_of_the_lake() {
    let s = Scratch::new();
    s.load("declarations", &sample("declarations.csv"));
    // what a killed load leaves until the next writer removes it (ingest::session)
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    conn.execute_batch(
        "INSERT INTO declarations SELECT * REPLACE (99 AS load_id) FROM declarations LIMIT 7",
    )
    .unwrap();
    drop(conn);
    let lake = s.path("lake");
    s.run(&["lake", "export", "--out"])
        .arg(&lake)
        .assert()
        .success();
    let m = manifest(&lake);
    assert_eq!(m["tables"]["declarations"]["rows"], 5000);
    let in_lake: i64 = s.scalar(&format!(
        "SELECT count(*) FROM read_parquet('{}/declarations/**/*.parquet') WHERE load_id = 99",
        lake.display()
    ));
    assert_eq!(in_lake, 0);
}
