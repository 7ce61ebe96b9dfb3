//! `clearway query`: formats, parameters, errors, read-only.

use crate::support::{flat, redact, stderr_of, stdout_of, Scratch};
use predicates::str::contains;

/// A workspace with three small declarations, one carrying two containers.
pub fn small_workspace() -> Scratch {
    let s = Scratch::new();
    let csv = "declaration_id,item_no,declared_at,hs_code,origin_country,container_ids,customs_value,quantity,illicit,goods_description\n\
               D1,1,2025-01-02T08:30:00,852852,CN,MSCU1234566;NARU3472484,1000.50,10,false,Monitors\n\
               D1,2,2025-01-02T08:30:00,852859,CN,,20.25,1,true,Television sets with a very long description that will not fit a table cell\n\
               D2,1,2025-02-03,080810,NZ,,99.99,500,,Apples\n";
    let file = s.write("small.csv", csv);
    s.load("declarations", &file);
    s
}

#[test]
fn table_output_is_aligned_and_states_truncation() {
    let s = small_workspace();
    let out = stdout_of(s
        .run(&["query", "SELECT declaration_id, item_no, hs_code, customs_value, goods_description FROM declarations ORDER BY 1, 2", "--limit", "2"]));
    insta::assert_snapshot!("query_table", out);
}

