//! `clearway load declarations`: formats, mappings, validation, rejects, atomicity.

use crate::support::{flat, redact, repo, stderr_of, stdout_of, Scratch};
use predicates::str::contains;

const CANONICAL_HEADER: &str = "declaration_id,item_no,declared_at,office_id,importer_id,hs_code,goods_description,origin_country,export_country,quantity,net_mass_kg,customs_value,currency,illicit\n";

#[test]
fn bundled_sample_loads_completely() {
    let s = Scratch::new();
    let sample = repo().join("sample-data/declarations.csv");
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&sample));
    let text = out;
    assert!(text.contains("rejected 0"), "{text}");
    let lines = std::fs::read_to_string(&sample).unwrap().lines().count() as i64 - 1;
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), lines);
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM rejects"), 0);
    // Every container id in the sample carries a valid ISO 6346 check digit.
    assert!(!text.contains("ISO 6346"), "{text}");
    // The planted pattern column is kept in extra, not dropped.
    assert!(
        s.scalar::<i64>(
            "SELECT count(*) FROM declarations WHERE extra->>'risk_pattern' = 'undervaluation'"
        ) > 0
    );
    assert_eq!(
        s.scalar::<i64>(
            "SELECT count(*) FROM declarations WHERE source_row IS NULL OR load_id <> 1"
        ),
        0
    );
}

#[test]
fn bacuda_shaped_csv_is_detected_and_zero_padded() {
    let s = Scratch::new();
    let csv = "sgd.id,sgd.date,importer.id,declarant.id,country,office.id,tariff.code,quantity,gross.weight,fob.value,cif.value,total.taxes,illicit,revenue\n\
               SGD1,13-01-02,IMP826164,DEC3207,CNTRY680,OFFICE92,8703241128,1,1581,2390,2809,647,0,0\n\
               SGD2,13-01-02,IMP826165,DEC3207,CNTRY680,OFFICE92,101210000,2,26494,2390,2809,647,1,980\n\
               SGD3,13-12-31,IMP1,DEC1,CNTRY1,OFFICE1,902214000,5,100,10,12,3,0,0\n";
    let file = s.write("synthetic-imports-declarations.csv", csv);
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&file));
    insta::assert_snapshot!("bacuda_report", redact(&out, &s));
    assert_eq!(
        s.scalar::<String>("SELECT hs_code FROM declarations WHERE declaration_id = 'SGD2'"),
        "0101210000"
    );
    assert_eq!(
        s.scalar::<String>("SELECT hs_code FROM declarations WHERE declaration_id = 'SGD1'"),
        "8703241128"
    );
    assert_eq!(s.scalar::<String>("SELECT strftime(declared_at, '%Y-%m-%d') FROM declarations WHERE declaration_id = 'SGD3'"), "2013-12-31");
    assert_eq!(
        s.scalar::<String>(
            "SELECT extra->>'country' FROM declarations WHERE declaration_id = 'SGD1'"
        ),
        "CNTRY680"
    );
    assert!(s.scalar::<bool>("SELECT illicit FROM declarations WHERE declaration_id = 'SGD2'"));
    assert_eq!(s.scalar::<String>("SELECT CAST(revenue_recovered AS VARCHAR) FROM declarations WHERE declaration_id = 'SGD2'"), "980.00");
    assert_eq!(s.scalar::<i32>("SELECT max(item_no) FROM declarations"), 1);
}

