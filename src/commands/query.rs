//! `clearway query`: the analyst's SQL, run read-only, printed or saved in any output format.

use super::Ctx;
use crate::cli::QueryArgs;
use crate::error::{Error, Result};
use crate::export::copy_to;
use crate::output::{write_atomically, OutputFormat};
use crate::sql;
use crate::sql::files::{confine, FileAccess};
use crate::sql::run_query;
use crate::workspace::{audit, Workspace};
use std::io::Write;
use std::path::Path;

pub fn run(args: QueryArgs, ctx: &Ctx) -> Result<u8> {
    let (text, source_name) = match (&args.sql, &args.file) {
        (Some(sql), _) => (sql.clone(), "query".to_string()),
        (None, Some(path)) => {
            let text =
                crate::limits::read_to_string_capped(path).map_err(|source| Error::Read {
                    path: path.clone(),
                    cause: source,
                })?;
            (text, path.display().to_string())
        }
        (None, None) => unreachable!("clap requires SQL or --file"),
    };
    if args.format == OutputFormat::Parquet && args.out.is_none() {
        return Err(Error::usage(
            "--format parquet needs --out FILE",
            "Parquet is binary; name a file to write it to",
        ));
    }
    let ws = Workspace::open_ro(&ctx.workspace, &ctx.engine()?)?;
    sql::statements::require_read_only_query(&ws.conn, &text, &source_name)?;
    let access = FileAccess::resolve(args.files, &ctx.workspace)?;
    let rows = match &args.out {
        Some(path) => write_atomically(path, |tmp| {
            let written_by_duckdb = (args.format == OutputFormat::Parquet).then_some(tmp);
            confine(&ws.conn, access, &ws.path, written_by_duckdb)?;
            run_into_file(&ws, &text, &args, &source_name, tmp)
        })
        .map_err(|e| explain_refused_file(e, access))?,
        None => {
            confine(&ws.conn, access, &ws.path, None)?;
            run_to_stdout(&ws, &text, &args, &source_name)
                .map_err(|e| explain_refused_file(e, access))?
        }
    };
    drop(ws);
    audit::query_record(
        &text,
        &args.params,
        Some(args.format),
        rows,
        args.out.as_deref(),
    )
    .append_after_read(&ctx.workspace, &ctx.engine()?)?;
    if let Some(path) = &args.out {
        ctx.say(format!("wrote {rows} rows to {}", path.display()));
    }
    Ok(0)
}

/// DuckDB's "Permission Error" on a confined query, with what to do about it.
fn explain_refused_file(error: Error, access: FileAccess) -> Error {
    match error {
        Error::Sql {
            message,
            src,
            at,
            ..
        } if access == FileAccess::Workspace && message.contains("Permission Error") => {
            Error::Sql {
                message,
                help: "this query may read only files under the workspace's folder (--files workspace, or [query] files in clearway.toml); move the file there or run with --files any".into(),
                src,
                at,
            }
        }
        other => other,
    }
}

fn run_to_stdout(ws: &Workspace, text: &str, args: &QueryArgs, source_name: &str) -> Result<usize> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let rows = write_rows(ws, text, args, source_name, &mut out)?;
    out.flush()?;
    Ok(rows)
}

/// The query's rows in `args.format`, written to `out`.
fn write_rows(
    ws: &Workspace,
    text: &str,
    args: &QueryArgs,
    source_name: &str,
    out: &mut dyn Write,
) -> Result<usize> {
    run_query(
        &ws.conn,
        text,
        &args.params,
        source_name,
        args.format,
        args.limit,
        out,
    )
}

fn run_into_file(
    ws: &Workspace,
    text: &str,
    args: &QueryArgs,
    source_name: &str,
    tmp: &Path,
) -> Result<usize> {
    if args.format == OutputFormat::Parquet {
        let limited = match args.limit {
            Some(n) => format!("SELECT * FROM ({}\n) LIMIT {n}", sql::statement_body(text)),
            None => sql::statement_body(text).to_string(),
        };
        return copy_to(
            &ws.conn,
            &limited,
            &args.params,
            source_name,
            tmp,
            "FORMAT parquet",
        );
    }
    let file = std::fs::File::create(tmp).map_err(|source| Error::Write {
        path: tmp.to_path_buf(),
        cause: source,
    })?;
    let mut out = std::io::BufWriter::new(file);
    let rows = write_rows(ws, text, args, source_name, &mut out)?;
    out.flush().map_err(|source| Error::Write {
        path: tmp.to_path_buf(),
        cause: source,
    })?;
    Ok(rows)
}
