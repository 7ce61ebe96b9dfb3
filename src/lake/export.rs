//! `lake export`: the canonical tables into a staging folder, the manifest, and the swap into
//! place (the module docs of [`crate::lake`] say why each step is as it is).

use super::manifest::{file_path, ExportEntry, FileEntry, LoadEntry, Manifest, TableEntry};
use super::{LakeTable, Partitioning, LAKE_VERSION, TABLES};
use crate::error::{Error, Result};
use crate::sql::{self, Param};
use crate::workspace::{audit, Workspace};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The lake folder (created, or replaced when it holds a lake).
    pub out: PathBuf,
    /// Only these tables [default: all of [`TABLES`]].
    pub tables: Option<Vec<String>>,
    /// Append the rows of loads after this one to the lake at `out`.
    pub since: Option<i64>,
    /// Draw a progress bar.
    pub progress: bool,
}

/// An export done.
pub struct Exported {
    pub manifest: Manifest,
    pub files_written: usize,
    pub rows_written: u64,
    /// The audit record for the front end to append.
    pub record: audit::Record,
}

/// Exports the workspace as a lake (see [`crate::lake`]).
pub fn export(ws: &Workspace, request: &ExportRequest) -> Result<Exported> {
    let tables = chosen_tables(request.tables.as_deref())?;
    let up_to_load: i64 =
        ws.conn
            .query_row("SELECT coalesce(max(load_id), 0) FROM loads", [], |r| {
                r.get(0)
            })?;
    let workspace_id = audit::workspace_id(ws)?;
    let previous = match request.since {
        Some(since) => Some(previous_lake(ws, request, &tables, since, &workspace_id)?),
        None => {
            refuse_to_replace_a_non_lake(&request.out)?;
            None
        }
    };
    let staging = staging_folder(&request.out)?;
    let since = request.since;
    if let Some(previous) = &previous {
        link_previous_files(previous, &request.out, staging.path(), &tables)?;
    }

    let bar = bar(request.progress, tables.len());
    let mut written: Vec<(String, Vec<Written>)> = Vec::new();
    for table in &tables {
        bar.set_message(table.name);
        crate::interrupt::check()?;
        written.push((
            table.name.to_string(),
            write_table(ws, table, staging.path(), since, up_to_load)?,
        ));
        bar.inc(1);
    }
    bar.set_message("sha256");
    let hashed = hash_all(staging.path(), written)?;
    bar.finish_and_clear();

    let mut manifest_tables: BTreeMap<String, TableEntry> = BTreeMap::new();
    let mut files_written = 0;
    let mut rows_written = 0;
    for (table, (schema_file, files)) in hashed {
        let spec = super::table(&table).expect("a lake table");
        files_written += files.len() + 1;
        rows_written += files.iter().map(|f| f.rows).sum::<u64>();
        let kept = previous
            .as_ref()
            .filter(|_| spec.by_load)
            .and_then(|p| p.tables.get(&table))
            .map(|t| t.files.clone())
            .unwrap_or_default();
        let files: Vec<FileEntry> = kept.into_iter().chain(files).collect();
        manifest_tables.insert(
            table.clone(),
            TableEntry {
                partitioned_by: spec.partitioning.names(),
                rows: files.iter().map(|f| f.rows).sum(),
                rows_by_load: rows_by_load(ws, spec, None)?,
                schema_file,
                files,
            },
        );
    }
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut exports = previous.map(|p| p.exports).unwrap_or_default();
    exports.push(ExportEntry {
        since,
        up_to_load,
        at: now,
        files_written,
        rows_written,
    });
    let manifest = Manifest {
        format: "clearway-lake".into(),
        lake_version: LAKE_VERSION,
        workspace_schema_version: crate::workspace::schema::CURRENT_VERSION,
        clearway_version: crate::VERSION.to_string(),
        duckdb_version: ws.conn.query_row("SELECT version()", [], |r| r.get(0))?,
        workspace: crate::ingest::source::absolute(&ws.path),
        workspace_id,
        up_to_load,
        exports,
        loads: loads_in_lake(ws, up_to_load)?,
        tables: manifest_tables,
    };
    manifest.write(staging.path())?;
    crate::failpoint::hit(crate::failpoint::LAKE_SWAP)?;
    crate::interrupt::check()?;
    swap_into_place(staging, &request.out)?;
    let record = audit::Record {
        command: "lake export",
        detail: serde_json::json!({
            "out": crate::ingest::source::absolute(&request.out),
            "since": since, "up_to_load": up_to_load,
            "tables": manifest.tables.keys().collect::<Vec<_>>(),
            "files_written": files_written, "rows_written": rows_written,
        }),
    };
    Ok(Exported {
        manifest,
        files_written,
        rows_written,
        record,
    })
}

