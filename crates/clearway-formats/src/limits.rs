//! The bounds every reader keeps on untrusted input, in one typed value ([`Limits`]) passed
//! down from the front end rather than kept in globals.
//!
//! Why: a reader that trusts its input's size can be made to hold all of it. `/dev/zero` read
//! "to the end", a 100 MB line read "to the newline" or a zip part inflated "to its end" each
//! take gigabytes in seconds. So every reader here has a ceiling — on the file it reads whole,
//! on one line, on one decompressed part and on a whole package — and the error it returns on
//! reaching one names the bound, its value, where it was hit, and how to raise it
//! ([`RAISE_HINT`]: `--input-limit NAME=SIZE` or a `[limits]` table in `clearway.toml`, which the main
//! crate reads). Messages quote at most [`EXCERPT_CHARS`] characters of input ([`excerpt`]),
//! so a hostile line is never echoed back whole.
//!
//! Files of unknown size (devices, FIFOs, sockets) are refused before reading
//! ([`read_file_capped`]): a load hashes its file, reads it and may read it again, which a
//! stream cannot give, and `/dev/zero` has no end to cap. docs/reliability.md, "Bounds on
//! input", lists every bound with its default.

use std::io::Read;
use std::path::Path;

/// How to raise a bound, as every bound-hit message ends.
pub const RAISE_HINT: &str =
    "raise it with `--input-limit NAME=SIZE` or a `[limits]` table in clearway.toml";

/// At most this many characters of input are quoted in a message.
pub const EXCERPT_CHARS: usize = 80;

/// The ceilings a reader keeps. Sizes are bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A file read whole (ledger exports, JSON telemetry, design files other than the
    /// streamed binary STL).
    pub max_file_bytes: u64,
    /// One line of a line-oriented format (NMEA, JSON lines, ASCII STL, OBJ, G-code).
    pub max_line_bytes: u64,
    /// One part of a zip package (3MF, zipped AMF) once inflated.
    pub max_part_bytes: u64,
    /// All the parts of a zip package together once inflated.
    pub max_package_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 << 20,
            max_line_bytes: 16 << 20,
            max_part_bytes: 256 << 20,
            max_package_bytes: 512 << 20,
        }
    }
}

/// One bound of [`Limits`], by the name the options use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    FileBytes,
    LineBytes,
    PartBytes,
    PackageBytes,
}

impl Bound {
    pub const ALL: [Bound; 4] = [
        Bound::FileBytes,
        Bound::LineBytes,
        Bound::PartBytes,
        Bound::PackageBytes,
    ];

    /// The name in `--input-limit NAME=SIZE` and `[limits]`.
    pub fn name(self) -> &'static str {
        match self {
            Bound::FileBytes => "max_file_bytes",
            Bound::LineBytes => "max_line_bytes",
            Bound::PartBytes => "max_part_bytes",
            Bound::PackageBytes => "max_package_bytes",
        }
    }

    pub fn of_name(name: &str) -> Option<Bound> {
        Bound::ALL.into_iter().find(|b| b.name() == name)
    }
}

impl Limits {
    pub fn get(&self, bound: Bound) -> u64 {
        match bound {
            Bound::FileBytes => self.max_file_bytes,
            Bound::LineBytes => self.max_line_bytes,
            Bound::PartBytes => self.max_part_bytes,
            Bound::PackageBytes => self.max_package_bytes,
        }
    }

    pub fn set(&mut self, bound: Bound, value: u64) {
        match bound {
            Bound::FileBytes => self.max_file_bytes = value,
            Bound::LineBytes => self.max_line_bytes = value,
            Bound::PartBytes => self.max_part_bytes = value,
            Bound::PackageBytes => self.max_package_bytes = value,
        }
    }

    /// The message of a bound reached: `what` (and where) is over `NAME = value`, and how to
    /// raise it.
    pub fn exceeded(&self, bound: Bound, what: &str) -> String {
        exceeded(bound, self.get(bound), what)
    }
}

/// The message of `bound` (set to `value`) reached by `what`.
pub fn exceeded(bound: Bound, value: u64, what: &str) -> String {
    format!(
        "{what} is over the bound {} = {} ({}); {}",
        bound.name(),
        value,
        human_bytes(value),
        RAISE_HINT.replace("NAME", bound.name())
    )
}

/// `16 MiB`, `512 KiB`, `100 bytes`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size && n.is_multiple_of(size) {
            return format!("{} {unit}", n / size);
        }
        if n >= size {
            return format!("{:.1} {unit}", n as f64 / size as f64);
        }
    }
    format!("{n} bytes")
}

/// A size as written in `--input-limit` or `[limits]`: bytes, or a number with `KB` `MB` `GB`
/// (powers of 1000) or `KiB` `MiB` `GiB` (powers of 1024). Zero and overflow are `None`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => return None,
    };
    // A bound beyond 2^62 bytes means no bound; capping it keeps `bound + 1` from wrapping.
    n.checked_mul(scale).filter(|v| *v > 0 && *v <= 1 << 62)
}

