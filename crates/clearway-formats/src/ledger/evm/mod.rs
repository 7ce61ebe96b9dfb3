//! EVM JSON-RPC exports (Ethereum, Polygon, Besu networks that trade platforms anchor documents
//! on): blocks, receipts and logs as JSON arrays, NDJSON, bare JSON-RPC responses or
//! request/response transcripts (`>> {request}` / `<< {response}` lines, as the execution-apis
//! test fixtures and many capture tools write them); raw RLP blocks, headers and receipts
//! (`debug_getRawBlock`, `debug_getRawHeader`, `debug_getRawReceipts`) and Portal block data
//! (header, body and receipts as hex).
//!
//! This module only finds the blocks, receipts and logs in a file; [`verify`] recomputes the
//! header hash and every root of the body (reference ledger.md §2.2). Parent links between
//! loaded blocks, and receipts and logs against the blocks they name, are checked by the
//! reader in `ledger::read`. Consensus engines that seal blocks inside `extraData` (IBFT 2.0,
//! QBFT, Bor) hash a different header and are reported as a hash mismatch with that
//! explanation.

pub mod verify;

use sha3::{Digest, Keccak256};

/// What an export holds.
#[derive(Debug, Default)]
pub struct Export {
    /// JSON-RPC block objects, with their item number.
    pub blocks: Vec<(usize, serde_json::Value)>,
    /// Blocks and headers in raw RLP (`debug_getRawBlock`, `debug_getRawHeader`, Portal block
    /// data), decoded.
    pub raw_blocks: Vec<verify::BlockItem>,
    pub receipts: Vec<(usize, serde_json::Value)>,
    /// `debug_getRawReceipts` results: one block's consensus receipts each.
    pub raw_receipts: Vec<(usize, Vec<Vec<u8>>)>,
    pub logs: Vec<serde_json::Value>,
    /// Objects that are none of those: (item number, why).
    pub unknown: Vec<(usize, String)>,
}

/// Splits an export into blocks, receipts and logs, whatever its wrapping.
pub fn read(text: &str) -> Result<Export, String> {
    let mut export = Export::default();
    if is_portal(text) {
        read_portal(text, &mut export)?;
        return Ok(export);
    }
    let mut items = Vec::new();
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        match serde_json::from_str::<serde_json::Value>(trimmed)
            .map_err(|e| format!("not a JSON array: {e}"))?
        {
            serde_json::Value::Array(a) => items.extend(a),
            other => items.push(other),
        }
    } else {
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("//") || line.starts_with(">>") {
                continue;
            }
            let json = line.strip_prefix("<<").unwrap_or(line).trim();
            items.push(
                serde_json::from_str(json).map_err(|e| format!("line {}: not JSON: {e}", i + 1))?,
            );
        }
    }
    for (i, item) in items.into_iter().enumerate() {
        classify(item, i + 1, &mut export);
    }
    Ok(export)
}

/// Portal's block data files: `header: 0x…`, `body: 0x…`, `receipts: 0x…` lines. Only that
/// flat form is read (no YAML library: the files hold three hex scalars and nothing else, and a
/// general YAML parser would be a larger attack surface than the format needs).
fn is_portal(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .is_some_and(|l| l.trim_start().starts_with("header:"))
}

fn read_portal(text: &str, export: &mut Export) -> Result<(), String> {
    let mut fields: std::collections::HashMap<&str, Vec<u8>> = Default::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!("line {}: not `key: 0x…`", i + 1));
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        let bytes = verify::hex_bytes(value).map_err(|e| format!("line {}: {e}", i + 1))?;
        fields.insert(key.trim(), bytes);
    }
    let header = fields
        .get("header")
        .ok_or("Portal block data without a `header`")?;
    let block = verify::block_from_portal(
        1,
        header,
        fields.get("body").map(Vec::as_slice),
        fields.get("receipts").map(Vec::as_slice),
    )?;
    export.raw_blocks.push(block);
    Ok(())
}

fn classify(item: serde_json::Value, number: usize, export: &mut Export) {
    match item {
        serde_json::Value::Array(a) if !a.is_empty() && a.iter().all(is_hex_string) => {
            let mut raw = Vec::with_capacity(a.len());
            for (i, r) in a.iter().enumerate() {
                match verify::hex_bytes(r.as_str().unwrap_or_default()) {
                    Ok(bytes) => raw.push(bytes),
                    Err(e) => {
                        export
                            .unknown
                            .push((number, format!("raw receipt {i}: {e}")));
                        return;
                    }
                }
            }
            export.raw_receipts.push((number, raw));
        }
        serde_json::Value::Array(a) => a.into_iter().for_each(|x| classify(x, number, export)),
        serde_json::Value::String(ref s) if is_hex_string(&item) => {
            match verify::hex_bytes(s).and_then(|bytes| verify::block_from_rlp(number, &bytes)) {
                Ok(block) => export.raw_blocks.push(block),
                Err(e) => export.unknown.push((number, format!("raw RLP: {e}"))),
            }
        }
        serde_json::Value::Object(ref m) if m.contains_key("result") || m.contains_key("error") => {
            match m.get("result") {
                Some(r) if !r.is_null() => classify(r.clone(), number, export),
                _ => export
                    .unknown
                    .push((number, "a JSON-RPC response without a result".into())),
            }
        }
        serde_json::Value::Object(ref m) if m.contains_key("parentHash") => {
            export.blocks.push((number, item))
        }
        serde_json::Value::Object(ref m) if m.contains_key("cumulativeGasUsed") => {
            export.receipts.push((number, item))
        }
        serde_json::Value::Object(ref m) if m.contains_key("topics") => export.logs.push(item),
        _ => export
            .unknown
            .push((number, "neither a block, a receipt nor a log".into())),
    }
}

fn is_hex_string(v: &serde_json::Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() > 2 && s.starts_with("0x"))
}

/// A quantity field as a number.
pub fn number(v: &serde_json::Value, field: &str) -> Option<u64> {
    let text = v.get(field)?.as_str()?;
    u64::from_str_radix(text.strip_prefix("0x").unwrap_or(text), 16).ok()
}

pub fn text<'a>(v: &'a serde_json::Value, field: &str) -> Option<&'a str> {
    v.get(field)?.as_str()
}

/// keccak256 of an event signature, as topics carry it.
pub fn event_topic(signature: &str) -> String {
    format!("0x{}", hex::encode(Keccak256::digest(signature.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keccak_is_not_sha3() {
        assert_eq!(
            hex::encode(Keccak256::digest(b"")),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
        assert_eq!(
            event_topic("Transfer(address,address,uint256)"),
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
        );
    }
}