#[test]
fn malformed_rows_land_in_rejects_with_line_numbers() {
    let s = Scratch::new();
    let csv = format!(
        "{CANONICAL_HEADER}\
         D1,1,2025-01-02,OFF1,IMP1,080810,Apples,NZ,NZ,100,100,250.50,USD,false\n\
         D2,1,2025-01-02,OFF1,IMP1,08081,Apples,NZ,NZ,100,100,250.50,USD,false\n\
         D3,1,2025-01-02,OFF1,IMP1,080810,Apples,XX,NZ,100,100,250.50,USD,false\n\
         D4,1,2025-01-02,OFF1,IMP1,080810,Apples,NZ,NZ,-5,100,250.50,USD,false\n\
         D5,1,not-a-date,OFF1,IMP1,080810,Apples,NZ,NZ,100,100,250.50,USD,false\n\
         ,1,2025-01-02,OFF1,IMP1,080810,Apples,NZ,NZ,100,100,250.50,USD,false\n\
         D7,1,2025-01-02,OFF1,IMP1,080810,Apples,NZ,NZ,100,100,250.50,USD,false,surplus,fields\n\
         D8,1,2025-01-03,OFF1,IMP1,852852,Monitors,CN,HK,3,10,900,USD,maybe\n\
         D9,2,2025-01-03,OFF1,IMP1,8528.52,Monitors,CN,HK,3,10,900,USD,true\n"
    );
    let file = s.write("malformed.csv", csv);
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&file));
    let report = redact(&out, &s);
    insta::assert_snapshot!("malformed_report", report);
    let rejects: Vec<(i64, i64, String, String)> = {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        let mut stmt = conn
            .prepare("SELECT line, source_row, stage, reason FROM rejects ORDER BY line")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let lines: Vec<i64> = rejects.iter().map(|r| r.0).collect();
    assert_eq!(lines, vec![3, 4, 5, 6, 7, 8, 9], "{rejects:#?}");
    assert!(rejects[0].3.starts_with("hs_code: '08081'"), "{rejects:#?}");
    assert!(
        rejects[1].3.contains("origin_country: 'XX'"),
        "{rejects:#?}"
    );
    assert!(
        rejects[2].3.contains("quantity: '-5' is negative"),
        "{rejects:#?}"
    );
    assert!(rejects[3].3.contains("declared_at"), "{rejects:#?}");
    assert!(
        rejects[4].3.contains("declaration_id: missing"),
        "{rejects:#?}"
    );
    assert_eq!(rejects[5].2, "parse", "{rejects:#?}");
    assert!(rejects[6].3.contains("illicit: 'maybe'"), "{rejects:#?}");
    // Loaded rows keep their true record numbers even after the parser-rejected record.
    assert_eq!(
        s.scalar::<i64>("SELECT source_row FROM declarations WHERE declaration_id = 'D9'"),
        9
    );
    assert_eq!(
        s.scalar::<String>("SELECT hs_code FROM declarations WHERE declaration_id = 'D9'"),
        "852852"
    );
    assert_eq!(
        s.scalar::<i64>("SELECT rows_read - rows_loaded - rows_rejected FROM loads"),
        0
    );
    assert_eq!(s.scalar::<i64>("SELECT rows_read FROM loads"), 9);
    // The raw text of a rejected row is what the file said.
    assert_eq!(
        s.scalar::<String>("SELECT raw FROM rejects WHERE line = 4"),
        "D3,1,2025-01-02,OFF1,IMP1,080810,Apples,XX,NZ,100,100,250.50,USD,false"
    );
}

#[test]
fn latin1_file_is_transcoded_and_says_so() {
    let s = Scratch::new();
    let mut bytes = CANONICAL_HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(
        b"D1,1,2025-02-01,OFF1,IMP1,090111,Caf\xe9 vert,CI,CI,10,10,99.90,EUR,false\n",
    );
    bytes.extend_from_slice(
        b"D2,1,2025-02-01,OFF1,IMP1,090111,Cr\xe8me \x80 prix,CI,CI,10,10,99.90,EUR,false\n",
    );
    let file = s.write("latin1.csv", bytes);
    s.run(&["load", "declarations"])
        .arg(&file)
        .assert()
        .success()
        .stdout(contains("Windows-1252/Latin-1 (not UTF-8 from byte"));
    assert_eq!(
        s.scalar::<String>(
            "SELECT goods_description FROM declarations WHERE declaration_id = 'D1'"
        ),
        "Café vert"
    );
    assert_eq!(
        s.scalar::<String>(
            "SELECT goods_description FROM declarations WHERE declaration_id = 'D2'"
        ),
        "Crème € prix"
    );
    assert!(s
        .scalar::<String>("SELECT encoding FROM loads")
        .starts_with("Windows-1252"));
}

#[test]
fn utf8_bom_and_semicolon_delimiter_are_sniffed() {
    let s = Scratch::new();
    let text = "\u{feff}declaration_id;declared_at;hs_code;origin_country;customs_value\nD1;2025-03-01 10:00:00;852852;CN;1234.5\nD2;2025-03-01;852852;DE;10\n";
    let file = s.write("bom.csv", text);
    s.run(&["load", "declarations"])
        .arg(&file)
        .assert()
        .success()
        .stdout(contains("UTF-8 with BOM"))
        .stdout(contains("delimiter \";\""));
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 2);
}

/// Writes a Parquet or NDJSON file with DuckDB itself, with real types (dates, lists, numbers).
fn write_with_duckdb(path: &std::path::Path, format: &str) {
    let conn = duckdb::Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!(
        "COPY (SELECT 'P' || i AS declaration_id, 1 AS item_no, DATE '2025-04-01' + CAST(i AS INTEGER) AS declared_at,
                      CASE WHEN i % 2 = 0 THEN '852852' ELSE '870323' END AS hs_code, 'KR' AS origin_country,
                      ['MSCU1234566', 'NARU3472484'] AS container_ids, 10.5 * i AS customs_value, i * 100 AS quantity,
                      'note ' || i AS remarks
               FROM range(1, 6) t(i)) TO '{}' ({format})",
        path.display()
    ))
    .unwrap();
}

