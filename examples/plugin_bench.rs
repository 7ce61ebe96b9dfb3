//! Plugin round trips, for bench/plugins.sh.
//!
//! ```text
//! plugin_bench latency PLUGIN_DIR CALLS        no-op calls in one persistent session:
//!                                              prints mean, p50, p99 (µs)
//! plugin_bench table PLUGIN_DIR ROWS arrow|json  ROWS rows (id, label, value, day, flag) sent
//!                                              to the echo plugin and stored back in DuckDB:
//!                                              prints seconds, payload bytes, rows back
//! ```

use clearway::plugin::manifest::{Encoding, Manifest};
use clearway::plugin::session::{Input, Session};
use clearway::plugin::table;
use clearway::plugin::wire::Flow;
use clearway::workspace::Workspace;
use std::path::Path;
use std::time::{Duration, Instant};

fn usage() -> ! {
    eprintln!("usage: plugin_bench latency PLUGIN_DIR CALLS | table PLUGIN_DIR ROWS arrow|json");
    std::process::exit(2);
}

fn start(dir: &str) -> Session {
    let m = Manifest::read(Path::new(dir)).unwrap_or_else(|e| panic!("{e}"));
    Session::start(&m).unwrap_or_else(|f| panic!("{}", f.explain(&m.plugin.name).0))
}

fn latency(dir: &str, calls: usize) {
    let mut s = start(dir);
    let scratch = tempfile::tempdir().expect("temp dir");
    let args = serde_json::Map::new();
    let mut times = Vec::with_capacity(calls);
    for _ in 0..calls {
        let t = Instant::now();
        s.call(
            "noop",
            &args,
            Input::None,
            scratch.path(),
            Duration::from_secs(10),
            &mut |_| Flow::Continue,
        )
        .unwrap_or_else(|f| panic!("{}", f.explain("echo").0));
        times.push(t.elapsed().as_secs_f64() * 1e6);
    }
    s.shutdown();
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!("{mean:.0} {:.0} {:.0}", at(0.5), at(0.99));
}

fn table_trip(dir: &str, rows: u64, encoding: &str) {
    let scratch = tempfile::tempdir().expect("temp dir");
    let ws = Workspace::open_rw(
        &scratch.path().join("bench.duckdb"),
        &clearway::workspace::EngineConfig::default(),
    )
    .expect("workspace");
    ws.conn
        .execute_batch(&format!(
            "CREATE TABLE t AS SELECT range AS id, 'label ' || (range % 1000) AS label, range * 0.25 AS value,
                    DATE '2025-01-01' + (range % 365)::INTEGER AS day, range % 7 = 0 AS flag FROM range({rows})"
        ))
        .expect("table");
    let mut s = start(dir);
    let sql = "SELECT * FROM t";
    let started = Instant::now();
    let (bytes, back) = match encoding {
        "arrow" => {
            let input = scratch.path().join("in.arrows");
            table::query_to_file(&ws, sql, &input, Encoding::Arrow).expect("arrow out");
            let o = s
                .call(
                    "table_echo",
                    &serde_json::Map::new(),
                    Input::Arrow(input.clone()),
                    scratch.path(),
                    Duration::from_secs(600),
                    &mut |_| Flow::Continue,
                )
                .unwrap_or_else(|f| panic!("{}", f.explain("echo").0));
            let bytes = std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0);
            (
                bytes,
                table::arrow_into_table(
                    &ws,
                    &o.table.expect("a table"),
                    "back",
                    table::Mode::Replace,
                )
                .expect("arrow in"),
            )
        }
        _ => {
            let input = scratch.path().join("in.json");
            table::query_to_file(&ws, sql, &input, Encoding::Json).expect("json out");
            let bytes = std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0);
            let rows: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&input).expect("read")).expect("JSON");
            let o = s
                .call(
                    "rows_echo",
                    &serde_json::Map::new(),
                    Input::Rows(rows),
                    scratch.path(),
                    Duration::from_secs(600),
                    &mut |_| Flow::Continue,
                )
                .unwrap_or_else(|f| panic!("{}", f.explain("echo").0));
            (
                bytes,
                table::json_rows_into_table(&ws, &o.value, "back", true, scratch.path())
                    .expect("json in"),
            )
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    s.shutdown();
    println!("{seconds:.3} {bytes} {back}");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("latency") if args.len() == 3 => {
            latency(&args[1], args[2].parse().unwrap_or_else(|_| usage()))
        }
        Some("table") if args.len() == 4 => table_trip(
            &args[1],
            args[2].parse().unwrap_or_else(|_| usage()),
            &args[3],
        ),
        _ => usage(),
    }
}
