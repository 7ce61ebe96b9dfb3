//! Natural-key duplicates: loading a re-export never doubles the workspace silently.
//!
//! Why: a file already loaded byte for byte is refused by its sha256, but the same rows
//! exported again in another order, or an extract that overlaps an earlier one, are different
//! bytes. Without this step they would be inserted a second time and every count, sum and
//! rule hit over them would double without a word.
//!
//! How: each table names its natural key ([`NaturalKey`]): declarations by
//! `(declaration_id, item_no)`, telemetry events by `(source, coalesce(device_id, mmsi,
//! container_id), ts, event_type)` plus what tells apart records a source sends in one time
//! stamp ([`TELEMETRY_EVENTS`]), ledger blocks by chain and hash. After a load's rows are in
//! their table, and inside the load's transaction, [`resolve`] finds in SQL (hash joins on the
//! key; `rowid`s for the deletes) the rows of this load whose key
//!
//! - is already held by rows of other loads (a *stored* duplicate), or
//! - repeats an earlier row of the same file (the first occurrence in file order counts as the
//!   file's row; later ones are its duplicates),
//!
//! and applies the policy ([`OnDuplicate`]): `skip` drops them, `replace` deletes the stored
//! rows and keeps the file's row (repeats within the file are still dropped) and writes an
//! audit entry saying what changed, `reject` fails the load with the first duplicate.
//!
//! A key with any NULL part is never a duplicate: an event with no identity (no device, MMSI or
//! container) or no time cannot be told apart from another one, so both are kept. Whether a
//! duplicate "differs in content" compares every stored column except lineage (`source_file`,
//! `source_row`, `load_id`) and the parts of a payload that are lineage too (a message's line
//! numbers), through a 64-bit hash of those values per row; the per-column change counts of
//! `replace` compare the values themselves.
//!
//! Only SQL text from this module and the schema reaches the statements: table and column
//! names are quoted identifiers from the code, values (load ids) are bound parameters.

use crate::error::{Error, Result};
use crate::sql::{ident, literal};
use crate::workspace::{audit, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// What to do with a row whose natural key is already there (`--on-duplicate`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnDuplicate {
    /// Keep the stored row; the file's duplicate is counted, not loaded.
    #[default]
    Skip,
    /// The file's row replaces the stored one; an audit entry records what changed.
    Replace,
    /// Any duplicate fails the load; nothing is loaded.
    Reject,
}

impl OnDuplicate {
    /// The policy as `--on-duplicate` spells it.
    pub fn name(self) -> &'static str {
        match self {
            OnDuplicate::Skip => "skip",
            OnDuplicate::Replace => "replace",
            OnDuplicate::Reject => "reject",
        }
    }
}

/// How rows of one table are identified and compared.
#[derive(Debug, Clone)]
pub struct NaturalKey {
    /// The table the load's rows are in (it has `source_row` and `load_id`).
    pub table: &'static str,
    /// The key: a name for the report and the SQL expression over the table's columns.
    pub key: &'static [(&'static str, &'static str)],
    /// Columns compared through an expression rather than as stored (e.g. a JSON payload with
    /// its lineage removed), `{col}` standing for the column; every other non-lineage column
    /// is compared as it is.
    pub compare_as: &'static [(&'static str, &'static str)],
    /// The command the audit entry of a replacement names (`load declarations`).
    pub command: &'static str,
}

/// Declaration items: one row per `(declaration_id, item_no)`.
pub const DECLARATIONS: NaturalKey = NaturalKey {
    table: "declarations",
    key: &[("declaration_id", "declaration_id"), ("item_no", "item_no")],
    compare_as: &[],
    command: "load declarations",
};

/// Telemetry events: one per source, identity (device, else MMSI, else container), time and
/// event type — and, where a source sends several different records in one time stamp, what
/// tells them apart (`detail`, never NULL): the AIS message type and type-24 part (a class B
/// transponder sends parts A and B in the same second; a type 1 and a type 3 are two
/// transmissions), and an AirData log's flight-time milliseconds (it logs ten rows a second
/// under one `datetime(utc)`). Without it those records would be taken for re-exports of
/// each other and dropped. A decoded message's payload names the lines it came from; those
/// differ between two exports of the same message and are not content.
pub const TELEMETRY_EVENTS: NaturalKey = NaturalKey {
    table: "telemetry_events",
    key: &[
        ("source", "source"),
        ("identity", "coalesce(device_id, mmsi, container_id)"),
        ("ts", "ts"),
        ("event_type", "event_type"),
        (
            "detail",
            "coalesce(CASE source
                 WHEN 'ais' THEN (payload->>'msg_type') || coalesce('/' || (payload->>'part'), '')
                 WHEN 'drone' THEN payload->>'time(millisecond)' END, '')",
        ),
    ],
    compare_as: &[(
        "payload",
        "CAST(json_merge_patch({col}, '{\"lines\": null}') AS VARCHAR)",
    )],
    command: "load telemetry",
};

