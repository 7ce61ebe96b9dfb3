//! `clearway load declarations|telemetry|ledger FILE...`: one load (and one transaction) per file.
//!
//! A run of several files is resumable: a file whose bytes are already loaded is skipped with
//! a note when other files are given, so that the same command run again after an
//! interruption in file 2 loads files 2 and 3 instead of stopping at file 1. (One file given
//! alone that is already loaded is still refused: there is nothing else the user could mean.)
//! SIGINT and SIGTERM roll the current file back and end the run (`crate::interrupt`).

use super::Ctx;
use crate::cli::{LoadCommand, LoadDeclarationsArgs};
use crate::error::{Error, Result};
use crate::ingest::declarations::{self, LoadOptions};
use crate::ingest::LoadReport;
use crate::output::report::{self, Each, Rendered};
use crate::output::{group_thousands, ReportFormat};

pub fn run(cmd: LoadCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        LoadCommand::Declarations(args) => load_declarations(args, ctx),
        LoadCommand::Telemetry(args) => load_telemetry(args, ctx),
        LoadCommand::Ledger(args) => load_ledger(args, ctx),
    }
}

fn load_ledger(args: crate::cli::LoadLedgerArgs, ctx: &Ctx) -> Result<u8> {
    let ws = ctx.open_for_reading_files()?;
    // an unreadable events file is an error before anything loads
    crate::ingest::ledger::event_map(args.events.as_deref())?;
    let _signals = crate::interrupt::install(&ws.conn)?;
    load_each(
        &args.files,
        args.report,
        |file| {
            crate::ingest::ledger::load(
                &ws,
                file,
                args.format,
                args.force,
                args.chain.as_deref(),
                args.events.as_deref(),
                args.on_duplicate,
            )
        },
        crate::ingest::ledger::render,
    )
}

fn load_telemetry(args: crate::cli::LoadTelemetryArgs, ctx: &Ctx) -> Result<u8> {
    let ws = ctx.open_for_reading_files()?;
    let _signals = crate::interrupt::install(&ws.conn)?;
    load_each(
        &args.files,
        args.report,
        |file| {
            crate::ingest::telemetry::load(
                &ws,
                file,
                args.format,
                args.force,
                args.mapping.as_deref(),
                args.on_duplicate,
            )
        },
        crate::ingest::telemetry::render,
    )
}

fn load_declarations(args: LoadDeclarationsArgs, ctx: &Ctx) -> Result<u8> {
    // clearway.toml's [engine] or --memory-limit, when given, override the load's own limit;
    // an out-of-memory error names the limit the load ran under.
    let engine = ctx.engine_with(crate::workspace::EngineConfig {
        memory_limit: declarations::LOAD_MEMORY_LIMIT.to_string(),
        ..crate::workspace::EngineConfig::default()
    })?;
    load_declarations_with(args, ctx, &engine)
        .map_err(|e| e.with_memory_limit(&engine.memory_limit))
}

fn load_declarations_with(
    args: LoadDeclarationsArgs,
    ctx: &Ctx,
    engine: &crate::workspace::EngineConfig,
) -> Result<u8> {
    let ws = ctx.open_for_reading_files_with(engine)?;
    let opts = LoadOptions {
        mapping: args.mapping.clone(),
        force: args.force,
        format: args.format,
        progress: ctx.progress,
        on_duplicate: args.on_duplicate,
        csv_limits: crate::ingest::csv_repair::CsvLimits::resolve(&ctx.workspace)?,
    };
    let _signals = crate::interrupt::install(&ws.conn)?;
    load_each(
        &args.files,
        args.report,
        |file| declarations::load(&ws, file, &opts),
        render_report,
    )
}

