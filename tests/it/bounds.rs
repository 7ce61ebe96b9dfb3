//! Bounds on input (docs/reliability.md, "Bounds on input"): devices are refused, files read
//! whole, lines and zip parts stop at their bound with a short diagnostic naming it and the
//! option that raises it, and nothing is half-written.
//!
//! Commands that could grow memory run under an address-space limit (`ulimit -v`), so a
//! reader that reads without a bound fails by running out of memory instead of taking the
//! machine's; big inputs are generated here, never committed.

use crate::support::{flat, Scratch};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// Address space a bounded command may use: DuckDB and the runtime fit in it with room to
/// spare; reading `/dev/zero` or a large file whole does not.
const ADDRESS_SPACE_KIB: u64 = 1536 * 1024;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// `clearway --workspace <ws> ARGS…` under [`ADDRESS_SPACE_KIB`].
fn run_bounded(s: &Scratch, args: &[&str]) -> Run {
    let started = Instant::now();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {ADDRESS_SPACE_KIB}; exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("clearway"))
        .arg("--workspace")
        .arg(s.workspace())
        .args(args)
        .env("CLEARWAY_NO_PROGRESS", "1")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLEARWAY_WORKSPACE")
        .env_remove("CLEARWAY_MEMORY_LIMIT")
        .output()
        .expect("sh runs");
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    Run {
        code: out.status.code(),
        stdout: text(out.stdout),
        stderr: text(out.stderr),
        took: started.elapsed(),
    }
}

fn head(text: &str) -> &str {
    &text[..text.len().min(2000)]
}