/// The tables asked for, in lake order; an unknown name is a usage error.
fn chosen_tables(asked: Option<&[String]>) -> Result<Vec<&'static LakeTable>> {
    let Some(asked) = asked else {
        return Ok(TABLES.iter().collect());
    };
    for name in asked {
        if super::table(name).is_none() {
            return Err(Error::usage(
                format!("--tables: {name:?} is not a table of the lake"),
                format!("the lake tables are {}", super::table_names()),
            ));
        }
    }
    Ok(TABLES
        .iter()
        .filter(|t| asked.iter().any(|a| a == t.name))
        .collect())
}

/// A full export replaces what is at `out` only when that is a lake or an empty folder: never
/// a folder of someone's files named by mistake.
fn refuse_to_replace_a_non_lake(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let refuse = |what: &str| {
        Err(Error::usage(
            format!("{} {what}", out.display()),
            "name a new folder, an empty one or an earlier lake; clearway replaces only those",
        ))
    };
    if !out.is_dir() {
        return refuse("exists and is not a folder");
    }
    if out.join(super::MANIFEST_PATH).is_file() {
        return Ok(());
    }
    let empty = std::fs::read_dir(out)
        .map_err(|cause| Error::Read {
            path: out.to_path_buf(),
            cause,
        })?
        .next()
        .is_none();
    if empty {
        Ok(())
    } else {
        refuse("holds files and is not a clearway lake (no _clearway/manifest.json)")
    }
}

/// The lake at `out` that `--since SINCE` appends to, after checking that appending the rows
/// of loads after SINCE gives exactly the workspace's rows: same workspace, same tables, SINCE
/// its last load, every load it holds unchanged, its files present.
fn previous_lake(
    ws: &Workspace,
    request: &ExportRequest,
    tables: &[&LakeTable],
    since: i64,
    workspace_id: &Option<String>,
) -> Result<Manifest> {
    let manifest = super::Manifest::read(&request.out)?;
    let path = request.out.join(super::MANIFEST_PATH);
    let refuse = |message: String, help: &str| Err(Error::input_refused(&path, message, help));
    if manifest.workspace_id != *workspace_id {
        return refuse(
            "the lake was exported from another workspace (its audit identity differs)".into(),
            "append only from the workspace that wrote the lake, or export this one whole (without --since)",
        );
    }
    if manifest.workspace_schema_version != crate::workspace::schema::CURRENT_VERSION {
        return refuse(
            format!(
                "the lake's tables follow workspace schema version {}, this workspace is at {}",
                manifest.workspace_schema_version,
                crate::workspace::schema::CURRENT_VERSION
            ),
            "appending would mix two column sets in one table: export the lake whole (without --since)",
        );
    }
    if since != manifest.up_to_load {
        return refuse(
            format!("--since {since}: the lake holds the loads up to {}", manifest.up_to_load),
            &format!(
                "pass --since {} to add the loads after it (another value would double or skip rows)",
                manifest.up_to_load
            ),
        );
    }
    let names: Vec<&str> = tables.iter().map(|t| t.name).collect();
    let held: Vec<&str> = manifest.tables.keys().map(String::as_str).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    if sorted != held {
        return refuse(
            format!(
                "the lake holds the tables {}, not {}",
                held.join(", "),
                names.join(", ")
            ),
            "with --since, leave out --tables or name the lake's own tables",
        );
    }
    // the loads must be the same loads, not only as many rows: a workspace restored from a
    // backup reuses load ids for other files
    let held = loads_in_lake(ws, since)?;
    if held != manifest.loads {
        let differing = held
            .iter()
            .zip(&manifest.loads)
            .find(|(a, b)| a != b)
            .map(|(a, _)| a.load_id)
            .or_else(|| held.get(manifest.loads.len()).map(|l| l.load_id))
            .or_else(|| manifest.loads.get(held.len()).map(|l| l.load_id));
        return refuse(
            format!(
                "the lake's loads up to {since} are not this workspace's (load {} differs: another file, kind or table)",
                differing.map_or("?".into(), |l| l.to_string())
            ),
            "a restored or rebuilt workspace reuses load ids: export the lake whole (without --since)",
        );
    }
    for table in tables.iter().filter(|t| t.by_load) {
        let now = rows_by_load(ws, table, Some(since))?;
        let then = &manifest.tables[table.name].rows_by_load;
        if let Some(changed) = first_difference(then, &now) {
            return refuse(
                format!(
                    "table {}: load {changed} has {} rows in the workspace and {} in the lake (replaced by a later load, or removed)",
                    table.name,
                    now.get(&changed).copied().unwrap_or(0),
                    then.get(&changed).copied().unwrap_or(0)
                ),
                "appending would leave rows in the lake that the workspace no longer has: export the lake whole (without --since)",
            );
        }
    }
    for file in manifest.files() {
        let on_disk = std::fs::metadata(file_path(&request.out, &file.path)).map(|m| m.len());
        if on_disk.ok() != Some(file.bytes) {
            return refuse(
                format!("{} is missing or changed size", file.path),
                "check the lake with `clearway lake verify`, or export it whole (without --since)",
            );
        }
    }
    Ok(manifest)
}