#[test]
fn parquet_input_keeps_types_and_extra_columns() {
    let s = Scratch::new();
    let file = s.path("decl.parquet");
    write_with_duckdb(&file, "FORMAT parquet");
    s.run(&["load", "declarations"])
        .arg(&file)
        .assert()
        .success()
        .stdout(contains("kept in extra  remarks"));
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 5);
    assert_eq!(
        s.scalar::<String>("SELECT container_ids[2] FROM declarations WHERE declaration_id = 'P1'"),
        "NARU3472484"
    );
    assert_eq!(s.scalar::<String>("SELECT strftime(declared_at, '%Y-%m-%d') FROM declarations WHERE declaration_id = 'P3'"), "2025-04-04");
    assert_eq!(
        s.scalar::<String>(
            "SELECT extra->>'remarks' FROM declarations WHERE declaration_id = 'P2'"
        ),
        "note 2"
    );
}

#[test]
fn ndjson_input_loads_and_reports_bad_rows() {
    let s = Scratch::new();
    let file = s.path("decl.ndjson");
    write_with_duckdb(&file, "FORMAT json");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("{\"declaration_id\":\"P9\",\"item_no\":1,\"declared_at\":\"2025-04-09\",\"hs_code\":\"12\",\"origin_country\":\"KR\",\"container_ids\":[],\"customs_value\":1,\"quantity\":1,\"remarks\":\"x\"}\n");
    std::fs::write(&file, text).unwrap();
    s.run(&["load", "declarations"])
        .arg(&file)
        .assert()
        .success()
        .stdout(contains("read 6 = loaded 5 + duplicates 0 + rejected 1"));
    assert_eq!(s.scalar::<i64>("SELECT line FROM rejects"), 6);
}

#[test]
fn reload_is_refused_unless_forced() {
    let s = Scratch::new();
    let file = s.write("one.csv", format!("{CANONICAL_HEADER}D1,1,2025-01-02,OFF1,IMP1,080810,Apples,NZ,NZ,100,100,250.50,USD,false\n"));
    s.load("declarations", &file);
    let err = stderr_of(s.run(&["load", "declarations"]).arg(&file), 2);
    assert!(
        err.contains("was already loaded") && err.contains("--force"),
        "{err}"
    );
    // forced, the file is read again, but its rows are already there: nothing doubles
    s.run(&["load", "declarations", "--force"])
        .arg(&file)
        .assert()
        .success()
        .stdout(contains("read 1 = loaded 0 + duplicates 1 + rejected 0"));
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 1);
}

/// Counts of the tables a load touches.
fn footprint(s: &Scratch) -> (i64, i64, i64, i64) {
    (
        s.scalar("SELECT count(*) FROM declarations"),
        s.scalar("SELECT count(*) FROM loads"),
        s.scalar("SELECT count(*) FROM rejects"),
        s.scalar("SELECT count(*) FROM audit_log"),
    )
}

#[test]
fn a_load_failing_halfway_leaves_the_workspace_unchanged() {
    let s = Scratch::new();
    let good = s.write("good.csv", format!("{CANONICAL_HEADER}D1,1,2025-01-02,OFF1,IMP1,080810,Apples,NZ,NZ,100,100,250.50,USD,false\n"));
    s.load("declarations", &good);
    let before = footprint(&s);

    // Fails after rows, rejects, the load record and the audit row were written, before COMMIT.
    let second = s.write("second.csv", format!("{CANONICAL_HEADER}D2,1,2025-01-02,OFF1,IMP1,080810,Apples,NZ,NZ,100,100,250.50,USD,false\nD3,1,bad,OFF1,IMP1,080810,Apples,NZ,NZ,1,1,1,USD,false\n"));
    s.run(&["load", "declarations"])
        .arg(&second)
        .env("CLEARWAY_FAILPOINT", "load-before-commit")
        .assert()
        .code(2);
    assert_eq!(footprint(&s), before);

    // A JSON file broken near its end fails inside DuckDB's reader, also mid-statement.
    let mut json = String::from("[");
    for i in 0..3000 {
        json.push_str(&format!("{{\"declaration_id\":\"J{i}\",\"declared_at\":\"2025-01-01\",\"hs_code\":\"080810\"}},"));
    }
    json.push_str("{\"declaration_id\": oops}]");
    let broken = s.write("broken.json", json);
    let err = stderr_of(s.run(&["load", "declarations"]).arg(&broken), 2);
    assert!(err.contains("broken.json"));
    assert_eq!(footprint(&s), before);
    s.run(&["audit", "verify"]).assert().success();
}

