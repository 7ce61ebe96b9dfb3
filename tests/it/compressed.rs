//! Inputs people actually have (issue 23, point 8): exports compressed with zstd or gzip, and
//! timestamps written as Unix seconds or milliseconds, loaded without a mapping file.

use crate::support::{flat, repo, stderr_of, stdout_of, Scratch};
use std::io::Write;

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 3).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn count(s: &Scratch, table: &str) -> i64 {
    s.scalar(&format!("SELECT count(*) FROM {table}"))
}

#[test]
fn a_zstd_declarations_csv_loads_like_the_plain_file_and_never_doubles_with_it() {
    let s = Scratch::new();
    let plain = std::fs::read(repo().join("sample-data/declarations.csv")).unwrap();
    let rows = plain.iter().filter(|b| **b == b'\n').count() as i64 - 1;
    let file = s.write("declarations.csv.zst", zstd(&plain));
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&file));
    assert!(flat(&out).contains("UTF-8, zstd-compressed"), "{out}");
    assert!(out.contains("rejected 0"), "{out}");
    assert_eq!(count(&s, "declarations"), rows);
    // the rows and the load name the user's file, not a temporary copy
    let named: String = s.scalar("SELECT any_value(source_file) FROM declarations");
    assert!(named.ends_with("declarations.csv.zst"), "{named}");
    // a reload of the compressed file is refused; the plain file's rows are all duplicates
    let err = stderr_of(s.run(&["load", "declarations"]).arg(&file), 2);
    assert!(flat(&err).contains("already loaded"), "{err}");
    let again = s.write("declarations.csv", &plain);
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&again));
    let duplicates = format!("duplicates {}", clearway::output::group_thousands(rows));
    assert!(out.contains(&duplicates), "{out}");
    assert_eq!(count(&s, "declarations"), rows);
}

#[test]
fn compressed_files_are_known_by_their_bytes_not_their_names() {
    let s = Scratch::new();
    let ndjson = "{\"declaration_id\":\"N1\",\"item_no\":1,\"declared_at\":\"2025-06-01 08:00:00\",\"hs_code\":\"852852\",\"customs_value\":10}\n\
                  {\"declaration_id\":\"N2\",\"item_no\":1,\"declared_at\":\"2025-06-02 08:00:00\",\"hs_code\":\"852852\",\"customs_value\":20}\n";
    let gz = s.write("items.ndjson.gz", gzip(ndjson.as_bytes()));
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&gz));
    assert!(flat(&out).contains("gzip-compressed"), "{out}");
    // a zstd stream named .csv, as a mail gateway or a careless rename leaves it
    let csv =
        "declaration_id,item_no,declared_at,hs_code,customs_value\nC1,1,2025-06-03,852852,30\n";
    let named_csv = s.write("export.csv", zstd(csv.as_bytes()));
    stdout_of(s.run(&["load", "declarations"]).arg(&named_csv));
    assert_eq!(
        s.scalar::<String>(
            "SELECT string_agg(declaration_id, ',' ORDER BY declaration_id) FROM declarations"
        ),
        "C1,N1,N2"
    );
}

