//! What a file is before any reader touches it: its format, its bytes' fingerprint and its
//! text encoding.
//!
//! The sha256 serves two purposes: a file already loaded is refused (loading it twice would
//! double its rows), and exports name the inputs behind them. The same single pass checks that
//! text is UTF-8. Customs systems still emit Latin-1 / Windows-1252 exports; those are
//! transcoded into a temporary UTF-8 copy (Windows-1252 is a superset of Latin-1's printable
//! range, so one decoder serves both) and the load report says so.
//!
//! Compressed exports (zstd, gzip) are recognised by their magic bytes, not their name, and
//! every pass of clearway's own over a file opens it through [`open_input`], which decodes them;
//! DuckDB's readers are told the codec ([`Compression::of_file`]). The sha256 stays that of the
//! bytes on disk (the file a reload is recognised by); the UTF-8 check and line numbers are the
//! decompressed text's. A file read whole is bounded after decompression, so a small
//! "compression bomb" is refused like any file over `max_file_bytes`.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The help line of an input refused by a bound (docs/reliability.md, "Bounds on input").
pub const BOUND_HELP: &str = "clearway bounds what it reads so a hostile file cannot fill memory; raise the bound named if the file is genuine";

/// A whole regular file within [`Limits::max_file_bytes`](crate::limits::Limits): a device or
/// FIFO is refused (its size is unknown and a load reads its file more than once), a larger
/// file is refused naming the bound. A compressed file is decompressed, and the bound applies
/// to what it decompresses to.
pub fn read_whole(path: &Path, limits: &crate::limits::Limits) -> Result<Vec<u8>> {
    require_regular_file(path)?;
    if Compression::of_file(path)?.is_none() {
        return crate::limits::read_file_capped(path, limits.max_file_bytes)
            .map_err(|why| Error::input_refused(path, why, BOUND_HELP));
    }
    let max = limits.max_file_bytes;
    let mut bytes = Vec::new();
    open_input(path)
        .and_then(|input| input.take(max.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|cause| Error::Read {
            path: path.to_path_buf(),
            cause,
        })?;
    if bytes.len() as u64 > max {
        let why = crate::limits::exceeded(
            crate::limits::Bound::FileBytes,
            max,
            &format!("{} (decompressed)", path.display()),
        );
        return Err(Error::input_refused(path, why, BOUND_HELP));
    }
    Ok(bytes)
}

/// The codecs of compressed exports clearway reads without being told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    Zstd,
    Gzip,
}

impl Compression {
    /// The codec whose magic bytes `head` starts with (RFC 8878 §3.1.1, RFC 1952 §2.3.1).
    pub fn of_head(head: &[u8]) -> Option<Self> {
        if head.starts_with(b"\x28\xb5\x2f\xfd") {
            Some(Compression::Zstd)
        } else if head.starts_with(b"\x1f\x8b") {
            Some(Compression::Gzip)
        } else {
            None
        }
    }

    /// The codec of the file at `path`, from its first bytes.
    pub fn of_file(path: &Path) -> Result<Option<Self>> {
        let mut head = Vec::with_capacity(4);
        std::fs::File::open(path)
            .and_then(|f| f.take(4).read_to_end(&mut head))
            .map_err(|cause| Error::Read {
                path: path.to_path_buf(),
                cause,
            })?;
        Ok(Self::of_head(&head))
    }

    /// The name DuckDB's `read_csv` / `read_json` take in `compression = ...`.
    pub fn name(self) -> &'static str {
        match self {
            Compression::Zstd => "zstd",
            Compression::Gzip => "gzip",
        }
    }

    /// The `compression = ...` option (with its leading comma) of a DuckDB reader over `path`;
    /// empty for a plain file.
    pub fn reader_option(path: &Path) -> Result<String> {
        Ok(Self::of_file(path)?
            .map(|c| format!(", compression = '{}'", c.name()))
            .unwrap_or_default())
    }
}

