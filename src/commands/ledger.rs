//! `clearway ledger verify`: the loaded chains re-verified from their source files, block by
//! block, and the links between blocks that came from different files.
//!
//! Verification happens when a file loads; `verify` repeats it from the same bytes — the file
//! named in `loads`, refused if its sha256 changed since — so that a workspace's verdicts can
//! be re-established at any time, and it adds what one file cannot show: whether block n of one
//! file links to block n−1 of another.

use super::Ctx;
use crate::cli::{LedgerCommand, LedgerFailOn, LedgerVerifyArgs, LedgerVerifyFormat};
use crate::error::{Error, Result};
use crate::ingest::source;
use crate::ledger::{read, LedgerFormat};
use crate::workspace::{audit, Workspace};
use std::path::Path;

pub fn run(cmd: LedgerCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        LedgerCommand::Verify(args) => verify(args, ctx),
    }
}

/// A ledger load to verify again: (load id, file, sha256, format, load options).
type LedgerLoad = (i64, String, String, String, Option<String>);

fn verify(args: LedgerVerifyArgs, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace, &ctx.engine()?)?;
    let loads: Vec<LedgerLoad> = {
        let mut stmt = ws.conn.prepare(
            "SELECT l.load_id, l.source_file, l.source_sha256, l.format, CAST(l.mapping AS VARCHAR)
             FROM loads l WHERE l.kind = 'ledger'
               AND (CAST(? AS VARCHAR) IS NULL OR EXISTS (SELECT 1 FROM ledger_blocks b WHERE b.load_id = l.load_id AND b.chain_id = ?))
             ORDER BY l.load_id",
        )?;
        let rows = stmt.query_map(duckdb::params![args.chain, args.chain], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    if loads.is_empty() {
        return Err(Error::usage(
            match &args.chain {
                Some(c) => format!("no loaded ledger has a chain `{c}`"),
                None => "no ledger is loaded in this workspace".into(),
            },
            "load one with `clearway load ledger FILE`",
        ));
    }
    let mut notes = Vec::new();
    ws.in_transaction(|| {
        for load in &loads {
            if let Some(note) = reverify_load(&ws, load)? {
                notes.push(note);
            }
        }
        link_across_loads(&ws)?;
        // issuance and revocation of OpenAttestation documents against the chains now loaded
        crate::ledger::issuance::refresh(&ws.conn).map(|_| ())?;
        Ok(())
    })?;
    let failed: i64 = ws.conn.query_row(
        "SELECT count(*) FROM ledger_blocks WHERE NOT verified AND (CAST(? AS VARCHAR) IS NULL OR chain_id = ?)",
        duckdb::params![args.chain, args.chain],
        |r| r.get(0),
    )?;
    audit::append(
        &ws,
        "ledger verify",
        serde_json::json!({ "chain": args.chain, "loads": loads.len(), "blocks_failed": failed }),
    )?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    print_verdicts(&ws, &args, &notes, &mut out)?;
    Ok(u8::from(
        args.fail_on == Some(LedgerFailOn::Any) && failed > 0,
    ))
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
    let bytes = std::fs::read(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
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

fn print_verdicts(
    ws: &Workspace,
    args: &LedgerVerifyArgs,
    notes: &[String],
    out: &mut dyn std::io::Write,
) -> Result<()> {
    // the analyst's chain is bound, never spliced
    let (filter, chain_params): (&str, Vec<crate::sql::Param>) = match &args.chain {
        Some(c) => (
            "chain_id = $chain",
            vec![crate::sql::Param {
                name: "chain".into(),
                value: c.clone(),
            }],
        ),
        None => ("true", vec![]),
    };
    let bound = "(CAST(? AS VARCHAR) IS NULL OR chain_id = ?)";
    match args.format {
        LedgerVerifyFormat::Fabric => {
            // Fabric's ledgerutil verify: the failed blocks of each chain, in its own JSON
            let text: String = ws.conn.query_row(
                &format!(
                    "SELECT coalesce(CAST(json_group_array(json_object('blockNum', number, 'valid', false, 'errors', problems))
                                 AS VARCHAR), '[]')
                     FROM (SELECT * FROM ledger_blocks WHERE NOT verified AND {} ORDER BY chain_id, number, load_id)",
                    bound
                ),
                duckdb::params![args.chain, args.chain],
                |r| r.get(0),
            )?;
            writeln!(out, "{text}")?;
        }
        LedgerVerifyFormat::Json => {
            let text: String = ws.conn.query_row(
                &format!(
                    "SELECT coalesce(CAST(json_group_array(json_object('chain', chain_id, 'family', family, 'number', number,
                                 'hash', hash, 'verified', verified, 'checked', checked, 'problems', problems, 'details', details, 'load_id', load_id))
                                 AS VARCHAR), '[]')
                     FROM (SELECT * FROM ledger_blocks WHERE {} ORDER BY chain_id, number, load_id)",
                    bound
                ),
                duckdb::params![args.chain, args.chain],
                |r| r.get(0),
            )?;
            writeln!(
                out,
                "{{\"notes\": {}, \"blocks\": {text}}}",
                serde_json::json!(notes)
            )?;
        }
        LedgerVerifyFormat::Table => {
            for note in notes {
                writeln!(out, "note: {note}")?;
            }
            crate::sql::run_query(
                &ws.conn,
                &format!(
                    "SELECT chain_id AS chain, any_value(family) AS family, count(*) AS blocks,
                            count(*) FILTER (WHERE verified) AS verified,
                            count(*) FILTER (WHERE NOT verified AND problems = ['header only']) AS header_only,
                            count(*) FILTER (WHERE NOT verified AND problems <> ['header only']) AS failed,
                            min(number) AS first, max(number) AS last
                     FROM ledger_blocks WHERE {filter} GROUP BY chain_id ORDER BY chain_id"
                ),
                &chain_params,
                "ledger verify",
                crate::output::OutputFormat::Table,
                None,
                out,
            )?;
            let failed: i64 = ws.conn.query_row(
                &format!(
                    "SELECT count(*) FROM ledger_blocks WHERE NOT verified AND {}",
                    bound
                ),
                duckdb::params![args.chain, args.chain],
                |r| r.get(0),
            )?;
            let documents: i64 = ws.conn.query_row(
                &format!(
                    "SELECT count(*) FROM ledger_blocks WHERE family = 'openattestation' AND {}",
                    bound
                ),
                duckdb::params![args.chain, args.chain],
                |r| r.get(0),
            )?;
            if documents > 0 {
                // every document's verdict in full, what holds and what was not checked too
                writeln!(out, "\nOpenAttestation documents:")?;
                let mut stmt = ws.conn.prepare(&format!(
                    "SELECT chain_id, number, hash, verified, CAST(to_json(coalesce(details, [])) AS VARCHAR)
                     FROM ledger_blocks WHERE family = 'openattestation' AND {bound}
                     ORDER BY chain_id, load_id, number"
                ))?;
                let rows = stmt.query_map(duckdb::params![args.chain, args.chain], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, bool>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })?;
                for row in rows {
                    let (chain, number, root, verified, details) = row?;
                    writeln!(
                        out,
                        "  {chain} document {number} (merkleRoot {root}): {}",
                        if verified { "verified" } else { "FAILED" }
                    )?;
                    let details: Vec<String> = serde_json::from_str(&details).unwrap_or_default();
                    for d in details {
                        writeln!(out, "      {d}")?;
                    }
                }
            }
            if failed > 0 {
                writeln!(out, "\nblocks not verified:")?;
                crate::sql::run_query(
                    &ws.conn,
                    &format!(
                        "SELECT chain_id AS chain, number AS block, array_to_string(problems, '; ') AS problems,
                                array_to_string(details, '; ') AS details
                         FROM ledger_blocks WHERE NOT verified AND {filter} ORDER BY chain_id, number"
                    ),
                    &chain_params,
                    "ledger verify",
                    crate::output::OutputFormat::Table,
                    None,
                    out,
                )?;
            }
        }
    }
    Ok(())
}