#[test]
fn user_mapping_applies_transforms() {
    let s = Scratch::new();
    let csv = "SGD_NUM,ITM,SGD_DATE,HSCODE,ORIGIN,WEIGHT_G,CIF,BOXES\n\
               A-1,1,03-Jan-25,80810,New Zealand,250000,100.5,MSCU1234566 NARU3472484\n\
               A-1,2,03-Jan-25,852852,germany,1000,50,\n\
               A-2,1,04-Jan-25,852852,Atlantis,1000,50,\n";
    let file = s.write("weekly.csv", csv);
    let mapping = s.write(
        "weekly.toml",
        "name = \"weekly-feed\"\n[columns]\nSGD_NUM = \"declaration_id\"\nITM = \"item_no\"\nSGD_DATE = { to = \"declared_at\", date_format = \"%d-%b-%y\" }\nHSCODE = { to = \"hs_code\", zero_pad = 6 }\nORIGIN = { to = \"origin_country\", country = \"name\" }\nWEIGHT_G = { to = \"gross_mass_kg\", factor = 0.001 }\nCIF = \"customs_value\"\nBOXES = \"container_ids\"\n[constants]\ncurrency = \"NGN\"\n",
    );
    s.run(&["load", "declarations", "--mapping"])
        .arg(&mapping)
        .arg(&file)
        .assert()
        .success()
        .stdout(contains("read 3 = loaded 2 + duplicates 0 + rejected 1"));
    assert_eq!(
        s.scalar::<String>("SELECT hs_code FROM declarations WHERE item_no = 1"),
        "080810"
    );
    assert_eq!(
        s.scalar::<String>("SELECT origin_country FROM declarations WHERE item_no = 2"),
        "DE"
    );
    assert_eq!(
        s.scalar::<f64>("SELECT gross_mass_kg FROM declarations WHERE item_no = 1"),
        250.0
    );
    assert_eq!(
        s.scalar::<String>("SELECT currency FROM declarations LIMIT 1"),
        "NGN"
    );
    assert_eq!(
        s.scalar::<i64>("SELECT len(container_ids) FROM declarations WHERE item_no = 1"),
        2
    );
    assert!(s
        .scalar::<String>("SELECT reason FROM rejects")
        .contains("'Atlantis' is not an ISO 3166-1 country"));
}

#[test]
fn mapping_with_unknown_source_column_points_into_the_toml() {
    let s = Scratch::new();
    let file = s.write("x.csv", "A,B\n1,2\n");
    let mapping = s.write(
        "bad.toml",
        "[columns]\nA = \"declaration_id\"\nNOPE = \"hs_code\"\n",
    );
    let err = stderr_of(
        s.run(&["load", "declarations", "--mapping"])
            .arg(&mapping)
            .arg(&file),
        2,
    );
    insta::assert_snapshot!("mapping_unknown_column", redact(&err, &s));
}

#[test]
fn invalid_mapping_toml_is_shown_with_its_span() {
    let s = Scratch::new();
    let file = s.write("x.csv", "A,B\n1,2\n");
    let mapping = s.write("broken.toml", "[columns\nA = \"declaration_id\"\n");
    let err = stderr_of(
        s.run(&["load", "declarations", "--mapping"])
            .arg(&mapping)
            .arg(&file),
        2,
    );
    assert!(
        err.contains("invalid mapping file") && err.contains("broken.toml:1:"),
        "{err}"
    );
}

