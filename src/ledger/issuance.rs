//! OpenAttestation documents against the chains loaded in the workspace: was the document
//! issued, and was it revoked?
//!
//! A DocumentStore document is issued when its store emitted `DocumentIssued(merkleRoot)`, and
//! revoked when the store emitted `DocumentRevoked` of its target hash, an intermediate hash of
//! its proof or its root (oa-verify's `isIssued` / `isRevoked` calls, answered from events). A
//! token-registry document is issued when the registry minted the root as a token (a
//! `Transfer` from the zero address). A DID-signed document is issued by its signature
//! (checked offline when it loads); a `REVOCATION_STORE` it names is matched like a store.
//!
//! Only `valid` records count: an EVM log is a committed fact only where its block verified
//! (and, as the EVM reader rules, its receipt is covered). The verdict names where it looked:
//! "issued on <chain> block N"; "not issued on the loaded chain" when a loaded chain holds valid
//! events of the store but none issues this root (the verdict gives the blocks loaded, since an
//! export may hold only part of a chain); "chain not loaded: issuance not checked" when no
//! loaded chain holds a valid event of the store; "issuance not established" when the issuing
//! event is there but is not a valid record. Being
//! about the whole workspace, the verdicts are recomputed after every ledger load (a chain
//! loaded after its documents updates them) and by `clearway ledger verify`: the lines this
//! module adds are recognised by their openings and replaced, the offline verdicts kept.

use duckdb::Connection;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use clearway_formats::ledger::openattestation::META_KEY;

const NOT_ISSUED: &str = "not issued on the loaded chain";
const REVOKED: &str = "DOCUMENT_REVOKED";
/// Openings of the detail lines this module writes (and only it).
const OPENINGS: &[&str] = &[
    "issued on ",
    "minted on ",
    "not issued on the loaded chain",
    "not minted on the loaded chain",
    "chain not loaded: ",
    "issuance not established: ",
    "revocation not established: ",
    "revoked on ",
    "not revoked on the loaded chain",
];

/// One document's verdict against the loaded chains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub load_id: i64,
    pub chain_id: String,
    pub number: i64,
    pub merkle_root: String,
    /// The lines written (empty when the document's issuance is not a chain matter).
    pub lines: Vec<String>,
    pub verified: bool,
    /// Whether `verified` or `lines` differ from what the workspace held before.
    pub changed: bool,
}

/// A loaded event of a watched contract.
struct Event {
    chain: String,
    block: i64,
    kind: String,
    valid: bool,
    hash: String,
    from_topic: String,
}

fn strip0x(s: &str) -> String {
    let s = s.to_ascii_lowercase();
    s.strip_prefix("0x").map(String::from).unwrap_or(s)
}

fn list(v: &serde_json::Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(|x| x.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(|s| s.to_ascii_lowercase()))
                .collect()
        })
        .unwrap_or_default()
}

fn is_zero_address_topic(t: &str) -> bool {
    let t = strip0x(t);
    !t.is_empty() && t.bytes().all(|b| b == b'0')
}