#[test]
fn a_damaged_zstd_file_is_refused_by_name_and_loads_nothing() {
    let s = Scratch::new();
    let mut csv = String::from("declaration_id,item_no,declared_at,hs_code,customs_value\n");
    for i in 0..20_000 {
        csv.push_str(&format!("D{i},1,2025-06-01,852852,{i}\n"));
    }
    let mut bytes = zstd(csv.as_bytes());
    bytes.truncate(bytes.len() / 2);
    let file = s.write("cut.csv.zst", bytes);
    let err = stderr_of(s.run(&["load", "declarations"]).arg(&file), 2);
    assert!(flat(&err).contains("cut.csv.zst"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(count(&s, "loads"), 0);
    assert_eq!(count(&s, "declarations"), 0);
}

#[test]
fn unix_seconds_and_milliseconds_load_as_timestamps_in_csv_and_json() {
    let s = Scratch::new();
    // 1748764800 is 2025-06-01 08:00:00 UTC
    let csv = s.write(
        "unix.csv",
        "declaration_id,item_no,declared_at,hs_code,customs_value\n\
         U1,1,1748764800,852852,10\n\
         U2,1,1748764800250,852852,10\n\
         U3,1,1748764800.5,852852,10\n",
    );
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&csv));
    assert!(out.contains("rejected 0"), "{out}");
    let ndjson = s.write(
        "unix.ndjson",
        "{\"declaration_id\":\"J1\",\"item_no\":1,\"declared_at\":1748851200,\"hs_code\":\"852852\",\"customs_value\":1}\n\
         {\"declaration_id\":\"J2\",\"item_no\":1,\"declared_at\":1748851200000,\"hs_code\":\"852852\",\"customs_value\":1}\n",
    );
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&ndjson));
    assert!(out.contains("rejected 0"), "{out}");
    assert_eq!(
        s.scalar::<String>(
            "SELECT string_agg(declaration_id || '=' || strftime(declared_at, '%Y-%m-%d %H:%M:%S.%g'), ' ' ORDER BY declaration_id) FROM declarations"
        ),
        "J1=2025-06-02 08:00:00.000 J2=2025-06-02 08:00:00.000 \
         U1=2025-06-01 08:00:00.000 U2=2025-06-01 08:00:00.250 U3=2025-06-01 08:00:00.500"
    );
}

#[test]
fn a_number_that_is_not_a_unix_time_is_rejected_with_its_line() {
    let s = Scratch::new();
    // eight digits are a date written without dashes, not 1970's 8 June; the file's other
    // values are Unix times, so the column is read as such and this row alone is rejected
    let csv = s.write(
        "mixed.csv",
        "declaration_id,item_no,declared_at,hs_code,customs_value\n\
         M1,1,1748764800,852852,10\n\
         M2,1,20250601,852852,10\n",
    );
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&csv));
    assert!(
        out.contains("loaded 1") && out.contains("rejected 1"),
        "{out}"
    );
    let (line, reason): (i64, String) = (
        s.scalar("SELECT line FROM rejects"),
        s.scalar("SELECT reason FROM rejects"),
    );
    assert_eq!(line, 3);
    assert!(
        reason.contains("20250601") && reason.contains("since 1970"),
        "{reason}"
    );
}

#[test]
fn a_zstd_tracker_export_with_millisecond_times_loads() {
    let s = Scratch::new();
    let csv = "device_id,container_id,ts_utc,lat,lon,temperature_c\n\
               T1,MSKU9070323,1748764800000,51.95,4.05,4.5\n\
               T1,MSKU9070323,1748768400,51.96,4.06,4.6\n";
    let file = s.write("tracker.csv.zst", zstd(csv.as_bytes()));
    let out = stdout_of(s.run(&["load", "telemetry", "--report", "json"]).arg(&file));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report[0]["rows_loaded"], 2, "{report}");
    assert_eq!(
        s.scalar::<String>(
            "SELECT string_agg(strftime(ts, '%Y-%m-%d %H:%M'), ' ' ORDER BY source_row) FROM telemetry_events"
        ),
        "2025-06-01 08:00 2025-06-01 09:00"
    );
}

