//! The loader's own CSV reading, for exports DuckDB's sniffer and reader cannot take as they
//! are, and the bounds every CSV load keeps.
//!
//! DuckDB reads well-formed CSV fast and in parallel, so it stays the reader of every file it
//! can read. Three kinds of real export defeat it (issue 19 items 6 and 9):
//!
//! - a file whose quoted fields break its sniffer: one truncated record at the end (the export
//!   stopped inside a quoted goods description) makes every quoting candidate fail on a small
//!   file, and the sniffer settles on "no quote character", which splits every multi-line
//!   description into pieces;
//! - a record longer than DuckDB's line bound (2,000,000 bytes by default): DuckDB fails the
//!   whole file, quoting the whole line in its message;
//! - very many columns: a 4 MB file of 10,000 columns exhausts memory.
//!
//! The first two are *repaired*: [`repair`] streams the file through `csv-core` (RFC 4180
//! with doubled quotes, any line ends), writes every complete record within the bounds to a
//! clean temporary copy (same delimiter, quoted where needed) and sets aside, with the physical
//! line it starts on, each record that has a field over [`CsvLimits::max_field_bytes`] or that
//! the file ends inside a quoted field of. Fields are never held beyond the bound, so a 100 MB
//! field costs no 100 MB of memory. DuckDB then reads the copy with the dialect given
//! explicitly (no sniffing), and the loader maps each record of the copy back to its record
//! number and starting line in the user's file, so rejects name the user's line, never the copy.
//!
//! The third is refused up front by [`check_header_width`], which counts the header's fields
//! without storing them.
//!
//! Both bounds are options of the `[limits]` table of the `clearway.toml` beside the workspace
//! (`csv_max_columns`, `csv_max_field_bytes`), read by [`CsvLimits::resolve`]; other keys of
//! that table belong to other readers and are left to them.

use crate::error::{Error, Result};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// Columns a CSV header may have unless `[limits] csv_max_columns` says otherwise. Customs
/// exports have tens to a few hundred; past a couple of thousand DuckDB's per-column buffers
/// dominate memory.
pub const DEFAULT_MAX_COLUMNS: usize = 2_048;

/// Bytes one CSV field may hold unless `[limits] csv_max_field_bytes` says otherwise. A goods
/// description is at most a few kilobytes; a megabyte is a broken export or an embedded file.
pub const DEFAULT_MAX_FIELD_BYTES: usize = 1 << 20;

/// How many bytes of a set-aside record its reject keeps, so a reject never holds the 100 MB.
pub const EXCERPT_BYTES: usize = 200;

/// The bounds of CSV reading (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvLimits {
    pub max_columns: usize,
    pub max_field_bytes: usize,
}

impl Default for CsvLimits {
    fn default() -> Self {
        CsvLimits {
            max_columns: DEFAULT_MAX_COLUMNS,
            max_field_bytes: DEFAULT_MAX_FIELD_BYTES,
        }
    }
}

impl CsvLimits {
    /// The defaults overridden by `csv_max_columns` and `csv_max_field_bytes` of the `[limits]`
    /// table of the `clearway.toml` beside `workspace`. Another `csv_…` key is refused as a
    /// typo; keys of other readers are not this struct's business.
    pub fn resolve(workspace: &Path) -> Result<Self> {
        let mut limits = CsvLimits::default();
        for (path, file) in crate::workspace::config(workspace)? {
            limits.apply(&file, &path)?;
        }
        Ok(limits)
    }