/// Recomputes every OpenAttestation document's chain verdict; returns them all.
pub fn refresh(conn: &Connection) -> duckdb::Result<Vec<Status>> {
    // (load, chain, number, meta, problems, details, verified)
    type Doc = (i64, String, i64, String, String, String, bool);
    let docs: Vec<Doc> = {
        let mut stmt = conn.prepare(&format!(
            "SELECT r.load_id, r.chain_id, r.block_number, CAST(json_extract(r.payload, '$.{META_KEY}') AS VARCHAR),
                    CAST(to_json(coalesce(b.problems, [])) AS VARCHAR), CAST(to_json(coalesce(b.details, [])) AS VARCHAR),
                    coalesce(b.verified, false)
             FROM ledger_records r
             JOIN ledger_blocks b ON b.load_id = r.load_id AND b.chain_id = r.chain_id AND b.number = r.block_number
             WHERE b.family = 'openattestation' AND json_extract(r.payload, '$.{META_KEY}') IS NOT NULL
             ORDER BY r.load_id, r.block_number"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?;
        rows.collect::<duckdb::Result<_>>()?
    };
    if docs.is_empty() {
        return Ok(vec![]);
    }
    let metas: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| serde_json::from_str(&d.3).unwrap_or_default())
        .collect();
    let addresses: BTreeSet<String> = metas
        .iter()
        .flat_map(|m| {
            let mut a = list(m, "stores");
            a.extend(list(m, "revocation_stores"));
            a
        })
        .collect();
    let address_json = serde_json::to_string(&addresses).unwrap_or_else(|_| "[]".into());
    // the events of every watched contract, and how much of each chain holds its events
    let mut events: HashMap<String, Vec<Event>> = HashMap::new();
    let mut coverage: HashMap<String, Vec<(String, i64, i64, i64)>> = HashMap::new();
    if !addresses.is_empty() {
        let mut stmt = conn.prepare(&format!(
            "SELECT lower(document_ref), chain_id, block_number, record_type, coalesce(valid, false),
                    coalesce(doc_hash, ''), coalesce(json_extract_string(payload, '$.topics[1]'), '')
             FROM ledger_records
             WHERE lower(document_ref) IN (SELECT unnest(CAST(CAST(? AS JSON) AS VARCHAR[])))
               AND record_type IN ('document_issued', 'document_revoked', 'token_transfer')
               AND json_extract(payload, '$.{META_KEY}') IS NULL
             ORDER BY chain_id, block_number"
        ))?;
        let rows = stmt.query_map([&address_json], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Event {
                    chain: r.get(1)?,
                    block: r.get(2)?,
                    kind: r.get(3)?,
                    valid: r.get(4)?,
                    hash: strip0x(&r.get::<_, String>(5)?),
                    from_topic: r.get(6)?,
                },
            ))
        })?;
        for row in rows {
            let (address, e) = row?;
            events.entry(address).or_default().push(e);
        }
        let mut stmt = conn.prepare(&format!(
            "WITH events AS (
                 SELECT lower(document_ref) AS address, chain_id, count(*) AS n
                 FROM ledger_records
                 WHERE lower(document_ref) IN (SELECT unnest(CAST(CAST(? AS JSON) AS VARCHAR[])))
                   AND valid AND json_extract(payload, '$.{META_KEY}') IS NULL
                 GROUP BY ALL),
             loaded AS (
                 SELECT chain_id, min(number) AS lo, max(number) AS hi FROM ledger_blocks
                 WHERE family <> 'openattestation' GROUP BY chain_id)
             SELECT e.address, e.chain_id, e.n, coalesce(l.lo, -1), coalesce(l.hi, -1)
             FROM events e LEFT JOIN loaded l USING (chain_id) ORDER BY e.chain_id"
        ))?;
        let rows = stmt.query_map([&address_json], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
            ))
        })?;
        for row in rows {
            let (address, c) = row?;
            coverage.entry(address).or_default().push(c);
        }
    }
    let mut out = Vec::new();
    for (doc, meta) in docs.iter().zip(&metas) {
        let (load_id, chain_id, number, _, problems, details, was_verified) = doc;
        let old_problems: Vec<String> = serde_json::from_str(problems).unwrap_or_default();
        let old_details: Vec<String> = serde_json::from_str(details).unwrap_or_default();
        let mut new_problems: Vec<String> = old_problems
            .iter()
            .filter(|p| *p != NOT_ISSUED && *p != REVOKED)
            .cloned()
            .collect();
        let mut new_details: Vec<String> = old_details
            .iter()
            .filter(|d| !OPENINGS.iter().any(|o| d.starts_with(o)))
            .cloned()
            .collect();
        let (lines, problems_added) = judge(meta, &events, &coverage);
        new_problems.extend(problems_added);
        new_details.extend(lines.iter().cloned());
        let verified = new_problems.is_empty();
        let changed = verified != *was_verified || new_details != old_details;
        if changed {
            conn.execute(
                "UPDATE ledger_blocks SET verified = ?, problems = CAST(CAST(? AS JSON) AS VARCHAR[]),
                        details = CAST(CAST(? AS JSON) AS VARCHAR[])
                 WHERE load_id = ? AND chain_id = ? AND number = ? AND family = 'openattestation'",
                duckdb::params![
                    verified,
                    serde_json::to_string(&new_problems).unwrap_or_default(),
                    serde_json::to_string(&new_details).unwrap_or_default(),
                    load_id,
                    chain_id,
                    number
                ],
            )?;
            conn.execute(
                "UPDATE ledger_records SET valid = ? WHERE load_id = ? AND chain_id = ? AND block_number = ?",
                duckdb::params![verified, load_id, chain_id, number],
            )?;
        }
        out.push(Status {
            load_id: *load_id,
            chain_id: chain_id.clone(),
            number: *number,
            merkle_root: meta
                .get("merkle_root")
                .and_then(|m| m.as_str())
                .unwrap_or("")
                .to_string(),
            lines,
            verified,
            changed,
        });
    }
    Ok(out)
}

