//! `risk import RUN_DIR`: a Spark run's hits and scores brought into a workspace as one more
//! risk run, so that `risk explain`, `risk lanes`, `check`, `risk evaluate` and the TUI read it
//! exactly as they read a run of the DuckDB engine.
//!
//! A run folder is trusted only as far as its record (`run.json`, written by the job's
//! driver) vouches for it: the record must be one this build reads, every Parquet file it
//! lists must be there with its size and sha256, no other Parquet file may sit beside them,
//! and the rows read must be the rows recorded. Anything else is refused before the workspace
//! is touched. The import is one transaction (run, hits, scores, audit entry), and a run is
//! imported once: its `run_uuid` is kept in `risk_runs.source`, and a second import of it is
//! refused, so a run never counts twice.
//!
//! `--where` narrows the import to declarations of this workspace: an SQL condition over the
//! columns of `declarations` (a declaration is kept when any of its items meets it). It is
//! code the analyst writes, like a rule, and is held to what a rule is held to: one
//! expression, reading `declarations` only.

use super::runner::RuleOutcome;
use crate::error::{Error, Result};
use crate::workspace::{audit, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The run-record format this build reads.
pub const RUN_FORMAT: u32 = 1;
/// The tables a run folder holds.
const RUN_TABLES: [&str; 2] = ["risk_hits", "risk_scores"];

/// `run.json`, as the driver writes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SparkRun {
    pub format: String,
    pub run_format: u32,
    pub run_uuid: String,
    pub run_id: i64,
    pub pack: String,
    pub clearway_version: String,
    pub spark_version: String,
    pub master: String,
    pub seconds: f64,
    pub started_at: String,
    pub finished_at: String,
    pub lake: LakeRef,
    pub rules: Vec<RuleOutcome>,
    pub rows: BTreeMap<String, u64>,
    pub files: BTreeMap<String, Vec<RunFile>>,
}

/// The lake a run read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LakeRef {
    pub workspace_id: Option<String>,
    pub up_to_load: i64,
    pub workspace_schema_version: i64,
}

/// One Parquet file of a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunFile {
    /// `<table>/<name>.parquet`, relative to the run folder.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub run_id: i64,
    pub run_uuid: String,
    pub hits: u64,
    pub scored_declarations: u64,
    /// Hits the run holds that `--where` left out.
    pub left_out_hits: u64,
    /// Set when the lake the run read came from another workspace.
    pub other_workspace: Option<String>,
}

fn not_a_run(dir: &Path, why: impl std::fmt::Display) -> Error {
    Error::usage(
        format!("{} is not a complete clearway Spark run: {why}", dir.display()),
        "give the folder `clearway risk run --engine spark --out RUN_DIR` (or the job's driver) wrote, as it wrote it",
    )
}