    /// The CSV bounds of one settings file's `[limits]` table.
    fn apply(&mut self, file: &toml::Table, path: &Path) -> Result<()> {
        let Some(table) = file.get("limits").and_then(|t| t.as_table()) else {
            return Ok(());
        };
        for (key, value) in table.iter().filter(|(k, _)| k.starts_with("csv_")) {
            let number = value
                .as_integer()
                .filter(|n| *n >= 1)
                .and_then(|n| usize::try_from(n).ok());
            match (key.as_str(), number) {
                ("csv_max_columns", Some(n)) => self.max_columns = n,
                ("csv_max_field_bytes", Some(n)) => self.max_field_bytes = n,
                ("csv_max_columns" | "csv_max_field_bytes", None) => {
                    return Err(Error::bad_input(
                        path,
                        format!("[limits] {key} = {value} is not valid"),
                        format!(
                            "write a whole number from 1, e.g. {key} = {}",
                            match key.as_str() {
                                "csv_max_columns" => DEFAULT_MAX_COLUMNS,
                                _ => DEFAULT_MAX_FIELD_BYTES,
                            }
                        ),
                    ))
                }
                _ => {
                    return Err(Error::bad_input(
                        path,
                        format!("[limits] {key} is not a CSV bound"),
                        "the CSV bounds are csv_max_columns and csv_max_field_bytes",
                    ))
                }
            }
        }
        Ok(())
    }

    /// The longest record the repaired copy may hold, which is also DuckDB's `max_line_size`
    /// when it reads the copy: four fields at the bound, and never less than 16 MiB.
    pub fn max_record_bytes(&self) -> usize {
        self.max_field_bytes.saturating_mul(4).max(16 << 20)
    }
}

/// Refuses a file whose first record (the header) has more than `limits.max_columns` fields,
/// naming the bound and the option that raises it. Fields are counted, not stored; counting
/// stops after 64 MiB, so even a header that never ends costs constant memory.
pub fn check_header_width(
    path: &Path,
    read_path: &Path,
    delimiter: u8,
    limits: &CsvLimits,
) -> Result<()> {
    let columns = header_width(read_path, delimiter, 64 << 20).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    if columns <= limits.max_columns {
        return Ok(());
    }
    Err(Error::bad_input(
        path,
        format!(
            "the header has {columns} columns; clearway reads at most {} (csv_max_columns)",
            limits.max_columns
        ),
        "export only the columns you need, or raise the bound in the clearway.toml beside the \
         workspace: [limits] csv_max_columns = N",
    ))
}

/// The number of fields of the first record, reading at most `max_bytes`.
fn header_width(path: &Path, delimiter: u8, max_bytes: u64) -> std::io::Result<usize> {
    use std::io::Read;
    let file = super::source::open_input(path)?;
    let mut input = BufReader::with_capacity(1 << 16, file.take(max_bytes));
    let mut parser = parser(delimiter);
    let mut out = [0u8; 1 << 14];
    let mut fields = 0usize;
    loop {
        let data = input.fill_buf()?;
        let (result, consumed, _) = parser.read_field(data, &mut out);
        input.consume(consumed);
        match result {
            csv_core::ReadFieldResult::Field { record_end } => {
                fields += 1;
                if record_end {
                    return Ok(fields);
                }
            }
            csv_core::ReadFieldResult::End => return Ok(fields),
            _ => {}
        }
    }
}

fn parser(delimiter: u8) -> csv_core::Reader {
    csv_core::ReaderBuilder::new()
        .delimiter(delimiter)
        .quote(b'"')
        .double_quote(true)
        .build()
}

/// A record [`repair`] kept out of the clean copy.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    /// Its ordinal among the file's data records (1 = the first after the header).
    pub record_no: i64,
    /// The physical line (1-based) of the user's file it starts on.
    pub line: i64,
    pub reason: String,
    /// At most [`EXCERPT_BYTES`] of its text, marked when cut.
    pub excerpt: String,
}

/// What [`repair`] produced.
pub struct Repaired {
    /// The clean copy; removed when dropped.
    pub path: tempfile::TempPath,
    /// The header's column names.
    pub header: Vec<String>,
    pub set_aside: Vec<SetAside>,
}

/// Where each record of the clean copy came from: its ordinal in the copy (1-based, header
/// not counted), its record number in the user's file and the line it starts on there.
pub trait RecordOrigins {
    fn record(&mut self, copy_no: i64, record_no: i64, line: i64) -> Result<()>;
}