#[test]
fn devices_are_refused_quickly_in_bounded_memory() {
    let s = Scratch::new();
    for args in [
        ["load", "ledger", "/dev/zero"],
        ["load", "telemetry", "/dev/zero"],
        ["provenance", "scan", "/dev/zero"],
    ] {
        let run = run_bounded(&s, &args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", head(&run.stderr));
        assert!(
            flat(&run.stderr).contains("not a regular file"),
            "{args:?}: {}",
            head(&run.stderr)
        );
        assert!(
            run.took < Duration::from_secs(20),
            "{args:?} took {:?}",
            run.took
        );
    }
    let loads: i64 = s.scalar("SELECT count(*) FROM loads");
    assert_eq!(loads, 0);
}

#[test]
fn a_one_line_ascii_stl_over_the_line_bound_is_refused_in_a_short_message() {
    let s = Scratch::new();
    // the bound lowered in clearway.toml beside the workspace
    s.write("clearway.toml", "[limits]\nmax_line_bytes = \"1MiB\"\n");
    let mut stl = b"solid ".to_vec();
    stl.extend(std::iter::repeat_n(b'x', 20 << 20));
    let file = s.write("one-line.stl", &stl);
    let run = run_bounded(&s, &["provenance", "scan", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(2), "{}", head(&run.stderr));
    let err = flat(&run.stderr);
    assert!(
        err.contains("line 1") && err.contains("max_line_bytes = 1048576"),
        "{}",
        head(&err)
    );
    assert!(
        err.contains("--input-limit max_line_bytes=SIZE"),
        "{}",
        head(&err)
    );
    assert!(
        run.stdout.len() + run.stderr.len() < 4096,
        "{} bytes of stdout and {} of stderr",
        run.stdout.len(),
        run.stderr.len()
    );
    let rows: i64 = s.scalar("SELECT count(*) FROM design_files");
    assert_eq!(rows, 0);
}

/// A zip holding one part of `size` zero bytes (it deflates to almost nothing).
fn zip_with_part(path: &Path, name: &str, size: usize) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(name, options).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..size >> 20 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_3mf_part_inflating_past_the_part_bound_is_refused_by_name() {
    let s = Scratch::new();
    let file = s.path("bomb.3mf");
    zip_with_part(&file, "3D/3dmodel.model", 64 << 20);
    assert!(std::fs::metadata(&file).unwrap().len() < 1 << 20);
    let run = run_bounded(
        &s,
        &[
            "--input-limit",
            "max_part_bytes=1MiB",
            "provenance",
            "scan",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(2), "{}", head(&run.stderr));
    let err = flat(&run.stderr);
    assert!(
        err.contains("`3D/3dmodel.model`") && err.contains("max_part_bytes = 1048576"),
        "{}",
        head(&err)
    );
    assert!(run.stderr.len() < 4096, "{}", head(&run.stderr));
}

#[test]
fn an_nmea_line_over_the_bound_is_rejected_alone_and_the_feed_loads() {
    let s = Scratch::new();
    let good = "!AIVDM,1,1,,A,33P;Tw0tjBQO22:E7dm66DrB20UP,0*2E\n";
    let mut feed = good.to_string();
    feed.push_str(&"A".repeat(2 << 20));
    feed.push('\n');
    feed.push_str(good);
    let file = s.write("feed.nmea", feed);
    let run = run_bounded(
        &s,
        &[
            "--input-limit",
            "max_line_bytes=64KiB",
            "load",
            "telemetry",
            "--input-format",
            "ais-nmea",
            "--report",
            "json",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", head(&run.stderr));
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report[0]["rows_rejected"].as_u64(), Some(1), "{report}");
    assert_eq!(report[0]["lines"].as_u64(), Some(3), "{report}");
    let (line, reason, raw): (i64, String, String) = {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.query_row("SELECT line, reason, raw FROM rejects", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
    };
    assert_eq!(line, 2);
    assert!(reason.contains("max_line_bytes = 65536"), "{reason}");
    assert!(raw.chars().count() <= 81, "{} characters kept", raw.len());
}

#[test]
fn a_telemetry_csv_line_over_the_bound_fails_the_load_and_stores_nothing() {
    let s = Scratch::new();
    let mut csv = "device_id,ts_utc,lat,lon\nT1,2025-06-01T08:00:00Z,51.9,4.0\n".to_string();
    csv.push_str(&"9".repeat(200 << 10));
    csv.push('\n');
    let file = s.write("tracker.csv", csv);
    let run = run_bounded(
        &s,
        &[
            "--input-limit",
            "max_line_bytes=64KiB",
            "load",
            "telemetry",
            "--input-format",
            "iot-csv",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(2), "{}", head(&run.stderr));
    let err = flat(&run.stderr);
    assert!(
        err.contains("line 3") && err.contains("max_line_bytes = 65536"),
        "{}",
        head(&err)
    );
    assert!(run.stderr.len() < 4096);
    let rows: i64 = s.scalar("SELECT count(*) FROM telemetry_events");
    let loads: i64 = s.scalar("SELECT count(*) FROM loads");
    assert_eq!((rows, loads), (0, 0));
}

#[test]
fn a_ledger_over_the_file_or_line_bound_is_refused_naming_the_bound() {
    use clearway::ledger::generic::block_line;
    let s = Scratch::new();
    let payload = serde_json::json!({"type": "invoice", "note": "n".repeat(100 << 10)});
    let (first, hash) = block_line("trade", 0, "", "2025-03-01T10:00:00Z", &payload);
    let (second, _) = block_line(
        "trade",
        1,
        &hash,
        "2025-03-01T10:00:01Z",
        &serde_json::json!({}),
    );
    let file = s.write("chain.jsonl", format!("{first}\n{second}\n"));
    let file = file.to_str().unwrap();
    let line = run_bounded(
        &s,
        &[
            "--input-limit",
            "max_line_bytes=64KiB",
            "load",
            "ledger",
            file,
        ],
    );
    assert_eq!(line.code, Some(2), "{}", head(&line.stderr));
    let err = flat(&line.stderr);
    assert!(
        err.contains("line 1") && err.contains("max_line_bytes = 65536"),
        "{}",
        head(&err)
    );
    let whole = run_bounded(
        &s,
        &[
            "--input-limit",
            "max_file_bytes=64KiB",
            "load",
            "ledger",
            file,
        ],
    );
    assert_eq!(whole.code, Some(2), "{}", head(&whole.stderr));
    assert!(
        flat(&whole.stderr).contains("max_file_bytes = 65536"),
        "{}",
        head(&whole.stderr)
    );
    let loads: i64 = s.scalar("SELECT count(*) FROM loads");
    assert_eq!(loads, 0);
    // within the default bounds the same file loads
    s.run(&["load", "ledger", file]).assert().success();
}

#[test]
fn a_bad_limit_is_named_before_the_workspace_is_touched() {
    let s = Scratch::new();
    let file = s.write("x.jsonl", "{}\n");
    for (limit, says) in [
        (
            "max_lines=5",
            "the bounds are max_file_bytes, max_line_bytes",
        ),
        ("max_line_bytes=lots", "`lots` is not a size"),
        ("max_line_bytes", "write NAME=SIZE"),
    ] {
        let out = s
            .run(&["--input-limit", limit, "load", "ledger"])
            .arg(&file)
            .assert()
            .code(2);
        let err = flat(&String::from_utf8_lossy(&out.get_output().stderr));
        assert!(err.contains(says), "{limit}: {err}");
    }
    assert!(!s.workspace().exists());
}
