//! clearway's generic ledger format: one JSON object per line, so that any platform (a
//! consortium chain, a notary service, a database with an audit trail) can export a verifiable
//! chain without clearway learning its internals.
//!
//! ```text
//! {"chain": "tradechain", "number": 0, "prev_hash": "", "timestamp": "2025-01-02T10:00:00Z",
//!  "payload": {"type": "invoice", "document_ref": "INV-1", ...}, "hash": "9f2c…"}
//! ```
//!
//! * `number` counts from 0 (or the first exported block) up by one;
//! * `prev_hash` is the previous line's `hash` (empty for the first block of a chain);
//! * `payload` is an object (one record) or an array of objects (several records);
//! * `hash` = lower-case hex SHA-256 of `"{number}\n{prev_hash}\n{timestamp}\n{canonical payload}"`,
//!   where the canonical payload is the payload as JSON with object keys sorted by their UTF-8
//!   bytes, no insignificant white space, strings escaped as JSON requires and numbers written as
//!   they were given (as serde_json prints them).
//!
//! Every block is checked on its own (its hash) and against the one before (the link and the
//! numbering); a tampered payload breaks its own hash, a removed or reordered block breaks the
//! links.

use sha2::{Digest, Sha256};

/// One block of a generic chain, as read.
#[derive(Debug, Clone)]
pub struct Block {
    pub chain: String,
    pub number: u64,
    pub prev_hash: String,
    pub hash: String,
    pub timestamp: String,
    pub payload: serde_json::Value,
}

/// Reads one line.
pub fn parse_line(line: &str) -> Result<Block, String> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(String::from);
    let number = v
        .get("number")
        .and_then(|n| n.as_u64())
        .ok_or("no `number` (a non-negative integer)")?;
    let payload = v.get("payload").cloned().ok_or("no `payload`")?;
    if !payload.is_object() && !payload.is_array() {
        return Err("`payload` must be an object or an array of objects".into());
    }
    Ok(Block {
        chain: text("chain").unwrap_or_default(),
        number,
        prev_hash: text("prev_hash").unwrap_or_default(),
        hash: text("hash").ok_or("no `hash`")?,
        timestamp: text("timestamp").unwrap_or_default(),
        payload,
    })
}

/// JSON with sorted object keys and no white space.
pub fn canonical_json(v: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String((*k).clone()).to_string());
                out.push(':');
                write_canonical(&map[*k], out);
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The hash a block must carry.
pub fn block_hash(
    number: u64,
    prev_hash: &str,
    timestamp: &str,
    payload: &serde_json::Value,
) -> String {
    let text = format!(
        "{number}\n{prev_hash}\n{timestamp}\n{}",
        canonical_json(payload)
    );
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Problems of each block: its own hash, and its link to the block before in the same chain.
pub fn verify(blocks: &[Block]) -> Vec<Vec<String>> {
    let mut previous: Option<&Block> = None;
    blocks
        .iter()
        .map(|b| {
            let mut problems = Vec::new();
            let computed = block_hash(b.number, &b.prev_hash, &b.timestamp, &b.payload);
            if computed != b.hash {
                problems.push(format!(
                    "hash mismatch: stored {}, computed {computed}",
                    b.hash
                ));
            }
            match previous.filter(|p| p.chain == b.chain) {
                Some(p) if p.number + 1 != b.number => problems.push(format!(
                    "numbering: block {} follows block {}",
                    b.number, p.number
                )),
                Some(p) if p.hash != b.prev_hash => problems.push(format!(
                    "previous hash mismatch: prev_hash {} is not block {}'s hash {}",
                    b.prev_hash, p.number, p.hash
                )),
                None if b.number == 0 && !b.prev_hash.is_empty() => {
                    problems.push("the first block has a previous hash".into())
                }
                _ => {}
            }
            previous = Some(b);
            problems
        })
        .collect()
}

/// A block line for a payload, chained to `prev_hash` (the sample generator writes chains
/// with it).
pub fn block_line(
    chain: &str,
    number: u64,
    prev_hash: &str,
    timestamp: &str,
    payload: &serde_json::Value,
) -> (String, String) {
    let hash = block_hash(number, prev_hash, timestamp, payload);
    let line = serde_json::json!({
        "chain": chain, "number": number, "prev_hash": prev_hash, "timestamp": timestamp,
        "payload": payload, "hash": hash,
    })
    .to_string();
    (line, hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v: serde_json::Value =
            serde_json::from_str(r#"{"b": [ {"z":1,"a":"é\n"} ], "a": 2.5}"#).unwrap();
        assert_eq!(canonical_json(&v), r#"{"a":2.5,"b":[{"a":"é\n","z":1}]}"#);
    }

    #[test]
    fn tampering_breaks_the_block_and_removal_breaks_the_links() {
        let p = |n: u64| serde_json::json!({"type": "invoice", "n": n});
        let mut lines = Vec::new();
        let mut prev = String::new();
        for n in 0..4 {
            let (line, hash) = block_line("c", n, &prev, "2025-01-01T00:00:00Z", &p(n));
            lines.push(parse_line(&line).unwrap());
            prev = hash;
        }
        assert!(verify(&lines).iter().all(|p| p.is_empty()));
        let mut tampered = lines.clone();
        tampered[1].payload["n"] = serde_json::json!(99);
        let problems = verify(&tampered);
        assert!(problems[1][0].starts_with("hash mismatch"));
        assert!(
            problems[2].is_empty(),
            "the next block still links to the stored hash"
        );
        let mut removed = lines.clone();
        removed.remove(2);
        assert!(verify(&removed)[2][0].starts_with("numbering"));
        assert!(parse_line(r#"{"number": -1}"#).is_err());
    }
}
