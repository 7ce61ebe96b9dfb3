//! Loading customs declarations (item level) into `declarations`.
//!
//! The heavy part of a load is one `INSERT ... SELECT` over DuckDB's reader for the file, so
//! parsing, conversion and validation run in DuckDB's parallel pipeline:
//!
//! 1. CSV columns that map to numbers, money, timestamps and item numbers are typed in the
//!    reader; a value the parser cannot convert, and a record it cannot split (too many or too
//!    few fields, broken quoting), comes back from its `store_rejects` tables with the line
//!    number and the verbatim line. Everything else is read as text.
//! 2. The projection converts each mapped column (transforms, casts) and computes per row a
//!    cheap "all checks pass" predicate; only for rows that fail does it build the `reason`
//!    text (HS code digits and length, ISO country codes, non-negative numbers, dates in
//!    1900–2100, required ids). Failing rows are inserted under the negated load id with their
//!    reason and raw text in `extra`, then moved to `rejects` and deleted before the load is
//!    recorded: no second pass over the file, no staging copy of the good rows.
//! 3. Rows keep the file's order (`preserve_insertion_order`, and no joins in the projection:
//!    country checks are a regular expression, yes/no a simple CASE), so `source_row` — the
//!    record's ordinal among data records — is set afterwards from the new rows' `rowid`s.
//!    Numbering with `row_number() OVER ()` would serialise the whole pipeline.
//! 4. The inserted rows are committed ([`LoadSession::commit_rows`]), then numbered, checked
//!    for natural-key duplicates ([`super::duplicates`]: rows already loaded, or repeated
//!    within the file), and the session reconciles (`read = loaded + duplicates + rejected`),
//!    records the load in `loads` and audits it in a second transaction: an UPDATE of freshly
//!    inserted rows in the same transaction made DuckDB rewrite them at commit (ten seconds per
//!    ten million rows). If the second phase fails the session deletes its rows again; if the
//!    process dies in between, the next writer removes rows no load recorded, and readers
//!    never see them meanwhile (`Workspace::open_ro`). Either way the workspace ends as it
//!    was, which the tests check (`tests/it/crash.rs`).
//!
//! The file's sha256 and UTF-8 check run on a second thread beside DuckDB's read; the session
//! refuses a file already loaded as soon as its hash is known ([`LoadSession::identify`]), and
//! one that turns out not to be UTF-8 is loaded again through a Windows-1252 → UTF-8 copy.
//!
//! A CSV that DuckDB's sniffer cannot read (a truncated quoted field at the end, a record over
//! its line bound) is read through [`csv_repair`]'s clean copy instead, with its header bounded
//! first; see that module and docs/reliability.md, "Messy CSV exports".
//!
//! Line numbers: for CSV, `line` of a reject is the physical line its record starts on (DuckDB
//! numbers records; `correct_reject_lines` or the repair's map turns them into lines). For
//! NDJSON `line` is the record's line; for JSON arrays and Parquet it is the ordinal.

use super::csv_repair::{self, CsvLimits, Repaired};
use super::duplicates::{self, OnDuplicate};
use super::mapping::{self, CountryForm, Mapping, Transform};
use super::session::{
    self, Accounting, FileIdentity, LoadKind, LoadSession, LoadSummary, SessionOptions,
};
use super::source::{self, Encoding, Format};
use super::{CsvDialect, LoadReport, MappedColumn, RejectCount};
use crate::error::{Error, Result};
use crate::reference::iso6346;
use crate::sql::types::is_numeric_type;
use crate::sql::{ident, literal};
use crate::workspace::{schema::DECLARATION_COLUMNS, Workspace};
use std::path::Path;
use std::time::Instant;

/// Options of `clearway load declarations`.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `canonical`, `bacuda` or a path to a TOML mapping; detected from the header when absent.
    pub mapping: Option<String>,
    /// Load even when a file with the same sha256 was loaded before.
    pub force: bool,
    /// Overrides the format guessed from the extension.
    pub format: Option<Format>,
    /// Show a progress bar (only ever true on a TTY).
    pub progress: bool,
    /// What to do with rows whose `(declaration_id, item_no)` is already loaded.
    pub on_duplicate: OnDuplicate,
    /// Bounds of CSV reading (`[limits]` in clearway.toml).
    pub csv_limits: CsvLimits,
}

const REJECTS_TABLE: &str = "cw_reject_errors";
const REJECTS_SCAN: &str = "cw_reject_scans";

/// Loads one file. The workspace must be open read-write.
///
/// A CSV file whose records turn out, once reading has started, to be longer than DuckDB's
/// line bound is loaded again through [`csv_repair`], which sets such records aside one by one
/// (the first attempt's transaction is rolled back; nothing of it stays).
pub fn load(ws: &Workspace, path: &Path, opts: &LoadOptions) -> Result<LoadReport> {
    match load_once(ws, path, opts, Repair::IfNeeded) {
        Err(Error::CsvNeedsRepair) => load_once(ws, path, opts, Repair::Always),
        result => result,
    }
}

/// Whether a CSV file is read through [`csv_repair`]'s clean copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repair {
    /// Only when DuckDB's sniffer fails or misses the file's quoting.
    IfNeeded,
    /// A first attempt met a record longer than DuckDB's line bound.
    Always,
}

fn load_once(
    ws: &Workspace,
    path: &Path,
    opts: &LoadOptions,
    repair: Repair,
) -> Result<LoadReport> {
    let started = Instant::now();
    let format = source::detect_format(path, opts.format)?;
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        return Err(Error::bad_input(
            path,
            "the file is empty",
            "export the data again; an empty file has nothing to load",
        ));
    }
    let text_format = format != Format::Parquet;
    if let Some(codec) = source::Compression::of_file(path)? {
        refuse_empty_or_compressed_parquet(path, format, codec)?;
    }
    if text_format {
        source::refuse_non_text(path)?;
    }
    // The sha256 and UTF-8 check need one pass over the whole file. It runs beside DuckDB's
    // read instead of before it; its verdicts (already loaded? not UTF-8?) are applied before
    // commit. Two cases hash first instead: a file whose first MiB already is not UTF-8, and a
    // file that looks like one loaded before (same path and size), so that an accidental
    // re-load is refused in seconds rather than after reading it all.
    if (text_format && !source::head_is_utf8(path)?)
        || session::looks_loaded_before(ws, LoadKind::Declarations, path)?
    {
        let fingerprint = source::fingerprint(path, true)?;
        return load_checked(
            ws,
            path,
            format,
            Pending::ready(fingerprint),
            (opts, repair),
            started,
        );
    }
    let attempt = std::thread::scope(|scope| {
        let handle = scope.spawn(|| source::fingerprint(path, text_format));
        load_checked(
            ws,
            path,
            format,
            Pending {
                handle: Some(handle),
                value: None,
            },
            (opts, repair),
            started,
        )
    });
    match attempt {
        Err(Error::NotUtf8 {
            sha256,
            bytes,
            first_bad_byte,
        }) => load_checked(
            ws,
            path,
            format,
            Pending::ready(source::Fingerprint::of_not_utf8(
                sha256,
                bytes,
                first_bad_byte,
            )),
            (opts, repair),
            started,
        ),
        result => result,
    }
}

/// DuckDB's memory limit for a declarations load unless `clearway.toml` or `--memory-limit`
/// set one. A load streams: what fills memory is DuckDB's cache of the blocks it has just
/// written, and then the duplicate check's hash table over the file's keys. Under the general
/// 3GB default a 10 M-row load peaked at 2.5 GB of RSS; with 1.5GB DuckDB drops written blocks
/// sooner and the load peaks at 1.97 GB in the same 27-28 s (docs/benchmarks.md, issue 20).
pub const LOAD_MEMORY_LIMIT: &str = "1500MB";

/// `CLEARWAY_DEBUG_SQL=1` prints the load statement and phase timings on stderr (used to
/// find where load time goes; see docs/benchmarks.md).
fn debug_timings() -> bool {
    std::env::var_os("CLEARWAY_DEBUG_SQL").is_some()
}

/// A fingerprint being computed on another thread, or already known.
struct Pending<'scope> {
    handle: Option<std::thread::ScopedJoinHandle<'scope, Result<source::Fingerprint>>>,
    value: Option<source::Fingerprint>,
}

