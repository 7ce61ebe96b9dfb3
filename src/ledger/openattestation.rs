//! OpenAttestation v2 wrapped documents (TradeTrust; certificates of origin, eBLs, the
//! Singapore CNM): the offline half of their verification — the document's own integrity.
//!
//! Every leaf of `data` is a salted string `"<salt>:<type>:<value>"`. The target hash is
//! keccak256 of the JSON array of the sorted hex hashes of every leaf (`keccak256` of the compact
//! JSON `{"path.to.leaf": "<salted value>"}`) plus the hashes of obfuscated fields; the Merkle
//! proof folds sibling hashes into it (each step hashes the two 32-byte values in ascending
//! order) up to `merkleRoot` (reference ledger.md §3). Whether the root was issued, or revoked,
//! on a document store needs chain data; clearway reports that as not checked offline.

use sha3::{Digest, Keccak256};

/// What checking a wrapped document found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Checked {
    pub target_hash: String,
    pub merkle_root: String,
    pub leaves: usize,
    pub problems: Vec<String>,
    /// The document's fields with their salts and type tags removed.
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// Leaves of `data` as (path, value), keys joined by `.` and array indices as numbers.
fn flatten(v: &serde_json::Value, path: &str, out: &mut Vec<(String, serde_json::Value)>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| flatten(x, &join(k), out)),
        serde_json::Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| flatten(x, &join(&i.to_string()), out)),
        leaf => out.push((path.to_string(), leaf.clone())),
    }
}

fn keccak_hex(bytes: &[u8]) -> String {
    hex::encode(Keccak256::digest(bytes))
}

/// A salted leaf without its salt and type tag (`"uuid:number:5000"` → 5000).
fn unsalted(leaf: &serde_json::Value) -> serde_json::Value {
    let Some(text) = leaf.as_str() else {
        return leaf.clone();
    };
    let mut parts = text.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(kind), Some(value)) => match kind {
            "number" => value
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(serde_json::Value::Number)
                .unwrap_or_else(|| value.into()),
            "boolean" => serde_json::Value::Bool(value == "true"),
            "null" | "undefined" => serde_json::Value::Null,
            _ => value.into(),
        },
        _ => leaf.clone(),
    }
}

/// Checks a wrapped document's target hash and Merkle proof.
pub fn check(doc: &serde_json::Value) -> Result<Checked, String> {
    let data = doc.get("data").ok_or("no `data`: not a wrapped document")?;
    let signature = doc
        .get("signature")
        .ok_or("no `signature`: the document is not wrapped")?;
    let stored_target = signature
        .get("targetHash")
        .and_then(|v| v.as_str())
        .ok_or("no signature.targetHash")?;
    let merkle_root = signature
        .get("merkleRoot")
        .and_then(|v| v.as_str())
        .ok_or("no signature.merkleRoot")?;
    let mut leaves = Vec::new();
    flatten(data, "", &mut leaves);
    let mut hashes: Vec<String> = leaves
        .iter()
        .map(|(path, leaf)| {
            let mut single = serde_json::Map::new();
            single.insert(path.clone(), leaf.clone());
            keccak_hex(serde_json::Value::Object(single).to_string().as_bytes())
        })
        .collect();
    if let Some(hidden) = doc
        .pointer("/privacy/obfuscatedData")
        .and_then(|v| v.as_array())
    {
        hashes.extend(hidden.iter().filter_map(|h| h.as_str().map(String::from)));
    }
    hashes.sort();
    let target = keccak_hex(serde_json::json!(hashes).to_string().as_bytes());
    let mut problems = Vec::new();
    if target != stored_target {
        problems.push(format!(
            "target hash mismatch: the document hashes to {target}, its signature says {stored_target}"
        ));
    }
    let mut node = hex::decode(&target).map_err(|e| e.to_string())?;
    for p in doc
        .pointer("/signature/proof")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        let sibling = p
            .as_str()
            .and_then(|s| hex::decode(s.trim_start_matches("0x")).ok())
            .ok_or("a proof element is not hex")?;
        let (a, b) = if node <= sibling {
            (node, sibling)
        } else {
            (sibling, node)
        };
        node = Keccak256::digest([a, b].concat()).to_vec();
    }
    if hex::encode(&node) != merkle_root.trim_start_matches("0x") {
        problems.push(format!(
            "Merkle proof does not lead to merkleRoot {merkle_root}"
        ));
    }
    let fields = leaves
        .iter()
        .map(|(path, leaf)| (path.clone(), unsalted(leaf)))
        .collect();
    Ok(Checked {
        target_hash: target,
        merkle_root: merkle_root.to_string(),
        leaves: leaves.len(),
        problems,
        fields,
    })
}
