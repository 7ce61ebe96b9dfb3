//! clearway's side of bench/engine.sh: runs bench/engine.sql in clearway's own engine.
//!
//! ```text
//! engine_bench WORKSPACE STATEMENTS CSV OUT RUNS
//! ```
//!
//! The workspace is opened as every read-only command opens it ([`Workspace::open_ro`] with
//! the CLI's [`EngineConfig`]), so the engine runs with clearway's settings. Each statement
//! runs once to warm the caches and then RUNS times; every run fetches the whole result as
//! Arrow, as `clearway query` does. Prints one JSON object, statement name to seconds per run:
//! the time inside this process, not its start-up (bench/engine.py runs the anchor the same way).

use clearway::workspace::{EngineConfig, Workspace};
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workspace, statements, csv, out, runs] = args.as_slice() else {
        eprintln!("usage: engine_bench WORKSPACE STATEMENTS CSV OUT RUNS");
        std::process::exit(2);
    };
    let runs: usize = runs.parse().expect("RUNS is a number");
    let text = std::fs::read_to_string(statements).expect("the statements file is readable");
    let ws = Workspace::open_ro(Path::new(workspace), &EngineConfig::default())
        .unwrap_or_else(|e| panic!("{e}"));

    let mut times = serde_json::Map::new();
    for (name, sql) in parse_statements(&text) {
        let sql = sql.replace("{csv}", csv).replace("{out}", out);
        let seconds: Vec<serde_json::Value> = (0..=runs)
            .map(|_| run_once(&ws, &sql))
            .skip(1) // the warm-up
            .map(serde_json::Value::from)
            .collect();
        times.insert(name, seconds.into());
    }
    println!("{}", serde_json::Value::Object(times));
}

/// One run of `sql`, result fetched to the last batch; seconds.
fn run_once(ws: &Workspace, sql: &str) -> f64 {
    let started = Instant::now();
    let mut statement = ws
        .conn
        .prepare(sql)
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
    let rows: usize = statement
        .query_arrow([])
        .unwrap_or_else(|e| panic!("{e}\n{sql}"))
        .map(|batch| batch.num_rows())
        .sum();
    std::hint::black_box(rows);
    started.elapsed().as_secs_f64()
}

/// `(name, sql)` of each statement: a `-- name: ...` line opens one, a line ending in `;`
/// closes it (bench/engine.sql's format; bench/engine.py reads it the same way).
fn parse_statements(text: &str) -> Vec<(String, String)> {
    let mut statements = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(header) = line.strip_prefix("-- ") {
            if let Some((name, _)) = header.split_once(':') {
                if !name.contains(' ') {
                    if let Some((open, _)) = &current {
                        panic!("statement {open} has no closing `;` before {name}");
                    }
                    current = Some((name.to_string(), String::new()));
                }
            }
            continue;
        }
        if let Some((_, sql)) = current.as_mut() {
            sql.push_str(line);
            sql.push('\n');
            if line.trim_end().ends_with(';') {
                statements.push(current.take().expect("a statement is open"));
            }
        }
    }
    if let Some((open, _)) = current {
        panic!("statement {open} has no closing `;`");
    }
    statements
}