impl Pending<'_> {
    fn ready(fingerprint: source::Fingerprint) -> Self {
        Pending {
            handle: None,
            value: Some(fingerprint),
        }
    }

    fn get(&mut self) -> Result<&source::Fingerprint> {
        if let Some(handle) = self.handle.take() {
            self.value = Some(
                handle
                    .join()
                    .expect("the fingerprint thread does not panic")?,
            );
        }
        Ok(self
            .value
            .as_ref()
            .expect("a fingerprint is computed or given"))
    }
}

/// One attempt at loading in a [`LoadSession`], committed only when every check passed.
fn load_checked(
    ws: &Workspace,
    path: &Path,
    format: Format,
    mut fingerprint: Pending<'_>,
    (opts, repair): (&LoadOptions, Repair),
    started: Instant,
) -> Result<LoadReport> {
    let known = fingerprint.value.clone();
    let outcome = LoadSession::begin(
        ws,
        LoadKind::Declarations,
        path,
        known.as_ref().map(FileIdentity::from),
        SessionOptions {
            force: opts.force,
            started,
        },
    )
    .and_then(|session| {
        if let Some(fp) = &known {
            refuse_non_utf8_json(path, format, fp)?;
        }
        // A Windows-1252 or UTF-16 CSV is read through a UTF-8 copy; the copy lives until the
        // load ends.
        let transcoded = match known.as_ref().map(|f| &f.encoding) {
            Some(encoding) => source::transcode_to_utf8(path, encoding, &std::env::temp_dir())?,
            None => None,
        };
        let read_from: &Path = transcoded.as_ref().map_or(path, |t| t.as_ref());
        // DuckDB's readers take glob patterns: the file is handed to them as itself
        let reader = source::ReaderPath::new(read_from)?;
        let read = ReadFrom {
            path: reader.as_path(),
            transcoded: transcoded.is_some(),
        };
        load_in_session(
            session,
            path,
            read,
            format,
            &mut fingerprint,
            (opts, repair),
        )
    });
    match outcome {
        Ok(report) => Ok(report),
        Err(e) => {
            // A reader error may only be the symptom of an encoding the head did not show.
            if known.is_none() {
                if let Some(retry) = fingerprint.get()?.not_utf8() {
                    return Err(retry);
                }
            }
            Err(e)
        }
    }
}

/// A compressed file that decompresses to nothing is empty like any other; a compressed
/// Parquet file is refused (DuckDB reads Parquet's own compression, not a file wrapped whole).
fn refuse_empty_or_compressed_parquet(
    path: &Path,
    format: Format,
    codec: source::Compression,
) -> Result<()> {
    if source::read_head(path, 1)?.is_empty() {
        return Err(Error::bad_input(
            path,
            format!(
                "the file is empty (it is {}-compressed, and decompresses to nothing)",
                codec.name()
            ),
            "export the data again; an empty file has nothing to load",
        ));
    }
    if format == Format::Parquet {
        return Err(Error::bad_input(
            path,
            format!(
                "the Parquet file is wrapped whole in {} compression",
                codec.name()
            ),
            "decompress it first (Parquet compresses its own columns), then load the .parquet file",
        ));
    }
    Ok(())
}

fn refuse_non_utf8_json(path: &Path, format: Format, fp: &source::Fingerprint) -> Result<()> {
    match (format, &fp.encoding) {
        (Format::Json | Format::Ndjson, Encoding::Windows1252 { first_bad_byte }) => {
            Err(Error::bad_input(
                path,
                format!("invalid UTF-8 at byte {first_bad_byte}"),
                "JSON must be UTF-8; re-export the file as UTF-8",
            ))
        }
        (Format::Json | Format::Ndjson, Encoding::Utf16 { .. }) => Err(Error::bad_input(
            path,
            "the file is UTF-16",
            format!(
                "JSON must be UTF-8; convert it: iconv -f UTF-16 -t UTF-8 {} > {}-utf8.json",
                path.file_name().unwrap_or_default().to_string_lossy(),
                path.file_stem().unwrap_or_default().to_string_lossy()
            ),
        )),
        _ => Ok(()),
    }
}

/// Where DuckDB reads the file from: the file itself (see [`source::ReaderPath`]) or its UTF-8
/// copy.
struct ReadFrom<'a> {
    path: &'a Path,
    /// The path is a UTF-8 copy of a Windows-1252 file.
    transcoded: bool,
}

/// Reads the file into `declarations` in two phases (see the module docs) and finishes the
/// session. Any error drops the session, which withdraws whatever was written.
fn load_in_session(
    mut session: LoadSession<'_>,
    path: &Path,
    read: ReadFrom<'_>,
    format: Format,
    fingerprint: &mut Pending<'_>,
    (opts, repair): (&LoadOptions, Repair),
) -> Result<LoadReport> {
    let conn = session.conn();
    let load_id = session.load_id();
    let display_path = session.file().to_string();
    let (dialect, repaired) = match format {
        Format::Csv => {
            let (dialect, repaired) = csv_dialect(conn, path, read.path, repair, &opts.csv_limits)?;
            (Some(dialect), repaired)
        }
        _ => (None, None),
    };
    let read_path: &Path = repaired.as_ref().map_or(read.path, |r| r.path.as_ref());
    let copies = [read.path, read_path];
    let read_failed = |e: duckdb::Error| read_error(path, &copies, format, repair, e);
    let codec = source::Compression::of_file(read_path)?;
    let text_reader = reader_sql((read_path, codec), format, dialect.as_ref(), None);
    let text_columns = describe_source(conn, &text_reader).map_err(read_failed)?;
    let mapping = mapping::resolve(
        opts.mapping.as_deref(),
        &text_columns.iter().map(|c| c.0.clone()).collect::<Vec<_>>(),
        path,
    )?;
    // CSV columns that map to numbers, money, timestamps and item numbers are typed in the
    // reader itself: DuckDB's parser converts them as fast as a plain `read_csv`, and a value it
    // cannot convert becomes a parse reject with its line, like a malformed record.
    let (reader, columns) = match format {
        Format::Csv => {
            let epoch_text = match &dialect {
                Some(d) => epoch_timestamp_columns(read_path, d, &mapping, &text_columns)?,
                None => Vec::new(),
            };
            let columns = csv_column_types(&mapping, &text_columns, &epoch_text);
            (
                reader_sql(
                    (read_path, codec),
                    format,
                    dialect.as_ref(),
                    Some((&columns, &mapping)),
                ),
                columns,
            )
        }
        _ => (text_reader, text_columns),
    };
    conn.execute_batch("SET preserve_insertion_order = true")?;

    let plan = Projection::build(&mapping, &columns, format, dialect.as_ref());
    let insert = plan.insert_sql(&reader, &display_path, load_id);
    let debug = debug_timings();
    if debug {
        eprintln!("{insert}\n-- prepared after {:.2} s", session.elapsed());
    }
    crate::failpoint::hit_in_duckdb(crate::failpoint::LOAD_INSERT)
        .and_then(|()| {
            run_with_progress(
                conn,
                &insert,
                opts.progress
                    && std::fs::metadata(read_path).map(|m| m.len()).unwrap_or(0) > 16 << 20,
                &format!("loading {}", path.display()),
            )
        })
        .map_err(read_failed)?;
    if debug {
        eprintln!("-- rows in after {:.2} s", session.elapsed());
    }
    // Phase two starts here. The rows are committed first because numbering them (an UPDATE)
    // inside the inserting transaction makes DuckDB rewrite every row group at commit: ten
    // seconds per ten million rows, against a fraction of a second once they are committed.
    // Nobody can see the intermediate state (this process holds the only write lock, and
    // readers cannot open the file meanwhile); if phase two fails the session withdraws its
    // rows, and if the process dies in between, the next writer removes rows whose load was
    // never recorded (`Workspace::open_rw`); readers meanwhile do not see them
    // (`Workspace::open_ro`).
    session.commit_rows()?;
    let inserted = number_rows(conn, load_id)?;
    let fingerprint = fingerprint.get()?.clone();
    if session.identity().is_none() {
        session.identify(FileIdentity::from(&fingerprint))?;
    }
    refuse_non_utf8_json(path, format, &fingerprint)?;
    if let Some(retry) = fingerprint.not_utf8().filter(|_| !read.transcoded) {
        return Err(retry);
    }
    if debug {
        eprintln!("-- inserted after {:.2} s", session.elapsed());
    }

    let header_lines = dialect
        .as_ref()
        .map(|d| d.skip_rows + i64::from(d.has_header))
        .unwrap_or(0);
    let parse_rejects = if format == Format::Csv {
        collect_parse_rejects(
            conn,
            load_id,
            &display_path,
            header_lines,
            repaired.as_ref(),
        )?
    } else {
        0
    };
    let line_offset = match format {
        Format::Csv => header_lines,
        _ => 0,
    };
    // A repaired file's records may span several lines: each record's line comes from the
    // repair's map, otherwise it is the record's ordinal past the header.
    let line_of_record = if repaired.is_some() {
        "coalesce((SELECT m.line FROM cw_record_lines m WHERE m.record_no = source_row), source_row + $2)"
    } else {
        "source_row + $2"
    };
    conn.execute(
        &format!(
            "INSERT INTO rejects
             SELECT $1, source_file, {line_of_record}, source_row, 'validation', extra->>'reason', extra->>'raw'
             FROM declarations WHERE load_id = $3"
        ),
        duckdb::params![load_id, line_offset, -load_id],
    )?;
    let validation_rejects =
        conn.execute("DELETE FROM declarations WHERE load_id = ?", [-load_id])? as i64;
    if let (Some(d), None) = (&dialect, &repaired) {
        correct_reject_lines(conn, load_id, read_path, d)?;
    }
    // The raw text is the first line of the record in the file DuckDB was given, or for a
    // repaired file in the file the repair read (never the repaired copy).
    if format == Format::Csv && validation_rejects > 0 {
        restore_raw_text(conn, load_id, read.path)?;
    }
    let duplicates = session.resolve_duplicates(
        &duplicates::DECLARATIONS,
        match format {
            Format::Csv => duplicates::Position::Line {
                offset: line_offset,
            },
            _ => duplicates::Position::Record,
        },
        opts.on_duplicate,
    )?;
    if debug {
        eprintln!("-- duplicates resolved after {:.2} s", session.elapsed());
    }
    let rows_loaded: i64 = conn.query_row(
        "SELECT count(*) FROM declarations WHERE load_id = ?",
        [load_id],
        |r| r.get(0),
    )?;

    let rows_rejected = parse_rejects + validation_rejects;
    if debug {
        eprintln!("-- rejects moved after {:.2} s", session.elapsed());
    }
    let mut report = LoadReport {
        load_id,
        file: display_path,
        sha256: fingerprint.sha256.clone(),
        bytes: fingerprint.bytes,
        format: format.name().to_string(),
        encoding: fingerprint.describe_encoding(path)?,
        dialect,
        profile: mapping.profile.clone(),
        mapped: mapping
            .columns
            .iter()
            .map(|c| MappedColumn {
                source: c.source.clone(),
                target: c.target.clone(),
                transform: c.transform.describe(),
            })
            .collect(),
        constants: mapping.constants.clone(),
        extra_columns: plan.extra_columns.clone(),
        rows_read: inserted + parse_rejects,
        rows_loaded,
        rows_duplicate: duplicates.rows,
        rows_rejected,
        duplicates,
        rejects_by_reason: rejects_by_reason(conn, load_id)?,
        warnings: quality_warnings(conn, load_id, &mapping)?,
        seconds: 0.0,
    };
    if debug {
        eprintln!("-- warnings after {:.2} s", session.elapsed());
    }
    let finishing = Instant::now();
    let outcome = session.finish(summary(&report, &mapping, opts.force))?;
    if debug {
        eprintln!(
            "-- recorded and committed in {:.2} s",
            finishing.elapsed().as_secs_f64()
        );
    }
    report.seconds = outcome.seconds;
    Ok(report)
}