#[test]
fn undetectable_header_and_unknown_format_are_usage_errors() {
    let s = Scratch::new();
    let file = s.write("x.csv", "foo,bar\n1,2\n");
    s.run(&["load", "declarations"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(contains("cannot tell which mapping profile"));
    let bin = s.write("blob.bin", [0u8, 1, 2, 3, 0, 0, 9]);
    s.run(&["load", "declarations"])
        .arg(&bin)
        .assert()
        .code(2)
        .stderr(contains("unknown or unsupported file format"));
    s.run(&["load", "declarations"])
        .arg(s.path("missing.csv"))
        .assert()
        .code(2)
        .stderr(contains("cannot read"));
}

#[test]
fn a_second_writer_gets_a_clear_error() {
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    let _holder = duckdb::Connection::open(s.workspace()).unwrap();
    let file = s.write("one.csv", format!("{CANONICAL_HEADER}D1,1,2025-01-02,OFF1,IMP1,080810,Apples,NZ,NZ,100,100,250.50,USD,false\n"));
    s.run(&["load", "declarations"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(contains("is locked by another"));
}

#[test]
fn rows_of_an_interrupted_load_are_removed_by_the_next_writer() {
    // A load commits its rows before it records itself; a process killed in between leaves
    // rows that no `loads` row owns. The next command that opens the workspace for writing
    // removes them.
    let s = Scratch::new();
    let file = s.write(
        "one.csv",
        format!("{CANONICAL_HEADER}D1,1,2025-01-02,OFF1,IMP1,080810,Apples,NZ,NZ,100,100,250.50,USD,false\n"),
    );
    s.load("declarations", &file);
    {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.execute_batch(
            "INSERT INTO declarations (declaration_id, item_no, hs_code, load_id) VALUES ('ORPHAN', 1, '080810', 7), ('ORPHAN', 2, '080810', -7)",
        )
        .unwrap();
    }
    s.run(&["init"]).assert().success();
    assert_eq!(
        s.scalar::<i64>("SELECT count(*) FROM declarations WHERE declaration_id = 'ORPHAN'"),
        0
    );
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 1);
}

#[test]
fn empty_files_and_folders_are_input_errors_not_panics() {
    let s = Scratch::new();
    let empty = s.write("empty.csv", "");
    let err = flat(&stderr_of(s.run(&["load", "declarations"]).arg(&empty), 2));
    assert!(err.contains("the file is empty"), "{err}");
    let err = stderr_of(s.run(&["load", "declarations"]).arg(s.dir.path()), 2);
    assert!(
        err.contains("cannot read") && !err.contains("panicked"),
        "{err}"
    );
    let header_only = s.write("header.csv", "declaration_id,declared_at,hs_code\n");
    s.run(&["load", "declarations"])
        .arg(&header_only)
        .assert()
        .success()
        .stdout(contains("read 0 = loaded 0 + duplicates 0 + rejected 0"));
}

/// A canonical row of declaration `id`, item `item`, with a customs value.
fn item(id: &str, item: u32, value: &str) -> String {
    format!("{id},{item},2025-01-02,OFF1,IMP1,080810,Apples,NZ,NZ,100,100,{value},USD,false\n")
}

/// A canonical CSV of items D1..Dn (one item each), in the given order.
fn items(ids: impl IntoIterator<Item = u32>) -> String {
    let rows: String = ids
        .into_iter()
        .map(|i| item(&format!("D{i}"), 1, "250.50"))
        .collect();
    format!("{CANONICAL_HEADER}{rows}")
}

/// `clearway load declarations --report json FILE ARGS...`: the one report.
fn load_json(s: &Scratch, file: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let out = stdout_of(
        s.run(&["load", "declarations", "--report", "json"])
            .args(args)
            .arg(file),
    );
    serde_json::from_str::<serde_json::Value>(&out).unwrap()[0].clone()
}

/// The report's and the `loads` row's counts reconcile: read = loaded + duplicates + rejected.
fn assert_reconciles(s: &Scratch, report: &serde_json::Value) {
    let n = |k: &str| report[k].as_i64().unwrap();
    assert_eq!(
        n("rows_read"),
        n("rows_loaded") + n("rows_duplicate") + n("rows_rejected"),
        "{report}"
    );
    let stored: String = s.scalar(&format!(
        "SELECT rows_read || '=' || rows_loaded || '+' || rows_duplicate || '+' || rows_rejected FROM loads WHERE load_id = {}",
        n("load_id")
    ));
    assert_eq!(
        stored,
        format!(
            "{}={}+{}+{}",
            n("rows_read"),
            n("rows_loaded"),
            n("rows_duplicate"),
            n("rows_rejected")
        )
    );
}

#[test]
fn a_reordered_reexport_loads_nothing_new_and_names_the_earlier_load() {
    let s = Scratch::new();
    let first = s.write("week1.csv", items(1..=20));
    s.load("declarations", &first);
    let again = s.write("week1-reexport.csv", items((1..=20).rev()));
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&again));
    assert!(
        out.contains("read 20 = loaded 0 + duplicates 20 + rejected 0"),
        "{out}"
    );
    assert!(
        flat(&out).contains("duplicates already in load 1: 20 (not loaded; 0 differ in content)"),
        "{out}"
    );
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 20);
    assert_eq!(
        s.scalar::<i64>("SELECT count(*) FROM declarations WHERE load_id <> 1"),
        0
    );
    let stored: String = s.scalar(
        "SELECT rows_duplicate || ' ' || on_duplicate || ' ' || CAST(duplicates->'earlier' AS VARCHAR) FROM loads WHERE load_id = 2",
    );
    assert_eq!(stored, r#"20 skip [{"load_id":1,"rows":20,"differing":0}]"#);
}

#[test]
fn an_overlapping_extract_loads_only_its_new_half() {
    let s = Scratch::new();
    s.load("declarations", &s.write("jan.csv", items(1..=10)));
    // half old rows (one of them re-exported with a corrected value), half new
    let mut overlap = items(6..=15);
    overlap = overlap.replace(&item("D7", 1, "250.50"), &item("D7", 1, "999.00"));
    let report = load_json(&s, &s.write("jan-feb.csv", overlap), &[]);
    assert_eq!(
        (
            report["rows_read"].as_i64(),
            report["rows_loaded"].as_i64(),
            report["rows_duplicate"].as_i64()
        ),
        (Some(10), Some(5), Some(5))
    );
    assert_eq!(
        report["duplicates"]["earlier"],
        serde_json::json!([{"load_id": 1, "rows": 5, "differing": 1}])
    );
    assert_eq!(report["duplicates"]["differing"], 1);
    assert_reconciles(&s, &report);
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 15);
    assert_eq!(
        s.scalar::<String>(
            "SELECT string_agg(declaration_id, ',' ORDER BY source_row) FROM declarations WHERE load_id = 2"
        ),
        "D11,D12,D13,D14,D15"
    );
    // skip keeps the stored value, and says that replace would change it
    assert_eq!(
        s.scalar::<String>(
            "SELECT CAST(customs_value AS VARCHAR) FROM declarations WHERE declaration_id = 'D7'"
        ),
        "250.50"
    );
}

