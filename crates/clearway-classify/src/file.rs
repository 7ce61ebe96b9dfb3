//! The model file: one JSON line that says what the file is, then the trained tree.
//!
//! ```text
//! {"format":"clearway-hs-classifier","version":1,"nomenclature":{…},"body":{"bytes":…,"sha256":…},"about":{…}}
//! <postcard-encoded body: vocabulary, idf, nodes, kept examples>
//! ```
//!
//! The header is read first and alone (at most [`MAX_HEADER_BYTES`]), so that a file from
//! another program, another version or another nomenclature is refused by name before its body
//! is touched; the body must then be exactly `body.bytes` long and hash to `body.sha256`, so a
//! truncated or edited file is refused rather than half-used, and only then is it decoded and
//! every index in it checked ([`Classifier::from_parts`]). `about` is the caller's: what it was
//! trained from, when, with which settings.
//!
//! Written to a temporary file beside the target and renamed into place: an interrupted or
//! failed write leaves no model file, or the previous one.

use crate::classifier::{Classifier, Kept};
use crate::linear::Node;
use crate::vocab::{Term, Vocabulary};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{BufRead, Read, Write};
use std::path::Path;

pub const FORMAT: &str = "clearway-hs-classifier";
pub const VERSION: u32 = 1;
/// The header line's bound.
pub const MAX_HEADER_BYTES: u64 = 1 << 20;
/// The body's bound: a model of every HS 2022 subheading trained on ten million descriptions
/// is a few hundred MB.
pub const MAX_BODY_BYTES: u64 = 4 << 30;

/// The nomenclature a model was trained for: its edition and a fingerprint of its codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nomenclature {
    pub edition: String,
    pub sha256: String,
}

impl Nomenclature {
    /// The fingerprint of an edition's codes (in any order).
    pub fn of<'a>(edition: &str, codes: impl IntoIterator<Item = &'a str>) -> Nomenclature {
        let mut codes: Vec<&str> = codes.into_iter().collect();
        codes.sort_unstable();
        let mut h = Sha256::new();
        for c in codes {
            h.update(c.as_bytes());
            h.update(b"\n");
        }
        Nomenclature {
            edition: edition.to_string(),
            sha256: hex::encode(h.finalize()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BodyInfo {
    pub bytes: u64,
    pub sha256: String,
}

/// The first line of a model file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub nomenclature: Nomenclature,
    pub body: BodyInfo,
    /// Training provenance and settings, as the caller recorded them.
    pub about: serde_json::Value,
}

#[derive(Serialize, Deserialize)]
struct Body {
    terms: Vec<Term>,
    idf: Vec<f32>,
    nodes: Vec<Node>,
    kept: Vec<Kept>,
}

/// Why a file is not a usable model: what is wrong, at which byte where it is one place, and
/// what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    pub message: String,
    pub offset: Option<u64>,
    pub help: &'static str,
}

impl FileError {
    fn new(message: impl Into<String>, offset: Option<u64>, help: &'static str) -> FileError {
        FileError {
            message: message.into(),
            offset,
            help,
        }
    }
}

const RETRAIN: &str = "train a model with this clearway: `clearway classify train --out MODEL`";

/// Writes the model to `path` (through a temporary file beside it); returns its header.
pub fn write(
    path: &Path,
    classifier: &Classifier,
    nomenclature: &Nomenclature,
    about: serde_json::Value,
) -> std::io::Result<Header> {
    let bytes = encode_body(classifier)?;
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        nomenclature: nomenclature.clone(),
        body: BodyInfo {
            bytes: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(&bytes)),
        },
        about,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // read-write for everyone the umask allows, as any file a user creates (a temporary
    // file's default is the owner alone)
    let mut builder = tempfile::Builder::new();
    builder.prefix(".clearway-model-");
    // (Windows has no mode bits: the file takes its folder's access list, as any new file)
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir)?;
    {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        serde_json::to_writer(&mut out, &header).map_err(std::io::Error::other)?;
        out.write_all(b"\n")?;
        out.write_all(&bytes)?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(header)
}

