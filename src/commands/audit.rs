//! `clearway audit verify|show`.

use super::Ctx;
use crate::cli::AuditCommand;
use crate::error::{Error, Result};
use crate::output::OutputFormat;
use crate::workspace::{audit, Workspace};

pub fn run(cmd: AuditCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        AuditCommand::Verify => verify(ctx),
        AuditCommand::Show { limit } => show(ctx, limit),
    }
}

fn verify(ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    let v = audit::verify(&ws)?;
    if v.problems.is_empty() {
        println!(
            "audit trail intact: {} records, head #{} {}",
            v.rows, v.head_seq, v.head_hash
        );
        return Ok(0);
    }
    let lines: Vec<String> = v
        .problems
        .iter()
        .map(|p| format!("  #{}: {}", p.seq, p.problem))
        .collect();
    Err(Error::VerifyFailed {
        message: format!("audit trail broken ({} problem(s) in {} records):\n{}", v.problems.len(), v.rows, lines.join("\n")),
        help: "someone changed audit_log outside clearway; compare with a backup or an earlier `audit verify` head hash".into(),
    })
}

fn show(ctx: &Ctx, limit: usize) -> Result<u8> {
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    let sql = "SELECT seq, strftime(recorded_at, '%Y-%m-%d %H:%M:%S') AS recorded_at, actor, command, CAST(detail AS VARCHAR) AS detail
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
        OutputFormat::Table,
        Some(limit),
        &mut out,
    )?;
    Ok(0)
}