#[test]
fn keys_repeated_within_a_file_keep_the_first_occurrence() {
    let s = Scratch::new();
    let csv = format!(
        "{CANONICAL_HEADER}{}{}{}{}{}",
        item("D1", 1, "10.00"),
        item("D1", 2, "20.00"),
        item("D1", 1, "11.00"),
        item("D2", 1, "30.00"),
        item("D1", 1, "10.00"),
    );
    let report = load_json(&s, &s.write("repeats.csv", csv), &[]);
    assert_eq!(
        (
            report["rows_read"].as_i64(),
            report["rows_loaded"].as_i64(),
            report["rows_duplicate"].as_i64()
        ),
        (Some(5), Some(3), Some(2))
    );
    // both repeat the first D1/1 of this same load; one of them says something else
    assert_eq!(
        report["duplicates"]["earlier"],
        serde_json::json!([{"load_id": 1, "rows": 2, "differing": 1}])
    );
    assert_reconciles(&s, &report);
    assert_eq!(
        s.scalar::<String>(
            "SELECT CAST(customs_value AS VARCHAR) || ' @' || source_row FROM declarations WHERE declaration_id = 'D1' AND item_no = 1"
        ),
        "10.00 @1"
    );
    let out = stdout_of(s.run(&["load", "declarations"]).arg(s.write(
        "again.csv",
        format!("{CANONICAL_HEADER}{}", item("D9", 1, "1.00")),
    )));
    assert!(out.contains("duplicates 0"), "{out}");
}

#[test]
fn replace_overwrites_the_stored_rows_and_audits_what_changed() {
    let s = Scratch::new();
    s.load("declarations", &s.write("jan.csv", items(1..=4)));
    let corrected = format!(
        "{CANONICAL_HEADER}{}{}{}",
        item("D2", 1, "260.00"),
        item("D3", 1, "250.50"),
        item("D5", 1, "1.00"),
    );
    let file = s.write("jan-corrected.csv", corrected);
    let out = stdout_of(
        s.run(&["load", "declarations", "--on-duplicate", "replace"])
            .arg(&file),
    );
    assert!(
        out.contains("read 3 = loaded 3 + duplicates 0 + rejected 0"),
        "{out}"
    );
    assert!(
        flat(&out).contains("replaced 2 stored row(s); changed: customs_value 1"),
        "{out}"
    );
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM declarations"), 5);
    assert_eq!(
        s.scalar::<String>(
            "SELECT string_agg(declaration_id || ':' || load_id || ':' || customs_value, ' ' ORDER BY declaration_id) FROM declarations"
        ),
        "D1:1:250.50 D2:2:260.00 D3:2:250.50 D4:1:250.50 D5:2:1.00"
    );
    let detail: String = s.scalar(
        "SELECT CAST(detail AS VARCHAR) FROM audit_log WHERE detail->>'action' = 'replace duplicates'",
    );
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["rows_replaced"], 2);
    assert_eq!(detail["rows_changed"], 1);
    assert_eq!(detail["column_changes"]["customs_value"], 1);
    assert_eq!(detail["column_changes"]["hs_code"], 0);
    assert_eq!(
        detail["examples"],
        serde_json::json!([{
            "key": {"declaration_id": "D2", "item_no": 1},
            "changes": {"customs_value": {"old": "250.50", "new": "260.00"}}
        }])
    );
    assert_eq!(
        detail["replaced_from"],
        serde_json::json!([{"load_id": 1, "rows": 2, "differing": 1}])
    );
    s.run(&["audit", "verify"]).assert().success();
}