/// Loads every file in turn (each its own transaction: a failure stops before the next file,
/// the earlier ones stay loaded). The table and NDJSON print each file's report as it is
/// loaded; JSON, CSV and Markdown print all of them at the end. Among several files, one
/// already loaded is skipped with a note (see the module docs).
fn load_each<R: serde::Serialize>(
    files: &[std::path::PathBuf],
    format: ReportFormat,
    mut load: impl FnMut(&std::path::Path) -> Result<R>,
    render: fn(&R) -> String,
) -> Result<u8> {
    let mut reports = Vec::new();
    for file in files {
        let loaded = crate::interrupt::check().and_then(|()| load(file));
        let report = match loaded.map_err(crate::interrupt::explain) {
            Ok(report) => report,
            Err(Error::AlreadyLoaded { load_id, .. }) if files.len() > 1 => {
                eprintln!(
                    "note: skipped {}: already loaded (load {load_id})",
                    file.display()
                );
                continue;
            }
            Err(e) => return Err(e.nothing_loaded_from(file)),
        };
        if matches!(format, ReportFormat::Table | ReportFormat::Ndjson) {
            let one = Rendered {
                value: &report,
                text: render,
            };
            report::print(format, &one)?;
        }
        reports.push(report);
    }
    if !matches!(format, ReportFormat::Table | ReportFormat::Ndjson) {
        let all = Each {
            items: &reports,
            text: render,
        };
        report::print(format, &all)?;
    }
    Ok(0)
}

/// The human load report.
pub fn render_report(r: &LoadReport) -> String {
    let mut s = String::new();
    let mut line = |text: String| {
        s.push_str(&text);
        s.push('\n');
    };
    line(format!("load {} · {}", r.load_id, r.file));
    line(format!(
        "  format    {} · {} · {} bytes · sha256 {}",
        r.format,
        r.encoding,
        group_thousands(r.bytes as i64),
        &r.sha256[..16]
    ));
    if let Some(d) = &r.dialect {
        line(format!(
            "  dialect   delimiter {:?} · quote {:?} · header {} · skipped lines {}",
            d.delimiter,
            d.quote,
            if d.has_header { "yes" } else { "no" },
            d.skip_rows
        ));
        if d.repaired {
            line("            read through clearway's CSV repair (DuckDB's sniffer could not read the file as it is)".into());
        }
    }
    line(format!(
        "  mapping   {} ({} columns mapped)",
        r.profile,
        r.mapped.len()
    ));
    let (same, renamed): (Vec<_>, Vec<_>) = r
        .mapped
        .iter()
        .partition(|m| m.source == m.target && m.transform.is_empty());
    if !same.is_empty() {
        let names: Vec<&str> = same.iter().map(|m| m.source.as_str()).collect();
        line(format!("              by name: {}", names.join(", ")));
    }
    for m in renamed {
        let t = if m.transform.is_empty() {
            String::new()
        } else {
            format!("  [{}]", m.transform)
        };
        line(format!("              {} → {}{t}", m.source, m.target));
    }
    for (target, value) in &r.constants {
        line(format!("              = {value:?} → {target}"));
    }
    if !r.extra_columns.is_empty() {
        line(format!("  kept in extra  {}", r.extra_columns.join(", ")));
    }
    line(format!(
        "  rows      read {} = loaded {} + duplicates {} + rejected {}",
        group_thousands(r.rows_read),
        group_thousands(r.rows_loaded),
        group_thousands(r.rows_duplicate),
        group_thousands(r.rows_rejected)
    ));
    for text in r.duplicates.render(r.load_id) {
        line(format!("              {text}"));
    }
    for rc in &r.rejects_by_reason {
        line(format!(
            "              rejected by {}: {}",
            rc.reason,
            group_thousands(rc.rows)
        ));
    }
    if r.rows_rejected > 0 {
        line(format!(
            "              see: clearway query \"SELECT * FROM rejects WHERE load_id = {}\"",
            r.load_id
        ));
    }
    for w in &r.warnings {
        line(format!("  warning   {w}"));
    }
    line(format!("  took      {:.2} s", r.seconds));
    s
}
