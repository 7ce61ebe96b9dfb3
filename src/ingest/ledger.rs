//! `clearway load ledger`: a ledger export into `ledger_blocks` (one row per block, with its
//! verdict) and `ledger_records` (the business facts), with lineage, rejects and the `loads`
//! and audit entries in one [`LoadSession`] per file, as for declarations and telemetry. Loading
//! verifies: a block's `verified` and `problems` are filled as it is stored, and
//! `clearway ledger verify` recomputes them later from the same source files.

use super::duplicates::{self, DuplicateReport, OnDuplicate};
use super::session::{
    Accounting, FileIdentity, LoadKind, LoadSession, LoadSummary, SessionOptions,
};
use crate::error::{Error, Result};
use crate::ledger::read::{self, EventMap};
use crate::ledger::{LedgerFormat, Parsed};
use crate::workspace::Workspace;
use std::path::Path;

/// What a ledger load did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LedgerReport {
    pub load_id: i64,
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
    pub format: LedgerFormat,
    pub chains: Vec<String>,
    /// Lines, block records or items read.
    pub items: u64,
    pub blocks: u64,
    pub blocks_verified: u64,
    /// Blocks whose body was not exported: header checked, body not.
    pub blocks_header_only: u64,
    pub blocks_failed: u64,
    pub records: u64,
    pub records_invalid: u64,
    pub rejected: u64,
    /// The failed blocks' problems: (chain, number, problems).
    pub failures: Vec<(String, i64, Vec<String>)>,
    pub warnings: Vec<String>,
    /// OpenAttestation documents' issuance against the loaded chains: this load's documents,
    /// and earlier documents whose verdict this load changed.
    pub notes: Vec<String>,
    /// Blocks already in the workspace (same chain, hash, data hash and state, for blocks whose
    /// hash recomputed: `duplicates::LEDGER_BLOCKS`) and what was done with
    /// them (`--on-duplicate`); their records follow them. The counts above are of what this
    /// load kept.
    pub duplicates: DuplicateReport,
    pub seconds: f64,
}

/// The format named, else detected.
pub fn detect(path: &Path, bytes: &[u8], format: LedgerFormat) -> Result<LedgerFormat> {
    if format != LedgerFormat::Auto {
        return Ok(format);
    }
    read::detect(bytes).ok_or_else(|| {
        Error::bad_input(
            path,
            "cannot tell the ledger format from the content",
            "name it with --input-format (fabric-blockfile, fabric-block, evm-jsonrpc, openattestation, generic-jsonl)",
        )
    })
}

/// The line-per-item formats' lines within [`Limits::max_line_bytes`]. A ledger file is
/// refused whole rather than losing one over-long line: a chain with a block missing reads as
/// broken, which would be a false finding.
pub fn check_lines(
    path: &Path,
    bytes: &[u8],
    format: LedgerFormat,
    limits: &crate::limits::Limits,
) -> Result<()> {
    let line_per_item = match format {
        LedgerFormat::GenericJsonl => true,
        LedgerFormat::EvmJsonrpc => !bytes.trim_ascii_start().starts_with(b"["),
        _ => false,
    };
    if !line_per_item {
        return Ok(());
    }
    crate::limits::check_line_lengths(bytes, limits.max_line_bytes)
        .map_err(|why| Error::input_refused(path, why, super::source::BOUND_HELP))
}