/// The dialect a CSV file is read with, and the repaired copy DuckDB reads instead of the file
/// when it cannot read the file itself ([`csv_repair`]): when its sniffer fails, when it
/// concludes "no quote character" for a file whose fields start with quotes (a truncated
/// quoted field at the end of a small file makes every quoting candidate fail), or when a
/// first attempt met a record over DuckDB's line bound. The header's width is checked first,
/// before DuckDB allocates anything per column.
fn csv_dialect(
    conn: &duckdb::Connection,
    path: &Path,
    read_path: &Path,
    repair: Repair,
    limits: &CsvLimits,
) -> Result<(CsvDialect, Option<Repaired>)> {
    let delimiter = source::guess_delimiter(read_path)?
        .and_then(|d| u8::try_from(d).ok())
        .unwrap_or(b',');
    csv_repair::check_header_width(path, read_path, delimiter, limits)?;
    if repair == Repair::IfNeeded {
        // A failed statement aborts the load's transaction, so the sniffer, which may fail,
        // runs on a connection of its own.
        let sniffer = conn.try_clone()?;
        if let Ok(dialect) = sniff_csv(&sniffer, path, read_path) {
            let quotes_missed =
                dialect.quote.is_empty() && source::head_has_quoted_fields(read_path, delimiter)?;
            if !quotes_missed {
                return Ok((dialect, None));
            }
        }
    }
    conn.execute_batch(
        "CREATE OR REPLACE TEMP TABLE cw_record_lines (copy_no BIGINT, record_no BIGINT, line BIGINT)",
    )?;
    let mut lines = RecordLines {
        appender: conn.appender_to_catalog_and_db("cw_record_lines", "temp", "main")?,
    };
    let repaired = csv_repair::repair(
        path,
        read_path,
        delimiter,
        limits,
        &std::env::temp_dir(),
        &mut lines,
    )?;
    lines.appender.flush()?;
    drop(lines);
    let dialect = CsvDialect {
        delimiter: char::from(delimiter).to_string(),
        quote: "\"".into(),
        escape: "\"".into(),
        has_header: true,
        skip_rows: 0,
        repaired: true,
        columns: repaired.header.clone(),
        max_line_bytes: limits.max_record_bytes(),
    };
    Ok((dialect, Some(repaired)))
}

/// The repair's map from the clean copy's records to the user's file, appended to the temp
/// table `cw_record_lines`.
struct RecordLines<'conn> {
    appender: duckdb::Appender<'conn>,
}

impl csv_repair::RecordOrigins for RecordLines<'_> {
    fn record(&mut self, copy_no: i64, record_no: i64, line: i64) -> Result<()> {
        self.appender
            .append_row(duckdb::params![copy_no, record_no, line])?;
        Ok(())
    }
}

/// Asks DuckDB's sniffer for the CSV dialect, which is then passed explicitly to the reader
/// so that the report states exactly what was used. The delimiter is settled first by
/// [`source::guess_delimiter`]: DuckDB's sniffer can pick a wrong one when a sampled row is
/// malformed, and a malformed row should be rejected, not change how the whole file is read.
fn sniff_csv(conn: &duckdb::Connection, path: &Path, read_path: &Path) -> Result<CsvDialect> {
    let delim = source::guess_delimiter(read_path)?
        .map(|d| format!(", delim = {}", literal(&d.to_string())))
        .unwrap_or_default();
    let sql = format!(
        "SELECT Delimiter, Quote, Escape, HasHeader, SkipRows FROM sniff_csv({}{}, sample_size = 20480, ignore_errors = true{delim})",
        literal(&read_path.display().to_string()),
        source::Compression::reader_option(read_path)?
    );
    // The sniffer spells "no quote character" as the text "(empty)".
    let option = |v: String| if v == "(empty)" { String::new() } else { v };
    conn.query_row(&sql, [], |r| {
        Ok(CsvDialect {
            delimiter: r.get(0)?,
            quote: option(r.get(1)?),
            escape: option(r.get(2)?),
            has_header: r.get(3)?,
            skip_rows: r.get::<_, i64>(4)?,
            repaired: false,
            columns: Vec::new(),
            max_line_bytes: 0,
        })
    })
    .map_err(|e| reader_error(path, &[read_path], e))
}