/// Writes the clean copy of `read_path` into `dir` (see the module docs). `path` is the user's
/// file, for messages.
pub fn repair(
    path: &Path,
    read_path: &Path,
    delimiter: u8,
    limits: &CsvLimits,
    dir: &Path,
    origins: &mut dyn RecordOrigins,
) -> Result<Repaired> {
    let read_err = |cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    };
    let out = tempfile::Builder::new()
        .prefix("clearway-repaired-")
        .suffix(".csv")
        .tempfile_in(dir)
        .map_err(|cause| Error::Write {
            path: dir.to_path_buf(),
            cause,
        })?;
    let (file, temp_path) = out.into_parts();
    let write_err = |cause: std::io::Error| Error::Write {
        path: dir.to_path_buf(),
        cause,
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(BufWriter::with_capacity(1 << 20, file));
    let input = super::source::open_input(read_path).map_err(read_err)?;
    let mut scan = Scan::new(BufReader::with_capacity(1 << 20, input), delimiter, limits);
    let mut header: Option<Vec<String>> = None;
    let mut set_aside = Vec::new();
    let mut copy_no = 0i64;
    let mut record_no = 0i64;
    while let Some(record) = scan.next_record().map_err(read_err)? {
        if header.is_none() {
            header = Some(
                record
                    .fields()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            );
            write_record(&mut writer, &record).map_err(|e| write_err(e.into()))?;
            continue;
        }
        record_no += 1;
        match record.problem(limits) {
            Some(reason) => set_aside.push(SetAside {
                record_no,
                line: record.line,
                reason,
                excerpt: record.excerpt(),
            }),
            None => {
                copy_no += 1;
                write_record(&mut writer, &record).map_err(|e| write_err(e.into()))?;
                origins.record(copy_no, record_no, record.line)?;
            }
        }
    }
    writer
        .into_inner()
        .map_err(|e| write_err(e.into_error()))?
        .flush()
        .map_err(write_err)?;
    Ok(Repaired {
        path: temp_path,
        header: header.unwrap_or_default(),
        set_aside,
    })
}

/// The physical line (1-based) each of the `wanted` records starts on, counting the header as
/// record 0: what DuckDB's reader, which numbers records, cannot say for a file whose quoted
/// fields span lines. One pass that stops after the last record wanted, in constant memory.
pub fn record_lines(
    read_path: &Path,
    delimiter: u8,
    wanted: &[i64],
) -> std::io::Result<std::collections::HashMap<i64, i64>> {
    let mut found = std::collections::HashMap::new();
    let Some(&last) = wanted.iter().max() else {
        return Ok(found);
    };
    let wanted: std::collections::HashSet<i64> = wanted.iter().copied().collect();
    // Nothing is kept of the fields: only lines are wanted.
    let limits = CsvLimits {
        max_columns: usize::MAX,
        max_field_bytes: 0,
    };
    let input = BufReader::with_capacity(1 << 20, super::source::open_input(read_path)?);
    let mut scan = Scan::new(input, delimiter, &limits);
    let mut record_no = -1i64;
    while record_no < last {
        let Some(record) = scan.next_record()? else {
            break;
        };
        record_no += 1;
        if wanted.contains(&record_no) {
            found.insert(record_no, record.line);
        }
    }
    Ok(found)
}

fn write_record<W: Write>(writer: &mut csv::Writer<W>, record: &Record) -> csv::Result<()> {
    writer.write_record(record.fields())
}

/// One record as [`Scan`] read it: its fields (unless a bound was passed, after which nothing
/// more is kept), where it starts and what went wrong.
struct Record {
    line: i64,
    data: Vec<u8>,
    ends: Vec<usize>,
    /// (1-based field, bytes) of the first field over the bound.
    oversized_field: Option<(usize, u64)>,
    /// Total bytes of its fields, counted even when they are no longer kept.
    bytes: u64,
    /// The file ended inside one of its quoted fields.
    unterminated: bool,
    excerpt: Vec<u8>,
    excerpt_cut: bool,
}