/// Reads an `--events` TOML file: `[[event]]` with `signature`, `record_type` and `doc_hash`
/// (`topic1`…`topic3` or `data`), added to the built-in mapping.
pub fn event_map(path: Option<&Path>) -> Result<EventMap> {
    let mut map = read::builtin_events();
    let Some(path) = path else {
        return Ok(map);
    };
    let text = crate::limits::read_to_string_capped(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let help = "write [[event]] then signature = \"DocumentIssued(bytes32)\", record_type = \"document_issued\", doc_hash = \"topic1\"";
    let table: toml::Table = toml::from_str(&text)
        .map_err(|e| Error::bad_input(path, format!("invalid TOML: {}", e.message()), help))?;
    let events = table
        .get("event")
        .and_then(|e| e.as_array())
        .ok_or_else(|| Error::bad_input(path, "no [[event]] entries", help))?;
    for (i, e) in events.iter().enumerate() {
        let get = |k: &str| e.get(k).and_then(|v| v.as_str());
        let (Some(signature), Some(kind)) = (get("signature"), get("record_type")) else {
            return Err(Error::bad_input(
                path,
                format!("[[event]] number {} needs signature and record_type", i + 1),
                help,
            ));
        };
        let at = get("doc_hash").unwrap_or("topic1");
        if !matches!(at, "topic1" | "topic2" | "topic3" | "data") {
            return Err(Error::bad_input(
                path,
                format!(
                    "[[event]] {signature}: doc_hash `{at}` is not topic1, topic2, topic3 or data"
                ),
                help,
            ));
        }
        map.push((
            crate::ledger::evm::event_topic(signature),
            kind.to_string(),
            at.to_string(),
        ));
    }
    Ok(map)
}

/// Loads one ledger file.
pub fn load(
    ws: &Workspace,
    path: &Path,
    format: LedgerFormat,
    force: bool,
    chain: Option<&str>,
    events_file: Option<&Path>,
    on_duplicate: OnDuplicate,
) -> Result<LedgerReport> {
    let events = event_map(events_file)?;
    let events = &events;
    let started = std::time::Instant::now();
    let bytes = super::source::read_whole(path, &ws.limits)?;
    let format = detect(path, &bytes, format)?;
    check_lines(path, &bytes, format, &ws.limits)?;
    // The identity is the file's bytes on disk, as `ledger verify` re-hashes them: when the
    // file is not compressed those are in memory already, and are not read a second time.
    let identity = match super::source::Compression::of_file(path)? {
        None => FileIdentity {
            sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)),
            bytes: bytes.len() as u64,
        },
        Some(_) => FileIdentity::from(&super::source::fingerprint(path, false)?),
    };
    let mut session = LoadSession::begin(
        ws,
        LoadKind::Ledger,
        path,
        Some(identity.clone()),
        SessionOptions { force, started },
    )?;
    let parsed = read::parse(format, &bytes, chain, events)
        .map_err(|why| Error::bad_input(path, why, "check the file and its --input-format"))?;
    let mut report = LedgerReport {
        load_id: session.load_id(),
        file: session.file().to_string(),
        sha256: identity.sha256,
        bytes: identity.bytes,
        format,
        chains: Vec::new(),
        items: parsed.items,
        blocks: parsed.blocks.len() as u64,
        blocks_verified: parsed.blocks.iter().filter(|b| b.verified).count() as u64,
        blocks_header_only: parsed.blocks.iter().filter(|b| b.header_only()).count() as u64,
        blocks_failed: parsed
            .blocks
            .iter()
            .filter(|b| !b.verified && !b.header_only())
            .count() as u64,
        records: parsed.records.len() as u64,
        records_invalid: parsed.records.iter().filter(|r| !r.valid).count() as u64,
        rejected: parsed.rejects.len() as u64,
        failures: parsed
            .blocks
            .iter()
            .filter(|b| !b.verified && !b.header_only())
            .map(|b| (b.chain_id.clone(), b.number, b.problems.clone()))
            .collect(),
        warnings: parsed.warnings.clone(),
        notes: Vec::new(),
        duplicates: DuplicateReport::none(on_duplicate),
        seconds: 0.0,
    };
    for b in &parsed.blocks {
        if !report.chains.contains(&b.chain_id) {
            report.chains.push(b.chain_id.clone());
        }
    }
    store_rows(ws, report.load_id, &report.file, &parsed)?;
    report.duplicates = drop_duplicate_blocks(&mut session, on_duplicate)?;
    if report.duplicates.rows > 0 || report.duplicates.replaced > 0 {
        count_kept(ws, &mut report)?;
    }
    issuance_notes(ws, &mut report)?;
    // what `ledger verify` needs to read the file again the same way
    let options = serde_json::json!({ "chain": chain, "events": events_file.map(|p| p.display().to_string()) });
    let outcome = session.finish(summary(&report, &options))?;
    report.seconds = outcome.seconds;
    Ok(report)
}

/// Blocks of this load already in the workspace ([`duplicates::LEDGER_BLOCKS`]) handled by
/// `policy`; the records of every block row that goes (this load's for `skip`, the stored
/// load's for `replace`) go with it, so a re-export never doubles a ledger fact either.
fn drop_duplicate_blocks(
    session: &mut LoadSession<'_>,
    policy: OnDuplicate,
) -> Result<DuplicateReport> {
    let conn = session.conn();
    let load_id = session.load_id();
    // every block row that shares a key with this load's blocks, before the policy applies
    conn.execute(
        "CREATE OR REPLACE TEMP TABLE cw_ledger_keyed AS
         SELECT b.load_id, b.chain_id, b.number FROM ledger_blocks b
         WHERE EXISTS (SELECT 1 FROM ledger_blocks n
                       WHERE n.load_id = ? AND n.chain_id = b.chain_id AND n.hash = b.hash
                         AND coalesce(n.data_hash, '') = coalesce(b.data_hash, ''))",
        [load_id],
    )?;
    let report = session.resolve_duplicates(
        &duplicates::LEDGER_BLOCKS,
        duplicates::Position::Record,
        policy,
    )?;
    conn.execute_batch(
        "DELETE FROM ledger_records r
         USING (SELECT * FROM cw_ledger_keyed
                EXCEPT SELECT load_id, chain_id, number FROM ledger_blocks) gone
         WHERE r.load_id = gone.load_id AND r.chain_id = gone.chain_id AND r.block_number = gone.number;
         DROP TABLE cw_ledger_keyed;",
    )?;
    Ok(report)
}

