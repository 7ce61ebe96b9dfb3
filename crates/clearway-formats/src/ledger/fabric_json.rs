//! Fabric blocks as JSON: `configtxlator proto_decode --type common.Block` output (numbers as
//! strings, bytes as base64) and SDK renderings (Node `BlockDecoder`, Explorer: numbers as
//! numbers, hashes as hex), one block, an array of blocks or `{"blocks": [...]}`.
//!
//! A decoded block cannot be re-serialised byte for byte, so its data hash and signatures cannot
//! be recomputed (reference ledger.md §1.6): what can be checked is the header chain — each
//! header's DER hash against the next block's previous hash — and that is what the verdict
//! covers; every block says so in its details. Transactions, their validation codes and the JSON
//! values of chaincode events and key writes are read as from the binary forms.

use super::fabric::{header_der, Transaction};
use crate::limits::excerpt;
use base64::Engine;
use sha2::{Digest, Sha256};

/// One block read from JSON.
#[derive(Debug, Clone)]
pub struct JsonBlock {
    pub number: u64,
    pub previous_hash: Vec<u8>,
    pub data_hash: Vec<u8>,
    pub transactions: Vec<Transaction>,
}

/// Hex (64 characters for a hash) or base64, as the two renderings write bytes.
pub fn decode_bytes(text: &str) -> Result<Vec<u8>, String> {
    let t = text.trim();
    // 32 bytes are 64 hex digits but 44 base64 characters, so a 64-digit hex string is hex
    if t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit()) {
        return hex::decode(t).map_err(|e| e.to_string());
    }
    base64::engine::general_purpose::STANDARD
        .decode(t)
        .or_else(|_| hex::decode(t))
        .map_err(|_| format!("`{}` is neither base64 nor hex", &t[..t.len().min(20)]))
}

fn number_of(v: Option<&serde_json::Value>) -> Option<u64> {
    match v? {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.parse().ok(),
        // Long.js renders 64-bit numbers as {low, high}
        serde_json::Value::Object(m) => {
            let low = m.get("low")?.as_i64()? as u32;
            let high = m.get("high")?.as_i64()? as u32;
            Some(u64::from(high) << 32 | u64::from(low))
        }
        _ => None,
    }
}

/// The blocks of a JSON file.
pub fn read(doc: &serde_json::Value) -> Result<Vec<JsonBlock>, String> {
    let list: Vec<&serde_json::Value> = match doc {
        serde_json::Value::Array(a) => a.iter().collect(),
        serde_json::Value::Object(m) if m.contains_key("blocks") => m["blocks"]
            .as_array()
            .ok_or("`blocks` is not an array")?
            .iter()
            .collect(),
        one => vec![one],
    };
    list.iter()
        .enumerate()
        .map(|(i, b)| block(b).map_err(|e| format!("block {}: {e}", i + 1)))
        .collect()
}

fn block(b: &serde_json::Value) -> Result<JsonBlock, String> {
    let header = b.get("header").ok_or("no header")?;
    let number = number_of(header.get("number")).ok_or("no header.number")?;
    let bytes = |k: &str| -> Result<Vec<u8>, String> {
        match header.get(k) {
            None | Some(serde_json::Value::Null) => Ok(Vec::new()),
            Some(serde_json::Value::String(s)) => decode_bytes(s),
            Some(other) => Err(format!(
                "header.{k} is {}, not text",
                excerpt(&other.to_string())
            )),
        }
    };
    let filter = validation_filter(b.pointer("/metadata/metadata/2"));
    let envelopes = b
        .pointer("/data/data")
        .and_then(|d| d.as_array())
        .cloned()
        .unwrap_or_default();
    let transactions = envelopes
        .iter()
        .enumerate()
        .map(|(i, e)| transaction(i, e, filter.get(i).copied().unwrap_or(0)))
        .collect();
    Ok(JsonBlock {
        number,
        previous_hash: bytes("previous_hash")?,
        data_hash: bytes("data_hash")?,
        transactions,
    })
}

/// metadata[2] as base64 text, an array of numbers, or a Buffer-like `{data: [...]}`.
fn validation_filter(v: Option<&serde_json::Value>) -> Vec<u8> {
    match v {
        Some(serde_json::Value::String(s)) => decode_bytes(s).unwrap_or_default(),
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_u64().map(|n| n as u8))
            .collect(),
        Some(serde_json::Value::Object(m)) => validation_filter(m.get("data")),
        _ => Vec::new(),
    }
}

/// A header type as a number or its enum name.
fn header_type(v: Option<&serde_json::Value>) -> i64 {
    const NAMES: &[&str] = &[
        "MESSAGE",
        "CONFIG",
        "CONFIG_UPDATE",
        "ENDORSER_TRANSACTION",
        "ORDERER_TRANSACTION",
        "DELIVER_SEEK_INFO",
        "CHAINCODE_PACKAGE",
    ];
    match v {
        Some(serde_json::Value::Number(n)) => n.as_i64().unwrap_or(-1),
        Some(serde_json::Value::String(s)) => s
            .parse()
            .ok()
            .or_else(|| NAMES.iter().position(|n| n == s).map(|p| p as i64))
            .unwrap_or(-1),
        _ => -1,
    }
}