impl Record {
    fn fields(&self) -> impl Iterator<Item = &[u8]> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let field = &self.data[start..end];
            start = end;
            field
        })
    }

    fn problem(&self, limits: &CsvLimits) -> Option<String> {
        if self.unterminated {
            return Some(
                "CSV structure (truncated record): the file ends inside a quoted field, so this record is \
                 incomplete (a truncated export?)"
                    .into(),
            );
        }
        if let Some((field, bytes)) = self.oversized_field {
            return Some(format!(
                "CSV structure (field too large): field {field} holds {bytes} bytes, more than csv_max_field_bytes \
                 ({}); raise [limits] csv_max_field_bytes in clearway.toml to load it",
                limits.max_field_bytes
            ));
        }
        if self.bytes > limits.max_record_bytes() as u64 {
            return Some(format!(
                "CSV structure (record too large): the record holds {} bytes, more than four times \
                 csv_max_field_bytes ({}); raise [limits] csv_max_field_bytes in clearway.toml \
                 to load it",
                self.bytes,
                limits.max_record_bytes()
            ));
        }
        None
    }

    fn excerpt(&self) -> String {
        let text = String::from_utf8_lossy(&self.excerpt);
        let text = text.trim_end_matches(['\r', '\n']);
        if self.excerpt_cut {
            format!("{text}… (cut at {EXCERPT_BYTES} bytes)")
        } else {
            text.to_string()
        }
    }
}

/// Where the scan stands in the raw bytes, mirroring csv-core's states, to tell whether the
/// file ends inside a quoted field (csv-core itself closes such a field silently).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Quoting {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// A streaming record reader over csv-core that keeps each field only up to the bound and
/// tracks physical lines and quoting in the raw bytes.
struct Scan<'a, R> {
    input: R,
    parser: csv_core::Reader,
    delimiter: u8,
    limits: &'a CsvLimits,
    out: Vec<u8>,
    /// Newlines consumed so far.
    newlines: i64,
    quoting: Quoting,
    done: bool,
}

impl<'a, R: BufRead> Scan<'a, R> {
    fn new(input: R, delimiter: u8, limits: &'a CsvLimits) -> Self {
        Scan {
            input,
            parser: parser(delimiter),
            delimiter,
            limits,
            out: vec![0u8; 1 << 16],
            newlines: 0,
            quoting: Quoting::FieldStart,
            done: false,
        }
    }

    fn next_record(&mut self) -> std::io::Result<Option<Record>> {
        if self.done {
            return Ok(None);
        }
        let mut record = Record {
            line: 0,
            data: Vec::new(),
            ends: Vec::new(),
            oversized_field: None,
            bytes: 0,
            unterminated: false,
            excerpt: Vec::new(),
            excerpt_cut: false,
        };
        let mut field_bytes = 0u64;
        let mut started = false;
        loop {
            let data = self.input.fill_buf()?;
            let at_end = data.is_empty();
            let (result, consumed, produced) = self.parser.read_field(data, &mut self.out);
            let raw = &data[..consumed];
            if !started {
                // Line ends before the record's first byte belong to the previous record.
                if let Some(first) = raw.iter().position(|b| *b != b'\n' && *b != b'\r') {
                    started = true;
                    record.line = self.newlines
                        + raw[..first].iter().filter(|b| **b == b'\n').count() as i64
                        + 1;
                    keep_excerpt(&mut record, &raw[first..]);
                }
            } else {
                keep_excerpt(&mut record, raw);
            }
            self.newlines += raw.iter().filter(|b| **b == b'\n').count() as i64;
            let quoting = track_quoting(&mut self.quoting, self.delimiter, raw);
            self.input.consume(consumed);
            let value = &self.out[..produced];
            field_bytes += produced as u64;
            record.bytes += produced as u64;
            let within = field_bytes <= self.limits.max_field_bytes as u64
                && record.bytes <= self.limits.max_record_bytes() as u64;
            if within && record.oversized_field.is_none() {
                record.data.extend_from_slice(value);
            } else if record.oversized_field.is_none()
                && field_bytes > self.limits.max_field_bytes as u64
            {
                record.oversized_field = Some((record.ends.len() + 1, 0));
                record.data = Vec::new();
            }
            match result {
                csv_core::ReadFieldResult::Field { record_end } => {
                    if let Some((field, bytes)) = &mut record.oversized_field {
                        if *field == record.ends.len() + 1 {
                            *bytes = field_bytes;
                        }
                    }
                    record.ends.push(record.data.len());
                    field_bytes = 0;
                    if record_end {
                        record.unterminated = at_end && quoting == Quoting::Quoted;
                        if at_end {
                            self.done = true;
                        }
                        return Ok(Some(record));
                    }
                }
                csv_core::ReadFieldResult::End => {
                    self.done = true;
                    return Ok(None);
                }
                csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
            }
        }
    }
}