/// Ledger blocks: one per chain, block hash, data hash and verification state
/// (`ingest::ledger` follows with the records of every block that is dropped or replaced).
/// Only a block whose hash was recomputed — verified, or header only — has an identity: the
/// hash then fixes its content, so a second copy is a re-export. A block that failed
/// verification proves nothing by its stated hash (two differently tampered copies claim the
/// same one), so it is never taken for a duplicate: it loads, with its own failure for the
/// analyst to see. The data hash keeps apart the documents of one OpenAttestation batch, which
/// share their Merkle root (the "block hash") and differ in their target hash; the state keeps
/// a full export of a block apart from an earlier header-only one.
pub const LEDGER_BLOCKS: NaturalKey = NaturalKey {
    table: "ledger_blocks",
    key: &[
        ("chain_id", "chain_id"),
        ("hash", "nullif(hash, '')"),
        ("data_hash", "coalesce(data_hash, '')"),
        (
            "state",
            "CASE WHEN verified THEN 'verified' WHEN problems = ['header only'] THEN 'header only' END",
        ),
    ],
    compare_as: &[],
    command: "load ledger",
};

/// Columns every data table carries for lineage; never part of a row's content.
const LINEAGE: &[&str] = &["source_file", "source_row", "load_id"];

/// How many replaced rows the audit entry shows with their old and new values.
pub const EXAMPLES: usize = 10;

/// The load whose rows are checked, and what its rows' `source_row` means.
#[derive(Debug, Clone, Copy)]
pub struct LoadSource<'a> {
    pub load_id: i64,
    pub path: &'a Path,
    pub position: Position,
}

/// What `source_row` counts in a file, for saying where a duplicate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Text lines: `line = source_row + offset` (the header lines of a CSV whose `source_row`
    /// counts data records; 0 where `source_row` is the line itself).
    Line { offset: i64 },
    /// Records of a JSON array, Parquet file or block file: `source_row` is the ordinal.
    Record,
}

impl Position {
    /// "line 4 (record 3)", "line 12" or "record 3".
    fn describe(self, source_row: i64) -> String {
        match self {
            Position::Line { offset: 0 } => format!("line {source_row}"),
            Position::Line { offset } => {
                format!("line {} (record {source_row})", source_row + offset)
            }
            Position::Record => format!("record {source_row}"),
        }
    }
}

/// Rows of this load whose key an earlier load (or this file itself) already held.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EarlierLoad {
    /// The earlier load; this load's own id for repeats within the file.
    pub load_id: i64,
    /// Rows of this file with a key that load holds.
    pub rows: i64,
    /// Of those, rows whose content differs from the row they duplicate.
    pub differing: i64,
}

/// One replaced row in the audit entry: its key and each changed column's old and new value.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Example {
    pub key: BTreeMap<String, serde_json::Value>,
    pub changes: BTreeMap<String, Change>,
}

/// A column's value before and after a replacement (as text; NULL as `null`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Change {
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What [`resolve`] found and did; part of every load report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DuplicateReport {
    pub policy: OnDuplicate,
    /// Rows of this file not kept because they are duplicates: `read = loaded + duplicates +
    /// rejected`.
    pub rows: i64,
    /// Of `rows`, how many differ in content from the row they duplicate.
    pub differing: i64,
    /// Rows of this file with a NULL part in their key (no identity, no time): they cannot be
    /// told apart from others, so they were loaded without a check.
    pub unchecked: i64,
    /// Every earlier load (or this one, for repeats) whose key this file's rows repeat.
    pub earlier: Vec<EarlierLoad>,
    /// `replace`: stored rows deleted and replaced by this file's rows.
    pub replaced: i64,
    /// `replace`: of the replacing rows, how many changed something.
    pub changed: i64,
    /// `replace`: per column, how many replaced rows changed its value.
    pub column_changes: BTreeMap<String, i64>,
}

impl DuplicateReport {
    /// An empty report (no duplicates) under `policy`.
    pub fn none(policy: OnDuplicate) -> Self {
        DuplicateReport {
            policy,
            ..Default::default()
        }
    }

    /// The report's lines, for the text load reports of every loader.
    pub fn render(&self, load_id: i64) -> Vec<String> {
        let n = crate::output::group_thousands;
        let mut lines = Vec::new();
        for e in &self.earlier {
            let whose = if e.load_id == load_id {
                "repeated within this file".to_string()
            } else {
                format!("already in load {}", e.load_id)
            };
            let verb = match self.policy {
                OnDuplicate::Replace if e.load_id != load_id => "replaced",
                _ => "not loaded",
            };
            let hint = match (self.policy, e.differing > 0, e.load_id == load_id) {
                (OnDuplicate::Skip, true, true) => "; the first occurrence was kept",
                (OnDuplicate::Skip, true, false) => ", which --on-duplicate replace would update",
                _ => "",
            };
            lines.push(format!(
                "duplicates {whose}: {} ({verb}; {} differ in content{hint})",
                n(e.rows),
                n(e.differing)
            ));
        }
        if self.unchecked > 0 {
            lines.push(format!(
                "{} row(s) without a complete key were loaded without a duplicate check (an event with no identity or no time; a ledger block that failed verification)",
                n(self.unchecked)
            ));
        }
        if self.replaced > 0 {
            let cols: Vec<String> = self
                .column_changes
                .iter()
                .filter(|(_, c)| **c > 0)
                .map(|(col, c)| format!("{col} {}", n(*c)))
                .collect();
            lines.push(format!(
                "replaced {} stored row(s); changed: {}",
                n(self.replaced),
                if cols.is_empty() {
                    "nothing".to_string()
                } else {
                    cols.join(", ")
                }
            ));
        }
        lines
    }
}