/// The file's content: decompressed when it starts with a codec's magic bytes, as it is
/// otherwise. A damaged stream fails on the read that meets it, naming the codec's complaint.
pub fn open_input(path: &Path) -> std::io::Result<Box<dyn Read + Send>> {
    let compression = Compression::of_file(path).map_err(|e| match e {
        Error::Read { cause, .. } => cause,
        other => std::io::Error::other(other.to_string()),
    })?;
    let file = std::fs::File::open(path)?;
    Ok(match compression {
        None => Box::new(file),
        Some(codec @ Compression::Zstd) => Box::new(Decoded {
            codec,
            inner: zstd::stream::read::Decoder::new(file)?,
        }),
        // `MultiGz`: `cat a.gz b.gz` is one valid gzip file of two members
        Some(codec @ Compression::Gzip) => Box::new(Decoded {
            codec,
            inner: flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file)),
        }),
    })
}

/// A decoder whose failures say what failed: the codec's own words ("incomplete frame",
/// "corrupt deflate stream") name no codec and no cause.
struct Decoded<R> {
    codec: Compression,
    inner: R,
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::io::ErrorKind::{InvalidData, InvalidInput, Other, UnexpectedEof};
        self.inner.read(buf).map_err(|e| match e.kind() {
            // what the decoders report for a stream they cannot decode; an interruption, a
            // permission or a disk error keeps its own kind and words
            InvalidData | InvalidInput | UnexpectedEof | Other => std::io::Error::new(
                InvalidData,
                format!(
                    "the {} stream is damaged or cut short ({e})",
                    self.codec.name()
                ),
            ),
            _ => e,
        })
    }
}

/// [`read_whole`] of a text file: UTF-8 or an error naming the first byte that is not.
pub fn read_whole_text(path: &Path, limits: &crate::limits::Limits) -> Result<String> {
    String::from_utf8(read_whole(path, limits)?).map_err(|e| {
        Error::bad_input(
            path,
            format!(
                "not UTF-8 text: byte {} is not",
                e.utf8_error().valid_up_to()
            ),
            "save the export as UTF-8",
        )
    })
}

/// Refuses what is not a regular file before a streaming loader reads it (see [`read_whole`]).
pub fn require_regular_file(path: &Path) -> Result<()> {
    if !path.exists() {
        // the loader's own open names a missing file as before
        return Ok(());
    }
    crate::limits::require_regular_file(path)
        .map(|_| ())
        .map_err(|why| {
            Error::input_refused(path, why, "copy the data into a regular file and load that")
        })
}

/// Input formats clearway reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Parquet,
    Json,
    Ndjson,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
        }
    }
}

/// How the text of a file was decoded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    /// Not valid UTF-8; decoded as Windows-1252 (which covers Latin-1). `first_bad_byte` is where
    /// UTF-8 decoding first failed, for the report.
    Windows1252 {
        first_bad_byte: u64,
    },
    /// UTF-16 with a byte-order mark (Excel's "Unicode text" and some Windows exports);
    /// transcoded to UTF-8 like Windows-1252.
    Utf16 {
        big_endian: bool,
    },
    /// Binary formats (Parquet) have no text encoding.
    Binary,
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Encoding::Utf8 => write!(f, "UTF-8"),
            Encoding::Utf8Bom => write!(f, "UTF-8 with BOM"),
            Encoding::Windows1252 { first_bad_byte } => write!(
                f,
                "Windows-1252/Latin-1 (not UTF-8 from byte {first_bad_byte}); transcoded to UTF-8"
            ),
            Encoding::Utf16 { big_endian } => write!(
                f,
                "UTF-16{} with BOM; transcoded to UTF-8",
                if *big_endian { "BE" } else { "LE" }
            ),
            Encoding::Binary => write!(f, "binary"),
        }
    }
}

/// Facts of one pass over the bytes.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    pub sha256: String,
    pub bytes: u64,
    pub encoding: Encoding,
}

impl Fingerprint {
    /// The loader's signal to retry through a transcoded copy ([`Error::NotUtf8`]) when this
    /// file is not UTF-8; None when it is.
    pub fn not_utf8(&self) -> Option<Error> {
        match self.encoding {
            Encoding::Windows1252 { first_bad_byte } => Some(Error::NotUtf8 {
                sha256: self.sha256.clone(),
                bytes: self.bytes,
                first_bad_byte,
            }),
            _ => None,
        }
    }

    /// The fingerprint an [`Error::NotUtf8`] carried back to the loader.
    pub fn of_not_utf8(sha256: String, bytes: u64, first_bad_byte: u64) -> Self {
        Fingerprint {
            sha256,
            bytes,
            encoding: Encoding::Windows1252 { first_bad_byte },
        }
    }