#[test]
fn reject_fails_on_the_first_duplicate_and_loads_nothing() {
    let s = Scratch::new();
    s.load("declarations", &s.write("jan.csv", items(1..=5)));
    let before = footprint(&s);
    let file = s.write("jan-feb.csv", items([9, 8, 4, 7, 2]));
    let err = flat(&stderr_of(
        s.run(&["load", "declarations", "--on-duplicate", "reject"])
            .arg(&file),
        2,
    ));
    assert!(err.contains("clearway::duplicate"), "{err}");
    assert!(err.contains("jan-feb.csv: line 4 (record 3)"), "{err}");
    assert!(err.contains("declaration_id D4, item_no 1"), "{err}");
    assert!(err.contains("load 1 (source_row 4 of"), "{err}");
    assert!(err.contains("2 row(s) of this file"), "{err}");
    assert!(err.contains("--on-duplicate skip"), "{err}");
    assert_eq!(footprint(&s), before);
    // a repeat within the file is refused the same way, naming its first line
    let repeats = s.write("repeats.csv", items([10, 11, 10]));
    let err = flat(&stderr_of(
        s.run(&["load", "declarations", "--on-duplicate", "reject"])
            .arg(&repeats),
        2,
    ));
    assert!(
        err.contains("line 4 (record 3): declaration_id D10, item_no 1 is already loaded: line 2 (record 1) of the same file"),
        "{err}"
    );
    assert_eq!(footprint(&s), before);
}

/// Files of one loader kind: a first file, a re-export that starts with new rows and then
/// repeats a row of the first, and a file of new rows only.
struct KindFiles {
    kind: &'static str,
    first: std::path::PathBuf,
    overlap: std::path::PathBuf,
    fresh: std::path::PathBuf,
}

/// [`KindFiles`] of declarations, telemetry (a tracker CSV) and a ledger (a generic chain).
fn files_of_every_kind(s: &Scratch) -> Vec<KindFiles> {
    use clearway::ledger::generic::block_line;
    let chain = |name: &str, numbers: std::ops::Range<u64>| -> Vec<String> {
        let mut prev = String::new();
        numbers
            .map(|n| {
                let payload =
                    serde_json::json!({"type": "invoice", "declaration_id": format!("{name}{n}")});
                let (line, hash) = block_line(name, n, &prev, "2025-03-01T10:00:00Z", &payload);
                prev = hash;
                line
            })
            .collect()
    };
    let trade = chain("trade", 0..3);
    // new blocks of another chain, then block 2 of the first file again
    let overlap = [chain("other", 0..2), vec![trade[2].clone()]].concat();
    let tracker = "device_id,ts_utc,lat,lon\n";
    vec![
        KindFiles {
            kind: "declarations",
            first: s.write("first.csv", items(1..=3)),
            overlap: s.write("overlap.csv", items([4, 5, 2])),
            fresh: s.write("fresh.csv", items([6])),
        },
        KindFiles {
            kind: "telemetry",
            first: s.write(
                "first-tracker.csv",
                format!("{tracker}T1,2025-06-01T08:00:00Z,51.9,4.1\nT1,2025-06-01T09:00:00Z,51.95,4.2\n"),
            ),
            overlap: s.write(
                "overlap-tracker.csv",
                format!("{tracker}T2,2025-06-01T08:00:00Z,1,2\nT2,2025-06-01T09:00:00Z,1,2\nT1,2025-06-01T09:00:00Z,51.95,4.2\n"),
            ),
            fresh: s.write(
                "fresh-tracker.csv",
                format!("{tracker}T3,2025-06-01T08:00:00Z,1,2\n"),
            ),
        },
        KindFiles {
            kind: "ledger",
            first: s.write("first.jsonl", trade.join("\n") + "\n"),
            overlap: s.write("overlap.jsonl", overlap.join("\n") + "\n"),
            fresh: s.write("fresh.jsonl", chain("fresh", 0..1).join("\n") + "\n"),
        },
    ]
}

/// Counts of every table a load of any kind writes.
fn footprint_of_every_table(s: &Scratch) -> Vec<i64> {
    [
        "declarations",
        "telemetry_events",
        "ledger_blocks",
        "ledger_records",
        "loads",
        "rejects",
        "audit_log",
    ]
    .iter()
    .map(|table| s.scalar(&format!("SELECT count(*) FROM {table}")))
    .collect()
}

