//! `clearway lake export|verify`: the workspace as a Parquet lake ([`crate::lake`] does the
//! work; this file reads the arguments and says what was done).

use super::Ctx;
use crate::cli::{LakeCommand, LakeExportArgs};
use crate::error::{Error, Result};
use crate::lake::{self, ExportRequest};
use crate::output::report::{self, Summary};
use crate::output::ReportFormat;
use crate::workspace::Workspace;
use std::path::Path;

pub fn run(cmd: LakeCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        LakeCommand::Export(args) => export(args, ctx),
        LakeCommand::Verify { dir, format } => verify(&dir, format, ctx),
    }
}

fn export(args: LakeExportArgs, ctx: &Ctx) -> Result<u8> {
    let engine = ctx.engine()?;
    let ws = Workspace::open_ro(&ctx.workspace, &engine)?;
    let guard = crate::interrupt::install(&ws.conn)?;
    let request = ExportRequest {
        out: args.out.clone(),
        tables: args.tables,
        since: args.since,
        progress: ctx.progress,
    };
    let exported = lake::export(&ws, &request).map_err(crate::interrupt::explain)?;
    drop(guard);
    drop(ws);
    exported.record.append_after_read(&ctx.workspace, &engine)?;
    let m = &exported.manifest;
    let total_rows: u64 = m.tables.values().map(|t| t.rows).sum();
    ctx.say(format!(
        "{} {} files ({} rows) to {}; the lake holds {} tables, {} rows, loads up to {}",
        if args.since.is_some() {
            "appended"
        } else {
            "exported"
        },
        exported.files_written,
        exported.rows_written,
        args.out.display(),
        m.tables.len(),
        total_rows,
        m.up_to_load
    ));
    Ok(0)
}

/// As `audit verify`: every format but the table prints the verification, intact or not; a
/// lake that does not match is then also the error of exit code 1.
fn verify(dir: &Path, format: ReportFormat, ctx: &Ctx) -> Result<u8> {
    let v = lake::verify(dir, ctx.progress)?;
    if v.problems.is_empty() || format != ReportFormat::Table {
        let text = format!(
            "ok: {} matches its manifest ({} files, {} bytes, {} rows, loads up to {})\n",
            dir.display(),
            v.files,
            v.bytes,
            v.rows,
            v.up_to_load
        );
        report::print_before_verdict(format, &Summary::new(serde_json::json!(v), text))?;
    }
    if v.problems.is_empty() {
        return Ok(0);
    }
    let lines: Vec<String> = v
        .problems
        .iter()
        .map(|p| format!("  {}: {}", p.path, p.problem))
        .collect();
    Err(Error::VerifyFailed {
        message: format!(
            "{} does not match its manifest ({} problem(s) in {} files):\n{}",
            dir.display(),
            lines.len(),
            v.files,
            lines.join("\n")
        ),
        help: "the lake was changed after it was written: export it again (`clearway lake export --out DIR`) or restore it from a copy".into(),
    })
}