/// The table function that reads the file.
///
/// For CSV, `typed` gives every column's type (and the mapping, for a date format); without it
/// every column is read as text, which is how the header is first inspected.
fn reader_sql(
    (read_path, codec): (&Path, Option<source::Compression>),
    format: Format,
    dialect: Option<&CsvDialect>,
    typed: Option<(&[(String, String)], &Mapping)>,
) -> String {
    // the file, and its codec when it is compressed (DuckDB guesses that from the extension
    // only, and the path it is given may be a link without one)
    let p = literal(&read_path.display().to_string())
        + &codec
            .map(|c| format!(", compression = '{}'", c.name()))
            .unwrap_or_default();
    match (format, dialect) {
        (Format::Csv, Some(d)) => {
            let types = match typed {
                // A repaired copy is read with its header given, so DuckDB sniffs nothing.
                None if d.repaired => {
                    let spec: Vec<String> = d
                        .columns
                        .iter()
                        .map(|n| format!("{}: 'VARCHAR'", literal(n)))
                        .collect();
                    format!("columns = {{{}}}", spec.join(", "))
                }
                None => "all_varchar = true".to_string(),
                Some((columns, mapping)) => {
                    let spec: Vec<String> = columns
                        .iter()
                        .map(|(n, t)| format!("{}: {}", literal(n), literal(t)))
                        .collect();
                    let date_format = mapping
                        .columns
                        .iter()
                        .find(|c| c.target == "declared_at")
                        .and_then(|c| c.transform.date_format.as_ref())
                        .map(|f| format!(", timestampformat = {}", literal(f)))
                        .unwrap_or_default();
                    format!("columns = {{{}}}{date_format}", spec.join(", "))
                }
            };
            let explicit = if d.repaired {
                format!(
                    "auto_detect = false, max_line_size = {}, buffer_size = {}, ",
                    d.max_line_bytes,
                    d.max_line_bytes * 2
                )
            } else {
                String::new()
            };
            format!(
                "read_csv({p}, {explicit}delim = {}, quote = {}, escape = {}, header = {}, skip = {}, {types}, \
                 store_rejects = true, rejects_table = '{REJECTS_TABLE}', rejects_scan = '{REJECTS_SCAN}')",
                literal(&d.delimiter),
                literal(&d.quote),
                literal(&d.escape),
                d.has_header,
                d.skip_rows
            )
        }
        (Format::Csv, None) => format!("read_csv({p}, all_varchar = true)"),
        (Format::Parquet, _) => format!("read_parquet({p})"),
        (Format::Json, _) => format!("read_json({p}, format = 'array', sample_size = -1)"),
        (Format::Ndjson, _) => {
            format!("read_json({p}, format = 'newline_delimited', sample_size = -1)")
        }
    }
}

/// The type each CSV column is read as: the canonical numeric, money, timestamp and item-number
/// targets get their type (unless a transform needs the text first, or the timestamps are
/// epoch numbers, `epoch_text`), everything else text.
fn csv_column_types(
    mapping: &Mapping,
    text_columns: &[(String, String)],
    epoch_text: &[String],
) -> Vec<(String, String)> {
    text_columns
        .iter()
        .map(|(name, _)| {
            let target = mapping.columns.iter().find(|c| &c.source == name);
            let duck_type = match target {
                Some(c) => match (kind_of(&c.target), &c.transform) {
                    (Kind::Number, _) => "DOUBLE",
                    (Kind::Money, t) if t.factor.is_none() => "DECIMAL(18,2)",
                    (Kind::Money, _) => "DOUBLE",
                    (Kind::Timestamp, _) if epoch_text.contains(name) => "VARCHAR",
                    (Kind::Timestamp, _) => "TIMESTAMP",
                    (Kind::ItemNo, t) if !t.n_of_m => "INTEGER",
                    _ => "VARCHAR",
                },
                None => "VARCHAR",
            };
            (name.clone(), duck_type.to_string())
        })
        .collect()
}

/// Text that is a Unix time: 9 or 10 digits of seconds (1973 to 2286, fractions allowed) or
/// 12 or 13 digits of milliseconds (the same years). Other lengths are not taken for one: an
/// eight-digit `20250601` is a date, not 1970's 8 June.
const EPOCH_TEXT: &str = r"'[0-9]{9,10}([.][0-9]+)?|[0-9]{12,13}'";

/// The timestamp of a Unix time `x` (a number), seconds or milliseconds told apart by size as
/// in [`EPOCH_TEXT`]; NULL when it is neither, which the row's check reports. Computed in
/// whole milliseconds with `epoch_ms`, which gives a TIMESTAMP without a time zone.
fn epoch_to_timestamp(x: &str) -> String {
    format!(
        "CASE WHEN {x} >= 1e8 AND {x} < 1e10 THEN epoch_ms(CAST(round({x} * 1000) AS BIGINT)) \
         WHEN {x} >= 1e11 AND {x} < 1e13 THEN epoch_ms(CAST({x} AS BIGINT)) END"
    )
}

/// The CSV source columns mapped to a timestamp (without a `date_format`) among whose first
/// values (up to 1,000 records of the first 256 KiB) is a Unix time: those are read as text and
/// each value is converted in the projection (a Unix time, else ISO 8601, else a reject naming
/// both), instead of by the reader's TIMESTAMP parser, which would reject every Unix time.
///
/// The look is the `csv` crate's over a 256 KiB head, not a second DuckDB scan (which cost
/// 0.1 s per load, whatever the file's size). Columns are found by position,
/// as DuckDB numbered them; a value is a Unix time by the rule telemetry uses
/// (`parse_unix_time`, the same as [`EPOCH_TEXT`] within its ranges). Should the two parsers
/// disagree about a messy head, the cost is only the reader's speed or a reject with its
/// reason, never a wrong value: every value is checked again in the projection.
fn epoch_timestamp_columns(
    read_path: &Path,
    dialect: &CsvDialect,
    mapping: &Mapping,
    text_columns: &[(String, String)],
) -> Result<Vec<String>> {
    let positions: Vec<(usize, &str)> = mapping
        .columns
        .iter()
        .filter(|c| kind_of(&c.target) == Kind::Timestamp && c.transform.date_format.is_none())
        .filter_map(|c| {
            let at = text_columns
                .iter()
                .position(|(name, _)| name == &c.source)?;
            Some((at, c.source.as_str()))
        })
        .collect();
    if positions.is_empty() {
        return Ok(Vec::new());
    }
    let head = source::read_head(read_path, 256 << 10)?;
    let skipped: usize = head
        .split_inclusive(|b| *b == b'\n')
        .take(usize::try_from(dialect.skip_rows).unwrap_or(0))
        .map(<[u8]>::len)
        .sum();
    let single = |s: &str| s.bytes().next();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(single(&dialect.delimiter).unwrap_or(b','))
        .quoting(!dialect.quote.is_empty())
        .quote(single(&dialect.quote).unwrap_or(b'"'))
        .has_headers(dialect.has_header)
        .flexible(true)
        .from_reader(&head[skipped..]);
    let mut found = vec![false; positions.len()];
    for record in reader.byte_records().take(1000).map_while(|r| r.ok()) {
        for (seen, (at, _)) in found.iter_mut().zip(&positions) {
            let value = record.get(*at).map(String::from_utf8_lossy);
            *seen |=
                value.is_some_and(|v| crate::telemetry::rows::parse_unix_time(v.trim()).is_some());
        }
    }
    Ok(positions
        .iter()
        .zip(found)
        .filter(|(_, seen)| *seen)
        .map(|((_, name), _)| name.to_string())
        .collect())
}