fn transaction(index: usize, e: &serde_json::Value, validation_code: u8) -> Transaction {
    let channel = e.pointer("/payload/header/channel_header");
    let text = |p: &str| {
        channel
            .and_then(|c| c.pointer(p))
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let creator = e.pointer("/payload/header/signature_header/creator");
    let facts = e
        .pointer("/payload/data/actions")
        .and_then(|a| a.as_array())
        .into_iter()
        .flatten()
        .flat_map(action_facts)
        .collect();
    Transaction {
        index,
        header_type: header_type(channel.and_then(|c| c.get("type"))),
        channel_id: text("/channel_id"),
        tx_id: text("/tx_id"),
        timestamp: channel
            .and_then(|c| c.get("timestamp"))
            .and_then(|t| t.as_str())
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.timestamp_micros()),
        creator_msp: creator
            .and_then(|c| c.get("mspid"))
            .and_then(|m| m.as_str())
            .unwrap_or_default()
            .to_string(),
        creator_subject: String::new(),
        validation_code,
        signature_ok: None,
        signature_high_s: false,
        facts,
    }
}

/// A value that holds JSON: a JSON object already, or base64 / text of one.
fn json_value(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Object(_) => Some(v.to_string()),
        serde_json::Value::String(s) => {
            let text = if s.trim_start().starts_with('{') {
                s.clone()
            } else {
                String::from_utf8(decode_bytes(s).ok()?).ok()?
            };
            matches!(
                serde_json::from_str::<serde_json::Value>(&text),
                Ok(serde_json::Value::Object(_))
            )
            .then_some(text)
        }
        _ => None,
    }
}

fn action_facts(action: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut facts = Vec::new();
    let Some(cc) = action.pointer("/payload/action/proposal_response_payload/extension") else {
        return facts;
    };
    if let Some(event) = cc.get("events") {
        if let Some(json) = event.get("payload").and_then(json_value) {
            let name = event
                .get("event_name")
                .and_then(|n| n.as_str())
                .unwrap_or("");
            facts.push(("event".into(), name.to_string(), json));
        }
    }
    for ns in cc
        .pointer("/results/ns_rwset")
        .and_then(|n| n.as_array())
        .into_iter()
        .flatten()
    {
        let namespace = ns.get("namespace").and_then(|n| n.as_str()).unwrap_or("");
        for w in ns
            .pointer("/rwset/writes")
            .and_then(|w| w.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(json) = w.get("value").and_then(json_value) {
                let key = w.get("key").and_then(|k| k.as_str()).unwrap_or("");
                facts.push(("write".into(), format!("{namespace}/{key}"), json));
            }
        }
    }
    facts
}

/// Header hash of a JSON block.
pub fn header_hash(b: &JsonBlock) -> Vec<u8> {
    Sha256::digest(header_der(b.number, &b.previous_hash, &b.data_hash)).to_vec()
}

/// The caveat every JSON block carries.
pub const NOT_VERIFIABLE: &str =
    "decoded JSON: header chain checked; data hash, canonical form and signatures need the raw block (peer channel fetch)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_renderings_of_a_block_read_alike() {
        let hash = [7u8; 32];
        let configtxlator = serde_json::json!({
            "header": {"number": "5", "previous_hash": base64::engine::general_purpose::STANDARD.encode(hash),
                       "data_hash": base64::engine::general_purpose::STANDARD.encode(hash)},
            "data": {"data": [{"payload": {"header": {"channel_header": {"type": 3, "tx_id": "t1",
                     "channel_id": "c", "timestamp": "2025-01-01T00:00:00Z"}}}}]},
            "metadata": {"metadata": ["", "", "Cw==", ""]},
        });
        let sdk = serde_json::json!({
            "header": {"number": {"low": 5, "high": 0}, "previous_hash": hex::encode(hash),
                       "data_hash": hex::encode(hash)},
            "data": {"data": [{"payload": {"header": {"channel_header": {"type": "ENDORSER_TRANSACTION",
                     "tx_id": "t1", "channel_id": "c", "timestamp": "2025-01-01T00:00:00Z"}}}}]},
            "metadata": {"metadata": [[], [], [11], []]},
        });
        for doc in [configtxlator, sdk] {
            let b = &read(&doc).unwrap()[0];
            assert_eq!((b.number, b.previous_hash.as_slice()), (5, hash.as_slice()));
            let t = &b.transactions[0];
            assert_eq!(
                (t.header_type, t.validation_code, t.tx_id.as_str()),
                (3, 11, "t1")
            );
        }
        assert!(decode_bytes("@@").is_err());
    }
}
