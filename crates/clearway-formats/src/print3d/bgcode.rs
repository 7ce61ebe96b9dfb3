//! Prusa binary G-code (`.bgcode`, libbgcode's format): a file header (`GCDE`, version,
//! checksum type) and a sequence of blocks, each with a header (type, compression, sizes),
//! parameters (encoding, or a thumbnail's format and size), data and — when the file says so —
//! a CRC32 over header, parameters and data. Every block's CRC32 is checked; a mismatch is
//! reported with the block's number and type, never ignored. Metadata blocks (file, printer,
//! print, slicer: INI `key=value` lines, stored plain or deflated) are read into the same
//! fields as ASCII G-code's comments; G-code blocks (usually Heatshrink + MeatPack) are counted,
//! not decoded.

use super::gcode::Sliced;
use std::io::Read;

/// A block as found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Block {
    pub kind: &'static str,
    pub compression: &'static str,
    pub bytes: u64,
    /// None when the file carries no checksums.
    pub crc_ok: Option<bool>,
}

/// What a `.bgcode` file holds.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BinaryGcode {
    pub version: u32,
    pub blocks: Vec<Block>,
    pub sliced: Sliced,
    pub problems: Vec<String>,
}

fn kind(t: u16) -> &'static str {
    match t {
        0 => "file metadata",
        1 => "gcode",
        2 => "slicer metadata",
        3 => "printer metadata",
        4 => "print metadata",
        5 => "thumbnail",
        _ => "unknown",
    }
}

fn compression(c: u16) -> &'static str {
    match c {
        0 => "none",
        1 => "deflate",
        2 => "heatshrink 11,4",
        3 => "heatshrink 12,4",
        _ => "unknown",
    }
}

/// Metadata blocks larger than this (decompressed) are not read.
const MAX_METADATA: u64 = 16 << 20;

/// Reads a `.bgcode` file.
pub fn read(bytes: &[u8]) -> Result<BinaryGcode, String> {
    if bytes.len() < 10 || &bytes[..4] != b"GCDE" {
        return Err("not a binary G-code file (no GCDE signature)".into());
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
    let mut out = BinaryGcode {
        version: u32_at(4),
        ..Default::default()
    };
    let checksums = match u16_at(8) {
        0 => false,
        1 => true,
        other => return Err(format!("unknown checksum type {other}")),
    };
    let mut pos = 10;
    let mut settings = String::new();
    while pos < bytes.len() {
        let n = out.blocks.len() + 1;
        let start = pos;
        let need = |pos: usize, k: usize| -> Result<(), String> {
            if pos + k > bytes.len() {
                Err(format!(
                    "block {n} at byte {start} runs past the end of the file (truncated?)"
                ))
            } else {
                Ok(())
            }
        };
        need(pos, 8)?;
        let (t, c, size) = (u16_at(pos), u16_at(pos + 2), u64::from(u32_at(pos + 4)));
        pos += 8;
        let stored = if c != 0 {
            need(pos, 4)?;
            let s = u64::from(u32_at(pos));
            pos += 4;
            s
        } else {
            size
        };
        let params = if t == 5 { 6 } else { 2 };
        need(pos, params + stored as usize)?;
        let data_at = pos + params;
        pos = data_at + stored as usize;
        let crc_ok = if checksums {
            need(pos, 4)?;
            let expected = u32_at(pos);
            let computed = crc32fast::hash(&bytes[start..pos]);
            pos += 4;
            if expected != computed {
                out.problems.push(format!(
                    "block {n} ({}) at byte {start}: CRC32 {expected:08x} stored, {computed:08x} computed",
                    kind(t)
                ));
            }
            Some(expected == computed)
        } else {
            None
        };
        out.blocks.push(Block {
            kind: kind(t),
            compression: compression(c),
            bytes: stored,
            crc_ok,
        });
        if matches!(t, 0 | 2 | 3 | 4) {
            let data = &bytes[data_at..data_at + stored as usize];
            let text = match c {
                0 => Some(String::from_utf8_lossy(data).into_owned()),
                1 if size <= MAX_METADATA => {
                    let mut text = String::new();
                    flate2::read::ZlibDecoder::new(data)
                        .take(MAX_METADATA)
                        .read_to_string(&mut text)
                        .ok()
                        .map(|_| text)
                }
                _ => None,
            };
            match text {
                Some(t) => {
                    for line in t.lines() {
                        settings.push_str("; ");
                        settings.push_str(&line.replacen('=', " = ", 1));
                        settings.push('\n');
                    }
                }
                None => out.problems.push(format!(
                    "block {n} ({}): {} compression not read",
                    kind(t),
                    compression(c)
                )),
            }
        }
    }
    // the metadata, as the ASCII reader takes it; the producer names the generator
    let mut sliced = super::gcode::parse(&settings);
    if sliced.generator.is_none() {
        if let Some(p) = sliced.settings.get("Producer").cloned() {
            let mut words = p.split_whitespace();
            sliced.generator = words.next().map(String::from);
            sliced.version = words.next().map(String::from);
        }
    }
    sliced.moves = 0;
    out.sliced = sliced;
    Ok(out)
}

/// A `.bgcode` file of metadata blocks (for tests): (type, deflate?, INI text).
pub fn write(blocks: &[(u16, bool, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = b"GCDE".to_vec();
    out.extend(1u32.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    for (t, deflate, text) in blocks {
        let data = if *deflate {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(text.as_bytes()).expect("in memory");
            e.finish().expect("in memory")
        } else {
            text.as_bytes().to_vec()
        };
        let mut block = Vec::new();
        block.extend(t.to_le_bytes());
        block.extend(u16::from(*deflate).to_le_bytes());
        block.extend((text.len() as u32).to_le_bytes());
        if *deflate {
            block.extend((data.len() as u32).to_le_bytes());
        }
        block.extend(0u16.to_le_bytes());
        block.extend(&data);
        let crc = crc32fast::hash(&block);
        out.extend(block);
        out.extend(crc.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_blocks_are_read_and_every_crc_is_checked() {
        let file = write(&[
            (0, false, "Producer=PrusaSlicer 2.7.1\n"),
            (3, true, "printer_model=MK4\nfilament_type=PETG\nestimated printing time (normal mode)=1h 5m\n"),
            (2, true, "layer_height=0.2\n"),
        ]);
        let g = read(&file).unwrap();
        assert!(g.problems.is_empty(), "{:?}", g.problems);
        assert_eq!(g.blocks.len(), 3);
        assert_eq!(
            (
                g.sliced.generator.as_deref(),
                g.sliced.version.as_deref(),
                g.sliced.printer.as_deref(),
                g.sliced.material.as_deref()
            ),
            (
                Some("PrusaSlicer"),
                Some("2.7.1"),
                Some("MK4"),
                Some("PETG")
            )
        );
        assert_eq!(g.sliced.layer_height.as_deref(), Some("0.2"));
        // one flipped byte in the second block's data
        let mut bad = file.clone();
        let at = bad.len() - 20;
        bad[at] ^= 0xFF;
        let g = read(&bad).unwrap();
        assert!(
            g.problems.iter().any(|p| p.contains("CRC32")),
            "{:?}",
            g.problems
        );
        assert!(read(&file[..file.len() - 3])
            .unwrap_err()
            .contains("runs past the end"));
        assert!(read(b"; just text").unwrap_err().contains("GCDE"));
    }
}
