//! `clearway query`: the analyst's SQL, run read-only, printed or saved in any output format.

use super::Ctx;
use crate::cli::QueryArgs;
use crate::error::{Error, Result};
use crate::export::copy_to;
use crate::output::{write_atomically, OutputFormat};
use crate::sql;
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
    let rows = match &args.out {
        Some(path) => write_atomically(path, |tmp| {
            run_into_file(&ws, &text, &args, &source_name, tmp)
        })?,
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let rows = run_query(
                &ws.conn,
                &text,
                &args.params,
                &source_name,
                args.format,
                args.limit,
                &mut out,
            )?;
            out.flush()?;
            rows
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

fn run_into_file(
    ws: &Workspace,
    text: &str,
    args: &QueryArgs,
    source_name: &str,
    tmp: &Path,
) -> Result<usize> {
    if args.format == OutputFormat::Parquet {
        let limited = match args.limit {
            Some(n) => format!("SELECT * FROM ({}) LIMIT {n}", sql::statement_body(text)),
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
    let rows = run_query(
        &ws.conn,
        text,
        &args.params,
        source_name,
        args.format,
        args.limit,
        &mut out,
    )?;
    out.flush().map_err(|source| Error::Write {
        path: tmp.to_path_buf(),
        cause: source,
    })?;
    Ok(rows)
}
