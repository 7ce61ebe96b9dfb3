//! `clearway ledger verify`: the loaded chains re-verified from their source files by
//! [`crate::ledger::reverify`]; this file prints the verdicts (a table, JSON, or Fabric's own
//! `ledgerutil verify` JSON) and turns `--fail-on` into the exit code.

use super::Ctx;
use crate::cli::{LedgerCommand, LedgerFailOn, LedgerVerifyArgs, LedgerVerifyFormat};
use crate::error::Result;
use crate::output::report::{self, Summary};
use crate::output::ReportFormat;
use crate::workspace::Workspace;

pub fn run(cmd: LedgerCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        LedgerCommand::Verify(args) => verify(args, ctx),
    }
}

fn verify(args: LedgerVerifyArgs, ctx: &Ctx) -> Result<u8> {
    let ws = ctx.open_for_reading_files()?;
    let done = crate::ledger::reverify::reverify(&ws, args.chain.as_deref())?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // a reader that stops early does not turn failed blocks into exit 0
    report::ignore_closed_pipe(print_verdicts(&ws, &args, &done, &mut out))?;
    Ok(u8::from(
        args.fail_on == Some(LedgerFailOn::Any) && done.blocks_failed > 0,
    ))
}

fn print_verdicts(
    ws: &Workspace,
    args: &LedgerVerifyArgs,
    done: &crate::ledger::reverify::Reverified,
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
        LedgerVerifyFormat::Json
        | LedgerVerifyFormat::Csv
        | LedgerVerifyFormat::Ndjson
        | LedgerVerifyFormat::Markdown => {
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
            let blocks: Vec<serde_json::Value> = serde_json::from_str(&text)
                .map_err(|e| crate::error::Error::Io(std::io::Error::other(e)))?;
            let value = serde_json::json!({"notes": done.notes, "blocks": blocks});
            let format = match args.format {
                LedgerVerifyFormat::Csv => ReportFormat::Csv,
                LedgerVerifyFormat::Ndjson => ReportFormat::Ndjson,
                LedgerVerifyFormat::Markdown => ReportFormat::Markdown,
                _ => ReportFormat::Json,
            };
            // the table is printed below, as it streams; this text is never asked for
            let printed = Summary::new(value, String::new()).with_records(blocks);
            report::write(format, &printed, out)?;
        }
        LedgerVerifyFormat::Table => {
            for note in &done.notes {
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
            if done.blocks_failed > 0 {
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