/// The body of a model file for `classifier`.
pub fn encode_body(classifier: &Classifier) -> std::io::Result<Vec<u8>> {
    let body = Body {
        terms: classifier.vocabulary().terms().to_vec(),
        idf: classifier.vocabulary().idf().to_vec(),
        nodes: classifier.nodes().to_vec(),
        kept: classifier.kept().to_vec(),
    };
    postcard::to_stdvec(&body).map_err(std::io::Error::other)
}

/// Reads only the header of a model file.
pub fn read_header(reader: &mut impl BufRead) -> Result<(Header, u64), FileError> {
    let mut line = Vec::new();
    reader
        .take(MAX_HEADER_BYTES)
        .read_until(b'\n', &mut line)
        .map_err(|e| FileError::new(format!("cannot read: {e}"), None, RETRAIN))?;
    if line.last() != Some(&b'\n') {
        return Err(FileError::new(
            format!(
                "no model header: the first {} bytes hold no line",
                line.len()
            ),
            Some(line.len() as u64),
            RETRAIN,
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(&line).map_err(|e| {
        FileError::new(
            format!("not a clearway classifier model: the first line is not JSON ({e})"),
            Some(e.column().saturating_sub(1) as u64),
            RETRAIN,
        )
    })?;
    let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if format != FORMAT {
        return Err(FileError::new(
            format!("not a clearway classifier model: its format is {format:?}, not {FORMAT:?}"),
            Some(0),
            RETRAIN,
        ));
    }
    let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if version != u64::from(VERSION) {
        return Err(FileError::new(
            format!("a {FORMAT} model of version {version}; this clearway reads version {VERSION}"),
            Some(0),
            RETRAIN,
        ));
    }
    let header: Header = serde_json::from_value(value).map_err(|e| {
        FileError::new(
            format!("the model's header is damaged: {e}"),
            Some(0),
            RETRAIN,
        )
    })?;
    Ok((header, line.len() as u64))
}

/// Reads and checks a model file written by [`write`] for `nomenclature`.
pub fn read(path: &Path, nomenclature: &Nomenclature) -> Result<(Header, Classifier), FileError> {
    let file = std::fs::File::open(path)
        .map_err(|e| FileError::new(format!("cannot open: {e}"), None, RETRAIN))?;
    read_from(&mut std::io::BufReader::new(file), nomenclature)
}

/// [`read`] from any reader (the fuzz target reads from memory).
pub fn read_from(
    reader: &mut impl BufRead,
    nomenclature: &Nomenclature,
) -> Result<(Header, Classifier), FileError> {
    let (header, at) = read_header(reader)?;
    if header.nomenclature != *nomenclature {
        return Err(FileError::new(
            format!(
                "the model was trained for the {} nomenclature (codes {}…), this clearway classifies into {} (codes {}…)",
                header.nomenclature.edition,
                &header.nomenclature.sha256.get(..12).unwrap_or(""),
                nomenclature.edition,
                &nomenclature.sha256[..12]
            ),
            Some(0),
            RETRAIN,
        ));
    }
    if header.body.bytes > MAX_BODY_BYTES {
        return Err(FileError::new(
            format!(
                "the header announces a body of {} bytes, more than {MAX_BODY_BYTES}",
                header.body.bytes
            ),
            Some(0),
            RETRAIN,
        ));
    }
    let mut bytes = Vec::new();
    reader
        .take(header.body.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FileError::new(format!("cannot read: {e}"), Some(at), RETRAIN))?;
    if bytes.len() as u64 != header.body.bytes {
        return Err(FileError::new(
            format!(
                "the model is {} than its header says: {} bytes of body where {} were written",
                if (bytes.len() as u64) < header.body.bytes {
                    "shorter"
                } else {
                    "longer"
                },
                bytes.len(),
                header.body.bytes
            ),
            Some(at + (bytes.len() as u64).min(header.body.bytes)),
            "the file was cut or appended to; train the model again or copy it whole",
        ));
    }
    if hex::encode(Sha256::digest(&bytes)) != header.body.sha256 {
        return Err(FileError::new(
            "the model's body does not match the sha256 in its header: it was changed after it was written",
            Some(at),
            "train the model again or copy it whole",
        ));
    }
    let classifier = decode_body(&bytes).map_err(|mut e| {
        e.offset = e.offset.map(|o| o + at);
        e
    })?;
    Ok((header, classifier))
}

/// Decodes and checks a body (public for the fuzz target, which cannot forge a sha256).
pub fn decode_body(bytes: &[u8]) -> Result<Classifier, FileError> {
    let body: Body = postcard::from_bytes(bytes).map_err(|e| {
        FileError::new(
            format!("the model's body does not decode: {e}"),
            None,
            RETRAIN,
        )
    })?;
    let vocab = Vocabulary::from_parts(body.terms, body.idf).map_err(|e| {
        FileError::new(
            format!("the model's vocabulary is damaged: {e}"),
            None,
            RETRAIN,
        )
    })?;
    Classifier::from_parts(vocab, body.nodes, body.kept)
        .map_err(|e| FileError::new(format!("the model's tree is damaged: {e}"), None, RETRAIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classifier::{Example, Settings};

    fn model() -> Classifier {
        let examples: Vec<Example> = (0..20)
            .flat_map(|i| {
                [
                    Example {
                        code: "852872".into(),
                        text: format!("LED TV {i}"),
                        weight: 1.0,
                        source: "a".into(),
                    },
                    Example {
                        code: "610910".into(),
                        text: format!("COTTON T-SHIRT {i}"),
                        weight: 1.0,
                        source: "b".into(),
                    },
                ]
            })
            .collect();
        Classifier::train(&examples, &|_| true, &Settings::default(), &|_| {})
            .unwrap()
            .0
    }

    fn hs() -> Nomenclature {
        Nomenclature::of("HS2022", ["852872", "610910"])
    }

    #[test]
    fn a_written_model_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.cwhs");
        let c = model();
        write(&path, &c, &hs(), serde_json::json!({"seed": 42})).unwrap();
        let (header, back) = read(&path, &hs()).unwrap();
        assert_eq!(header.about["seed"], 42);
        assert_eq!(back.nodes(), c.nodes());
        assert_eq!(
            back.predict("led tv", 2).unwrap(),
            c.predict("led tv", 2).unwrap()
        );
    }

    #[test]
    fn damaged_or_foreign_files_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.cwhs");
        write(&path, &model(), &hs(), serde_json::json!({})).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let at = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
        let try_bytes = |b: &[u8]| {
            let p = dir.path().join("x");
            std::fs::write(&p, b).unwrap();
            read(&p, &hs()).unwrap_err()
        };
        let cut = try_bytes(&bytes[..bytes.len() - 10]);
        assert!(cut.message.contains("shorter"), "{cut:?}");
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(try_bytes(&longer).message.contains("longer"));
        let mut edited = bytes.clone();
        edited[at + 5] ^= 1;
        assert!(try_bytes(&edited).message.contains("sha256"));
        assert!(try_bytes(b"{\"format\":\"clearway-risk-model\"}\n")
            .message
            .contains("clearway-risk-model"));
        let v2 = String::from_utf8_lossy(&bytes[..at]).replace("\"version\":1", "\"version\":2");
        assert!(try_bytes(v2.as_bytes()).message.contains("version 2"));
        assert!(try_bytes(b"\x00\x01binary")
            .message
            .contains("no model header"));
        assert!(try_bytes(b"PK\x03\x04 zip\n").message.contains("not JSON"));
        let other = Nomenclature::of("HS2017", ["852872"]);
        let e = read(&path, &other).unwrap_err();
        assert!(
            e.message.contains("HS2022") && e.message.contains("HS2017"),
            "{e:?}"
        );
    }

    #[test]
    fn a_failed_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("m.cwhs");
        assert!(write(&path, &model(), &hs(), serde_json::json!({})).is_err());
        assert!(!path.exists());
    }

    #[test]
    fn garbage_bodies_do_not_decode() {
        assert!(decode_body(&[]).is_err());
        assert!(decode_body(&[0xff; 64]).is_err());
        assert!(decode_body(&[5, 0, 0, 0]).is_err());
    }
}