/// The verdict lines and problems of one document.
fn judge(
    meta: &serde_json::Value,
    events: &HashMap<String, Vec<Event>>,
    coverage: &HashMap<String, Vec<(String, i64, i64, i64)>>,
) -> (Vec<String>, Vec<String>) {
    let method = meta.get("method").and_then(|m| m.as_str()).unwrap_or("");
    let root = strip0x(
        meta.get("merkle_root")
            .and_then(|m| m.as_str())
            .unwrap_or(""),
    );
    let mut hashes: BTreeSet<String> = list(meta, "hashes").iter().map(|h| strip0x(h)).collect();
    if hashes.is_empty() {
        hashes.insert(root.clone());
        if let Some(t) = meta.get("target_hash").and_then(|t| t.as_str()) {
            hashes.insert(strip0x(t));
        }
    }
    let seen = |address: &str| -> Option<String> {
        let c = coverage.get(address)?;
        Some(
            c.iter()
                .map(|(chain, n, lo, hi)| {
                    format!(
                        "{chain} (blocks {lo}–{hi} loaded) holds {n} valid event(s) of {address}"
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        )
    };
    let none = Vec::new();
    let mut lines = Vec::new();
    let mut problems = BTreeMap::new();
    let token = method == "TOKEN_REGISTRY";
    if method == "DOCUMENT_STORE" || token {
        let (what, verb, kind) = if token {
            (
                "mint (Transfer from the zero address)",
                "minted",
                "token_transfer",
            )
        } else {
            ("DocumentIssued", "issued", "document_issued")
        };
        for store in list(meta, "stores") {
            let matching: Vec<&Event> = events
                .get(&store)
                .unwrap_or(&none)
                .iter()
                .filter(|e| {
                    e.kind == kind
                        && e.hash == root
                        && (!token || is_zero_address_topic(&e.from_topic))
                })
                .collect();
            if let Some(e) = matching.iter().find(|e| e.valid) {
                lines.push(format!(
                    "{verb} on {} block {}: {what} of merkleRoot {root} by {store}",
                    e.chain, e.block
                ));
            } else if let Some(e) = matching.first() {
                lines.push(format!(
                    "issuance not established: the {what} of merkleRoot {root} by {store} on {} block {} is not a valid record (its block or receipt did not verify)",
                    e.chain, e.block
                ));
            } else if let Some(range) = seen(&store) {
                lines.push(format!(
                    "not {verb} on the loaded chain: {range}, none a {what} of merkleRoot {root}"
                ));
                problems.insert(NOT_ISSUED.to_string(), ());
            } else {
                lines.push(format!(
                    "chain not loaded: issuance not checked (no loaded chain holds a valid event of {store})"
                ));
            }
        }
    }
    for store in list(meta, "revocation_stores") {
        let matching: Vec<&Event> = events
            .get(&store)
            .unwrap_or(&none)
            .iter()
            .filter(|e| e.kind == "document_revoked" && hashes.contains(&e.hash))
            .collect();
        if let Some(e) = matching.iter().find(|e| e.valid) {
            lines.push(format!(
                "revoked on {} block {}: DocumentRevoked of {} by {store}",
                e.chain, e.block, e.hash
            ));
            problems.insert(REVOKED.to_string(), ());
        } else if let Some(e) = matching.first() {
            lines.push(format!(
                "revocation not established: the DocumentRevoked of {} by {store} on {} block {} is not a valid record (its block or receipt did not verify)",
                e.hash, e.chain, e.block
            ));
        } else if let Some(range) = seen(&store) {
            lines.push(format!("not revoked on the loaded chain: {range}"));
        } else {
            lines.push(format!(
                "chain not loaded: revocation not checked (no loaded chain holds a valid event of {store})"
            ));
        }
    }
    (lines, problems.into_keys().collect())
}