    /// The text encoding as the load report states it, with the codec of the file at `path`
    /// when it was compressed.
    pub fn describe_encoding(&self, path: &Path) -> Result<String> {
        Ok(match Compression::of_file(path)? {
            Some(c) => format!("{}, {}-compressed", self.encoding, c.name()),
            None => self.encoding.to_string(),
        })
    }
}

/// Guesses the format from the extension, then from the first bytes when the extension says
/// nothing. An explicit `--format` always wins.
pub fn detect_format(path: &Path, explicit: Option<Format>) -> Result<Format> {
    if let Some(f) = explicit {
        return Ok(f);
    }
    match content_extension(path).as_deref() {
        Some("csv" | "tsv" | "txt" | "psv" | "tab") => return Ok(Format::Csv),
        Some("parquet" | "pq") => return Ok(Format::Parquet),
        Some("ndjson" | "jsonl") => return Ok(Format::Ndjson),
        Some("json") => return Ok(Format::Json),
        _ => {}
    }
    let head = read_head(path, 4096)?;
    let n = head.len();
    let head = head.as_slice();
    if head.starts_with(b"PAR1") {
        return Ok(Format::Parquet);
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => Ok(Format::Json),
        Some(b'{') => Ok(Format::Ndjson),
        _ if n == 0 => Err(Error::UnknownFormat {
            path: path.to_path_buf(),
            reason: "the file is empty".into(),
        }),
        _ if head.contains(&0) => Err(Error::UnknownFormat {
            path: path.to_path_buf(),
            reason: "binary content that is not Parquet".into(),
        }),
        _ => Ok(Format::Csv),
    }
}

/// The extension that names the content, lowercase: `csv` for `x.csv` and for `x.csv.zst` or
/// `x.CSV.gz` (a codec's extension names the wrapping, not the format).
fn content_extension(path: &Path) -> Option<String> {
    let ext = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
    };
    match ext(path).as_deref() {
        Some("zst" | "zstd" | "gz" | "gzip") => path.file_stem().and_then(|s| ext(Path::new(s))),
        other => other.map(str::to_string),
    }
}

/// One streaming pass: sha256, byte count and (for text formats) UTF-8 validity. A compressed
/// file takes two: the sha256 and size of its bytes on disk, then the encoding of its text.
pub fn fingerprint(path: &Path, text: bool) -> Result<Fingerprint> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        cause: source,
    };
    let mut hasher = Sha256::new();
    if text && Compression::of_file(path)?.is_some() {
        let mut file = std::fs::File::open(path).map_err(read_err)?;
        let (bytes, _) = scan(&mut file, Some(&mut hasher), false).map_err(read_err)?;
        let mut content = open_input(path).map_err(read_err)?;
        let (_, encoding) = scan(&mut content, None, true).map_err(read_err)?;
        return Ok(Fingerprint {
            sha256: hex::encode(hasher.finalize()),
            bytes,
            encoding,
        });
    }
    let mut file = std::fs::File::open(path).map_err(read_err)?;
    let (bytes, encoding) = scan(&mut file, Some(&mut hasher), text).map_err(read_err)?;
    Ok(Fingerprint {
        sha256: hex::encode(hasher.finalize()),
        bytes,
        encoding,
    })
}

/// Reads `input` to its end, feeding `hasher` when given; returns the bytes read and, for
/// `text`, how the text is encoded (the offset of a first byte that is not UTF-8 included).
fn scan(
    input: &mut dyn Read,
    mut hasher: Option<&mut Sha256>,
    text: bool,
) -> std::io::Result<(u64, Encoding)> {
    let mut buf = vec![0u8; 1 << 20];
    let mut carry: Vec<u8> = Vec::new();
    let mut offset: u64 = 0;
    let mut first_bad: Option<u64> = None;
    let mut bom = false;
    let mut utf16 = None;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        if let Some(h) = hasher.as_deref_mut() {
            h.update(chunk);
        }
        if text && first_bad.is_none() {
            if offset == 0 && chunk.starts_with(b"\xEF\xBB\xBF") {
                bom = true;
            }
            if offset == 0 {
                utf16 = utf16_bom(chunk);
            }
            if utf16.is_none() {
                first_bad = check_utf8_chunk(&mut carry, chunk, offset);
            }
        }
        offset += n as u64;
    }
    if text && first_bad.is_none() && !carry.is_empty() {
        first_bad = Some(offset - carry.len() as u64);
    }
    let encoding = match (text, first_bad, bom) {
        (false, _, _) => Encoding::Binary,
        _ if utf16.is_some() => Encoding::Utf16 {
            big_endian: utf16 == Some(true),
        },
        (true, Some(b), _) => Encoding::Windows1252 { first_bad_byte: b },
        (true, None, true) => Encoding::Utf8Bom,
        (true, None, false) => Encoding::Utf8,
    };
    Ok((offset, encoding))
}