/// Advances the quoting state over `raw` and returns the state at its end.
fn track_quoting(state: &mut Quoting, delimiter: u8, raw: &[u8]) -> Quoting {
    for &b in raw {
        let field_end = b == delimiter || b == b'\n' || b == b'\r';
        *state = match *state {
            Quoting::FieldStart if b == b'"' => Quoting::Quoted,
            Quoting::FieldStart | Quoting::Unquoted if field_end => Quoting::FieldStart,
            Quoting::FieldStart | Quoting::Unquoted => Quoting::Unquoted,
            Quoting::Quoted if b == b'"' => Quoting::QuoteInQuoted,
            Quoting::Quoted => Quoting::Quoted,
            Quoting::QuoteInQuoted if b == b'"' => Quoting::Quoted,
            Quoting::QuoteInQuoted if field_end => Quoting::FieldStart,
            Quoting::QuoteInQuoted => Quoting::Unquoted,
        };
    }
    *state
}

fn keep_excerpt(record: &mut Record, raw: &[u8]) {
    let room = EXCERPT_BYTES.saturating_sub(record.excerpt.len());
    if raw.len() > room {
        record.excerpt_cut = true;
    }
    // Cut on a character boundary so the excerpt stays valid UTF-8.
    let mut take = raw.len().min(room);
    while take > 0 && take < raw.len() && (raw[take] & 0xC0) == 0x80 {
        take -= 1;
    }
    record.excerpt.extend_from_slice(&raw[..take]);
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lines(Vec<(i64, i64, i64)>);
    impl RecordOrigins for Lines {
        fn record(&mut self, copy_no: i64, record_no: i64, line: i64) -> Result<()> {
            self.0.push((copy_no, record_no, line));
            Ok(())
        }
    }

    fn repaired(text: &[u8], limits: CsvLimits) -> (Repaired, Vec<(i64, i64, i64)>, String) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("in.csv");
        std::fs::write(&file, text).unwrap();
        let mut lines = Lines(Vec::new());
        let r = repair(&file, &file, b',', &limits, dir.path(), &mut lines).unwrap();
        let copy = std::fs::read_to_string(&r.path).unwrap();
        (r, lines.0, copy)
    }

    #[test]
    fn multi_line_records_keep_their_starting_lines_and_a_truncated_one_is_set_aside() {
        let text = b"a,b\r\n1,\"x\r\ny\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"cut\r\nshort";
        let (r, lines, copy) = repaired(text, CsvLimits::default());
        assert_eq!(r.header, vec!["a", "b"]);
        assert_eq!(lines, vec![(1, 1, 2), (2, 2, 4)]);
        assert_eq!(copy, "a,b\n1,\"x\r\ny\"\n2,\"say \"\"hi\"\"\"\n");
        assert_eq!(r.set_aside.len(), 1);
        assert_eq!((r.set_aside[0].record_no, r.set_aside[0].line), (3, 5));
        assert!(r.set_aside[0].reason.contains("ends inside a quoted field"));
        assert_eq!(r.set_aside[0].excerpt, "3,\"cut\r\nshort");
    }

    #[test]
    fn a_quote_inside_an_unquoted_last_field_is_not_a_truncation() {
        let (r, lines, _) = repaired(b"a,b\n1,24\"", CsvLimits::default());
        assert!(r.set_aside.is_empty());
        assert_eq!(lines, vec![(1, 1, 2)]);
    }

    #[test]
    fn an_oversized_field_sets_its_record_aside_with_a_short_excerpt() {
        let limits = CsvLimits {
            max_columns: 10,
            max_field_bytes: 1000,
        };
        let mut text = b"a,b\n1,ok\n2,".to_vec();
        text.extend(std::iter::repeat_n(b'x', 300_000));
        text.extend_from_slice(b"\n3,fine\n");
        let (r, lines, copy) = repaired(&text, limits);
        assert_eq!(lines, vec![(1, 1, 2), (2, 3, 4)]);
        assert_eq!(copy, "a,b\n1,ok\n3,fine\n");
        let bad = &r.set_aside[0];
        assert_eq!((bad.record_no, bad.line), (2, 3));
        assert!(
            bad.reason.contains("field 2 holds 300000 bytes"),
            "{}",
            bad.reason
        );
        assert!(bad.reason.contains("csv_max_field_bytes"));
        assert!(bad.excerpt.len() < EXCERPT_BYTES + 40);
    }

    #[test]
    fn limits_come_from_the_limits_table_and_typos_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws.duckdb");
        assert_eq!(CsvLimits::resolve(&ws).unwrap(), CsvLimits::default());
        let toml = dir.path().join("clearway.toml");
        std::fs::write(
            &toml,
            "[limits]\ncsv_max_columns = 10\ncsv_max_field_bytes = 99\nmax_line_bytes = 5\n",
        )
        .unwrap();
        assert_eq!(
            CsvLimits::resolve(&ws).unwrap(),
            CsvLimits {
                max_columns: 10,
                max_field_bytes: 99
            }
        );
        std::fs::write(&toml, "[limits]\ncsv_max_colums = 10\n").unwrap();
        let err = CsvLimits::resolve(&ws).unwrap_err().to_string();
        // the settings schema refuses the typo and names the keys it meant
        assert!(
            err.contains("unknown field `csv_max_colums`") && err.contains("csv_max_columns"),
            "{err}"
        );
        std::fs::write(&toml, "[limits]\ncsv_max_columns = 0\n").unwrap();
        let err = CsvLimits::resolve(&ws).unwrap_err().to_string();
        assert!(err.contains("csv_max_columns = 0 is not valid"), "{err}");
    }

    #[test]
    fn record_lines_follow_quoted_line_breaks() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.csv");
        std::fs::write(&file, "a,b\n1,\"x\ny\nz\"\n2,w\n3,\"q\"\n").unwrap();
        let lines = record_lines(&file, b',', &[1, 2, 3, 9]).unwrap();
        assert_eq!(lines.get(&1), Some(&2));
        assert_eq!(lines.get(&2), Some(&5));
        assert_eq!(lines.get(&3), Some(&6));
        assert_eq!(lines.get(&9), None);
    }

    #[test]
    fn header_width_counts_fields_without_keeping_them() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("w.csv");
        let header: Vec<String> = (0..5000).map(|i| format!("\"c,{i}\"")).collect();
        std::fs::write(&file, header.join(",") + "\n1\n").unwrap();
        assert_eq!(header_width(&file, b',', 1 << 20).unwrap(), 5000);
        let limits = CsvLimits {
            max_columns: 100,
            max_field_bytes: 10,
        };
        let err = check_header_width(&file, &file, b',', &limits).unwrap_err();
        assert!(err.to_string().contains("5000 columns"), "{err}");
    }
}