impl SparkRun {
    /// Reads and checks the run in `dir` (see the module docs).
    pub fn read(dir: &Path) -> Result<SparkRun> {
        let text = read_record(dir)?;
        let format: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            not_a_run(
                dir,
                format!("run.json, line {}, column {}: {e}", e.line(), e.column()),
            )
        })?;
        if format.get("format").and_then(|f| f.as_str()) != Some("clearway-spark-run") {
            return Err(not_a_run(
                dir,
                "run.json is not a clearway Spark run record",
            ));
        }
        if let Some(v) = format.get("run_format").and_then(|v| v.as_u64()) {
            if v > u64::from(RUN_FORMAT) {
                return Err(Error::usage(
                    format!(
                        "{} was written in run format {v}; this clearway reads up to {RUN_FORMAT}",
                        dir.display()
                    ),
                    "import it with the clearway version that compiled its job",
                ));
            }
        }
        let run: SparkRun =
            serde_json::from_value(format).map_err(|e| not_a_run(dir, format!("run.json: {e}")))?;
        if !is_uuid(&run.run_uuid) {
            return Err(not_a_run(
                dir,
                format!("its run_uuid {:?} is not a UUID", run.run_uuid),
            ));
        }
        run.check_files(dir)?;
        Ok(run)
    }

    /// What the run's data is, whatever its record calls it: the sha256 of every file's path
    /// and sha256, sorted. A copy of a run with another `run_uuid` has the same fingerprint,
    /// so it is not imported twice either.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut lines: Vec<String> = self
            .files
            .iter()
            .flat_map(|(table, files)| {
                files
                    .iter()
                    .map(move |f| format!("{table} {} {}\n", f.path, f.sha256))
            })
            .collect();
        lines.sort();
        // what the run read and ran, so that two runs without files are told apart
        lines.insert(
            0,
            format!(
                "{} {:?} {} {}\n",
                self.pack, self.lake.workspace_id, self.lake.up_to_load, self.run_id
            ),
        );
        hex::encode(Sha256::digest(lines.concat().as_bytes()))
    }

    /// Every listed file is there as recorded, each under its table, and no other file is.
    fn check_files(&self, dir: &Path) -> Result<()> {
        if let Some(t) = self
            .files
            .keys()
            .find(|t| !RUN_TABLES.contains(&t.as_str()))
        {
            return Err(not_a_run(dir, format!("run.json lists a table `{t}`")));
        }
        if let Some(c) = absolute(dir)
            .to_string_lossy()
            .chars()
            .find(|c| GLOB_CHARACTERS.contains(c))
        {
            return Err(Error::usage(
                format!(
                    "the run folder's path {} holds {c:?}, which DuckDB reads as a pattern",
                    dir.display()
                ),
                "rename the folder (or a folder above it) without * ? [ ] { }, or move the run",
            ));
        }
        for table in RUN_TABLES {
            let listed = self.files.get(table).map(Vec::as_slice).unwrap_or_default();
            if std::fs::symlink_metadata(dir.join(table)).is_ok_and(|m| !m.is_dir()) {
                return Err(not_a_run(
                    dir,
                    format!("its {table} is not a folder of its own (a link?)"),
                ));
            }
            let mut seen = std::collections::HashSet::new();
            if let Some(twice) = listed.iter().find(|f| !seen.insert(f.path.as_str())) {
                return Err(not_a_run(
                    dir,
                    format!("run.json lists {} twice", twice.path),
                ));
            }
            for file in listed {
                let name = file.path.strip_prefix(&format!("{table}/")).unwrap_or("");
                if name.is_empty()
                    || name.contains(GLOB_CHARACTERS)
                    || name.contains(['/', '\\'])
                    || name.starts_with('.')
                    || !name.ends_with(".parquet")
                {
                    return Err(not_a_run(
                        dir,
                        format!(
                            "run.json lists `{}`, which is not a Parquet file of {table}",
                            file.path
                        ),
                    ));
                }
                if let Some(problem) = crate::lake::check_recorded_file(
                    &dir.join(table).join(name),
                    file.bytes,
                    &file.sha256,
                ) {
                    return Err(not_a_run(dir, format!("{}: {problem}", file.path)));
                }
            }
            if let Some(unlisted) = parquet_files_in(&dir.join(table))?
                .into_iter()
                .find(|name| !listed.iter().any(|f| f.path == format!("{table}/{name}")))
            {
                return Err(not_a_run(
                    dir,
                    format!("{table}/{unlisted} is not in run.json (it would be read as rows)"),
                ));
            }
        }
        Ok(())
    }

    /// The files of `table`, as absolute paths.
    fn paths(&self, dir: &Path, table: &str) -> Vec<String> {
        self.files
            .get(table)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|f| absolute(&dir.join(&f.path)).to_string_lossy().into_owned())
            .collect()
    }
}

/// The largest run record read (a real one is a few kilobytes).
const MAX_RECORD_BYTES: u64 = 16 << 20;

