//! `clearway export` and `export verify`.

use crate::query::small_workspace;
use crate::support::{flat, stderr_of};
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

#[test]
fn a_query_cannot_break_out_of_the_statement_clearway_wraps_it_in() {
    // Issue 19 (found beside item 2): `export --query` and `plot --query` wrap the text in
    // `COPY (…) TO` and `DESCRIBE SELECT * FROM (…)`. Text that closed the parenthesis
    // attached another workspace read-write and deleted its 5,000 rows, and wrote a file
    // where it liked; duckdb-rs's `prepare` ran every statement but the last.
    let s = small_workspace();
    let other = crate::support::Scratch::new();
    let other_file = other.write(
        "other.csv",
        "declaration_id,item_no,declared_at,hs_code,origin_country,customs_value\n\
         O1,1,2025-01-02,852852,CN,10\n",
    );
    other.load("declarations", &other_file);
    let other_db = other.workspace().display().to_string();
    let planted = s.path("planted.csv").display().to_string();
    let breakout = format!(
        "SELECT 1) TO '{planted}'; ATTACH '{other_db}' AS o (READ_WRITE); DELETE FROM o.declarations; COPY (SELECT 1"
    );
    let refused = flat(&stderr_of(
        s.run(&["export", "--query", &breakout, "--out"])
            .arg(s.path("out.csv")),
        2,
    ));
    assert!(
        refused.contains("clearway runs one query here"),
        "{refused}"
    );
    let chart = s.path("chart.svg").display().to_string();
    let described = format!(
        "SELECT 1 AS a); ATTACH '{other_db}' AS o (READ_WRITE); DELETE FROM o.declarations; SELECT * FROM (SELECT 1 AS a"
    );
    let refused = flat(&stderr_of(
        s.run(&[
            "plot",
            "histogram",
            "--query",
            &described,
            "--x",
            "a",
            "--out",
            &chart,
        ]),
        2,
    ));
    assert!(
        refused.contains("clearway runs one query here"),
        "{refused}"
    );
    // `--value` is spliced into the chart's own statement: it must keep it one query.
    let value = format!(
        "0) AS DOUBLE) AS v FROM declarations GROUP BY label; ATTACH '{other_db}' AS o (READ_WRITE); DELETE FROM o.declarations; SELECT CAST((0"
    );
    let refused = flat(&stderr_of(
        s.run(&[
            "plot",
            "bar",
            "--table",
            "declarations",
            "--x",
            "origin_country",
            "--value",
            &value,
            "--out",
            &chart,
        ]),
        2,
    ));
    assert!(
        refused.contains("clearway runs one query here"),
        "{refused}"
    );
    assert!(!s.path("planted.csv").exists());
    assert!(!s.path("out.csv").exists());
    assert_eq!(other.scalar::<i64>("SELECT count(*) FROM declarations"), 1);
    // A query of any shape still exports.
    s.run(&[
        "export",
        "--query",
        "SELECT 'a;b' AS s -- trailing; comment",
        "--out",
    ])
    .arg(s.path("fine.csv"))
    .assert()
    .success();
}