/// The first load whose row count differs between two tallies.
fn first_difference(a: &BTreeMap<i64, u64>, b: &BTreeMap<i64, u64>) -> Option<i64> {
    a.keys()
        .chain(b.keys())
        .copied()
        .filter(|k| a.get(k) != b.get(k))
        .min()
}

/// Rows per load of a table that carries load ids (at or before `up_to`, when given); empty
/// for tables written whole. Rows of a load `loads` does not know — left by a load that failed
/// and not yet removed (`ingest::session`) — are not the workspace's and are not exported.
fn rows_by_load(
    ws: &Workspace,
    table: &LakeTable,
    up_to: Option<i64>,
) -> Result<BTreeMap<i64, u64>> {
    if !table.by_load {
        return Ok(BTreeMap::new());
    }
    let sql = format!(
        "SELECT load_id, count(*) FROM {} WHERE load_id IN (SELECT load_id FROM loads) AND load_id <= $up_to GROUP BY load_id",
        sql::ident(table.name)
    );
    let params = [Param::new("up_to", up_to.unwrap_or(i64::MAX))];
    let (mut stmt, bindings) = sql::prepare(&ws.conn, &sql, &params, "lake export")?;
    let rows = stmt.query_map(&bindings, |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as u64))
    })?;
    Ok(rows.collect::<Result<BTreeMap<_, _>, _>>()?)
}

/// The folder the new lake is built in: hidden, beside `out` (so the swap is a rename on one
/// file system), removed when dropped — after a failure, or holding the old lake after the swap.
fn staging_folder(out: &Path) -> Result<tempfile::TempDir> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|cause| Error::Write {
        path: parent.to_path_buf(),
        cause,
    })?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lake".into());
    tempfile::Builder::new()
        .prefix(&format!(".{name}.staging-"))
        .tempdir_in(parent)
        .map_err(|cause| Error::Write {
            path: parent.to_path_buf(),
            cause,
        })
}

/// Hard links (a copy where the file system has none) of the previous lake's data files of
/// the tables appended by load; the others are written whole again.
fn link_previous_files(
    previous: &Manifest,
    lake: &Path,
    staging: &Path,
    tables: &[&LakeTable],
) -> Result<()> {
    for table in tables.iter().filter(|t| t.by_load) {
        for file in &previous.tables[table.name].files {
            let from = file_path(lake, &file.path);
            let to = file_path(staging, &file.path);
            create_parent(&to)?;
            if to.exists() {
                return Err(Error::Write {
                    path: to,
                    cause: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "listed twice"),
                });
            }
            // a copy only where the file system has no hard links (never over a file)
            if std::fs::hard_link(&from, &to).is_err() {
                let mut source = std::fs::File::open(&from).map_err(|cause| Error::Read {
                    path: from.clone(),
                    cause,
                })?;
                let mut target = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&to)
                    .map_err(|cause| Error::Write {
                        path: to.clone(),
                        cause,
                    })?;
                std::io::copy(&mut source, &mut target).map_err(|cause| Error::Write {
                    path: to.clone(),
                    cause,
                })?;
            }
        }
    }
    Ok(())
}