/// `Some(big_endian)` when `head` starts with a UTF-16 byte-order mark.
fn utf16_bom(head: &[u8]) -> Option<bool> {
    match head {
        [0xFF, 0xFE, ..] => Some(false),
        [0xFE, 0xFF, ..] => Some(true),
        _ => None,
    }
}

/// Refuses a text file that is not text: archived or compressed in a way clearway does not
/// decode (ZIP — an Excel workbook is one —, bzip2) or holding NUL bytes (binary, or UTF-16
/// without a byte-order mark). Without this such a file is decoded as Windows-1252 and its
/// NUL-laden "header" ends up in a message. A zstd or gzip file is judged by its content.
pub fn refuse_non_text(path: &Path) -> Result<()> {
    let head = read_head(path, 64 << 10)?;
    if utf16_bom(&head).is_some() {
        return Ok(());
    }
    // zstd and gzip are decompressed on the fly (see the module docs); these are not
    let compressed = [
        (
            &b"PK\x03\x04"[..],
            "a ZIP archive (an Excel workbook is one)",
            "50 4b 03 04",
            "save the sheet as CSV UTF-8, or unzip it, and load that",
        ),
        (
            &b"BZh"[..],
            "bzip2-compressed",
            "42 5a 68",
            "bunzip2 -c FILE > FILE-plain.csv",
        ),
    ];
    for (magic, what, bytes, fix) in compressed {
        if head.starts_with(magic) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem = path
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let fix = fix
                .replace("FILE-plain", &format!("{stem}-plain"))
                .replace("FILE", &name);
            return Err(Error::bad_input(
                path,
                format!("the file is {what} (it starts with the bytes {bytes}), not text"),
                format!("decompress it first and load the result: {fix}"),
            ));
        }
    }
    if let Some(at) = head.iter().position(|b| *b == 0) {
        return Err(Error::bad_input(
            path,
            format!("the file holds a NUL byte at byte {at}, so it is not CSV or JSON text"),
            "export it again as text; if it is UTF-16 without a byte-order mark, convert it: \
             iconv -f UTF-16LE -t UTF-8 export.csv > export-utf8.csv",
        ));
    }
    Ok(())
}

/// True when some line of the first 64 KiB has a field that starts with a double quote, i.e.
/// the file uses quoting, whatever a sniffer concluded.
pub fn head_has_quoted_fields(path: &Path, delimiter: u8) -> Result<bool> {
    let head = read_head(path, 64 << 10)?;
    Ok(head.iter().enumerate().any(|(i, b)| {
        *b == b'"' && (i == 0 || matches!(head[i - 1], b'\n' | b'\r') || head[i - 1] == delimiter)
    }))
}

/// Validates `chunk` as the continuation of a UTF-8 stream. `carry` holds an incomplete
/// sequence cut by the previous chunk's end. Returns the absolute offset of the first invalid
/// byte, if any.
fn check_utf8_chunk(carry: &mut Vec<u8>, chunk: &[u8], chunk_offset: u64) -> Option<u64> {
    let start = chunk_offset - carry.len() as u64;
    let joined;
    let data: &[u8] = if carry.is_empty() {
        chunk
    } else {
        joined = [carry.as_slice(), chunk].concat();
        &joined
    };
    match std::str::from_utf8(data) {
        Ok(_) => {
            carry.clear();
            None
        }
        Err(e) => match e.error_len() {
            Some(_) => Some(start + e.valid_up_to() as u64),
            None => {
                let rest = data[e.valid_up_to()..].to_vec();
                *carry = rest;
                None
            }
        },
    }
}

/// True when the first MiB is UTF-8 (an incomplete sequence cut at the end is allowed).
pub fn head_is_utf8(path: &Path) -> Result<bool> {
    let head = read_head(path, 1 << 20)?;
    let mut carry = Vec::new();
    let bad = check_utf8_chunk(&mut carry, &head, 0);
    Ok(bad.is_none() && (head.len() == 1 << 20 || carry.is_empty()))
}