/// The report's counts from what this load kept after its duplicates went.
fn count_kept(ws: &Workspace, report: &mut LedgerReport) -> Result<()> {
    let (blocks, verified, header_only, failed): (i64, i64, i64, i64) = ws.conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE verified),
                count(*) FILTER (WHERE NOT verified AND problems = ['header only']),
                count(*) FILTER (WHERE NOT verified AND problems <> ['header only'])
         FROM ledger_blocks WHERE load_id = ?",
        [report.load_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let (records, invalid): (i64, i64) = ws.conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE NOT valid) FROM ledger_records WHERE load_id = ?",
        [report.load_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    report.blocks = blocks as u64;
    report.blocks_verified = verified as u64;
    report.blocks_header_only = header_only as u64;
    report.blocks_failed = failed as u64;
    report.records = records as u64;
    report.records_invalid = invalid as u64;
    let kept: std::collections::HashSet<(String, i64)> = {
        let mut stmt = ws
            .conn
            .prepare("SELECT chain_id, number FROM ledger_blocks WHERE load_id = ?")?;
        let rows = stmt.query_map([report.load_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    report
        .failures
        .retain(|(chain, number, _)| kept.contains(&(chain.clone(), *number)));
    Ok(())
}

/// Matches every OpenAttestation document in the workspace against the loaded chains (this
/// load may be a document or the chain it was issued on) and brings the report's verdicts for
/// this load's documents up to date.
fn issuance_notes(ws: &Workspace, report: &mut LedgerReport) -> Result<()> {
    let statuses = crate::ledger::issuance::refresh(&ws.conn)?;
    let root =
        |s: &crate::ledger::issuance::Status| s.merkle_root.chars().take(16).collect::<String>();
    for s in &statuses {
        if s.load_id == report.load_id {
            for line in &s.lines {
                report
                    .notes
                    .push(format!("document {} ({}…): {line}", s.number, root(s)));
            }
        } else if s.changed {
            report.notes.push(format!(
                "load {} document {} ({}…) is now {}: {}",
                s.load_id,
                s.number,
                root(s),
                if s.verified { "verified" } else { "failed" },
                s.lines.join("; ")
            ));
        }
    }
    if statuses.iter().any(|s| s.load_id == report.load_id) {
        let mine: Vec<&crate::ledger::issuance::Status> = statuses
            .iter()
            .filter(|s| s.load_id == report.load_id)
            .collect();
        report.blocks_verified = mine.iter().filter(|s| s.verified).count() as u64;
        report.blocks_failed = mine.iter().filter(|s| !s.verified).count() as u64;
        report.records_invalid = report.blocks_failed;
        report.failures = ws
            .conn
            .prepare(
                "SELECT chain_id, number, CAST(to_json(problems) AS VARCHAR) FROM ledger_blocks
                 WHERE load_id = ? AND NOT verified ORDER BY number",
            )?
            .query_map([report.load_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .map(|r| r.map(|(c, n, p)| (c, n, serde_json::from_str(&p).unwrap_or_default())))
            .collect::<std::result::Result<_, _>>()?;
    }
    Ok(())
}

/// Writes the rows. Lists go through a staging table as JSON text: DuckDB's appender takes
/// scalars, and a million-block chain must not be a million INSERT statements.
pub fn store_rows(ws: &Workspace, load_id: i64, file: &str, parsed: &Parsed) -> Result<()> {
    let conn = &ws.conn;
    conn.execute_batch(
        "CREATE OR REPLACE TEMP TABLE ledger_blocks_stage (
             chain_id VARCHAR, family VARCHAR, number BIGINT, hash VARCHAR, prev_hash VARCHAR,
             data_hash VARCHAR, ts BIGINT, tx_count INTEGER, verified BOOLEAN, problems VARCHAR,
             details VARCHAR, checked VARCHAR, source_row BIGINT)",
    )?;
    {
        let mut a = conn.appender("ledger_blocks_stage")?;
        for b in &parsed.blocks {
            a.append_row(duckdb::params![
                b.chain_id,
                b.family,
                b.number,
                b.hash,
                b.prev_hash,
                b.data_hash,
                b.ts,
                b.tx_count,
                b.verified,
                serde_json::to_string(&b.problems).expect("strings serialise"),
                serde_json::to_string(&b.details).expect("strings serialise"),
                serde_json::to_string(&b.checked).expect("strings serialise"),
                b.source_row
            ])?;
        }
        a.flush()?;
    }
    conn.execute(
        "INSERT INTO ledger_blocks (chain_id, family, number, hash, prev_hash, data_hash, ts, tx_count,
                                    verified, problems, details, checked, source_file, source_row, load_id)
         SELECT chain_id, family, number, hash, prev_hash, data_hash, make_timestamp(ts), tx_count, verified,
                CAST(problems AS JSON)::VARCHAR[], CAST(details AS JSON)::VARCHAR[],
                nullif(CAST(checked AS JSON)::VARCHAR[], []), ?, source_row, ?
         FROM ledger_blocks_stage",
        duckdb::params![file, load_id],
    )?;
    conn.execute_batch("DROP TABLE ledger_blocks_stage")?;
    let mut a = conn.appender("ledger_records")?;
    for r in &parsed.records {
        a.append_row(duckdb::params![
            r.chain_id,
            r.block_number,
            r.tx_id,
            r.valid,
            r.record_type,
            r.document_ref,
            r.declaration_id,
            r.container_id,
            r.doc_hash,
            r.signature_ok,
            r.payload,
            file,
            r.source_row,
            load_id
        ])?;
    }
    a.flush()?;
    drop(a);
    let mut rejected = conn.appender("rejects")?;
    for (line, reason, raw) in &parsed.rejects {
        rejected.append_row(duckdb::params![
            load_id, file, line, line, "parse", reason, raw
        ])?;
    }
    rejected.flush()?;
    Ok(())
}

/// What the session records of a finished load: the `loads` row (with the options to read
/// the file again) and the audit entry.
fn summary<'a>(report: &'a LedgerReport, options: &serde_json::Value) -> LoadSummary<'a> {
    LoadSummary {
        format: format_name(report.format),
        encoding: None,
        dialect: None,
        profile: None,
        options: Some(options.to_string()),
        read: report.items,
        loaded: report.blocks,
        rejected: report.rejected,
        accounting: Accounting::Items,
        warnings: &report.warnings,
        audit: serde_json::json!({ "load_id": report.load_id, "file": report.file, "sha256": report.sha256,
                                   "format": report.format, "blocks": report.blocks, "blocks_failed": report.blocks_failed,
                                   "records": report.records, "rejected": report.rejected }),
    }
}

/// The `--input-format` name of a format.
pub fn format_name(format: LedgerFormat) -> String {
    serde_json::to_value(format)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// The report as the analyst reads it.
pub fn render(r: &LedgerReport) -> String {
    let n = |v: u64| crate::output::group_thousands(v as i64);
    let mut out = format!(
        "load {} · {}\n  format    {} · {} bytes · sha256 {} · chain {}\n  read      {} item(s): {} block(s) ({} verified, {} header only, {} failed), {} record(s) ({} not valid), {} rejected\n",
        r.load_id,
        r.file,
        format_name(r.format),
        n(r.bytes),
        &r.sha256[..16.min(r.sha256.len())],
        r.chains.join(", "),
        n(r.items),
        n(r.blocks),
        n(r.blocks_verified),
        n(r.blocks_header_only),
        n(r.blocks_failed),
        n(r.records),
        n(r.records_invalid),
        n(r.rejected)
    );
    for (chain, number, problems) in r.failures.iter().take(10) {
        out.push_str(&format!(
            "  FAILED    {chain} block {number}: {}\n",
            problems.join("; ")
        ));
    }
    if r.failures.len() > 10 {
        out.push_str(&format!(
            "            … and {} more: clearway ledger verify\n",
            r.failures.len() - 10
        ));
    }
    for line in r.duplicates.render(r.load_id) {
        out.push_str(&format!("  blocks    {line}\n"));
    }
    if r.blocks_header_only > 0 {
        out.push_str(&format!(
            "  header    {} block(s) header only: the export has no bodies, so their transactions, withdrawals and receipts are not verified\n",
            n(r.blocks_header_only)
        ));
    }
    for w in &r.warnings {
        out.push_str(&format!("  warning   {w}\n"));
    }
    for n in &r.notes {
        out.push_str(&format!("  note      {n}\n"));
    }
    out.push_str(&format!("  took      {:.2} s\n", r.seconds));
    out
}