/// At most [`EXCERPT_CHARS`] characters of `text`, with `…` when it was cut.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// [`excerpt`] of bytes that may not be UTF-8 (only the head is decoded).
pub fn excerpt_bytes(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(EXCERPT_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let cut = excerpt(&text);
    if head.len() < bytes.len() && !cut.ends_with('…') {
        format!("{cut}…")
    } else {
        cut
    }
}

/// The first line of `bytes` longer than `max` bytes (its end not counted), as the bound-hit
/// message naming its number and byte offset.
pub fn check_line_lengths(bytes: &[u8], max: u64) -> Result<(), String> {
    let mut offset = 0u64;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let len = line.strip_suffix(b"\r").unwrap_or(line).len() as u64;
        if len > max {
            return Err(exceeded(
                Bound::LineBytes,
                max,
                &format!(
                    "line {} (at byte {offset}, {} long, starting `{}`)",
                    i + 1,
                    human_bytes(len),
                    excerpt_bytes(line)
                ),
            ));
        }
        offset += line.len() as u64 + 1;
    }
    Ok(())
}

/// Why a device, FIFO or socket is not read.
pub const NOT_REGULAR: &str = "not a regular file (a device, FIFO, socket or folder): clearway reads only files whose size it can know";

/// Refuses what is not a regular file: a device, FIFO or socket has no size to check and
/// maybe no end (`/dev/zero`).
pub fn require_regular_file(path: &Path) -> Result<u64, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(NOT_REGULAR.to_string());
    }
    Ok(meta.len())
}

/// Reads a whole regular file of at most `max` bytes ([`Bound::FileBytes`]). The size is
/// checked before reading and the read is capped too, so a file that grows while it is read
/// cannot take more.
pub fn read_file_capped(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let size = require_regular_file(path)?;
    let too_big = |size: u64| {
        exceeded(
            Bound::FileBytes,
            max,
            &format!("{} ({})", path.display(), human_bytes(size)),
        )
    };
    if size > max {
        return Err(too_big(size));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A text file the analyst writes (a settings file, a mapping, a rule pack, an SQL file, a
/// script) read whole within [`Limits::max_file_bytes`]'s default; pipes and `/dev/stdin` are
/// fine, as the read itself is capped. The bound's message is inside the `io::Error`, so
/// callers keep their own error for an unreadable file.
pub fn read_to_string_capped(path: impl AsRef<Path>) -> std::io::Result<String> {
    read_to_string_within(path.as_ref(), Limits::default().max_file_bytes)
}

fn read_to_string_within(path: &Path, max: u64) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            exceeded(Bound::FileBytes, max, "the file"),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()))
}

/// One line read by [`read_line_capped`].
#[derive(Debug, PartialEq, Eq)]
pub enum CappedLine {
    /// The line is in the buffer (its `\n` removed).
    Line,
    /// The line was longer than the cap: the buffer holds its first `max` bytes, the rest was
    /// read past without being kept; the value is its whole length.
    TooLong(u64),
    /// End of input, nothing read.
    End,
}

/// Reads one line of at most `max` bytes into `buf` (cleared first); a longer one is skipped
/// to its end in bounded memory, so a stream without newlines never fills memory.
pub fn read_line_capped(
    reader: &mut impl std::io::BufRead,
    buf: &mut Vec<u8>,
    max: u64,
) -> std::io::Result<CappedLine> {
    buf.clear();
    let mut total = 0u64;
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        let room = max.saturating_sub(buf.len() as u64) as usize;
        buf.extend_from_slice(&chunk[..take.min(room)]);
        total += take as u64;
        reader.consume(take + usize::from(done));
        if done {
            break;
        }
    }
    Ok(match (any, total > max) {
        (false, _) => CappedLine::End,
        (true, true) => CappedLine::TooLong(total),
        (true, false) => CappedLine::Line,
    })
}

/// A line longer than the bound, met by [`LineCapped`]: the error inside its `io::Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineTooLong {
    /// 1-based line number.
    pub line: u64,
    /// Byte offset of the line's start.
    pub offset: u64,
    pub max: u64,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = format!("line {} (at byte {})", self.line, self.offset);
        f.write_str(&exceeded(Bound::LineBytes, self.max, &what))
    }
}

impl std::error::Error for LineTooLong {}

impl LineTooLong {
    /// The [`LineTooLong`] inside an I/O error, if that is what it is.
    pub fn of(error: &std::io::Error) -> Option<&LineTooLong> {
        error.get_ref()?.downcast_ref::<LineTooLong>()
    }
}

/// A reader for parsers that buffer a whole line or record (the CSV reader): it passes bytes
/// through until a line passes `max` bytes, then fails with [`LineTooLong`] from then on, so
/// the parser above it never holds more than `max` bytes of one line.
pub struct LineCapped<R> {
    inner: R,
    max: u64,
    line: u64,
    line_start: u64,
    line_len: u64,
    offset: u64,
}

