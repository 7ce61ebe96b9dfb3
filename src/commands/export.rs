//! `clearway export`: a table or a query to CSV, Parquet or NDJSON with its provenance sidecar,
//! and `export verify` to re-check a file against it. The work is [`crate::export`]'s (the
//! TUI's Export writes through it too); this file reads the arguments and says what was done.

use super::Ctx;
use crate::cli::{ExportArgs, ExportCommand};
use crate::error::Result;
use crate::export::{export, format_from_extension, sidecar_path};
use crate::sql;
use crate::workspace::Workspace;

pub fn run(args: ExportArgs, ctx: &Ctx) -> Result<u8> {
    if let Some(ExportCommand::Verify { file, report }) = args.verify {
        return verify(&file, report, &ctx.engine()?);
    }
    let out = args.out.clone().expect("clap requires --out");
    let format = match args.format {
        Some(f) => f,
        None => format_from_extension(&out)?,
    };
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    let query = match (&args.table, &args.query) {
        (Some(table), _) => sql::select_all(&ws.conn, table)?,
        (None, Some(q)) => sql::statement_body(q).to_string(),
        (None, None) => unreachable!("clap requires TABLE or --query"),
    };
    let exported = export(&ws, &query, &args.params, format, &out)?;
    drop(ws);
    exported
        .record
        .append_after_read(&ctx.workspace, &ctx.engine()?)?;
    ctx.say(format!(
        "exported {} rows to {} (provenance: {})",
        exported.provenance.rows,
        out.display(),
        sidecar_path(&out).display()
    ));
    Ok(0)
}

fn verify(
    file: &std::path::Path,
    format: crate::output::ReportFormat,
    engine: &crate::workspace::EngineConfig,
) -> Result<u8> {
    let provenance = crate::export::verify(file, engine)?;
    let text = format!(
        "ok: {} matches its provenance ({} rows, sha256 {})\n",
        file.display(),
        provenance.rows,
        provenance.sha256
    );
    let value = serde_json::json!({"file": file, "matches": true, "provenance": provenance});
    crate::output::report::print(format, &crate::output::report::Summary::new(value, text))?;
    Ok(0)
}