fn create_parent(path: &Path) -> Result<()> {
    let parent = path.parent().expect("a file in a folder");
    std::fs::create_dir_all(parent).map_err(|cause| Error::Write {
        path: parent.to_path_buf(),
        cause,
    })
}

/// True when `table` holds rows of a load `loads` does not know (see [`rows_by_load`]).
fn has_rows_of_unknown_loads(ws: &Workspace, table: &LakeTable) -> Result<bool> {
    let sql = format!(
        "SELECT count(*) > 0 FROM {} WHERE load_id IS NULL OR load_id NOT IN (SELECT load_id FROM loads)",
        sql::ident(table.name)
    );
    Ok(ws.conn.query_row(&sql, [], |r| r.get(0))?)
}

/// A file DuckDB wrote: its path relative to the lake and its row count.
struct Written {
    relative: String,
    rows: u64,
}

/// Writes one table's schema file (`_clearway/schema/<table>.parquet`) and its data files
/// (`<table>/…`) into `staging`.
fn write_table(
    ws: &Workspace,
    table: &LakeTable,
    staging: &Path,
    since: Option<i64>,
    up_to_load: i64,
) -> Result<Vec<Written>> {
    let name = table.name;
    let ident = sql::ident(name);
    let schema_relative = super::manifest::schema_path(name);
    let schema = file_path(staging, &schema_relative);
    create_parent(&schema)?;
    copy(
        ws,
        &format!("SELECT * FROM {ident} LIMIT 0"),
        &[],
        &schema,
        "",
    )?;
    let mut written = vec![Written {
        relative: schema_relative,
        rows: 0,
    }];

    let appended = since.filter(|_| table.by_load);
    let stem = match appended {
        Some(since) => format!("loads-{}-{up_to_load}", since + 1),
        None => "part".to_string(),
    };
    let derived: String = table
        .partitioning
        .columns()
        .iter()
        .map(|(column, expr)| format!(", {expr} AS {column}"))
        .collect();
    let mut conditions = Vec::new();
    let mut params = Vec::new();
    if let Some(since) = appended {
        conditions.push("load_id > $since");
        params.push(Param::new("since", since));
    }
    // The semi-join costs about a tenth of the export; it is added only where it removes rows.
    if table.by_load && has_rows_of_unknown_loads(ws, table)? {
        conditions.push("load_id IN (SELECT load_id FROM loads)");
    }
    let filter = match conditions.is_empty() {
        true => String::new(),
        false => format!(" WHERE {}", conditions.join(" AND ")),
    };
    let query = format!("SELECT *{derived} FROM {ident}{filter}");
    let scratch = staging.join("_new").join(name);
    match table.partitioning {
        Partitioning::None => {
            let file = scratch.join(format!("{stem}-0.parquet"));
            create_parent(&file)?;
            copy(ws, &query, &params, &file, "")?;
        }
        partitioning => {
            create_parent(&scratch)?;
            let by = partitioning.names().join(", ");
            copy(
                ws,
                &query,
                &params,
                &scratch,
                &format!(", PARTITION_BY ({by}), FILENAME_PATTERN '{stem}-{{i}}'"),
            )?;
        }
    };
    let files = files_with_rows(&scratch)?;
    for (file, rows) in files {
        if rows == 0 {
            // an empty table's columns are in its schema file
            let _ = std::fs::remove_file(&file);
            continue;
        }
        let relative = file
            .strip_prefix(&scratch)
            .map_err(|_| Error::Write {
                path: file.clone(),
                cause: std::io::Error::other(format!(
                    "DuckDB wrote it outside {} (a bug in clearway's lake export)",
                    scratch.display()
                )),
            })?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>();
        let relative = format!("{name}/{}", relative.join("/"));
        let target = file_path(staging, &relative);
        create_parent(&target)?;
        if target.exists() {
            return Err(Error::Write {
                path: target,
                cause: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "a lake file of that name exists",
                ),
            });
        }
        std::fs::rename(&file, &target).map_err(|cause| Error::Write {
            path: target.clone(),
            cause,
        })?;
        written.push(Written { relative, rows });
    }
    let _ = std::fs::remove_dir_all(staging.join("_new"));
    Ok(written)
}