impl<R> LineCapped<R> {
    pub fn new(inner: R, max: u64) -> Self {
        LineCapped {
            inner,
            max,
            line: 1,
            line_start: 0,
            line_len: 0,
            offset: 0,
        }
    }

    fn too_long(&self) -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            LineTooLong {
                line: self.line,
                offset: self.line_start,
                max: self.max,
            },
        )
    }
}

impl<R: Read> Read for LineCapped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.line_len > self.max {
            return Err(self.too_long());
        }
        let n = self.inner.read(buf)?;
        for (i, b) in buf[..n].iter().enumerate() {
            if *b == b'\n' {
                self.line += 1;
                self.line_len = 0;
                self.line_start = self.offset + i as u64 + 1;
            } else {
                self.line_len += 1;
                if self.line_len > self.max {
                    // hand over what fits; the next read fails
                    self.offset += i as u64;
                    return if i == 0 { Err(self.too_long()) } else { Ok(i) };
                }
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_short_and_marked_cut() {
        let long = "x".repeat(10_000);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt("short"), "short");
        assert!(excerpt_bytes(&vec![b'a'; 1 << 20]).len() < 200);
    }

    #[test]
    fn a_line_over_the_bound_is_named_with_its_offset_and_option() {
        let mut text = b"ok\r\nfine\n".to_vec();
        text.extend(std::iter::repeat_n(b'z', 5000));
        let e = check_line_lengths(&text, 4096).unwrap_err();
        assert!(e.contains("line 3 (at byte 9"), "{e}");
        assert!(e.contains("max_line_bytes = 4096"), "{e}");
        assert!(e.contains("--input-limit max_line_bytes=SIZE"), "{e}");
        assert!(e.len() < 400, "{e}");
        assert!(check_line_lengths(&text, 5000).is_ok());
    }

    #[test]
    fn a_capped_line_reader_skips_what_is_too_long_and_goes_on() {
        let mut input = vec![b'a'; 100_000];
        input.extend_from_slice(b"\nnext\nlast");
        let mut reader = std::io::BufReader::with_capacity(1024, &input[..]);
        let mut buf = Vec::new();
        let r = read_line_capped(&mut reader, &mut buf, 64).unwrap();
        assert_eq!(r, CappedLine::TooLong(100_000));
        assert_eq!(buf.len(), 64);
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, 64).unwrap(),
            CappedLine::Line
        );
        assert_eq!(buf, b"next");
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, 64).unwrap(),
            CappedLine::Line
        );
        assert_eq!(buf, b"last");
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, 64).unwrap(),
            CappedLine::End
        );
    }

    #[test]
    fn a_line_capped_reader_fails_at_the_first_long_line_and_stays_failed() {
        let mut input = b"a,b\r\n1,2\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 10_000));
        let mut reader = LineCapped::new(&input[..], 100);
        let mut out = Vec::new();
        let e = reader.read_to_end(&mut out).unwrap_err();
        let hit = LineTooLong::of(&e).expect("a LineTooLong");
        assert_eq!((hit.line, hit.offset, hit.max), (3, 9, 100));
        assert_eq!(
            out.len(),
            9 + 100,
            "at most the bound of the long line is passed on"
        );
        assert!(reader.read(&mut [0u8; 16]).is_err());
        assert!(e.to_string().contains("max_line_bytes = 100"), "{e}");
        let mut fine = Vec::new();
        LineCapped::new(&input[..9], 100)
            .read_to_end(&mut fine)
            .unwrap();
        assert_eq!(fine, &input[..9]);
    }

    #[test]
    fn a_settings_file_is_read_within_the_bound_even_from_a_device() {
        let e = read_to_string_within(Path::new("/dev/zero"), 4096).unwrap_err();
        assert!(e.to_string().contains("max_file_bytes = 4096"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clearway.toml");
        std::fs::write(&path, "[limits]\n").unwrap();
        assert_eq!(read_to_string_capped(&path).unwrap(), "[limits]\n");
    }

    #[test]
    fn a_device_is_refused_and_a_big_file_named_with_the_bound() {
        let e = read_file_capped(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![0u8; 5000]).unwrap();
        let e = read_file_capped(&path, 4096).unwrap_err();
        assert!(e.contains("max_file_bytes = 4096"), "{e}");
        assert_eq!(read_file_capped(&path, 5000).unwrap().len(), 5000);
    }

    #[test]
    fn sizes_read_and_show_as_people_write_them() {
        assert_eq!(human_bytes(16 << 20), "16 MiB");
        assert_eq!(human_bytes(100), "100 bytes");
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size("64 KiB"), Some(64 << 10));
        assert_eq!(parse_size("2GiB"), Some(2 << 30));
        assert_eq!(parse_size("5MB"), Some(5_000_000));
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("99999999999GiB"), None);
    }
}
