//! Ledgers loaded in the workspace verified again from their source files (`clearway ledger
//! verify`), block by block, and the links between blocks that came from different files.
//!
//! Verification happens when a file loads; [`reverify`] repeats it from the same bytes — the
//! file named in `loads`, refused if its sha256 changed since — so that a workspace's verdicts
//! can be re-established at any time, and it adds what one file cannot show: whether block n
//! of one file links to block n−1 of another. The readers and verifiers themselves are
//! [`crate::ledger`]'s; storing their rows is [`crate::ingest::ledger`]'s.

use crate::error::{Error, Result};
use crate::ingest::source;
use crate::ledger::{read, LedgerFormat};
use crate::workspace::{audit, Workspace};
use std::path::Path;

/// A ledger load to verify again: (load id, file, sha256, format, load options).
type LedgerLoad = (i64, String, String, String, Option<String>);

/// What a re-verification found.
pub struct Reverified {
    /// Ledger loads verified again.
    pub loads: usize,
    /// Loads whose file is gone or changed (their verdicts are those of load time, or failed).
    pub notes: Vec<String>,
    /// Blocks not verified (of `chain` when one was named).
    pub blocks_failed: i64,
}

/// Verifies every ledger load again (those holding `chain`, when named), relinks blocks across
/// loads, refreshes OpenAttestation issuance, all in one transaction; then records it.
pub fn reverify(ws: &Workspace, chain: Option<&str>) -> Result<Reverified> {
    let loads: Vec<LedgerLoad> = {
        let mut stmt = ws.conn.prepare(
            "SELECT l.load_id, l.source_file, l.source_sha256, l.format, CAST(l.mapping AS VARCHAR)
             FROM loads l WHERE l.kind = 'ledger'
               AND (CAST(? AS VARCHAR) IS NULL OR EXISTS (SELECT 1 FROM ledger_blocks b WHERE b.load_id = l.load_id AND b.chain_id = ?))
             ORDER BY l.load_id",
        )?;
        let rows = stmt.query_map(duckdb::params![chain, chain], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    if loads.is_empty() {
        return Err(Error::usage(
            match chain {
                Some(c) => format!("no loaded ledger has a chain `{c}`"),
                None => "no ledger is loaded in this workspace".into(),
            },
            "load one with `clearway load ledger FILE`",
        ));
    }
    let mut notes = Vec::new();
    ws.in_transaction(|| {
        for load in &loads {
            if let Some(note) = reverify_load(ws, load)? {
                notes.push(note);
            }
        }
        link_across_loads(ws)?;
        // issuance and revocation of OpenAttestation documents against the chains now loaded
        crate::ledger::issuance::refresh(&ws.conn).map(|_| ())?;
        Ok(())
    })?;
    let failed: i64 = ws.conn.query_row(
        "SELECT count(*) FROM ledger_blocks WHERE NOT verified AND (CAST(? AS VARCHAR) IS NULL OR chain_id = ?)",
        duckdb::params![chain, chain],
        |r| r.get(0),
    )?;
    audit::append(
        ws,
        "ledger verify",
        serde_json::json!({ "chain": chain, "loads": loads.len(), "blocks_failed": failed }),
    )?;
    Ok(Reverified {
        loads: loads.len(),
        notes,
        blocks_failed: failed,
    })
}

/// Reads one load's file again and replaces its blocks and records; a missing or changed file
/// keeps the verdicts of load time and says so.
fn reverify_load(ws: &Workspace, load: &LedgerLoad) -> Result<Option<String>> {
    let (load_id, file, sha256, format, options) = load;
    let path = Path::new(file);
    if !path.exists() {
        return Ok(Some(format!(
            "load {load_id}: {file} is gone; its verdicts are those of load time"
        )));
    }
    let fp = source::fingerprint(path, false)?;
    if &fp.sha256 != sha256 {
        ws.conn.execute(
            "UPDATE ledger_blocks SET verified = false,
                    problems = list_append(coalesce(problems, []), 'source changed since load'),
                    details = list_append(coalesce(details, []), ?)
             WHERE load_id = ?",
            duckdb::params![
                format!("{file} now has sha256 {}, not {sha256}", fp.sha256),
                load_id
            ],
        )?;
        return Ok(Some(format!(
            "load {load_id}: {file} changed since it was loaded (sha256 {} → {}); its blocks are marked failed",
            &sha256[..12.min(sha256.len())],
            &fp.sha256[..12]
        )));
    }
    let options: serde_json::Value = options
        .as_deref()
        .and_then(|o| serde_json::from_str(o).ok())
        .unwrap_or_default();
    let events_file = options["events"].as_str().map(std::path::PathBuf::from);
    let events = crate::ingest::ledger::event_map(events_file.as_deref())?;
    let format = <LedgerFormat as clap::ValueEnum>::from_str(format, true).map_err(|_| {
        Error::usage(
            format!("load {load_id}: unknown ledger format `{format}`"),
            "reload the file",
        )
    })?;
    let bytes = crate::ingest::source::read_whole(path, &ws.limits)?;
    let parsed = read::parse(format, &bytes, options["chain"].as_str(), &events)
        .map_err(|why| Error::bad_input(path, why, "the file no longer reads as it did"))?;
    ws.conn
        .execute("DELETE FROM ledger_blocks WHERE load_id = ?", [load_id])?;
    ws.conn
        .execute("DELETE FROM ledger_records WHERE load_id = ?", [load_id])?;
    crate::ingest::ledger::store_rows(ws, *load_id, file, &parsed)?;
    Ok(None)
}

/// Block n+1 loaded from one file must link to block n loaded from another. (Links inside one
/// file were checked as it was read.) OpenAttestation documents are not chained.
fn link_across_loads(ws: &Workspace) -> Result<()> {
    ws.conn.execute_batch(
        "CREATE OR REPLACE TEMP TABLE broken_links AS
         WITH chained AS (SELECT * FROM ledger_blocks WHERE family <> 'openattestation'),
         -- first blocks of a file whose predecessor only other files hold
         openers AS (
             SELECT b.* FROM chained b
             WHERE NOT EXISTS (SELECT 1 FROM chained p WHERE p.chain_id = b.chain_id AND p.load_id = b.load_id
                                                        AND p.number = b.number - 1)
               AND EXISTS (SELECT 1 FROM chained p WHERE p.chain_id = b.chain_id AND p.number = b.number - 1))
         SELECT o.chain_id, o.family, o.number, o.prev_hash, o.load_id,
                string_agg(p.hash, ' or ') AS before_hash, o.number - 1 AS before_number,
                string_agg(CAST(p.load_id AS VARCHAR), ', ') AS before_load
         FROM openers o JOIN chained p ON p.chain_id = o.chain_id AND p.number = o.number - 1
         GROUP BY o.chain_id, o.family, o.number, o.prev_hash, o.load_id
         HAVING NOT bool_or(p.hash = o.prev_hash);
         UPDATE ledger_blocks b
            SET verified = false,
                problems = list_append(coalesce(b.problems, []),
                           CASE b.family WHEN 'fabric' THEN 'PreviousHash mismatch' WHEN 'evm' THEN 'parent hash mismatch'
                                         ELSE 'previous hash mismatch' END),
                details = list_append(coalesce(b.details, []),
                          printf('previous hash %s is not the hash %s of block %d (load %s)', x.prev_hash, x.before_hash,
                                 x.before_number, x.before_load))
           FROM broken_links x
          WHERE b.chain_id = x.chain_id AND b.number = x.number AND b.load_id = x.load_id;
         UPDATE ledger_records r SET valid = false
           FROM broken_links x
          WHERE r.chain_id = x.chain_id AND r.block_number = x.number AND r.load_id = x.load_id;
         DROP TABLE broken_links;",
    )?;
    Ok(())
}
