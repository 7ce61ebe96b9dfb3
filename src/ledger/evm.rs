//! EVM JSON-RPC exports (Ethereum, Polygon, Besu networks that trade platforms anchor documents
//! on): blocks, receipts and logs as JSON arrays, NDJSON, bare JSON-RPC responses or
//! request/response transcripts (`>> {request}` / `<< {response}` lines, as the execution-apis
//! test fixtures and many capture tools write them).
//!
//! Verification (reference ledger.md §2.2): the block hash is keccak256 of the RLP list of the
//! header fields present in the JSON, in fork order (15 up to Berlin, +baseFeePerGas in London,
//! … +requestsHash in Prague); quantities are minimal big-endian. Parent links between loaded
//! blocks, and receipts and logs against the blocks they name, are checked too. Consensus
//! engines that seal blocks inside `extraData` (IBFT 2.0, QBFT, Bor) hash a different header and
//! are reported as a hash mismatch with that explanation.

use sha3::{Digest, Keccak256};

/// Header fields in fork order: (JSON name, is a quantity).
const HEADER_FIELDS: &[(&str, bool)] = &[
    ("parentHash", false),
    ("sha3Uncles", false),
    ("miner", false),
    ("stateRoot", false),
    ("transactionsRoot", false),
    ("receiptsRoot", false),
    ("logsBloom", false),
    ("difficulty", true),
    ("number", true),
    ("gasLimit", true),
    ("gasUsed", true),
    ("timestamp", true),
    ("extraData", false),
    ("mixHash", false),
    ("nonce", false),
    ("baseFeePerGas", true),
    ("withdrawalsRoot", false),
    ("blobGasUsed", true),
    ("excessBlobGas", true),
    ("parentBeaconBlockRoot", false),
    ("requestsHash", false),
];

/// Fields every header has (genesis through Berlin).
const PRE_LONDON_FIELDS: usize = 15;

/// What an export holds.
#[derive(Debug, Default)]
pub struct Export {
    pub blocks: Vec<serde_json::Value>,
    pub receipts: Vec<serde_json::Value>,
    pub logs: Vec<serde_json::Value>,
    /// Objects that are none of those: (item number, why).
    pub unknown: Vec<(usize, String)>,
}

/// Splits an export into blocks, receipts and logs, whatever its wrapping.
pub fn read(text: &str) -> Result<Export, String> {
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
    let mut export = Export::default();
    for (i, item) in items.into_iter().enumerate() {
        classify(item, i + 1, &mut export);
    }
    Ok(export)
}

fn classify(item: serde_json::Value, number: usize, export: &mut Export) {
    match item {
        serde_json::Value::Array(a) => a.into_iter().for_each(|x| classify(x, number, export)),
        serde_json::Value::Object(ref m) if m.contains_key("result") || m.contains_key("error") => {
            match m.get("result") {
                Some(r) if !r.is_null() => classify(r.clone(), number, export),
                _ => export
                    .unknown
                    .push((number, "a JSON-RPC response without a result".into())),
            }
        }
        serde_json::Value::Object(ref m) if m.contains_key("parentHash") => {
            export.blocks.push(item)
        }
        serde_json::Value::Object(ref m) if m.contains_key("cumulativeGasUsed") => {
            export.receipts.push(item)
        }
        serde_json::Value::Object(ref m) if m.contains_key("topics") => export.logs.push(item),
        _ => export
            .unknown
            .push((number, "neither a block, a receipt nor a log".into())),
    }
}

/// `0x…` hex as bytes.
pub fn hex_bytes(text: &str) -> Result<Vec<u8>, String> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    let digits = if digits.len() % 2 == 1 {
        format!("0{digits}")
    } else {
        digits.to_string()
    };
    hex::decode(&digits).map_err(|_| format!("`{text}` is not hex"))
}

/// A quantity's bytes, minimal big-endian (zero is empty).
fn quantity(text: &str) -> Result<Vec<u8>, String> {
    let bytes = hex_bytes(text)?;
    Ok(bytes.into_iter().skip_while(|b| *b == 0).collect())
}

fn rlp_length(out: &mut Vec<u8>, len: usize, short: u8, long: u8) {
    if len < 56 {
        out.push(short + len as u8);
    } else {
        let be: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(long + be.len() as u8);
        out.extend(be);
    }
}

/// RLP of a byte string.
pub fn rlp_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    if bytes.len() == 1 && bytes[0] < 0x80 {
        out.push(bytes[0]);
    } else {
        rlp_length(out, bytes.len(), 0x80, 0xb7);
        out.extend_from_slice(bytes);
    }
}

/// RLP of a list whose items are already encoded.
pub fn rlp_list(items: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(items.len() + 9);
    rlp_length(&mut out, items.len(), 0xc0, 0xf7);
    out.extend_from_slice(items);
    out
}

/// The header hash of a block object, recomputed.
pub fn header_hash(block: &serde_json::Value) -> Result<String, String> {
    let mut items = Vec::new();
    let mut present = 0;
    for (i, (name, is_quantity)) in HEADER_FIELDS.iter().enumerate() {
        let Some(value) = block.get(*name).and_then(|v| v.as_str()) else {
            if i < PRE_LONDON_FIELDS {
                return Err(format!("the header lacks `{name}`"));
            }
            break;
        };
        let bytes = if *is_quantity {
            quantity(value)?
        } else {
            hex_bytes(value)?
        };
        rlp_bytes(&mut items, &bytes);
        present += 1;
    }
    // a later fork's field after a missing one means the export dropped a field
    if let Some((name, _)) = HEADER_FIELDS[present..]
        .iter()
        .find(|(name, _)| block.get(*name).is_some())
    {
        return Err(format!(
            "`{name}` is present but an earlier fork's field is missing"
        ));
    }
    Ok(format!(
        "0x{}",
        hex::encode(Keccak256::digest(rlp_list(&items)))
    ))
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
    fn rlp_follows_the_yellow_paper() {
        let mut out = Vec::new();
        rlp_bytes(&mut out, b"dog");
        assert_eq!(out, [0x83, b'd', b'o', b'g']);
        let mut zero = Vec::new();
        rlp_bytes(&mut zero, &[]);
        assert_eq!(zero, [0x80]);
        let mut small = Vec::new();
        rlp_bytes(&mut small, &[0x0f]);
        assert_eq!(small, [0x0f]);
        let mut long = Vec::new();
        rlp_bytes(&mut long, &[0xAA; 60]);
        assert_eq!(&long[..2], &[0xb8, 60]);
        assert_eq!(rlp_list(&[]), [0xc0]);
        assert_eq!(quantity("0x0").unwrap(), Vec::<u8>::new());
        assert_eq!(quantity("0x400").unwrap(), vec![0x04, 0x00]);
    }

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