/// Source column names and DuckDB types.
fn describe_source(
    conn: &duckdb::Connection,
    reader: &str,
) -> duckdb::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(&format!("DESCRIBE SELECT * FROM {reader}"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.collect()
}

/// A failure of DuckDB's reader: a CSV record over its line bound asks for the repaired read
/// ([`Error::CsvNeedsRepair`], unless this already is one); anything else is
/// [`reader_error`].
fn read_error(
    path: &Path,
    copies: &[&Path],
    format: Format,
    repair: Repair,
    e: duckdb::Error,
) -> Error {
    let line_too_long = e.to_string().contains("Maximum line size");
    if format == Format::Csv && repair == Repair::IfNeeded && line_too_long {
        return Error::CsvNeedsRepair;
    }
    reader_error(path, copies, e)
}

/// The longest line of a reader's message that is shown whole: DuckDB quotes the offending
/// line, which may be megabytes long.
const MESSAGE_LINE_CHARS: usize = 200;

/// Reader failures are the input's fault: name the file and keep DuckDB's description, which
/// carries the line or byte position. The copies DuckDB read instead of the file (a UTF-8
/// transcoding, a repaired copy, a link without glob characters) are named as the user's file,
/// and every line of the message is cut to [`MESSAGE_LINE_CHARS`]. A full disk (the
/// workspace's or the spill folder's) is not the input's fault and is said as it is.
fn reader_error(path: &Path, copies: &[&Path], e: duckdb::Error) -> Error {
    let mut msg = e.to_string();
    if let Some(disk_full) = Error::disk_full_from(&msg) {
        return disk_full;
    }
    for copy in copies.iter().filter(|c| **c != path) {
        msg = msg.replace(&copy.display().to_string(), &path.display().to_string());
    }
    let msg = short_lines(&msg);
    let help = if msg.contains("JSON") || msg.contains("json") {
        "fix the JSON at the position named above, or export the file again"
    } else if msg.contains("parquet") || msg.contains("Parquet") {
        "the Parquet file is damaged or not Parquet; export it again"
    } else {
        "check the file at the position named above; malformed CSV rows are normally rejected, not fatal"
    };
    Error::bad_input(path, msg.trim().to_string(), help)
}

/// SQL regular expression matching exactly the ISO 3166-1 alpha-2 codes. A regular expression
/// (one compiled automaton, a scalar function) rather than `IN (SELECT ...)`: a join would let
/// DuckDB reorder rows, and the loader relies on rows keeping their file order (see
/// [`number_rows`]).
fn iso_alpha2_regex() -> String {
    literal(&crate::reference::countries::alpha2_codes().join("|"))
}

/// A DuckDB `MAP` literal from normalised country spellings to alpha-2 codes (see
/// [`crate::reference::countries::lookup_keys`]); a scalar lookup for the same reason.
fn country_name_map() -> String {
    let entries: Vec<String> = crate::reference::countries::lookup_keys()
        .into_iter()
        .map(|(k, a)| format!("{}: {}", literal(&k), literal(a)))
        .collect();
    format!("MAP {{{}}}", entries.join(", "))
}

/// Kinds of canonical columns, which decide conversion and validation.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Code,
    HsCode,
    Country,
    Timestamp,
    Number,
    Money,
    Bool,
    ItemNo,
    List,
}

fn kind_of(column: &str) -> Kind {
    match column {
        "hs_code" => Kind::HsCode,
        "origin_country" | "export_country" => Kind::Country,
        "declared_at" => Kind::Timestamp,
        "quantity" | "gross_mass_kg" | "net_mass_kg" => Kind::Number,
        "invoice_value" | "customs_value" | "fob_value" | "total_taxes" | "revenue_recovered" => {
            Kind::Money
        }
        "inspected" | "illicit" => Kind::Bool,
        "item_no" => Kind::ItemNo,
        "container_ids" => Kind::List,
        "currency" | "quantity_unit" | "transport_mode" => Kind::Code,
        _ => Kind::Text,
    }
}

/// The SQL projection for one mapping over one source.
struct Projection {
    /// (canonical column, how it is computed and checked).
    outputs: Vec<(String, Conversion)>,
    extra_expr: String,
    raw_expr: String,
    extra_columns: Vec<String>,
}

/// How one canonical column is computed and checked. The three parts are evaluated at
/// different depths of the statement so that each runs as rarely as possible: `value` once per
/// row, `ok` (a cheap predicate over the computed value, written with `{v}`) once per row, and
/// `reason` (string building) only for rows that fail a check.
struct Conversion {
    value: String,
    ok: Option<String>,
    reason: Option<String>,
}

impl Conversion {
    fn unchecked(value: String) -> Self {
        Conversion {
            value,
            ok: None,
            reason: None,
        }
    }
}

/// Where a canonical value comes from.
enum Origin<'a> {
    Column {
        name: &'a str,
        duck_type: &'a str,
        transform: &'a Transform,
    },
    Constant(&'a str),
}

fn computed(name: &str) -> String {
    ident(&format!("__cw_{name}"))
}

impl Projection {
    fn build(
        mapping: &Mapping,
        columns: &[(String, String)],
        format: Format,
        dialect: Option<&CsvDialect>,
    ) -> Self {
        let mut outputs = Vec::new();
        for (target, _) in DECLARATION_COLUMNS.iter().filter(|(n, _)| *n != "extra") {
            let origin = if let Some(c) = mapping.columns.iter().find(|c| c.target == *target) {
                let duck_type = columns
                    .iter()
                    .find(|(n, _)| *n == c.source)
                    .map(|(_, t)| t.as_str())
                    .unwrap_or("VARCHAR");
                Some(Origin::Column {
                    name: &c.source,
                    duck_type,
                    transform: &c.transform,
                })
            } else {
                mapping
                    .constants
                    .iter()
                    .find(|(t, _)| t == target)
                    .map(|(_, v)| Origin::Constant(v))
            };
            let conversion = match origin {
                Some(o) => convert(target, &o),
                None if *target == "item_no" => Conversion::unchecked("1".into()),
                None if mapping::REQUIRED.contains(target) => Conversion {
                    value: "NULL".into(),
                    ok: Some("false".into()),
                    reason: Some(format!("'{target}: missing'")),
                },
                None => Conversion::unchecked("NULL".into()),
            };
            outputs.push((target.to_string(), conversion));
        }
        let mapped: Vec<&str> = mapping.columns.iter().map(|c| c.source.as_str()).collect();
        let extra_columns: Vec<String> = columns
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| !mapped.contains(&n.as_str()))
            .collect();
        let extra_expr = if extra_columns.is_empty() {
            "NULL".to_string()
        } else {
            json_object(extra_columns.iter().map(String::as_str))
        };
        let raw_expr = match (format, dialect) {
            (Format::Csv, Some(d)) => csv_line(columns, &d.delimiter, &d.quote),
            _ => format!(
                "CAST({} AS VARCHAR)",
                json_object(columns.iter().map(|(n, _)| n.as_str()))
            ),
        };
        Projection {
            outputs,
            extra_expr,
            raw_expr,
            extra_columns,
        }
    }

    /// `NULL` for a good row, else every failed check's reason joined by `; `.
    fn reason_expr(&self) -> String {
        let checks: Vec<(String, String)> = self
            .outputs
            .iter()
            .filter_map(|(name, c)| {
                let ok = c.ok.as_ref()?.replace("{v}", &computed(name));
                let reason = c.reason.as_ref()?.replace("{v}", &computed(name));
                Some((format!("coalesce({ok}, false)"), reason))
            })
            .collect();
        if checks.is_empty() {
            return "NULL".into();
        }
        let all_ok: Vec<&str> = checks.iter().map(|(ok, _)| ok.as_str()).collect();
        let reasons: Vec<String> = checks
            .iter()
            .map(|(ok, reason)| format!("CASE WHEN NOT {ok} THEN {reason} END"))
            .collect();
        format!(
            "CASE WHEN {} THEN NULL ELSE concat_ws('; ', {}) END",
            all_ok.join(" AND "),
            reasons.join(", ")
        )
    }

    /// `INSERT INTO declarations BY NAME SELECT ...` over the reader, in three levels: values
    /// and the record ordinal; the reject reason; the final columns. Rows that fail a rule get
    /// the negated load id and carry their reason and raw text in `extra` (see module docs).
    fn insert_sql(&self, reader: &str, source_file: &str, load_id: i64) -> String {
        let values: Vec<String> = self
            .outputs
            .iter()
            .map(|(name, c)| format!("{} AS {}", c.value, computed(name)))
            .collect();
        let outer: Vec<String> = self
            .outputs
            .iter()
            .map(|(name, _)| format!("{} AS {}", computed(name), ident(name)))
            .collect();
        format!(
            "INSERT INTO declarations BY NAME
             SELECT {outer},
                    CASE WHEN __cw_reason IS NULL THEN {extra}
                         ELSE json_object('reason', __cw_reason, 'raw', {raw}) END AS extra,
                    {file} AS source_file,
                    NULL AS source_row,
                    CASE WHEN __cw_reason IS NULL THEN {load_id} ELSE -{load_id} END AS load_id
             FROM (
                SELECT *, {reason} AS __cw_reason
                FROM (
                    SELECT *, {values}
                    FROM {reader}
                )
             )",
            outer = outer.join(", "),
            values = values.join(",\n                       "),
            reason = self.reason_expr(),
            extra = self.extra_expr,
            raw = self.raw_expr,
            file = literal(source_file),
        )
    }
}