/// `dir/run.json`, which must be a regular file of a sane size (not a link to a device or a
/// pipe that never ends).
fn read_record(dir: &Path) -> Result<String> {
    let path = dir.join("run.json");
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(not_a_run(dir, "it has no run.json"))
        }
        Err(cause) => return Err(Error::Read { path, cause }),
        Ok(m) if !m.is_file() => return Err(not_a_run(dir, "its run.json is not a regular file")),
        Ok(m) if m.len() > MAX_RECORD_BYTES => {
            return Err(not_a_run(
                dir,
                format!("its run.json has {} bytes", m.len()),
            ))
        }
        Ok(_) => {}
    }
    let bytes = std::fs::read(&path).map_err(|cause| Error::Read { path, cause })?;
    String::from_utf8(bytes).map_err(|e| {
        not_a_run(
            dir,
            format!(
                "its run.json is not UTF-8 text (byte {} is not), so not a run record",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// True when `dir` holds a run the driver wrote (a readable record of the run format, and
/// nothing but the record and the two table folders): the only kind of folder `risk run
/// --engine spark --out` replaces.
pub fn is_run_folder(dir: &Path) -> bool {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return false;
    }
    let Ok(text) = read_record(dir) else {
        return false;
    };
    let format_ok = serde_json::from_str::<serde_json::Value>(&text)
        .is_ok_and(|v| v.get("format").and_then(|f| f.as_str()) == Some("clearway-spark-run"));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    format_ok
        && entries.into_iter().all(|e| {
            e.is_ok_and(|e| {
                let name = e.file_name();
                name == "run.json" || RUN_TABLES.iter().any(|t| name == *t)
            })
        })
}

/// A UUID as the driver writes it (8-4-4-4-12 hexadecimal digits).
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Characters DuckDB's `read_parquet` takes as a glob: a path holding one could read other
/// files than the ones hashed.
const GLOB_CHARACTERS: &[char] = &['*', '?', '[', ']', '{', '}'];

/// Names of the `.parquet` files directly in `folder` (none when it does not exist).
fn parquet_files_in(folder: &Path) -> Result<Vec<String>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(cause) => {
            return Err(Error::Read {
                path: folder.to_path_buf(),
                cause,
            })
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".parquet") {
            names.push(name);
        }
    }
    Ok(names)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Functions whose value changes from call to call or that change state: a condition with
/// one would keep another set of declarations each time it is read.
const VOLATILE: &[&str] = &[
    "random",
    "uuid",
    "gen_random_uuid",
    "nextval",
    "currval",
    "setseed",
    "now",
    "current_timestamp",
    "get_current_timestamp",
];

/// Checks that `condition` is one expression that reads `declarations` only and is the same
/// on every read; returns the query of the kept declarations' ids.
fn where_filter(ws: &Workspace, condition: &str) -> Result<String> {
    let refuse = |why: String| {
        Error::usage(
            format!("--where {condition:?}: {why}"),
            "give a condition over the columns of declarations, e.g. --where \"office = 'DEHAM' AND declared_at >= DATE '2026-01-01'\"",
        )
    };
    // the condition alone, parsed by DuckDB: exactly one expression, no FROM, no set
    // operation or modifier that text closing the parenthesis could have added
    let alone = format!("SELECT ({condition}\n)");
    let tree: Option<String> = ws
        .conn
        .query_row("SELECT json_serialize_sql(?)", [&alone], |r| r.get(0))
        .ok();
    let tree: serde_json::Value = tree
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    if tree["error"].as_bool() != Some(false) {
        let why = tree["error_message"]
            .as_str()
            .unwrap_or("it does not parse");
        return Err(refuse(why.to_string()));
    }
    let statements = tree["statements"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let node = &statements
        .first()
        .map(|s| &s["node"])
        .cloned()
        .unwrap_or_default();
    let one_expression = statements.len() == 1
        && node["type"] == "SELECT_NODE"
        && node["select_list"].as_array().is_some_and(|l| l.len() == 1)
        && node["from_table"]["type"] == "EMPTY"
        && node["modifiers"].as_array().is_some_and(|m| m.is_empty())
        && node["cte_map"]["map"]
            .as_array()
            .is_none_or(|m| m.is_empty())
        && node["where_clause"].is_null()
        && node["group_expressions"]
            .as_array()
            .is_none_or(|g| g.is_empty())
        && node["having"].is_null()
        && node["qualify"].is_null()
        && node["sample"].is_null();
    if !one_expression {
        return Err(refuse("it is not one condition".into()));
    }
    let mut functions = Vec::new();
    if let Err(why) = only_declarations(&node["select_list"], &mut functions) {
        return Err(refuse(why));
    }
    let volatile = volatile_functions(&ws.conn);
    if let Some(f) = functions.iter().find(|f| volatile.contains(f)) {
        return Err(refuse(format!("{f}() gives another value on every read")));
    }
    let sql = format!("SELECT DISTINCT declaration_id FROM declarations WHERE ({condition}\n)");
    ws.conn
        .prepare(&sql)
        .map_err(|e| refuse(crate::error::first_line(&e.to_string()).to_string()))?;
    Ok(sql)
}

/// Checks a parse tree against an allow-list: the only table it may name is `declarations`
/// (of the workspace itself), every other kind of table reference — a table function, a
/// `SUMMARIZE 'name'`, a pivot — is refused, and so is a sample; collects the function names.
fn only_declarations(
    v: &serde_json::Value,
    functions: &mut Vec<String>,
) -> std::result::Result<(), String> {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            let kind = map.get("type").and_then(|t| t.as_str()).unwrap_or_default();
            let is_expression = map.contains_key("class");
            if is_expression {
                if map.get("class").and_then(|c| c.as_str()) == Some("FUNCTION") {
                    if let Some(name) = map.get("function_name").and_then(|f| f.as_str()) {
                        functions.push(name.to_ascii_lowercase());
                    }
                }
            } else if !kind.is_empty() && !kind.ends_with("_NODE") && !kind.ends_with("_MODIFIER") {
                match kind {
                    "EMPTY" | "SUBQUERY" | "JOIN" | "EXPRESSION_LIST" => {}
                    // the direction of an ORDER BY term, not a table
                    "ASCENDING" | "DESCENDING" | "ORDER_DEFAULT" => {}
                    "BASE_TABLE" => {
                        let text =
                            |k: &str| map.get(k).and_then(|t| t.as_str()).unwrap_or_default();
                        let own = matches!(text("schema_name"), "" | "main")
                            && text("catalog_name").is_empty();
                        if !own || !text("table_name").eq_ignore_ascii_case("declarations") {
                            return Err(format!(
                                "it reads {}; a condition reads declarations only",
                                [
                                    text("catalog_name"),
                                    text("schema_name"),
                                    text("table_name")
                                ]
                                .iter()
                                .filter(|p| !p.is_empty())
                                .copied()
                                .collect::<Vec<_>>()
                                .join(".")
                            ));
                        }
                    }
                    other => {
                        return Err(format!(
                            "it reads through {other}; a condition reads declarations only"
                        ))
                    }
                }
            }
            if map.get("sample").is_some_and(|s| !s.is_null()) {
                return Err("it samples rows, which gives another set on every read".into());
            }
            map.values()
                .try_for_each(|x| only_declarations(x, functions))
        }
        Value::Array(items) => items
            .iter()
            .try_for_each(|x| only_declarations(x, functions)),
        _ => Ok(()),
    }
}

/// Functions whose value is not the same on every read (DuckDB's own list; a fixed list when
/// it cannot be read).
fn volatile_functions(conn: &duckdb::Connection) -> Vec<String> {
    let listed: std::result::Result<Vec<String>, duckdb::Error> = conn
        .prepare("SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE stability <> 'CONSISTENT'")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
    match listed {
        Ok(names) if !names.is_empty() => names,
        _ => VOLATILE.iter().map(|s| s.to_string()).collect(),
    }
}

/// Brings the run in `dir` into the workspace (see the module docs).
pub fn import(ws: &Workspace, dir: &Path, condition: Option<&str>) -> Result<Imported> {
    let run = SparkRun::read(dir)?;
    let keep = condition.map(|c| where_filter(ws, c)).transpose()?;
    let fingerprint = run.fingerprint();
    let conn = &ws.conn;
    let other_workspace = match (&run.lake.workspace_id, audit::workspace_id(ws)?) {
        (Some(theirs), Some(ours)) if *theirs != ours => Some(theirs.clone()),
        _ => None,
    };
    ws.in_transaction(|| {
        // inside the transaction, so that two imports of one run cannot both pass
        let earlier: Option<i64> = conn.query_row(
            "SELECT min(run_id) FROM risk_runs WHERE source->>'run_uuid' = ? OR source->>'files_sha256' = ?",
            [&run.run_uuid, &fingerprint],
            |r| r.get(0),
        )?;
        if let Some(earlier) = earlier {
            return Err(Error::usage(
                format!(
                    "the Spark run in {} (or a copy of it) was imported already, as risk run {earlier}",
                    dir.display()
                ),
                format!("its hits are there: `clearway risk explain ID --run {earlier}`; importing it again would count it twice"),
            ));
        }
        let run_id: i64 = conn.query_row(
            "SELECT coalesce(max(run_id), 0) + 1 FROM risk_runs",
            [],
            |r| r.get(0),
        )?;
        let read_hits = stage(conn, &run, dir)?;
        // the kept declarations are chosen once, for hits and scores alike
        let kept = match &keep {
            Some(sql) => {
                conn.execute_batch(&format!("CREATE TEMP TABLE spark_run_kept AS {sql}"))?;
                "WHERE declaration_id IN (SELECT declaration_id FROM spark_run_kept)"
            }
            None => "",
        };
        let hits = conn.execute(
            &format!(
                "INSERT INTO risk_hits SELECT ?, rule_id, declaration_id, item_no, score, reason, CAST(evidence AS JSON)
                 FROM spark_run_hits {kept}"
            ),
            [run_id],
        )? as u64;
        let scored = conn.execute(
            &format!(
                "INSERT INTO risk_scores (run_id, declaration_id, total, lane, top_reasons)
                 SELECT ?, declaration_id, total, NULL, top_reasons FROM spark_run_scores {kept}"
            ),
            [run_id],
        )? as u64;
        conn.execute_batch(
            "DROP TABLE spark_run_hits; DROP TABLE spark_run_scores; DROP TABLE IF EXISTS spark_run_kept;",
        )?;
        let outcomes = outcomes_after_filter(conn, &run, run_id)?;
        record(ws, &run, run_id, &outcomes, dir, condition, &fingerprint)?;
        Ok(Imported {
            run_id,
            run_uuid: run.run_uuid.clone(),
            hits,
            scored_declarations: scored,
            left_out_hits: read_hits.saturating_sub(hits),
            other_workspace: other_workspace.clone(),
        })
    })
}

/// Reads the run's Parquet files into temporary tables, checking their columns and that the
/// rows are the rows the record says; returns the hits read.
fn stage(conn: &duckdb::Connection, run: &SparkRun, dir: &Path) -> Result<u64> {
    let read = |table: &str, columns: &str| -> Result<u64> {
        let paths = run.paths(dir, &format!("risk_{table}"));
        let listed = !paths.is_empty();
        let files =
            duckdb::types::Value::List(paths.into_iter().map(duckdb::types::Value::Text).collect());
        // no file: the columns' types over no rows (a run in which no rule fired)
        let source = if listed {
            // the run's folder names are not data: `k=v` folders above it must not become columns
            format!("SELECT {columns} FROM read_parquet(?, hive_partitioning = false)")
        } else {
            let empty = "NULL::VARCHAR AS rule_id, NULL::VARCHAR AS declaration_id, NULL::INTEGER AS item_no, NULL::DOUBLE AS score, NULL::VARCHAR AS reason, NULL::VARCHAR AS evidence, NULL::DOUBLE AS total, NULL::VARCHAR[] AS top_reasons";
            format!("SELECT {columns} FROM (SELECT {empty}) WHERE false")
        };
        let create = format!("CREATE TEMP TABLE spark_run_{table} AS {source}");
        let result = if listed {
            conn.execute(&create, [&files])
        } else {
            conn.execute(&create, [])
        };
        result.map_err(|e| {
            not_a_run(
                dir,
                format!(
                    "its {table} files do not hold a run's columns ({})",
                    crate::error::first_line(&e.to_string())
                ),
            )
        })?;
        let rows: i64 = conn.query_row(
            &format!("SELECT count(*) FROM spark_run_{table}"),
            [],
            |r| r.get(0),
        )?;
        let recorded = run.rows.get(&format!("risk_{table}")).copied();
        if recorded != Some(rows as u64) {
            return Err(not_a_run(
                dir,
                format!(
                    "its risk_{table} files hold {rows} rows, run.json says {}",
                    recorded
                        .map(|r| r.to_string())
                        .unwrap_or_else(|| "nothing".into())
                ),
            ));
        }
        Ok(rows as u64)
    };
    let hits = read(
        "hits",
        "CAST(rule_id AS VARCHAR) AS rule_id, CAST(declaration_id AS VARCHAR) AS declaration_id, CAST(item_no AS INTEGER) AS item_no,
         CAST(score AS DOUBLE) AS score, CAST(reason AS VARCHAR) AS reason, CAST(evidence AS VARCHAR) AS evidence",
    )?;
    read(
        "scores",
        "CAST(declaration_id AS VARCHAR) AS declaration_id, CAST(total AS DOUBLE) AS total, CAST(top_reasons AS VARCHAR[]) AS top_reasons",
    )?;
    Ok(hits)
}

/// The run's rule outcomes with hits and declarations counted from what was imported (a
/// `--where` import holds fewer than the run found).
fn outcomes_after_filter(
    conn: &duckdb::Connection,
    run: &SparkRun,
    run_id: i64,
) -> Result<Vec<RuleOutcome>> {
    let mut outcomes = run.rules.clone();
    for o in &mut outcomes {
        let (hits, declarations): (i64, i64) = conn.query_row(
            "SELECT count(*), count(DISTINCT declaration_id) FROM risk_hits WHERE run_id = ? AND rule_id = ?",
            duckdb::params![run_id, o.rule_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        o.hits = hits;
        o.declarations = declarations;
    }
    Ok(outcomes)
}

/// The `risk_runs` row and the audit entry of an import.
fn record(
    ws: &Workspace,
    run: &SparkRun,
    run_id: i64,
    outcomes: &[RuleOutcome],
    dir: &Path,
    condition: Option<&str>,
    fingerprint: &str,
) -> Result<()> {
    let params: BTreeMap<&str, _> = outcomes
        .iter()
        .map(|o| (o.rule_id.as_str(), &o.parameters))
        .collect();
    let source = serde_json::json!({
        "run_dir": absolute(dir).to_string_lossy(),
        "run_uuid": run.run_uuid,
        "spark_version": run.spark_version,
        "master": run.master,
        "lake": run.lake,
        "where": condition,
        "files_sha256": fingerprint,
    });
    ws.conn.execute(
        "INSERT INTO risk_runs (run_id, started_at, finished_at, pack, rules, parameters, clearway_version, engine, source)
         VALUES (?, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?, ?, ?, ?, 'spark', ?)",
        duckdb::params![
            run_id,
            run.started_at,
            run.finished_at,
            run.pack,
            serde_json::to_string(outcomes).expect("outcomes serialise"),
            serde_json::to_string(&params).expect("parameters serialise"),
            run.clearway_version,
            source.to_string()
        ],
    )?;
    audit::append(
        ws,
        "risk import",
        serde_json::json!({
            "run_id": run_id, "pack": run.pack, "engine": "spark", "source": source,
            "rules": outcomes.iter().map(|r| serde_json::json!({"id": r.rule_id, "version": r.version, "status": r.status, "hits": r.hits})).collect::<Vec<_>>(),
            "files": run.files,
        }),
    )
}
