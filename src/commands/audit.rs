//! `clearway audit verify|show`.

use super::Ctx;
use crate::cli::AuditCommand;
use crate::error::{Error, Result};
use crate::output::report::{self, Summary};
use crate::output::{OutputFormat, ReportFormat};
use crate::workspace::{audit, Workspace};

pub fn run(cmd: AuditCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        AuditCommand::Verify { format } => verify(ctx, format),
        AuditCommand::Show { limit, format } => show(ctx, limit, format),
    }
}

/// The verification is printed in full in every format but the table, broken or not (a CI job
/// parses it); a broken trail is then also the error of exit code 1.
fn verify(ctx: &Ctx, format: ReportFormat) -> Result<u8> {
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    let v = audit::verify(&ws)?;
    let intact = v.problems.is_empty() && v.refused.is_empty();
    if intact || format != ReportFormat::Table {
        let mut text = String::new();
        push_line!(
            text,
            "audit trail intact: {} records, head #{} {}",
            v.rows,
            v.head_seq,
            v.head_hash
        );
        push_line!(text, "{}", keyed_summary(&v));
        push_line!(text, "{}", checkpoint_summary(&v));
        let mut value = serde_json::json!(v);
        value["intact"] = serde_json::json!(intact);
        report::print_before_verdict(format, &Summary::new(value, text))?;
    }
    if intact {
        return Ok(0);
    }
    let lines: Vec<String> = v
        .problems
        .iter()
        .map(|p| match p.seq {
            0 => format!("  {}", p.problem),
            seq => format!("  #{seq}: {}", p.problem),
        })
        .chain(v.refused.iter().map(|r| format!("  {r}")))
        .collect();
    Err(Error::VerifyFailed {
        message: format!(
            "audit trail broken ({} problem(s) in {} records):\n{}",
            lines.len(),
            v.rows,
            lines.join("\n")
        ),
        help: "rows, checkpoints or queued records were changed outside clearway, or written with a key you do not hold (each line says which); compare with a backup. Refused queued records are kept in WORKSPACE.audit-refused.ndjson: move that file aside once reviewed".into(),
    })
}

/// Which rows the key vouches for.
fn keyed_summary(v: &audit::Verification) -> String {
    match v.keyed_from {
        Some(1) => format!("keyed chain from #1, this key {}", v.key_id),
        Some(k) => format!(
            "rows #1 to #{} predate the keyed chain (plain SHA-256, schema version < 15): they can be rewritten by anyone who rewrites them all up to #{k}, which is keyed; keyed chain from #{k}, this key {}",
            k - 1,
            v.key_id
        ),
        None if v.rows == 0 => format!("no records yet, this key {}", v.key_id),
        None => format!(
            "no keyed rows yet: all {} records are plain SHA-256 (schema version < 15) and could be rewritten undetected; this key {}",
            v.rows, v.key_id
        ),
    }
}

/// What the checkpoint store said.
fn checkpoint_summary(v: &audit::Verification) -> String {
    match (&v.checkpoint, &v.checkpoint_file) {
        (Some(c), _) => format!(
            "checkpoint #{} of {} matches ({})",
            c.seq, c.written_at, c.file
        ),
        (None, Some(file)) => format!(
            "no checkpoint at {file}: deleting the newest rows would not be detected by this verifier"
        ),
        (None, None) => "no checkpoint".into(),
    }
}

fn show(ctx: &Ctx, limit: usize, format: ReportFormat) -> Result<u8> {
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    // `detail` is JSON: the JSON formats embed it as an object, the others show its text
    let sql = "SELECT seq, strftime(recorded_at, '%Y-%m-%d %H:%M:%S') AS recorded_at, actor, command, detail
               FROM audit_log ORDER BY seq DESC LIMIT $limit";
    let params = [crate::sql::Param {
        name: "limit".into(),
        value: limit.to_string(),
    }];
    let mut out = std::io::stdout().lock();
    crate::sql::run_query(
        &ws.conn,
        sql,
        &params,
        "audit show",
        OutputFormat::from(format),
        Some(limit),
        &mut out,
    )?;
    Ok(0)
}