/// Finds this load's duplicates and applies `policy`, inside the load's transaction. The
/// load's rows must be in `key.table` with their final `source_row`, rejects removed.
pub fn resolve(
    ws: &Workspace,
    key: &NaturalKey,
    load: LoadSource<'_>,
    policy: OnDuplicate,
) -> Result<DuplicateReport> {
    resolve_with(ws, key, load, policy, None)
}

/// [`resolve`], with the first step's [`FreshKeys`] forced (tests compare them) or chosen.
fn resolve_with(
    ws: &Workspace,
    key: &NaturalKey,
    load: LoadSource<'_>,
    policy: OnDuplicate,
    forced: Option<FreshKeys>,
) -> Result<DuplicateReport> {
    let sql = Sql::new(ws, key)?;
    let conn = &ws.conn;
    let started = std::time::Instant::now();
    let step = |name: &str| {
        if std::env::var_os("CLEARWAY_DEBUG_SQL").is_some() {
            eprintln!(
                "-- duplicates: {name} after {:.2} s",
                started.elapsed().as_secs_f64()
            );
        }
    };
    let which = match forced {
        Some(which) => which,
        None => {
            // count(*) FILTER, not count_if: over an empty table count_if is NULL.
            let (this_load, other_loads): (i64, i64) = conn.query_row(
                &format!(
                    "SELECT count(*) FILTER (WHERE load_id = $1),
                            count(*) FILTER (WHERE load_id <> $1 AND load_id > 0)
                     FROM {}",
                    sql.table
                ),
                [load.load_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            FreshKeys::choose(this_load, other_loads)
        }
    };
    conn.execute(&sql.fresh(which), [load.load_id])?;
    step("fresh keys");
    let unchecked: i64 = conn.query_row(
        &format!(
            "SELECT coalesce(sum(cw_n), 0)::BIGINT FROM cw_dup_fresh WHERE {}",
            sql.incomplete()
        ),
        [],
        |r| r.get(0),
    )?;
    conn.execute(
        &format!("DELETE FROM cw_dup_fresh WHERE {}", sql.incomplete()),
        [],
    )?;
    conn.execute(&sql.stored(), [load.load_id])?;
    step("stored rows");
    conn.execute(&sql.keys(), [])?;
    step("keys");
    conn.execute(&sql.pairs(policy), [load.load_id])?;
    step("pairs");
    let outcome = apply(ws, key, &sql, load, policy).map(|report| DuplicateReport {
        unchecked,
        ..report
    });
    step("applied");
    conn.execute_batch(
        "DROP TABLE IF EXISTS cw_dup_fresh; DROP TABLE IF EXISTS cw_dup_stored;
         DROP TABLE IF EXISTS cw_dup_keys; DROP TABLE IF EXISTS cw_dup_rows;",
    )?;
    outcome
}

/// Counts, then reports (`reject`) or deletes (`skip`, `replace`).
fn apply(
    ws: &Workspace,
    key: &NaturalKey,
    sql: &Sql,
    load: LoadSource<'_>,
    policy: OnDuplicate,
) -> Result<DuplicateReport> {
    let conn = &ws.conn;
    let mut report = DuplicateReport::none(policy);
    report.earlier = earlier_loads(conn)?;
    report.rows = conn.query_row("SELECT count(*) FROM cw_dup_rows WHERE dropped", [], |r| {
        r.get(0)
    })?;
    report.differing = conn.query_row(
        "SELECT count(*) FROM cw_dup_rows WHERE dropped AND differs",
        [],
        |r| r.get(0),
    )?;
    if report.earlier.is_empty() {
        return Ok(report);
    }
    if policy == OnDuplicate::Reject {
        return Err(first_duplicate(ws, key, sql, load)?);
    }
    if policy == OnDuplicate::Replace {
        replace(ws, key, sql, load, &mut report)?;
    }
    let table = ident(key.table);
    conn.execute(
        &format!(
            "DELETE FROM {table} WHERE rowid IN (SELECT new_rowid FROM cw_dup_rows WHERE dropped)"
        ),
        [],
    )?;
    Ok(report)
}

/// Per earlier load: rows of this file that repeat its keys, and how many differ.
fn earlier_loads(conn: &duckdb::Connection) -> Result<Vec<EarlierLoad>> {
    let mut stmt = conn.prepare(
        "SELECT earlier_load, count(*), count_if(differs) FROM cw_dup_rows
         WHERE dropped OR replacing GROUP BY earlier_load ORDER BY earlier_load",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(EarlierLoad {
            load_id: r.get(0)?,
            rows: r.get(1)?,
            differing: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Deletes the stored rows the file replaces, after recording what changes in the audit log.
fn replace(
    ws: &Workspace,
    key: &NaturalKey,
    sql: &Sql,
    load: LoadSource<'_>,
    report: &mut DuplicateReport,
) -> Result<()> {
    let conn = &ws.conn;
    report.changed = conn.query_row(
        "SELECT count(*) FROM cw_dup_rows WHERE replacing AND differs",
        [],
        |r| r.get(0),
    )?;
    report.column_changes = column_changes(conn, sql)?;
    let examples = examples(conn, sql)?;
    let table = ident(key.table);
    report.replaced = conn.execute(
        &format!("DELETE FROM {table} WHERE rowid IN (SELECT old_rowid FROM cw_dup_stored)"),
        [],
    )? as i64;
    audit::append(
        ws,
        key.command,
        serde_json::json!({
            "action": "replace duplicates",
            "table": key.table,
            "load_id": load.load_id,
            "file": super::source::absolute(load.path),
            "rows_replaced": report.replaced,
            "rows_changed": report.changed,
            "replaced_from": report.earlier.iter().filter(|e| e.load_id != load.load_id).collect::<Vec<_>>(),
            "column_changes": report.column_changes,
            "examples": examples,
        }),
    )
}

/// Per compared column, how many replacing rows change its value.
fn column_changes(conn: &duckdb::Connection, sql: &Sql) -> Result<BTreeMap<String, i64>> {
    let counts: Vec<String> = sql
        .content
        .iter()
        // (over no rows count_if is NULL, not 0)
        .map(|(_, n, o)| format!("coalesce(count_if(({n}) IS DISTINCT FROM ({o})), 0)::BIGINT"))
        .collect();
    let query = format!(
        "SELECT {} FROM {}",
        counts.join(", "),
        sql.changed_pairs(None)
    );
    conn.query_row(&query, [], |r| {
        sql.content
            .iter()
            .enumerate()
            .map(|(i, (name, _, _))| Ok((name.clone(), r.get::<_, i64>(i)?)))
            .collect()
    })
    .map_err(Into::into)
}

/// Up to [`EXAMPLES`] changed rows with their key and old → new values, in file order.
fn examples(conn: &duckdb::Connection, sql: &Sql) -> Result<Vec<Example>> {
    let changes: Vec<String> = sql
        .content
        .iter()
        .map(|(name, n, o)| {
            format!(
                "CASE WHEN ({n}) IS DISTINCT FROM ({o}) THEN {{'column': {}, 'old': CAST(({o}) AS VARCHAR), 'new': CAST(({n}) AS VARCHAR)}} END",
                literal(name)
            )
        })
        .collect();
    let key: Vec<String> = sql
        .key_names
        .iter()
        .enumerate()
        .map(|(i, name)| format!("{}: d.cw_k{i}", literal(name)))
        .collect();
    let query = format!(
        "SELECT CAST(to_json({{{}}}) AS VARCHAR), CAST(to_json(list_filter([{}], lambda x: x IS NOT NULL)) AS VARCHAR)
         FROM {} ORDER BY d.source_row",
        key.join(", "),
        changes.join(", "),
        sql.changed_pairs(Some(EXAMPLES))
    );
    let mut stmt = conn.prepare(&query)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (key, changes) = row?;
        #[derive(Deserialize)]
        struct Cell {
            column: String,
            old: Option<String>,
            new: Option<String>,
        }
        let cells: Vec<Cell> = serde_json::from_str(&changes).unwrap_or_default();
        out.push(Example {
            key: serde_json::from_str(&key).unwrap_or_default(),
            changes: cells
                .into_iter()
                .map(|c| {
                    (
                        c.column,
                        Change {
                            old: c.old,
                            new: c.new,
                        },
                    )
                })
                .collect(),
        });
    }
    Ok(out)
}

/// The `reject` diagnostic: the first duplicate in file order, its key and what it repeats.
fn first_duplicate(
    ws: &Workspace,
    key: &NaturalKey,
    sql: &Sql,
    load: LoadSource<'_>,
) -> Result<Error> {
    // each key part as `name value`; an empty text part (a telemetry `detail`) is left out
    let key_text: Vec<String> = sql
        .key_names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            format!(
                "CASE WHEN CAST(d.cw_k{i} AS VARCHAR) <> '' THEN {} || CAST(d.cw_k{i} AS VARCHAR) END",
                literal(&format!("{name} "))
            )
        })
        .collect();
    let query = format!(
        "SELECT d.source_row, concat_ws(', ', {}), d.earlier_load, o.source_file, o.source_row,
                (SELECT count(*) FROM cw_dup_rows WHERE dropped)
         FROM (SELECT * FROM cw_dup_rows WHERE dropped ORDER BY source_row, new_rowid LIMIT 1) d
         JOIN (SELECT rowid AS cw_rid, source_file, source_row FROM {}) o ON o.cw_rid = d.earlier_rowid",
        key_text.join(", "),
        ident(key.table)
    );
    let (row, key_value, earlier_load, earlier_file, earlier_row, count) =
        ws.conn.query_row(&query, [], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
    let earlier_row = earlier_row.unwrap_or_default();
    let earlier = if earlier_load == load.load_id {
        format!("{} of the same file", load.position.describe(earlier_row))
    } else {
        format!(
            "load {earlier_load} (source_row {earlier_row} of {})",
            earlier_file.unwrap_or_else(|| "?".into())
        )
    };
    Ok(Error::Duplicate {
        path: load.path.to_path_buf(),
        at: load.position.describe(row),
        key: key_value,
        earlier,
        earlier_load,
        rows: count,
    })
}

/// Which of this load's keys the first step keeps. Only a key that repeats within the load,
/// is held by another load, or has a NULL part (counted as unchecked) matters to the later
/// steps. Keeping every key costs a table of every row's key and its first row; keeping only
/// those costs a count per key, a second scan for the first rows of the few that remain, and
/// a hash of the other loads' keys. Measured on 2 M rows with Python duckdb 2.0.0 (issue 20,
/// docs/benchmarks.md): 0.57-0.79 s for every key, 0.22 s for the candidates of a first load;
/// a load of 1,210 rows into 2 M stored ones pays 0.26 s for the hash where every key costs
/// nothing, hence the choice by size (a heuristic from those two points, not measured near
/// the crossover).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FreshKeys {
    /// Every key of the load.
    All,
    /// The keys that repeat, have a NULL part, or (when `stored`) are held by another load.
    Candidates { stored: bool },
}

impl FreshKeys {
    /// The cheaper of the two for a load of `this_load` rows beside `other_loads` stored rows.
    fn choose(this_load: i64, other_loads: i64) -> Self {
        if other_loads == 0 {
            FreshKeys::Candidates { stored: false }
        } else if other_loads <= this_load {
            FreshKeys::Candidates { stored: true }
        } else {
            FreshKeys::All
        }
    }
}

/// The statements of one check, generated from the key and the table's columns.
struct Sql {
    table: String,
    key_names: Vec<String>,
    key_exprs: Vec<String>,
    /// (column name, its compared value in the new row `n`, in the old row `o`)
    content: Vec<(String, String, String)>,
    /// The hash of a row's compared values (unqualified columns).
    hash: String,
}

impl Sql {
    fn new(ws: &Workspace, key: &NaturalKey) -> Result<Self> {
        let columns: Vec<String> = {
            let mut stmt = ws.conn.prepare(
                "SELECT column_name FROM duckdb_columns()
                 WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
            )?;
            let rows = stmt.query_map([key.table], |r| r.get::<_, String>(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let compared: Vec<&String> = columns
            .iter()
            .filter(|c| !LINEAGE.contains(&c.as_str()))
            .collect();
        let value = |column: &str, qualified: String| match key
            .compare_as
            .iter()
            .find(|(n, _)| *n == column)
        {
            Some((_, template)) => template.replace("{col}", &qualified),
            None => qualified,
        };
        let content = compared
            .iter()
            .map(|c| {
                (
                    c.to_string(),
                    value(c, format!("n.{}", ident(c))),
                    value(c, format!("o.{}", ident(c))),
                )
            })
            .collect();
        let bare: Vec<String> = compared.iter().map(|c| value(c, ident(c))).collect();
        Ok(Sql {
            table: ident(key.table),
            key_names: key.key.iter().map(|(n, _)| n.to_string()).collect(),
            key_exprs: key.key.iter().map(|(_, e)| e.to_string()).collect(),
            content,
            hash: format!("hash({})", bare.join(", ")),
        })
    }

    /// `expr AS cw_k0, ...` over the table's unqualified columns.
    fn key_select(&self) -> String {
        self.key_exprs
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{e} AS cw_k{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `cw_k0, cw_k1, ...`
    fn key_names(&self) -> String {
        (0..self.key_exprs.len())
            .map(|i| format!("cw_k{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `expr = alias.cw_k0 AND ...`: the table's (unqualified) key against a key table's.
    fn key_match(&self, alias: &str) -> String {
        self.key_exprs
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{e} = {alias}.cw_k{i}"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// True for a key with a NULL part, which is never a duplicate: such keys are left in
    /// `cw_dup_fresh` by [`Sql::fresh`] to be counted as unchecked, then removed.
    fn incomplete(&self) -> String {
        (0..self.key_exprs.len())
            .map(|i| format!("cw_k{i} IS NULL"))
            .collect::<Vec<_>>()
            .join(" OR ")
    }

    /// This load's keys, with their count and first occurrence in file order: every key
    /// ([`FreshKeys::All`]), or only those the later steps can use ([`FreshKeys::Candidates`]).
    fn fresh(&self, which: FreshKeys) -> String {
        let mine = format!(
            "SELECT rowid AS cw_rid, {select}, (source_row, rowid) AS cw_order
             FROM {table} WHERE load_id = $1",
            select = self.key_select(),
            table = self.table,
        );
        let keys = self.key_names();
        match which {
            FreshKeys::All => format!(
                "CREATE OR REPLACE TEMP TABLE cw_dup_fresh AS
                 SELECT {keys}, count(*) AS cw_n, arg_min(cw_rid, cw_order) AS first_rowid
                 FROM ({mine}) GROUP BY {keys}"
            ),
            FreshKeys::Candidates { stored } => {
                // A stored key is looked up by a hash of the other loads' keys; with none
                // stored the condition is left out (it could match nothing).
                let stored = if stored {
                    format!(
                        " OR ({keys}) IN (SELECT ({exprs}) FROM {table}
                                          WHERE load_id <> $1 AND load_id > 0)",
                        exprs = self.key_exprs.join(", "),
                        table = self.table,
                    )
                } else {
                    String::new()
                };
                format!(
                    "CREATE OR REPLACE TEMP TABLE cw_dup_fresh AS
                     WITH counted AS MATERIALIZED (
                         SELECT {keys}, count(*) AS cw_n FROM ({mine}) GROUP BY {keys}
                         HAVING count(*) > 1 OR {incomplete}{stored}),
                     firsts AS (
                         SELECT {keys}, arg_min(cw_rid, cw_order) AS first_rowid
                         FROM ({mine}) SEMI JOIN counted USING ({keys}) GROUP BY {keys})
                     SELECT c.*, f.first_rowid FROM counted c LEFT JOIN firsts f USING ({keys})",
                    incomplete = self.incomplete(),
                )
            }
        }
    }

    /// Rows of other loads holding one of this load's keys, with their content hash.
    fn stored(&self) -> String {
        format!(
            "CREATE OR REPLACE TEMP TABLE cw_dup_stored AS
             SELECT old_rowid, load_id, source_row, {keys}, {hash} AS cw_h
             FROM (SELECT {table}.rowid AS old_rowid, {table}.*, {select} FROM {table}
                   SEMI JOIN cw_dup_fresh f ON {matches}
                   WHERE {table}.load_id <> $1 AND {table}.load_id > 0)",
            keys = self.key_names(),
            hash = self.hash,
            select = self.key_select(),
            table = self.table,
            matches = self.key_match("f"),
        )
    }

    /// Keys that repeat within the file or are stored, with the earliest stored row.
    fn keys(&self) -> String {
        format!(
            "CREATE OR REPLACE TEMP TABLE cw_dup_keys AS
             SELECT f.*, s.earlier_load, s.earlier_rowid, s.earlier_h
             FROM cw_dup_fresh f
             LEFT JOIN (SELECT {keys}, min(load_id) AS earlier_load,
                               arg_min(old_rowid, (load_id, source_row)) AS earlier_rowid,
                               arg_min(cw_h, (load_id, source_row)) AS earlier_h
                        FROM cw_dup_stored GROUP BY {keys}) s USING ({keys})
             WHERE f.cw_n > 1 OR s.earlier_load IS NOT NULL",
            keys = self.key_names(),
        )
    }

    /// Every row of this load with such a key, what it duplicates, and what the policy does
    /// with it: `dropped` (not kept), `replacing` (kept, replaces stored rows), `differs`.
    fn pairs(&self, policy: OnDuplicate) -> String {
        // Under `replace` the file's first occurrence of a stored key is kept, so its later
        // repeats duplicate that row of this load; otherwise everything duplicates the stored
        // row when there is one.
        let to_stored = match policy {
            OnDuplicate::Replace => "stored AND new_rowid = first_rowid",
            _ => "stored",
        };
        let dropped = match policy {
            OnDuplicate::Replace => "new_rowid <> first_rowid",
            _ => "(stored OR new_rowid <> first_rowid)",
        };
        let replacing = match policy {
            OnDuplicate::Replace => "(stored AND new_rowid = first_rowid)",
            _ => "false",
        };
        format!(
            "CREATE OR REPLACE TEMP TABLE cw_dup_rows AS
             WITH r AS (
                 SELECT {table}.rowid AS new_rowid, {table}.source_row, {hash} AS cw_h, k.*,
                        k.earlier_load IS NOT NULL AS stored
                 FROM {table} JOIN cw_dup_keys k ON {matches}
                 WHERE {table}.load_id = $1),
             firsts AS (SELECT r.new_rowid AS first_rowid, r.cw_h AS first_h FROM r WHERE r.new_rowid = r.first_rowid)
             SELECT new_rowid, source_row, {keys},
                    CASE WHEN {to_stored} THEN earlier_load ELSE $1 END AS earlier_load,
                    CASE WHEN {to_stored} THEN earlier_rowid ELSE first_rowid END AS earlier_rowid,
                    cw_h IS DISTINCT FROM CASE WHEN {to_stored} THEN earlier_h ELSE first_h END AS differs,
                    {dropped} AS dropped,
                    {replacing} AS replacing
             FROM r JOIN firsts USING (first_rowid)",
            keys = self.key_names(),
            hash = self.hash,
            table = self.table,
            matches = self.key_match("k"),
        )
    }

    /// `FROM` clause of the replacing rows that change something, joined to the new row `n`
    /// and the stored row `o` it replaces (the first `limit` in file order).
    fn changed_pairs(&self, limit: Option<usize>) -> String {
        let limit = limit
            .map(|l| format!("ORDER BY source_row LIMIT {l}"))
            .unwrap_or_default();
        format!(
            "(SELECT * FROM cw_dup_rows WHERE replacing AND differs {limit}) d
             JOIN (SELECT rowid AS cw_rid, * FROM {table}) n ON n.cw_rid = d.new_rowid
             JOIN (SELECT rowid AS cw_rid, * FROM {table}) o ON o.cw_rid = d.earlier_rowid",
            table = self.table
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workspace whose `ledger_blocks` hold load 1's verified blocks h1, h2 and load 2's h2
    /// (verified again, another transaction count), h3 twice, one block without a hash and
    /// one that failed verification (its stated hash proves nothing: never a duplicate).
    fn blocks() -> Workspace {
        let ws = Workspace::in_memory().unwrap();
        ws.conn
            .execute_batch(
                "INSERT INTO ledger_blocks (chain_id, number, hash, tx_count, verified, source_row, load_id) VALUES
                   ('c', 1, 'h1', 1, true, 1, 1), ('c', 2, 'h2', 1, true, 2, 1),
                   ('c', 2, 'h2', 2, true, 1, 2), ('c', 3, 'h3', 1, true, 2, 2), ('c', 3, 'h3', 1, true, 3, 2),
                   ('c', 4, NULL, 1, true, 4, 2), ('c', 1, 'h1', 1, false, 5, 2)",
            )
            .unwrap();
        ws
    }

    /// `cw_dup_fresh` as [`Sql::fresh`] builds it for load 2, one row per key, in key order.
    fn fresh_keys(ws: &Workspace, which: FreshKeys) -> Vec<String> {
        let sql = Sql::new(ws, &LEDGER_BLOCKS).unwrap();
        ws.conn.execute(&sql.fresh(which), [2]).unwrap();
        let mut stmt = ws
            .conn
            .prepare(
                "SELECT concat_ws('|', cw_k0, coalesce(cw_k1, '-'), cw_k2, coalesce(cw_k3, '-'), cw_n, coalesce(first_rowid::VARCHAR, '-'))
                 FROM cw_dup_fresh ORDER BY ALL",
            )
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn the_candidate_keys_are_every_key_the_later_steps_use() {
        let ws = blocks();
        // h4: a verified block of load 2 alone, neither repeated nor stored: no candidate.
        ws.conn
            .execute_batch(
                "INSERT INTO ledger_blocks (chain_id, number, hash, tx_count, verified, source_row, load_id)
                 VALUES ('c', 5, 'h4', 1, true, 6, 2)",
            )
            .unwrap();
        let all = fresh_keys(&ws, FreshKeys::All);
        // c/4 has no hash and h1 failed verification (no state): keys with a NULL part.
        assert_eq!(
            all,
            [
                "c|-||verified|1|5",
                "c|h1||-|1|6",
                "c|h2||verified|1|2",
                "c|h3||verified|2|3",
                "c|h4||verified|1|7"
            ]
        );
        // h2 is held by load 1, h3 repeats within load 2; the keys with a NULL part stay, to
        // be counted as unchecked, without a first row (nothing uses it: they are removed).
        let with_stored = fresh_keys(&ws, FreshKeys::Candidates { stored: true });
        assert_eq!(
            with_stored,
            [
                "c|-||verified|1|-",
                "c|h1||-|1|-",
                "c|h2||verified|1|2",
                "c|h3||verified|2|3"
            ]
        );
        let without_stored = fresh_keys(&ws, FreshKeys::Candidates { stored: false });
        assert_eq!(
            without_stored,
            ["c|-||verified|1|-", "c|h1||-|1|-", "c|h3||verified|2|3"],
            "without the stored keys, h2 is no candidate"
        );
    }

    /// The report and the table after load 2 under `policy`, with the first step forced.
    fn outcome(policy: OnDuplicate, which: FreshKeys, only_load_2: bool) -> String {
        let ws = blocks();
        if only_load_2 {
            ws.conn
                .execute_batch("DELETE FROM ledger_blocks WHERE load_id = 1")
                .unwrap();
        }
        let load = LoadSource {
            load_id: 2,
            path: Path::new("b.jsonl"),
            position: Position::Record,
        };
        let report = resolve_with(&ws, &LEDGER_BLOCKS, load, policy, Some(which));
        format!("{report:?}\n{}", rows(&ws))
    }

    #[test]
    fn every_first_step_gives_the_same_outcome_under_every_policy() {
        for policy in [OnDuplicate::Skip, OnDuplicate::Replace, OnDuplicate::Reject] {
            let all = outcome(policy, FreshKeys::All, false);
            let candidates = outcome(policy, FreshKeys::Candidates { stored: true }, false);
            assert_eq!(candidates, all, "{policy:?}, beside load 1");
            let all = outcome(policy, FreshKeys::All, true);
            let first_load = outcome(policy, FreshKeys::Candidates { stored: false }, true);
            assert_eq!(first_load, all, "{policy:?}, load 2 alone");
        }
    }

    #[test]
    fn an_empty_table_has_no_duplicates() {
        let ws = Workspace::in_memory().unwrap();
        let load = LoadSource {
            load_id: 1,
            path: Path::new("empty.jsonl"),
            position: Position::Record,
        };
        let report = resolve(&ws, &LEDGER_BLOCKS, load, OnDuplicate::Skip).unwrap();
        assert_eq!((report.rows, report.unchecked), (0, 0));
    }

    #[test]
    fn the_first_step_is_chosen_by_the_sizes_of_the_load_and_the_stored_rows() {
        assert_eq!(
            FreshKeys::choose(10, 0),
            FreshKeys::Candidates { stored: false }
        );
        assert_eq!(
            FreshKeys::choose(10, 10),
            FreshKeys::Candidates { stored: true }
        );
        assert_eq!(FreshKeys::choose(10, 11), FreshKeys::All);
    }

    fn load_2(policy: OnDuplicate) -> (Workspace, Result<DuplicateReport>) {
        let ws = blocks();
        let report = resolve(
            &ws,
            &LEDGER_BLOCKS,
            LoadSource {
                load_id: 2,
                path: Path::new("b.jsonl"),
                position: Position::Record,
            },
            policy,
        );
        (ws, report)
    }

    fn rows(ws: &Workspace) -> String {
        ws.conn
            .query_row(
                "SELECT string_agg(load_id || ':' || coalesce(hash, '-') || ':' || verified, ' ' ORDER BY load_id, number, source_row) FROM ledger_blocks",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }

    #[test]
    fn skip_drops_stored_keys_and_repeats_and_leaves_keyless_rows_unchecked() {
        let (ws, report) = load_2(OnDuplicate::Skip);
        let report = report.unwrap();
        assert_eq!((report.rows, report.differing, report.unchecked), (2, 1, 2));
        assert_eq!(
            report.earlier,
            [
                EarlierLoad {
                    load_id: 1,
                    rows: 1,
                    differing: 1
                },
                EarlierLoad {
                    load_id: 2,
                    rows: 1,
                    differing: 0
                },
            ]
        );
        assert_eq!(
            rows(&ws),
            "1:h1:true 1:h2:true 2:h1:false 2:h3:true 2:-:true"
        );
    }

    #[test]
    fn replace_keeps_the_files_first_row_and_counts_changed_columns() {
        let (ws, report) = load_2(OnDuplicate::Replace);
        let report = report.unwrap();
        assert_eq!((report.rows, report.replaced, report.changed), (1, 1, 1));
        assert_eq!(report.column_changes["tx_count"], 1);
        assert_eq!(report.column_changes["number"], 0);
        assert_eq!(
            rows(&ws),
            "1:h1:true 2:h1:false 2:h2:true 2:h3:true 2:-:true"
        );
        let detail: String = ws
            .conn
            .query_row(
                "SELECT CAST(detail->'examples' AS VARCHAR) FROM audit_log",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            detail,
            r#"[{"key":{"chain_id":"c","data_hash":"","hash":"h2","state":"verified"},"changes":{"tx_count":{"old":"1","new":"2"}}}]"#
        );
    }

    #[test]
    fn reject_names_the_first_duplicate_and_changes_nothing() {
        let (ws, report) = load_2(OnDuplicate::Reject);
        let Err(Error::Duplicate {
            at,
            key,
            earlier_load,
            rows: n,
            ..
        }) = report
        else {
            panic!("not a duplicate error: {report:?}");
        };
        assert_eq!((at.as_str(), earlier_load, n), ("record 1", 1, 2));
        assert!(key.starts_with("chain_id c, hash h2"), "{key}");
        assert_eq!(
            rows(&ws),
            "1:h1:true 1:h2:true 2:h1:false 2:h2:true 2:h3:true 2:h3:true 2:-:true"
        );
    }

    #[test]
    fn policies_are_spelled_as_the_flag() {
        use clap::ValueEnum;
        let names: Vec<String> = OnDuplicate::value_variants()
            .iter()
            .map(|p| p.to_possible_value().unwrap().get_name().to_string())
            .collect();
        assert_eq!(names, ["skip", "replace", "reject"]);
        for p in OnDuplicate::value_variants() {
            assert_eq!(serde_json::to_value(p).unwrap(), p.name());
        }
        assert_eq!(OnDuplicate::default(), OnDuplicate::Skip);
    }
}