/// Up to `max` bytes from the start of the file's content (fewer only when it is shorter),
/// decompressed when the file is.
pub fn read_head(path: &Path, max: usize) -> Result<Vec<u8>> {
    let file = open_input(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        cause: source,
    })?;
    let mut head = Vec::with_capacity(max);
    file.take(max as u64)
        .read_to_end(&mut head)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            cause: source,
        })?;
    Ok(head)
}

/// The text of the given physical lines (1-based, line ends removed), read in one pass that
/// stops after the last one wanted. Used to give validation rejects their verbatim source text.
pub fn raw_lines(path: &Path, wanted: &[i64]) -> Result<std::collections::HashMap<i64, String>> {
    use std::io::BufRead;
    let mut found = std::collections::HashMap::new();
    let Some(&last) = wanted.iter().max() else {
        return Ok(found);
    };
    let wanted: std::collections::HashSet<i64> = wanted.iter().copied().collect();
    let file = open_input(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        cause: source,
    })?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut line = Vec::new();
    let mut number = 0i64;
    while number < last {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|source| Error::Read {
                path: path.to_path_buf(),
                cause: source,
            })?;
        if n == 0 {
            break;
        }
        number += 1;
        if wanted.contains(&number) {
            let text = String::from_utf8_lossy(&line);
            found.insert(number, text.trim_end_matches(['\r', '\n']).to_string());
        }
    }
    Ok(found)
}

/// Writes a UTF-8 copy of a Windows-1252 or UTF-16 file into `dir` and returns its path; None
/// for a file already UTF-8. Line breaks stay where they were, so line numbers hold.
pub fn transcode_to_utf8(
    path: &Path,
    encoding: &Encoding,
    dir: &Path,
) -> Result<Option<tempfile::TempPath>> {
    let decoder = match encoding {
        Encoding::Windows1252 { .. } => {
            encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling()
        }
        Encoding::Utf16 { big_endian: false } => {
            encoding_rs::UTF_16LE.new_decoder_with_bom_removal()
        }
        Encoding::Utf16 { big_endian: true } => {
            encoding_rs::UTF_16BE.new_decoder_with_bom_removal()
        }
        _ => return Ok(None),
    };
    transcode(path, dir, decoder).map(Some)
}

fn transcode(
    path: &Path,
    dir: &Path,
    mut decoder: encoding_rs::Decoder,
) -> Result<tempfile::TempPath> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        cause: source,
    };
    let mut input = open_input(path).map_err(read_err)?;
    let out = tempfile::Builder::new()
        .prefix("clearway-utf8-")
        .suffix(".csv")
        .tempfile_in(dir)
        .map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            cause: source,
        })?;
    let out_path: PathBuf = out.path().to_path_buf();
    let write_err = |source| Error::Write {
        path: out_path.clone(),
        cause: source,
    };
    let (file, temp_path) = out.into_parts();
    let mut writer = BufWriter::with_capacity(1 << 20, file);
    let mut buf = vec![0u8; 1 << 20];
    let mut text = String::with_capacity(3 << 20);
    loop {
        let n = input.read(&mut buf).map_err(read_err)?;
        let last = n == 0;
        text.clear();
        // Room for the worst case, so the decoder never stops short of the chunk's end.
        text.reserve(decoder.max_utf8_buffer_length(n).unwrap_or(3 * n + 16));
        let (_result, _read, _had_errors) = decoder.decode_to_string(&buf[..n], &mut text, last);
        writer.write_all(text.as_bytes()).map_err(write_err)?;
        if last {
            break;
        }
    }
    writer.flush().map_err(write_err)?;
    Ok(temp_path)
}

/// The field delimiter most lines of the first 64 KiB agree on, among `,` `;` tab and `|`
/// (counted outside double quotes). `None` when no candidate appears on most lines.
pub fn guess_delimiter(path: &Path) -> Result<Option<char>> {
    let head = read_head(path, 64 << 10)?;
    let n = head.len();
    let text = String::from_utf8_lossy(&head);
    let mut lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(100)
        .collect();
    if n == 64 << 10 && lines.len() > 1 {
        lines.pop(); // probably cut short
    }
    Ok(best_delimiter(&lines))
}