/// `COPY (query) TO target (FORMAT parquet, COMPRESSION zstd{more})`, the target bound as a
/// parameter.
fn copy(ws: &Workspace, query: &str, params: &[Param], target: &Path, more: &str) -> Result<()> {
    let statement =
        format!("COPY ({query}) TO $lake_target (FORMAT parquet, COMPRESSION zstd{more})");
    let params: Vec<Param> = params
        .iter()
        .cloned()
        .chain([Param::new("lake_target", target.display())])
        .collect();
    let (mut stmt, bindings) = sql::prepare(&ws.conn, &statement, &params, "lake export")?;
    stmt.execute(&bindings)
        .map_err(|e| sql::sql_error(&ws.conn, e, &statement, "lake export"))?;
    Ok(())
}

/// Every Parquet file under `folder` (none when DuckDB wrote no partition) with the row count
/// its footer gives.
fn files_with_rows(folder: &Path) -> Result<Vec<(PathBuf, u64)>> {
    if !folder.exists() {
        return Ok(vec![]);
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Read {
            path: folder.to_path_buf(),
            cause: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("a folder loop")),
        })?;
        if entry.file_type().is_file() {
            let rows = super::parquet_rows(entry.path())?;
            files.push((entry.into_path(), rows));
        }
    }
    Ok(files)
}

/// A table's name, schema file and data files, hashed.
type HashedTable = (String, (FileEntry, Vec<FileEntry>));

/// The sha256 and size of every file written, in parallel; per table its schema file and its
/// data files in path order.
fn hash_all(staging: &Path, written: Vec<(String, Vec<Written>)>) -> Result<Vec<HashedTable>> {
    written
        .into_iter()
        .map(|(table, files)| {
            let mut entries = files
                .par_iter()
                .map(|w| {
                    let fp = crate::ingest::source::fingerprint(
                        &file_path(staging, &w.relative),
                        false,
                    )?;
                    Ok(FileEntry {
                        path: w.relative.clone(),
                        rows: w.rows,
                        bytes: fp.bytes,
                        sha256: fp.sha256,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let schema = entries.remove(0);
            entries.sort_by(|a, b| a.path.cmp(&b.path));
            Ok((table, (schema, entries)))
        })
        .collect()
}

fn loads_in_lake(ws: &Workspace, up_to_load: i64) -> Result<Vec<LoadEntry>> {
    let mut stmt = ws.conn.prepare(
        "SELECT load_id, kind, target_table, source_file, source_sha256 FROM loads
         WHERE load_id <= ? ORDER BY load_id",
    )?;
    let rows = stmt.query_map([up_to_load], |r| {
        Ok(LoadEntry {
            load_id: r.get(0)?,
            kind: r.get(1)?,
            target_table: r.get(2)?,
            source_file: r.get(3)?,
            source_sha256: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Puts the staging folder in place of `out` so that a reader of `out` sees the old lake or
/// the new one, never a mix; the old lake ends in the staging folder, removed when dropped.
fn swap_into_place(staging: tempfile::TempDir, out: &Path) -> Result<()> {
    let write_err = |cause| Error::Write {
        path: out.to_path_buf(),
        cause,
    };
    if !out.exists() {
        return std::fs::rename(staging.path(), out)
            .map_err(write_err)
            .map(|()| {
                // renamed: nothing is left to remove
                let _ = staging.keep();
            });
    }
    exchange(staging.path(), out).map_err(write_err)?;
    drop(staging);
    Ok(())
}

/// Exchanges two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c =
        |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are NUL-terminated paths that live across the call; AT_FDCWD resolves
    // them as relative to the working directory, like every other path in clearway.
    let status = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if status == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Where there is no exchange: the old lake is renamed aside (`<staging>.old`), then the new one
/// into place, then the old one to the staging name (removed with it); a reader in between
/// finds no lake (not half of one), and a crash in between leaves the old lake beside it as
/// `<staging>.old`.
#[cfg(not(target_os = "linux"))]
fn exchange(staging: &Path, out: &Path) -> std::io::Result<()> {
    let aside = staging.with_extension("old");
    std::fs::rename(out, &aside)?;
    std::fs::rename(staging, out)?;
    std::fs::rename(&aside, staging)
}

fn bar(shown: bool, tables: usize) -> indicatif::ProgressBar {
    if shown {
        crate::progress::count_bar("lake export", tables as u64)
    } else {
        indicatif::ProgressBar::hidden()
    }
}