#[test]
fn a_small_file_that_decompresses_past_the_file_bound_is_refused_by_name() {
    // a tracker JSON export is read whole, so its bound applies to what it inflates to
    let event = r#"{"device_id":"T1","container_id":"MSKU9070323","ts_utc":"2025-06-01T00:00:00Z","lat":51.95,"lon":4.05}"#;
    let mut json = String::from("[");
    while json.len() < 3 << 20 {
        json.push_str(event);
        json.push(',');
    }
    json.push_str(event);
    json.push(']');
    let s = Scratch::new();
    let file = s.write("bomb.json.zst", zstd(json.as_bytes()));
    assert!(std::fs::metadata(&file).unwrap().len() < 64 << 10);
    let err = stderr_of(
        s.run(&["--input-limit", "max_file_bytes=1MiB", "load", "telemetry"])
            .arg(&file),
        2,
    );
    let err = flat(&err);
    assert!(
        err.contains("bomb.json.zst (decompressed)") && err.contains("max_file_bytes = 1048576"),
        "{err}"
    );
    assert_eq!(count(&s, "loads"), 0);
    // a streamed CSV export keeps memory bounded whatever it inflates to, and loads
    let csv =
        "device_id,container_id,ts_utc,lat,lon\nT1,MSKU9070323,2025-06-01T00:00:00Z,51.95,4.05\n";
    let streamed = s.write("tracker.csv.zst", zstd(csv.as_bytes()));
    s.run(&["--input-limit", "max_file_bytes=1MiB", "load", "telemetry"])
        .arg(&streamed)
        .assert()
        .success();
}

/// Verdicts of `ledger verify --format json`: (number, verified, problems) per block.
fn ledger_verdicts(s: &Scratch) -> Vec<(i64, bool, String)> {
    let out = stdout_of(s.run(&["ledger", "verify", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["number"].as_i64().unwrap(),
                b["verified"].as_bool().unwrap(),
                b["problems"].to_string(),
            )
        })
        .collect()
}

#[test]
fn a_compressed_ledger_verifies_as_the_plain_one_does() {
    let ledger = std::fs::read(repo().join("sample-data/ledger.jsonl")).unwrap();
    let plain = Scratch::new();
    let file = plain.write("ledger.jsonl", &ledger);
    plain.load("ledger", &file);
    let packed = Scratch::new();
    let file = packed.write("ledger.jsonl.gz", gzip(&ledger));
    packed.load("ledger", &file);
    let (expected, got) = (ledger_verdicts(&plain), ledger_verdicts(&packed));
    assert!(!expected.is_empty());
    assert_eq!(got, expected);
    assert!(!format!("{got:?}").contains("source changed"), "{got:?}");
}

#[test]
fn unix_seconds_in_an_integer_parquet_column_load_without_overflow() {
    let s = Scratch::new();
    let file = s.path("unix.parquet");
    let conn = duckdb::Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!(
        "COPY (SELECT 'P' || i AS declaration_id, 1 AS item_no,
                      CAST(1748764800 + i * 86400 AS INTEGER) AS declared_at,
                      '852852' AS hs_code, 10 AS customs_value
               FROM range(3) t(i)) TO '{}' (FORMAT parquet)",
        file.display()
    ))
    .unwrap();
    let out = stdout_of(s.run(&["load", "declarations"]).arg(&file));
    assert!(
        out.contains("loaded 3") && out.contains("rejected 0"),
        "{out}"
    );
    assert_eq!(
        s.scalar::<String>("SELECT string_agg(strftime(declared_at, '%Y-%m-%d %H:%M'), ' ' ORDER BY declaration_id) FROM declarations"),
        "2025-06-01 08:00 2025-06-02 08:00 2025-06-03 08:00"
    );
}

#[test]
fn an_empty_stream_and_a_wrapped_parquet_are_refused_by_name() {
    let s = Scratch::new();
    let empty = s.write("empty.csv.zst", zstd(b""));
    let err = flat(&stderr_of(s.run(&["load", "declarations"]).arg(&empty), 2));
    assert!(err.contains("decompresses to nothing"), "{err}");
    let parquet = s.path("d.parquet");
    let conn = duckdb::Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!(
        "COPY (SELECT 'D1' AS declaration_id) TO '{}' (FORMAT parquet)",
        parquet.display()
    ))
    .unwrap();
    let wrapped = s.write("d.parquet.gz", gzip(&std::fs::read(&parquet).unwrap()));
    let err = flat(&stderr_of(
        s.run(&["load", "declarations"]).arg(&wrapped),
        2,
    ));
    assert!(err.contains("wrapped whole in gzip compression"), "{err}");
    assert_eq!(count(&s, "loads"), 0);
}