fn best_delimiter(lines: &[&str]) -> Option<char> {
    let count_outside_quotes = |line: &str, d: char| {
        let mut quoted = false;
        line.chars()
            .filter(|&c| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == d && !quoted
            })
            .count()
    };
    let mut best: Option<(char, usize)> = None;
    for d in [',', ';', '\t', '|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let mut freq = std::collections::HashMap::new();
        for c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(*c).or_insert(0usize) += 1;
        }
        let agreeing = freq.values().copied().max().unwrap_or(0);
        if agreeing * 2 > lines.len() && best.is_none_or(|(_, b)| agreeing > b) {
            best = Some((d, agreeing));
        }
    }
    best.map(|(d, _)| d)
}

/// The path as loads record it: absolute, so that the same file is recognised from any
/// working directory.
pub fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Characters DuckDB's file readers take as a glob pattern in a path (`read_csv('[a].csv')`
/// reads `a.csv`).
const GLOB_CHARACTERS: &[char] = &['*', '?', '[', ']', '{', '}'];

/// `link` made to name `target`: a symbolic link on Unix. Windows lets only administrators
/// (or developer mode) make one, so there a hard link (same volume) or, failing that, a copy.
#[cfg(unix)]
fn link_to(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn link_to(target: &Path, link: &Path) -> std::io::Result<()> {
    link_or_copy(target, link)
}

/// A hard link, or a copy where none can be made (another volume).
#[cfg_attr(unix, allow(dead_code))]
fn link_or_copy(target: &Path, link: &Path) -> std::io::Result<()> {
    std::fs::hard_link(target, link).or_else(|_| std::fs::copy(target, link).map(drop))
}

/// A file as DuckDB's readers are given it: paths are data, never patterns.
///
/// DuckDB expands `*`, `?`, `[…]` and `{…}` in a reader's path and takes `scheme://` for a
/// remote file, so a file named `[a].csv` would be read as `a.csv` — another file's rows
/// loaded under this file's name and sha256. A path is therefore made absolute (no scheme can
/// start it), and a path that holds a glob character is read through a symbolic link with a
/// plain name (`input` and the file's extension) in a private temporary folder, which lives as
/// long as this value. No SQL escaping exists for glob characters, which is why a link.
pub struct ReaderPath {
    path: PathBuf,
    _link_dir: Option<tempfile::TempDir>,
}

impl ReaderPath {
    pub fn new(file: &Path) -> Result<ReaderPath> {
        let absolute = std::path::absolute(file).map_err(|cause| Error::Read {
            path: file.to_path_buf(),
            cause,
        })?;
        if !absolute.to_string_lossy().contains(GLOB_CHARACTERS) {
            return Ok(ReaderPath {
                path: absolute,
                _link_dir: None,
            });
        }
        let link_error = |cause| Error::Read {
            path: file.to_path_buf(),
            cause,
        };
        let dir = tempfile::Builder::new()
            .prefix("clearway-read-")
            .tempdir()
            .map_err(link_error)?;
        let extension = absolute
            .extension()
            .and_then(|e| e.to_str())
            .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()))
            .map(|e| format!(".{e}"))
            .unwrap_or_default();
        let link = dir.path().join(format!("input{extension}"));
        link_to(&absolute, &link).map_err(link_error)?;
        Ok(ReaderPath {
            path: link,
            _link_dir: Some(dir),
        })
    }

    /// The path to hand to a DuckDB reader (bound, or through `sql::literal`).
    pub fn as_path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn the_portable_link_names_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let target = written(&dir, "[a].csv", b"x\n1\n");
        let link = dir.path().join("input.csv");
        link_or_copy(&target, &link).unwrap();
        assert_eq!(std::fs::read(&link).unwrap(), b"x\n1\n");
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn compressed_files_read_as_their_content_and_keep_their_own_hash() {
        let dir = tempfile::tempdir().unwrap();
        let text = b"a,b\n1,\xc3\xa9\n";
        let plain = written(&dir, "x.csv", text);
        let zst = written(&dir, "x.csv.zst", &zstd::encode_all(&text[..], 3).unwrap());
        let gz = written(&dir, "x.CSV.GZ", &gzip(text));
        for path in [&plain, &zst, &gz] {
            let mut content = Vec::new();
            open_input(path).unwrap().read_to_end(&mut content).unwrap();
            assert_eq!(content, text, "{}", path.display());
            assert_eq!(read_head(path, 3).unwrap(), b"a,b");
            assert_eq!(detect_format(path, None).unwrap(), Format::Csv);
            let fp = fingerprint(path, true).unwrap();
            assert_eq!(fp.encoding, Encoding::Utf8);
            // the identity is the bytes on disk, not the content
            let on_disk = std::fs::read(path).unwrap();
            assert_eq!(fp.bytes, on_disk.len() as u64);
            assert_eq!(fp.sha256, hex::encode(Sha256::digest(&on_disk)));
        }
        assert_eq!(Compression::of_file(&zst).unwrap(), Some(Compression::Zstd));
        assert_eq!(Compression::of_file(&gz).unwrap(), Some(Compression::Gzip));
        assert_eq!(Compression::of_file(&plain).unwrap(), None);
        assert_eq!(
            content_extension(Path::new("a.b.tsv.zstd")).as_deref(),
            Some("tsv")
        );
        assert_eq!(content_extension(Path::new("events.gz")), None);
        assert!(refuse_non_text(&zst).is_ok());
    }

    #[test]
    fn a_damaged_stream_is_named_with_its_codec_and_a_bomb_meets_the_file_bound() {
        let dir = tempfile::tempdir().unwrap();
        let mut cut = zstd::encode_all(&vec![b'x'; 1 << 20][..], 3).unwrap();
        cut.truncate(cut.len() - 4);
        let cut = written(&dir, "cut.zst", &cut);
        let err = open_input(&cut)
            .unwrap()
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        assert!(
            err.to_string()
                .contains("zstd stream is damaged or cut short"),
            "{err}"
        );
        let bomb = written(&dir, "bomb.gz", &gzip(&vec![b'x'; 2 << 20]));
        let limits = crate::limits::Limits {
            max_file_bytes: 1 << 20,
            ..Default::default()
        };
        let err = read_whole(&bomb, &limits).unwrap_err().to_string();
        assert!(
            err.contains("(decompressed)") && err.contains("max_file_bytes"),
            "{err}"
        );
        assert_eq!(
            read_whole(&bomb, &Default::default()).unwrap().len(),
            2 << 20
        );
    }

    #[test]
    fn delimiter_is_what_most_lines_agree_on() {
        assert_eq!(
            super::best_delimiter(&["a,b,c", "1,2,3", "1,2,3,4,5", "x,\"y;z\",w"]),
            Some(',')
        );
        assert_eq!(super::best_delimiter(&["a;b", "1;2,5", "3;4"]), Some(';'));
        assert_eq!(super::best_delimiter(&["abc", "def"]), None);
    }

    #[test]
    fn utf8_sequences_split_across_chunks_are_valid() {
        let text = "Côte d’Ivoire".as_bytes();
        let mut carry = Vec::new();
        let (a, b) = text.split_at(2); // splits the two-byte 'ô'
        assert_eq!(check_utf8_chunk(&mut carry, a, 0), None);
        assert_eq!(check_utf8_chunk(&mut carry, b, a.len() as u64), None);
        assert!(carry.is_empty());
    }

    #[test]
    fn latin1_byte_is_reported_at_its_offset() {
        let mut carry = Vec::new();
        assert_eq!(check_utf8_chunk(&mut carry, b"abc\xE9,def", 10), Some(13));
    }

    #[test]
    fn a_path_with_glob_characters_is_read_as_itself() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("a.csv");
        let bracketed = dir.path().join("[a].csv");
        std::fs::write(&plain, "x\nplain\n").unwrap();
        std::fs::write(&bracketed, "x\nbracketed\n").unwrap();
        let conn = duckdb::Connection::open_in_memory().unwrap();
        let read = |p: &Path| -> String {
            let reader = ReaderPath::new(p).unwrap();
            conn.query_row(
                "SELECT string_agg(x, ',') FROM read_csv(?, header = true)",
                [reader.as_path().display().to_string()],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(read(&bracketed), "bracketed");
        assert_eq!(read(&plain), "plain");
        // what DuckDB does with the name itself: the pattern matches the other file
        let raw: String = conn
            .query_row(
                "SELECT string_agg(x, ',') FROM read_csv(?, header = true)",
                [bracketed.display().to_string()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(raw, "plain");
    }
}