fn json_object<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let pairs: Vec<String> = names
        .map(|n| format!("{}, {}", literal(n), ident(n)))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// Re-serialises a parsed CSV record (for the `raw` of a row rejected by validation): fields
/// quoted only when they need it, so ordinary text rows come back byte for byte; typed fields
/// print in DuckDB's canonical form. (Rows the parser rejects keep DuckDB's verbatim line.)
fn csv_line(columns: &[(String, String)], delimiter: &str, quote: &str) -> String {
    let q = if quote.is_empty() { "\"" } else { quote };
    let fields: Vec<String> = columns
        .iter()
        .map(|(n, t)| {
            // Typed columns print in DuckDB's canonical form (e.g. 250.50, 2025-01-02 00:00:00).
            let c = if t == "VARCHAR" { ident(n) } else { format!("CAST({} AS VARCHAR)", ident(n)) };
            format!(
                "CASE WHEN {c} IS NULL THEN '' WHEN contains({c}, {d}) OR contains({c}, {ql}) OR contains({c}, chr(10)) \
                 THEN {ql} || replace({c}, {ql}, {ql} || {ql}) || {ql} ELSE {c} END",
                d = literal(delimiter),
                ql = literal(q)
            )
        })
        .collect();
    format!("concat_ws({}, {})", literal(delimiter), fields.join(", "))
}

/// The text of a source value, trimmed of spaces, empty as NULL. Floating-point sources that hold whole
/// numbers print without a fraction, so `8703241128.0` stays a tariff code.
fn text_of(name: &str, duck_type: &str) -> String {
    let c = ident(name);
    match duck_type {
        "FLOAT" | "DOUBLE" => format!("CASE WHEN {c} = trunc({c}) THEN CAST(CAST({c} AS HUGEINT) AS VARCHAR) ELSE CAST({c} AS VARCHAR) END"),
        t if t.ends_with("[]") || t.starts_with("STRUCT") || t.starts_with("MAP") => format!("CAST({c} AS VARCHAR)"),
        // Trim only values that need it: `trim` copies every string, which cost a tenth of a
        // ten-million-row load when applied unconditionally.
        "VARCHAR" => format!(
            "NULLIF(CASE WHEN starts_with({c}, ' ') OR ends_with({c}, ' ') THEN trim({c}) ELSE {c} END, '')"
        ),
        _ => format!("CAST({c} AS VARCHAR)"),
    }
}

/// How one canonical column is computed from its origin, and what makes a row bad.
fn convert(target: &str, origin: &Origin) -> Conversion {
    let (txt, duck_type, transform) = match origin {
        Origin::Column {
            name,
            duck_type,
            transform,
        } => (text_of(name, duck_type), *duck_type, (*transform).clone()),
        Origin::Constant(v) => (literal(v), "VARCHAR", Transform::default()),
    };
    let source_ident = match origin {
        Origin::Column { name, .. } => Some(ident(name)),
        Origin::Constant(_) => None,
    };
    let required = mapping::REQUIRED.contains(&target);
    let shown = format!("'{target}: ' || coalesce('''' || left({txt}, 60) || '''', 'NULL')");
    let missing = format!("'{target}: missing'");
    // "No value": an empty text, or NULL in a typed column (cheaper than casting it to text).
    let absent = match (&source_ident, duck_type) {
        (Some(c), t) if t != "VARCHAR" => format!("{c} IS NULL"),
        _ => format!("{txt} IS NULL"),
    };
    let present_or_optional = |ok: String| {
        if required {
            ok
        } else {
            format!("({ok}) OR {absent}")
        }
    };
    match kind_of(target) {
        Kind::Text | Kind::Code => {
            let value = if kind_of(target) == Kind::Code {
                format!("upper({txt})")
            } else {
                txt.clone()
            };
            Conversion {
                value,
                ok: required.then(|| "{v} IS NOT NULL".to_string()),
                reason: required.then_some(missing),
            }
        }
        Kind::HsCode => {
            let digits = format!("regexp_replace({txt}, '[\\s.\\-]', '', 'g')");
            let padded = match transform.zero_pad {
                Some(w) => format!(
                    "CASE WHEN length({digits}) < {w} THEN lpad({digits}, {w}, '0') ELSE {digits} END"
                ),
                None => digits,
            };
            // Codes that already are 6, 8 or 10 digits (nearly all) take the first branch: one
            // regular expression, no copies. Only the others are cleaned of dots and spaces
            // and, with `zero_pad`, padded — so padding never lengthens a valid HS6.
            let valid = "'[0-9]{6}([0-9]{2}([0-9]{2})?)?'";
            Conversion {
                value: format!(
                    "CASE WHEN regexp_full_match({txt}, {valid}) THEN {txt} \
                     WHEN regexp_full_match({padded}, {valid}) THEN {padded} END"
                ),
                ok: Some(present_or_optional("{v} IS NOT NULL".into())),
                reason: Some(format!(
                    "CASE WHEN {txt} IS NULL THEN {missing} ELSE {shown} || ' is not a 6, 8 or 10-digit tariff code' || \
                     CASE WHEN regexp_full_match({padded}, '[0-9]{{5}}|[0-9]{{7}}|[0-9]{{9}}') \
                     THEN ' (a leading zero lost? use zero_pad)' ELSE '' END END"
                )),
            }
        }
        Kind::Country => {
            let code = match transform.country {
                Some(CountryForm::Name) | Some(CountryForm::Alpha3) => format!(
                    "{}[regexp_replace(lower({txt}), '[^a-z0-9]', '', 'g')]",
                    country_name_map()
                ),
                _ => format!("upper({txt})"),
            };
            let iso = iso_alpha2_regex();
            // Codes already written as ISO alpha-2 (nearly all) are taken as they are.
            let value = match transform.country {
                Some(CountryForm::Name) | Some(CountryForm::Alpha3) => {
                    format!("CASE WHEN regexp_full_match({code}, {iso}) THEN {code} END")
                }
                _ => format!(
                    "CASE WHEN regexp_full_match({txt}, {iso}) THEN {txt} \
                     WHEN regexp_full_match({code}, {iso}) THEN {code} END"
                ),
            };
            Conversion {
                value,
                ok: Some(present_or_optional("{v} IS NOT NULL".into())),
                reason: Some(format!(
                    "CASE WHEN {txt} IS NULL THEN {missing} ELSE {shown} || ' is not an ISO 3166-1 country' END"
                )),
            }
        }
        Kind::Timestamp => {
            let value = match (duck_type, &transform.date_format, &source_ident) {
                (t, _, Some(c)) if t == "DATE" || t.starts_with("TIMESTAMP") => {
                    format!("CAST({c} AS TIMESTAMP)")
                }
                (_, Some(fmt), _) => format!("try_strptime({txt}, {})", literal(fmt)),
                // as DOUBLE first: seconds in an INTEGER column would overflow when scaled
                (t, None, Some(c)) if is_numeric_type(t) => {
                    epoch_to_timestamp(&format!("CAST({c} AS DOUBLE)"))
                }
                _ => format!(
                    "CASE WHEN regexp_full_match({txt}, {EPOCH_TEXT}) THEN {} \
                     ELSE TRY_CAST({txt} AS TIMESTAMP) END",
                    epoch_to_timestamp(&format!("TRY_CAST({txt} AS DOUBLE)"))
                ),
            };
            let not_a_date = literal(&format!(
                " is not a date ({})",
                transform
                    .date_format
                    .as_deref()
                    .unwrap_or("ISO 8601, or seconds or milliseconds since 1970")
            ));
            Conversion {
                value,
                ok: Some(present_or_optional(
                    "{v} BETWEEN TIMESTAMP '1900-01-01' AND TIMESTAMP '2100-12-31 23:59:59'".into(),
                )),
                reason: Some(format!(
                    "CASE WHEN {absent} THEN {missing} \
                     WHEN {{v}} IS NULL THEN {shown} || {not_a_date} \
                     ELSE {shown} || ' is outside 1900-2100' END"
                )),
            }
        }
        Kind::Number | Kind::Money => {
            let base = match (&source_ident, is_numeric_type(duck_type)) {
                (Some(c), true) => format!("CAST({c} AS DOUBLE)"),
                _ => format!("TRY_CAST({txt} AS DOUBLE)"),
            };
            let scaled = match transform.factor {
                Some(f) => format!("({base} * {f})"),
                None => base,
            };
            let (value, ok) = if kind_of(target) == Kind::Money {
                let value = match (duck_type, transform.factor) {
                    ("VARCHAR", None) => format!("TRY_CAST({txt} AS DECIMAL(18,2))"),
                    (t, None) if t.starts_with("DECIMAL") => format!(
                        "TRY_CAST({} AS DECIMAL(18,2))",
                        source_ident.clone().unwrap_or_default()
                    ),
                    _ => format!("TRY_CAST({scaled} AS DECIMAL(18,2))"),
                };
                (value, "{v} >= 0")
            } else {
                (scaled, "{v} >= 0 AND isfinite({v})")
            };
            Conversion {
                value,
                ok: Some(present_or_optional(ok.into())),
                reason: Some(format!(
                    "CASE WHEN {{v}} IS NULL OR NOT isfinite({{v}}) THEN {shown} || ' is not a number' \
                     ELSE {shown} || ' is negative' END"
                )),
            }
        }
        Kind::Bool => {
            let value = match (&source_ident, duck_type) {
                (Some(c), "BOOLEAN") => c.clone(),
                (Some(c), t) if is_numeric_type(t) => format!("({c} <> 0)"),
                // A simple CASE, not `IN (...)`: DuckDB rewrites constant IN lists into joins,
                // and a join would reorder rows (see `number_rows`).
                _ => format!(
                    "CASE lower({txt}) WHEN '1' THEN true WHEN 'true' THEN true WHEN 't' THEN true \
                     WHEN 'yes' THEN true WHEN 'y' THEN true WHEN '0' THEN false WHEN 'false' THEN false \
                     WHEN 'f' THEN false WHEN 'no' THEN false WHEN 'n' THEN false END"
                ),
            };
            Conversion {
                value,
                ok: Some(present_or_optional("{v} IS NOT NULL".into())),
                reason: Some(format!("{shown} || ' is not a yes/no value'")),
            }
        }
        // ASYCUDA writes item numbers `N of M`: N is the item, and N > M is an error.
        Kind::ItemNo if transform.n_of_m => {
            let n_of_m = "'^\\s*([0-9]+)\\s+of\\s+([0-9]+)\\s*$'";
            let part =
                |i: u8| format!("TRY_CAST(regexp_extract({txt}, {n_of_m}, {i}, 'i') AS INTEGER)");
            Conversion {
                value: format!(
                    "CASE WHEN {txt} IS NULL THEN 1 WHEN {n} <= {m} THEN {n} END",
                    n = part(1),
                    m = part(2)
                ),
                ok: Some("{v} >= 1".into()),
                reason: Some(format!("{shown} || ' is not an item number (N of M)'")),
            }
        }
        Kind::ItemNo => Conversion {
            // NULL only when a value is present and is not a whole number; absent means 1.
            value: match (&source_ident, duck_type) {
                (Some(c), "INTEGER") => format!("coalesce({c}, 1)"),
                _ => format!(
                    "coalesce(TRY_CAST({txt} AS INTEGER), CASE WHEN {txt} IS NULL THEN 1 END)"
                ),
            },
            ok: Some("{v} >= 1".into()),
            reason: Some(format!("{shown} || ' is not an item number (1, 2, ...)'")),
        },
        Kind::List => Conversion::unchecked(match (&source_ident, duck_type) {
            (Some(c), t) if t.ends_with("[]") => {
                format!("list_transform(CAST({c} AS VARCHAR[]), lambda x: upper(trim(x)))")
            }
            _ => format!(
                "list_filter(string_split_regex(upper({txt}), '[\\s;,|]+'), lambda x: x <> '')"
            ),
        }),
    }
}

