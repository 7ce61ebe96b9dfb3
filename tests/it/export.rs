//! `clearway export` and `export verify`.

use crate::query::small_workspace;
use predicates::str::contains;

#[test]
fn parquet_export_reads_back_with_the_same_rows_and_types() {
    let s = small_workspace();
    let out = s.path("decl.parquet");
    s.run(&["export", "declarations", "--out"])
        .arg(&out)
        .assert()
        .success();
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    let p = out.display().to_string();
    let diff: i64 = conn
        .query_row(
            &format!("SELECT count(*) FROM (SELECT * FROM declarations EXCEPT ALL SELECT * FROM read_parquet('{p}'))"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(diff, 0);
    let types = |sql: &str| -> Vec<String> {
        let mut stmt = conn
            .prepare(&format!("SELECT column_type FROM (DESCRIBE {sql})"))
            .unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        types(&format!("SELECT * FROM read_parquet('{p}')")),
        types("declarations")
    );

    let sidecar: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{p}.provenance.json")).unwrap())
            .unwrap();
    assert_eq!(sidecar["rows"], serde_json::json!(3));
    assert_eq!(sidecar["tables"], serde_json::json!(["declarations"]));
    assert_eq!(sidecar["loads"][0]["load_id"], serde_json::json!(1));
    assert_eq!(
        sidecar["loads"][0]["source_sha256"].as_str().unwrap().len(),
        64
    );
    s.run(&["export", "verify"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("matches its provenance"));
}

#[test]
fn csv_export_of_a_query_reads_back_and_tampering_is_detected() {
    let s = small_workspace();
    let out = s.path("q.csv");
    s.run(&["export", "--query", "SELECT declaration_id, item_no, customs_value, declared_at FROM declarations WHERE customs_value > $min ORDER BY 1, 2", "--param", "min=50", "--out"])
        .arg(&out)
        .assert()
        .success();
    let conn = duckdb::Connection::open(s.workspace()).unwrap();
    let diff: i64 = conn
        .query_row(
            &format!(
                "SELECT count(*) FROM (
                   SELECT declaration_id, item_no, customs_value, declared_at FROM declarations WHERE customs_value > 50
                   EXCEPT ALL
                   SELECT * FROM read_csv('{}', header = true,
                     columns = {{'declaration_id': 'VARCHAR', 'item_no': 'INTEGER', 'customs_value': 'DECIMAL(18,2)', 'declared_at': 'TIMESTAMP'}}))",
                out.display()
            ),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(diff, 0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 3);
    std::fs::write(&out, text.replace("1000.50", "1000.51")).unwrap();
    s.run(&["export", "verify"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("does not match its provenance"));
}

#[test]
fn ndjson_export_and_missing_table() {
    let s = small_workspace();
    let out = s.path("d.ndjson");
    s.run(&["export", "declarations", "--format", "json", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 3);
    s.run(&["export", "verify"]).arg(&out).assert().success();
    s.run(&["export", "nosuchtable", "--out"])
        .arg(s.path("x.csv"))
        .assert()
        .code(2)
        .stderr(contains("`nosuchtable` does not exist"));
    assert!(!s.path("x.csv").exists());
    s.run(&["export", "declarations", "--out"])
        .arg(s.path("x.xlsx"))
        .assert()
        .code(2)
        .stderr(contains("cannot tell the export format"));
}