#[test]
fn json_is_faithful_to_types() {
    let s = small_workspace();
    let out = stdout_of(s
        .run(&[
            "query",
            "SELECT declaration_id, item_no, declared_at, CAST(declared_at AS DATE) AS day, container_ids, customs_value, quantity, illicit, extra
             FROM declarations ORDER BY declaration_id, item_no",
            "--format",
            "json",
        ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &v[0];
    assert_eq!(first["item_no"], serde_json::json!(1));
    assert!(
        first["declared_at"]
            .as_str()
            .unwrap()
            .starts_with("2025-01-02T08:30:00"),
        "{first}"
    );
    assert_eq!(first["day"], serde_json::json!("2025-01-02"));
    assert_eq!(
        first["container_ids"],
        serde_json::json!(["MSCU1234566", "NARU3472484"])
    );
    assert!(first["customs_value"].is_number(), "{first}");
    assert_eq!(first["customs_value"].as_f64(), Some(1000.5));
    assert_eq!(first["quantity"], serde_json::json!(10.0));
    assert_eq!(first["illicit"], serde_json::json!(false));
    assert_eq!(first["extra"], serde_json::Value::Null);
    assert_eq!(v[2]["illicit"], serde_json::Value::Null);
    insta::assert_snapshot!("query_json", out);
}

#[test]
fn ndjson_csv_and_markdown() {
    let s = small_workspace();
    let sql = "SELECT declaration_id, item_no, customs_value FROM declarations ORDER BY 1, 2";
    let ndjson = stdout_of(s.run(&["query", sql, "--format", "ndjson"]));
    assert_eq!(ndjson.lines().count(), 3);
    let csv = stdout_of(s.run(&["query", sql, "--format", "csv"]));
    assert_eq!(
        csv,
        "declaration_id,item_no,customs_value\nD1,1,1000.50\nD1,2,20.25\nD2,1,99.99\n"
    );
    let md = stdout_of(s.run(&["query", sql, "--format", "markdown"]));
    insta::assert_snapshot!("query_markdown", md);
}

#[test]
fn parameters_are_bound_not_spliced() {
    let s = small_workspace();
    let sql = "SELECT count(*) AS n FROM declarations WHERE customs_value > $min AND origin_country = $origin";
    s.run(&[
        "query",
        sql,
        "--param",
        "min=50",
        "--param",
        "origin=CN",
        "--format",
        "csv",
    ])
    .assert()
    .success()
    .stdout("n\n1\n");
    // An injection attempt is just a string that matches nothing.
    s.run(&[
        "query",
        sql,
        "--param",
        "min=0",
        "--param",
        "origin=CN' OR '1'='1",
        "--format",
        "csv",
    ])
    .assert()
    .success()
    .stdout("n\n0\n");
    s.run(&["query", sql, "--param", "min=0"])
        .assert()
        .code(2)
        .stderr(contains("no --param origin=VALUE"));
    s.run(&["query", "SELECT 1", "--param", "x=1"])
        .assert()
        .code(2)
        .stderr(contains("--param x is not used"));
}

#[test]
fn bad_sql_points_at_the_position() {
    let s = small_workspace();
    let err = stderr_of(
        s.run(&["query", "SELECT declaration_id\nFORM declarations"]),
        2,
    );
    insta::assert_snapshot!("query_bad_sql", redact(&err, &s));
    let err = stderr_of(s.run(&["query", "SELECT * FROM declaratons"]), 2);
    assert!(
        err.contains("`declaratons` does not exist") && err.contains("tables in this workspace"),
        "{err}"
    );
}

#[test]
fn query_is_read_only() {
    let s = small_workspace();
    s.run(&["query", "DELETE FROM declarations"])
        .assert()
        .code(2)
        .stderr(contains("read-only"));
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 3);
}

#[test]
fn sql_from_file_and_parquet_out() {
    let s = small_workspace();
    let sql = s.write(
        "q.sql",
        "SELECT declaration_id, customs_value FROM declarations WHERE customs_value >= $min\n",
    );
    let out = s.path("q.parquet");
    s.run(&["query", "-f"])
        .arg(&sql)
        .args(["--param", "min=50", "--format", "parquet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let conn = duckdb::Connection::open_in_memory().unwrap();
    let n: i64 = conn
        .query_row(
            &format!("SELECT count(*) FROM read_parquet('{}')", out.display()),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2);
    s.run(&["query", "SELECT 1", "--format", "parquet"])
        .assert()
        .code(2)
        .stderr(contains("needs --out"));
}

#[test]
fn missing_workspace_is_an_error_not_an_empty_database() {
    let s = Scratch::new();
    s.run(&["query", "SELECT 1"])
        .assert()
        .code(2)
        .stderr(contains("does not exist"));
    assert!(!s.workspace().exists());
}

#[test]
fn query_writes_nowhere_and_runs_one_query() {
    // Issue 19: a read-only workspace did not stop these — another DuckDB file attached
    // read-write had its rows deleted, COPY and EXPORT DATABASE wrote files, and a second
    // statement ran during prepare. DuckDB's parser now decides: one query, or nothing runs.
    let s = small_workspace();
    let other = Scratch::new();
    let other_file = other.write(
        "other.csv",
        "declaration_id,item_no,declared_at,hs_code,origin_country,customs_value\n\
         O1,1,2025-01-02,852852,CN,10\n",
    );
    other.load("declarations", &other_file);
    let other_db = other.workspace().display().to_string();
    let copy_target = s.path("copied.csv").display().to_string();
    let export_dir = s.path("exported").display().to_string();
    let attacks = [
        format!("ATTACH '{other_db}' AS o (READ_WRITE)"),
        format!("ATTACH '{other_db}' AS o (READ_WRITE); DELETE FROM o.declarations"),
        format!("SELECT 1; ATTACH '{other_db}' AS o (READ_WRITE)"),
        format!("COPY (SELECT * FROM declarations) TO '{copy_target}'"),
        format!("EXPORT DATABASE '{export_dir}'"),
        "INSTALL spatial".into(),
        "LOAD spatial".into(),
        "SET threads = 1".into(),
        "WITH x AS (SELECT 1) DELETE FROM declarations".into(),
        "/* SELECT */ DROP TABLE declarations".into(),
        "SELECT 1; SELECT 2".into(),
    ];
    for sql in &attacks {
        s.run(&["query", sql])
            .assert()
            .code(2)
            .stderr(contains("`clearway query` is read-only"));
    }
    assert!(!s.path("copied.csv").exists());
    assert!(!s.path("exported").exists());
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 3);
    assert_eq!(other.scalar::<i64>("SELECT count(*) FROM declarations"), 1);
    // queries of every shape still run
    for sql in [
        "FROM declarations",
        "SUMMARIZE declarations",
        "EXPLAIN SELECT 1",
        "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
        "SELECT 'a;b' AS s -- a comment; with a semicolon",
    ] {
        s.run(&["query", sql]).assert().success();
    }
}

#[test]
fn files_workspace_confines_reads_to_the_workspace_folder() {
    // Issue 19: `query` read any file its user could (e.g. /etc/shadow as root). Reads stay
    // allowed by default; `--files workspace` (or `[query] files`) confines them, through
    // DuckDB's own settings, locked so that the query cannot widen them again.
    let s = small_workspace();
    let outside = Scratch::new();
    let far = outside.write("far.csv", "a\n2\n").display().to_string();
    s.write("near.csv", "a\n1\n");
    let read_far = format!("SELECT a FROM read_csv('{far}')");
    s.run(&["query", &read_far, "--format", "csv"])
        .assert()
        .success()
        .stdout("a\n2\n");
    let refused = stderr_of(s.run(&["query", &read_far, "--files", "workspace"]), 2);
    assert!(refused.contains("Permission Error"), "{refused}");
    assert!(
        refused.contains("only files under the workspace's folder"),
        "{refused}"
    );
    for sql in [
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT current_setting('enable_external_access') FROM read_csv('/etc/passwd')",
    ] {
        let refused = flat(&stderr_of(
            s.run(&["query", sql, "--files", "workspace"]),
            2,
        ));
        assert!(refused.contains("Permission Error"), "{sql}: {refused}");
    }
    s.run(&[
        "query",
        "SELECT a FROM 'near.csv'",
        "--files",
        "workspace",
        "--format",
        "csv",
    ])
    .current_dir(s.path(""))
    .assert()
    .success()
    .stdout("a\n1\n");
    // Parquet out: DuckDB writes the output file itself, and only that file.
    s.run(&[
        "query",
        "FROM declarations",
        "--files",
        "workspace",
        "--format",
        "parquet",
        "--out",
        &s.path("out.parquet").display().to_string(),
    ])
    .assert()
    .success();
    assert!(s.path("out.parquet").exists());
    // The same from clearway.toml, and a bad value there is named.
    s.write("clearway.toml", "[query]\nfiles = \"workspace\"\n");
    s.run(&["query", &read_far]).assert().code(2);
    s.run(&["query", &read_far, "--files", "any"])
        .assert()
        .success();
    s.write("clearway.toml", "[query]\nfiles = \"everywhere\"\n");
    let bad = flat(&stderr_of(s.run(&["query", "SELECT 1"]), 2));
    assert!(bad.contains("files = \"everywhere\" is not valid"), "{bad}");
}

/// Issue 20, point 5: the everyday date and time-zone SQL that failed in an engine without
/// DuckDB's ICU extension (`current_date` "exists in the icu extension", every TIMESTAMPTZ
/// result "Invalid timezone UTC", `AT TIME ZONE` trying to download ICU) now runs offline, in
/// every output format; what stays ICU-only fails with a help line that says what to do.
#[test]
fn dates_and_time_zones_work_offline() {
    let s = small_workspace();
    let today = chrono::Utc::now().date_naive().to_string();
    let csv = stdout_of(s.run(&[
        "query",
        "SELECT current_date::VARCHAR = $today AS current_is_utc, today() = current_date AS today_too, \
                now() <= current_timestamp AS now_works",
        "--param",
        &format!("today={today}"),
        "--format",
        "csv",
    ]));
    assert_eq!(csv, "current_is_utc,today_too,now_works\ntrue,true,true\n");

    let zones = "SELECT TIMESTAMPTZ '2025-01-15 10:00+02' AS instant, \
                        TIMESTAMP '2025-07-15 10:00' AT TIME ZONE 'Europe/Amsterdam' AS from_amsterdam, \
                        TIMESTAMPTZ '2025-07-15 08:00+00' AT TIME ZONE 'Asia/Tokyo' AS in_tokyo, \
                        timezone('UTC', declared_at) AT TIME ZONE 'Africa/Nairobi' AS declared_nairobi_local \
                 FROM declarations ORDER BY declaration_id, item_no LIMIT 1";
    insta::assert_snapshot!(
        "query_time_zones_table",
        stdout_of(s.run(&["query", zones]))
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(s.run(&["query", zones, "--format", "json"]))).unwrap();
    assert_eq!(
        json[0],
        serde_json::json!({
            "instant": "2025-01-15T08:00:00Z",
            "from_amsterdam": "2025-07-15T08:00:00Z",
            "in_tokyo": "2025-07-15T17:00:00",
            "declared_nairobi_local": "2025-01-02T11:30:00"
        })
    );

    // A Parquet file keeps the instant as a UTC timestamp another reader understands.
    let out = s.path("zones.parquet");
    s.run(&["query", zones, "--format", "parquet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let conn = duckdb::Connection::open_in_memory().unwrap();
    let (kind, utc): (String, String) = conn
        .query_row(
            &format!(
                "SELECT typeof(instant), strftime(instant::TIMESTAMP, '%Y-%m-%d %H:%M') FROM read_parquet('{}')",
                out.display()
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), utc.as_str()),
        ("TIMESTAMP WITH TIME ZONE", "2025-01-15 08:00")
    );

    let unknown = stderr_of(
        s.run(&[
            "query",
            "SELECT TIMESTAMP '2025-01-01' AT TIME ZONE 'Mars/Olympus'",
        ]),
        2,
    );
    assert!(
        flat(&unknown).contains("Unknown time zone \"Mars/Olympus\""),
        "{unknown}"
    );
    let icu_only = stderr_of(
        s.run(&[
            "query",
            "SELECT TIMESTAMPTZ '2025-01-01 10:00+00' + INTERVAL 1 DAY",
        ]),
        2,
    );
    assert!(flat(&icu_only).contains("no ICU extension"), "{icu_only}");
    assert!(
        flat(&icu_only).contains("ts::TIMESTAMP + INTERVAL 1 DAY"),
        "{icu_only}"
    );
    // A cast that fails while the result streams is the analyst's SQL too, not "a clearway bug".
    let cast = stderr_of(
        s.run(&[
            "query",
            "SELECT CAST(TIMESTAMPTZ '2025-01-01 10:00+00' AS DATE) AS d",
        ]),
        2,
    );
    assert!(flat(&cast).contains("no ICU extension"), "{cast}");
    assert!(!cast.contains("clearway bug"), "{cast}");
}