/// Gives the CSV rejects of a file DuckDB read directly the physical line their record starts
/// on. DuckDB numbers records, so a quoted field spanning lines would shift every later reject;
/// a quote-aware pass over the file (up to the last reject) finds the real lines. Dialects it
/// does not mirror (skipped lines, no header, an escape other than a doubled quote) keep
/// DuckDB's numbering.
fn correct_reject_lines(
    conn: &duckdb::Connection,
    load_id: i64,
    read_path: &Path,
    dialect: &CsvDialect,
) -> Result<()> {
    let [delimiter] = dialect.delimiter.as_bytes() else {
        return Ok(());
    };
    let mirrored = dialect.quote == "\""
        && matches!(dialect.escape.as_str(), "\"" | "")
        && dialect.has_header
        && dialect.skip_rows == 0;
    if !mirrored {
        return Ok(());
    }
    let records: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT DISTINCT source_row FROM rejects WHERE load_id = ?")?;
        let rows = stmt.query_map([load_id], |r| r.get::<_, i64>(0))?;
        rows.collect::<Result<_, _>>()?
    };
    if records.is_empty() {
        return Ok(());
    }
    let lines =
        csv_repair::record_lines(read_path, *delimiter, &records).map_err(|cause| Error::Read {
            path: read_path.to_path_buf(),
            cause,
        })?;
    let mut update = conn.prepare(
        "UPDATE rejects SET line = ? WHERE load_id = ? AND source_row = ? AND line <> ?",
    )?;
    for (record, line) in lines {
        update.execute(duckdb::params![line, load_id, record, line])?;
    }
    Ok(())
}

/// Replaces the re-serialised `raw` of CSV validation rejects with the file's own text of that
/// line, so the analyst sees exactly what the export said.
fn restore_raw_text(conn: &duckdb::Connection, load_id: i64, read_path: &Path) -> Result<()> {
    let lines: Vec<i64> = {
        let mut stmt =
            conn.prepare("SELECT line FROM rejects WHERE load_id = ? AND stage = 'validation'")?;
        let rows = stmt.query_map([load_id], |r| r.get::<_, i64>(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let raw = source::raw_lines(read_path, &lines)?;
    let mut update = conn.prepare(
        "UPDATE rejects SET raw = ? WHERE load_id = ? AND stage = 'validation' AND line = ?",
    )?;
    for (line, text) in raw {
        update.execute(duckdb::params![text, load_id, line])?;
    }
    Ok(())
}

/// Sets `source_row`, the record's ordinal in the file, on the rows just inserted.
///
/// DuckDB keeps a single-source `INSERT ... SELECT` in the source's order (with
/// `preserve_insertion_order`, set by the loader), so the new rows' `rowid`s are consecutive in
/// file order. Numbering them here, rather than with `row_number() OVER ()` in the insert,
/// keeps the insert fully parallel: a window over the reader serialises the whole pipeline and
/// made loads several times slower. The loader's tests check the numbering against the file.
/// Returns the number of rows numbered (every record the reader produced).
fn number_rows(conn: &duckdb::Connection, load_id: i64) -> Result<i64> {
    Ok(conn.execute(
        "UPDATE declarations SET source_row = rowid - (
             SELECT min(rowid) FROM declarations WHERE load_id IN ($1, -$1)) + 1
         WHERE load_id IN ($1, -$1)",
        [load_id],
    )? as i64)
}

/// Runs a long statement, drawing DuckDB's own progress estimate when asked to.
fn run_with_progress(
    conn: &duckdb::Connection,
    sql: &str,
    show: bool,
    label: &str,
) -> duckdb::Result<()> {
    if !show {
        return conn.execute_batch(sql);
    }
    conn.set_query_progress_tracking(true)?;
    let handle = conn.progress_handle();
    let bar = crate::progress::percent_bar(label);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let poller = {
        let bar = bar.clone();
        let done = done.clone();
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(p) = handle.query_progress().percentage() {
                    bar.set_position(p.clamp(0.0, 100.0) as u64);
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        })
    };
    let result = conn.execute_batch(sql);
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = poller.join();
    bar.finish_and_clear();
    let _ = conn.set_query_progress_tracking(false);
    result
}

/// Moves the CSV records DuckDB's parser rejected (and, for a repaired file, the records the
/// repair set aside) into `rejects` and shifts `source_row` of the loaded rows after them, so
/// lineage counts every data record. Returns the number of records.
///
/// For a repaired file DuckDB numbers the records of the clean copy; `cw_record_lines` maps
/// them to the user's record numbers and starting lines.
fn collect_parse_rejects(
    conn: &duckdb::Connection,
    load_id: i64,
    source_file: &str,
    header_lines: i64,
    repaired: Option<&Repaired>,
) -> Result<i64> {
    let exists: i64 = conn.query_row(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?",
        [REJECTS_TABLE],
        |r| r.get(0),
    )?;
    conn.execute_batch(
        "CREATE OR REPLACE TEMP TABLE cw_parse_rejects (line BIGINT, record_no BIGINT, reason VARCHAR, raw VARCHAR)",
    )?;
    if exists > 0 {
        let origin = match repaired {
            Some(_) => "JOIN cw_record_lines m ON m.copy_no = g.line - 1".to_string(),
            None => String::new(),
        };
        let (line, record_no) = match repaired {
            Some(_) => ("m.line".to_string(), "m.record_no".to_string()),
            None => ("g.line".to_string(), format!("g.line - {header_lines}")),
        };
        conn.execute_batch(&format!(
            "INSERT INTO cw_parse_rejects
             SELECT {line}, {record_no}, g.reason, g.raw FROM (
                SELECT line,
                       string_agg(DISTINCT CASE WHEN column_name IS NOT NULL AND error_type = 'CAST'
                                                THEN column_name || ': ' || error_message
                                                WHEN error_type = 'UNQUOTED VALUE'
                                                THEN 'CSV structure (UNQUOTED VALUE): a quoted field is not closed where it should be (the record ends inside a quoted field, or text follows a closing quote): ' || error_message
                                                ELSE 'CSV structure (' || error_type || '): ' || error_message END, '; ') AS reason,
                       any_value(left(trim(csv_line, chr(10) || chr(13)), {excerpt})) AS raw
                FROM {REJECTS_TABLE} GROUP BY line) g {origin};
             DROP TABLE {REJECTS_TABLE}; DROP TABLE IF EXISTS {REJECTS_SCAN};",
            excerpt = csv_repair::EXCERPT_BYTES * 50,
        ))?;
    }
    if let Some(repaired) = repaired {
        let mut insert = conn.prepare("INSERT INTO cw_parse_rejects VALUES (?, ?, ?, ?)")?;
        for record in &repaired.set_aside {
            insert.execute(duckdb::params![
                record.line,
                record.record_no,
                record.reason,
                record.excerpt
            ])?;
        }
    }
    let count: i64 = conn.query_row("SELECT count(*) FROM cw_parse_rejects", [], |r| r.get(0))?;
    if count == 0 {
        return Ok(0);
    }
    conn.execute(
        "INSERT INTO rejects SELECT ?, ?, line, record_no, 'parse', reason, raw FROM cw_parse_rejects",
        duckdb::params![load_id, source_file],
    )?;
    // The k-th surviving record is record k + #{i : r_i - i + 1 <= k} (r sorted, i from 1).
    conn.execute(
        "UPDATE declarations d SET source_row = d.source_row + (
             SELECT count(*) FROM (SELECT record_no - row_number() OVER (ORDER BY record_no) + 1 AS t FROM cw_parse_rejects) s
             WHERE s.t <= d.source_row)
         WHERE load_id IN (?, ?)",
        duckdb::params![load_id, -load_id],
    )?;
    Ok(count)
}