#[test]
fn every_loader_kind_refuses_a_reload_and_fails_whole() {
    let s = Scratch::new();
    for f in files_of_every_kind(&s) {
        let kind = f.kind;
        s.load(kind, &f.first);
        let first_load: i64 = s.scalar("SELECT max(load_id) FROM loads");
        let before = footprint_of_every_table(&s);

        // the same bytes again: refused alike for every kind, before anything is written
        let err = flat(&stderr_of(s.run(&["load", kind]).arg(&f.first), 2));
        assert!(
            err.contains("clearway::already_loaded")
                && err.contains(&format!("load {first_load} at"))
                && err.contains("--force"),
            "{kind}: {err}"
        );
        assert_eq!(footprint_of_every_table(&s), before, "{kind}: refused");

        // a failure after the rows, the loads row and the audit entry were written
        let err = flat(&stderr_of(
            s.run(&["load", kind])
                .arg(&f.fresh)
                .env("CLEARWAY_FAILPOINT", "load-before-commit"),
            2,
        ));
        assert!(
            err.contains("failpoint") && err.contains("unset CLEARWAY_FAILPOINT"),
            "{kind}: {err}"
        );
        assert_eq!(footprint_of_every_table(&s), before, "{kind}: failpoint");

        // new rows, then a row already loaded, under --on-duplicate reject
        let err = flat(&stderr_of(
            s.run(&["load", kind, "--on-duplicate", "reject"])
                .arg(&f.overlap),
            2,
        ));
        assert!(err.contains("clearway::duplicate"), "{kind}: {err}");
        assert_eq!(footprint_of_every_table(&s), before, "{kind}: reject");

        // neither failed file is on record: both load now
        s.load(kind, &f.fresh);
        s.run(&["load", kind, "--on-duplicate", "skip"])
            .arg(&f.overlap)
            .assert()
            .success();
        assert_eq!(
            s.scalar::<i64>("SELECT count(*) FROM loads"),
            before[4] + 2,
            "{kind}"
        );
    }
    s.run(&["audit", "verify"]).assert().success();
}

#[test]
fn a_file_name_with_glob_characters_is_read_as_itself() {
    // DuckDB's readers take `[a].csv` as a pattern that matches `a.csv`: the rows of another
    // file were loaded under this file's name and sha256
    let s = Scratch::new();
    let sample = std::fs::read_to_string(repo().join("sample-data/declarations.csv")).unwrap();
    let lines: Vec<&str> = sample.lines().collect();
    let (header, rows) = (lines[0], &lines[1..]);
    std::fs::write(s.path("a.csv"), format!("{header}\n{}\n", rows[0])).unwrap();
    let bracketed = s.path("[a].csv");
    std::fs::write(&bracketed, format!("{header}\n{}\n{}\n", rows[1], rows[2])).unwrap();
    s.load("declarations", &bracketed);
    let loaded: String = s.scalar(
        "SELECT string_agg(declaration_id || '/' || item_no, ',' ORDER BY item_no) FROM declarations",
    );
    let expected: Vec<String> = rows[1..3]
        .iter()
        .map(|r| {
            let f: Vec<&str> = r.split(',').collect();
            format!("{}/{}", f[0], f[1])
        })
        .collect();
    assert_eq!(loaded, expected.join(","));
    // and an export written under such a name verifies against its own bytes
    let out = s.path("[b].csv");
    s.run(&["export", "declarations", "--out"])
        .arg(&out)
        .assert()
        .success();
    std::fs::write(s.path("b.csv"), "declaration_id\nX\n").unwrap();
    s.run(&["export", "verify"]).arg(&out).assert().success();
}

#[test]
fn every_loads_row_reconciles_on_its_own() {
    // Issue 19: a telemetry load's `loads` row said read 550,128 but loaded 550,127 + 0 — the
    // lines read that are no row by design (an other NMEA sentence here) were counted nowhere
    let s = Scratch::new();
    s.load("declarations", &repo().join("sample-data/declarations.csv"));
    let nmea = s.write(
        "feed.nmea",
        "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\n\
         $GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\n\
         !AIVDM,1,1,,B,13u?etPv2;0n:dDPwUM1U1Cb069D,0*27\n",
    );
    s.load("telemetry", &nmea);
    let skipped: i64 = s.scalar("SELECT rows_skipped FROM loads WHERE kind = 'telemetry'");
    assert_eq!(skipped, 1);
    let unreconciled: i64 = s.scalar(
        "SELECT count(*) FROM loads
         WHERE rows_skipped IS NULL
            OR rows_read <> rows_loaded + rows_duplicate + rows_rejected + rows_skipped",
    );
    assert_eq!(unreconciled, 0);
}