/// `text` with every line longer than [`MESSAGE_LINE_CHARS`] cut, saying how much was cut.
fn short_lines(text: &str) -> String {
    text.lines()
        .map(|line| match line.char_indices().nth(MESSAGE_LINE_CHARS) {
            Some((cut, _)) => format!("{}… ({} more bytes)", &line[..cut], line.len() - cut),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn rejects_by_reason(conn: &duckdb::Connection, load_id: i64) -> Result<Vec<RejectCount>> {
    let mut stmt = conn.prepare(
        "SELECT split_part(reason, ':', 1) AS why, count(*)
         FROM rejects WHERE load_id = ? GROUP BY why ORDER BY count(*) DESC, why",
    )?;
    let rows = stmt.query_map([load_id], |r| {
        Ok(RejectCount {
            reason: r.get(0)?,
            rows: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Problems worth telling the analyst that do not justify rejecting a row.
fn quality_warnings(
    conn: &duckdb::Connection,
    load_id: i64,
    mapping: &Mapping,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let unknown_hs: i64 = conn.query_row(
        "SELECT count(*) FROM declarations d
         WHERE d.load_id = ? AND NOT EXISTS (SELECT 1 FROM hs_codes h WHERE h.level = 6 AND h.hs_code = left(d.hs_code, 6))",
        [load_id],
        |r| r.get(0),
    )?;
    if unknown_hs > 0 {
        warnings.push(format!("{unknown_hs} item(s) have an HS6 subheading that is not in HS 2022 (kept; check the edition)"));
    }
    if mapping.columns.iter().any(|c| c.target == "container_ids") {
        let bad = invalid_container_ids(conn, load_id)?;
        if bad > 0 {
            warnings.push(format!(
                "{bad} container id(s) fail the ISO 6346 format or check digit (kept, flagged)"
            ));
        }
    }
    if !mapping.columns.iter().any(|c| c.target == "item_no")
        && !mapping.constants.iter().any(|(t, _)| t == "item_no")
    {
        warnings.push("no item_no column: every row was taken as item 1 of its declaration".into());
    }
    Ok(warnings)
}

/// How many of the load's container numbers fail ISO 6346 (format or check digit). The ids are
/// streamed out as Arrow strings and checked by [`iso6346::is_valid`], the same code the sample
/// generator uses: one implementation of the rule, and faster than the check in SQL.
fn invalid_container_ids(conn: &duckdb::Connection, load_id: i64) -> Result<usize> {
    let mut stmt =
        conn.prepare("SELECT unnest(container_ids) AS c FROM declarations WHERE load_id = ?")?;
    let mut bad = 0;
    for batch in stmt.stream_arrow([load_id])? {
        use arrow::array::AsArray;
        let column = batch?.column(0).clone();
        let invalid = |id: &Option<&str>| id.is_some_and(|id| !iso6346::is_valid(id));
        bad += match column.data_type() {
            arrow::datatypes::DataType::Utf8View => {
                column.as_string_view().iter().filter(invalid).count()
            }
            _ => {
                let utf8 = arrow::compute::cast(&column, &arrow::datatypes::DataType::Utf8)?;
                utf8.as_string::<i32>().iter().filter(invalid).count()
            }
        };
    }
    Ok(bad)
}

/// What the session records of a finished load: the `loads` row (with how the file was read:
/// encoding, dialect, mapping) and the audit entry.
fn summary<'a>(report: &'a LoadReport, mapping: &Mapping, forced: bool) -> LoadSummary<'a> {
    LoadSummary {
        format: report.format.clone(),
        encoding: Some(&report.encoding),
        dialect: Some(serde_json::to_string(&report.dialect).unwrap_or_default()),
        profile: Some(&report.profile),
        options: Some(serde_json::to_string(mapping).unwrap_or_default()),
        read: report.rows_read as u64,
        loaded: report.rows_loaded as u64,
        rejected: report.rows_rejected as u64,
        accounting: Accounting::Rows { set_aside: 0 },
        warnings: &report.warnings,
        audit: serde_json::json!({
            "load_id": report.load_id,
            "file": report.file,
            "sha256": report.sha256,
            "profile": report.profile,
            "rows_read": report.rows_read,
            "rows_loaded": report.rows_loaded,
            "rows_duplicate": report.rows_duplicate,
            "rows_rejected": report.rows_rejected,
            "on_duplicate": report.duplicates.policy,
            "forced": forced,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_canonical_column_has_a_kind_and_a_conversion() {
        let t = Transform::default();
        for (name, _) in DECLARATION_COLUMNS.iter().filter(|(n, _)| *n != "extra") {
            let Conversion { value, .. } = convert(
                name,
                &Origin::Column {
                    name: "src",
                    duck_type: "VARCHAR",
                    transform: &t,
                },
            );
            assert!(!value.is_empty(), "{name}");
        }
        assert_eq!(kind_of("hs_code"), Kind::HsCode);
        assert_eq!(kind_of("customs_value"), Kind::Money);
    }

    #[test]
    fn invalid_container_ids_are_counted() {
        let conn = duckdb::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE declarations (container_ids VARCHAR[], load_id BIGINT);
             INSERT INTO declarations VALUES (['NARU3472484', 'MAEU6543210'], 7), (NULL, 7), (['CSQU3054383'], 7), (['bad'], 8);",
        )
        .unwrap();
        assert_eq!(invalid_container_ids(&conn, 7).unwrap(), 1);
    }
}
