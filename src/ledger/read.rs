//! One file of any ledger family into block and record rows with verdicts ([`super::Parsed`]).

use super::{
    evm, fabric, fabric_json, generic, openattestation, record, BlockRow, LedgerFormat, Parsed,
    RecordRow,
};

/// The format from the content: Fabric's binary layouts, or the shape of the JSON.
pub fn detect(bytes: &[u8]) -> Option<LedgerFormat> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let start = head.trim_start();
    if start.starts_with("//") || start.starts_with(">>") {
        return Some(LedgerFormat::EvmJsonrpc);
    }
    if start.starts_with('{') || start.starts_with('[') {
        let has = |k: &str| head.contains(k);
        // OpenAttestation v2 (`data` + `signature.targetHash`), v3/v4 (`proof.targetHash`), and
        // W3C VC 2.0 credentials (TrustVC), which that reader recognises and reports as
        // unverifiable offline rather than leaving them unread
        return if has("\"targetHash\"")
            || (has("\"https://www.w3.org/ns/credentials/v2\"") && has("\"proof\""))
        {
            Some(LedgerFormat::Openattestation)
        } else if has("\"prev_hash\"") && has("\"payload\"") {
            Some(LedgerFormat::GenericJsonl)
        } else if has("\"parentHash\"")
            || has("\"cumulativeGasUsed\"")
            || has("\"topics\"")
            || has("\"jsonrpc\"")
        {
            Some(LedgerFormat::EvmJsonrpc)
        } else if has("\"data_hash\"") || has("\"previous_hash\"") {
            Some(LedgerFormat::FabricJson)
        } else {
            None
        };
    }
    let (blocks, error) = fabric::read_blockfile(bytes);
    if !blocks.is_empty() && (error.is_none() || blocks.len() > 1) {
        return Some(LedgerFormat::FabricBlockfile);
    }
    fabric::read_block_proto(bytes)
        .ok()
        .filter(|b| b.data_hash.len() == 32)
        .map(|_| LedgerFormat::FabricBlock)
}

/// A topic → record mapping for EVM logs: (topic0, record type, where the document hash is:
/// `topic1`…`topic3` or `data`). Built in: OpenAttestation/TradeTrust DocumentStore events and
/// ERC-20/721 transfers; `--events FILE` adds more.
pub type EventMap = Vec<(String, String, String)>;

/// The built-in event mapping.
pub fn builtin_events() -> EventMap {
    [
        ("DocumentIssued(bytes32)", "document_issued", "topic1"),
        ("DocumentRevoked(bytes32)", "document_revoked", "topic1"),
        (
            "Transfer(address,address,uint256)",
            "token_transfer",
            "topic3",
        ),
    ]
    .iter()
    .map(|(sig, kind, at)| (evm::event_topic(sig), kind.to_string(), at.to_string()))
    .collect()
}

/// Reads one file.
pub fn parse(
    format: LedgerFormat,
    bytes: &[u8],
    chain: Option<&str>,
    events: &EventMap,
) -> Result<Parsed, String> {
    let mut parsed = match format {
        LedgerFormat::FabricBlockfile => {
            let (blocks, truncated) = fabric::read_blockfile(bytes);
            if blocks.is_empty() {
                return Err(truncated.unwrap_or_else(|| "no blocks".into()));
            }
            let mut p = from_fabric(&blocks, chain);
            if let Some(why) = truncated {
                p.items += 1;
                p.rejects.push((blocks.len() as i64 + 1, why, None));
            }
            p
        }
        LedgerFormat::FabricBlock => {
            let block = fabric::read_block_proto(bytes)?;
            from_fabric(&[block], chain)
        }
        LedgerFormat::FabricJson => {
            let doc: serde_json::Value =
                serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
            from_fabric_json(&fabric_json::read(&doc)?, chain)
        }
        LedgerFormat::GenericJsonl => from_generic(&String::from_utf8_lossy(bytes), chain),
        LedgerFormat::EvmJsonrpc => from_evm(&String::from_utf8_lossy(bytes), chain, events)?,
        LedgerFormat::Openattestation => from_openattestation(bytes, chain)?,
        LedgerFormat::Auto => return Err("internal: format not detected".into()),
    };
    parsed.format = Some(format);
    Ok(parsed)
}

/// A Fabric chain's name: the one given, else the channel of its transactions.
fn fabric_chain<'a>(
    chain: Option<&str>,
    mut transactions: impl Iterator<Item = &'a fabric::Transaction>,
) -> String {
    chain
        .map(String::from)
        .or_else(|| {
            transactions
                .find(|t| !t.channel_id.is_empty())
                .map(|t| t.channel_id.clone())
        })
        .unwrap_or_else(|| "fabric".into())
}

fn from_fabric(blocks: &[fabric::RawBlock<'_>], chain: Option<&str>) -> Parsed {
    let verdicts = fabric::verify(blocks);
    let chain_id = fabric_chain(chain, verdicts.iter().flat_map(|v| &v.transactions));
    let mut p = Parsed::default();
    let mut invalid = 0;
    for (i, (b, v)) in blocks.iter().zip(&verdicts).enumerate() {
        let verified = v.errors.is_empty();
        p.items += 1;
        p.blocks.push(BlockRow {
            chain_id: chain_id.clone(),
            family: "fabric",
            number: b.number as i64,
            hash: v.header_hash.clone(),
            prev_hash: hex::encode(b.previous_hash),
            data_hash: hex::encode(b.data_hash),
            ts: v.timestamp,
            tx_count: b.envelopes.len() as i64,
            verified,
            problems: v.errors.clone(),
            details: v.details.clone(),
            source_row: i as i64 + 1,
        });
        invalid += transaction_records(
            &mut p,
            &chain_id,
            b.number,
            verified,
            &v.transactions,
            i as i64 + 1,
        );
    }
    warn_invalid(&mut p, invalid);
    p
}

fn warn_invalid(p: &mut Parsed, invalid: usize) {
    if invalid > 0 {
        p.warnings.push(format!(
            "{invalid} transaction(s) marked invalid by the peers' validation filter: kept with valid = false, never committed facts"
        ));
    }
}

/// The record rows of a Fabric block's transactions (one per transaction, one per JSON fact);
/// returns how many transactions the peers marked invalid.
fn transaction_records(
    p: &mut Parsed,
    chain_id: &str,
    number: u64,
    verified: bool,
    transactions: &[fabric::Transaction],
    source_row: i64,
) -> usize {
    let mut invalid = 0;
    for t in transactions {
        let committed = t.validation_code == 0;
        invalid += usize::from(!committed);
        let valid = committed && verified;
        let kind = match t.header_type {
            1 => "fabric_config".to_string(),
            3 => "fabric_tx".to_string(),
            n => format!("fabric_type_{n}"),
        };
        p.records.push(RecordRow {
            chain_id: chain_id.to_string(),
            block_number: number as i64,
            tx_id: t.tx_id.clone(),
            valid,
            record_type: kind,
            signature_ok: t.signature_ok,
            payload: serde_json::json!({
                "tx_index": t.index, "header_type": t.header_type, "channel": t.channel_id,
                "creator_msp": t.creator_msp, "creator_subject": t.creator_subject,
                "validation_code": t.validation_code,
                "validation": super::validation_code_name(t.validation_code),
            })
            .to_string(),
            source_row,
            ..Default::default()
        });
        for (kind, name, json) in &t.facts {
            let value: serde_json::Value =
                serde_json::from_str(json).expect("facts are JSON objects");
            let mut r = record(
                chain_id,
                number as i64,
                &t.tx_id,
                valid,
                &value,
                &format!("{kind}:{name}"),
                source_row,
            );
            r.signature_ok = t.signature_ok;
            p.records.push(r);
        }
    }
    invalid
}

fn from_fabric_json(blocks: &[fabric_json::JsonBlock], chain: Option<&str>) -> Parsed {
    let chain_id = fabric_chain(chain, blocks.iter().flat_map(|b| &b.transactions));
    let mut p = Parsed::default();
    let mut invalid = 0;
    let mut previous: Option<(u64, Vec<u8>)> = None;
    for (i, b) in blocks.iter().enumerate() {
        p.items += 1;
        let hash = fabric_json::header_hash(b);
        let mut problems = Vec::new();
        let mut details = vec![fabric_json::NOT_VERIFIABLE.to_string()];
        if let Some((n, h)) = &previous {
            if n + 1 == b.number && *h != b.previous_hash {
                problems.push("PreviousHash mismatch".to_string());
                details.push(format!(
                    "previous_hash {} is not the header hash {} of block {n}",
                    hex::encode(&b.previous_hash),
                    hex::encode(h)
                ));
            }
        }
        previous = Some((b.number, hash.clone()));
        let verified = problems.is_empty();
        p.blocks.push(BlockRow {
            chain_id: chain_id.clone(),
            family: "fabric",
            number: b.number as i64,
            hash: hex::encode(&hash),
            prev_hash: hex::encode(&b.previous_hash),
            data_hash: hex::encode(&b.data_hash),
            ts: b.transactions.iter().find_map(|t| t.timestamp),
            tx_count: b.transactions.len() as i64,
            verified,
            problems,
            details,
            source_row: i as i64 + 1,
        });
        invalid += transaction_records(
            &mut p,
            &chain_id,
            b.number,
            verified,
            &b.transactions,
            i as i64 + 1,
        );
    }
    warn_invalid(&mut p, invalid);
    p
}

fn from_generic(text: &str, chain: Option<&str>) -> Parsed {
    let mut p = Parsed::default();
    let mut blocks = Vec::new();
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        p.items += 1;
        match generic::parse_line(line) {
            Ok(b) => {
                blocks.push(b);
                lines.push(i as i64 + 1);
            }
            Err(e) => p.rejects.push((i as i64 + 1, e, Some(line.to_string()))),
        }
    }
    let problems = generic::verify(&blocks);
    for ((b, problems), line) in blocks.iter().zip(problems).zip(lines) {
        let chain_id = chain.map(String::from).unwrap_or_else(|| {
            if b.chain.is_empty() {
                "generic".into()
            } else {
                b.chain.clone()
            }
        });
        let verified = problems.is_empty();
        let short: Vec<String> = problems
            .iter()
            .map(|p| p.split(':').next().unwrap_or(p).to_string())
            .collect();
        p.blocks.push(BlockRow {
            chain_id: chain_id.clone(),
            family: "generic",
            number: b.number as i64,
            hash: b.hash.clone(),
            prev_hash: b.prev_hash.clone(),
            data_hash: String::new(),
            ts: chrono::DateTime::parse_from_rfc3339(&b.timestamp)
                .ok()
                .map(|t| t.timestamp_micros()),
            tx_count: b.payload.as_array().map_or(1, |a| a.len()) as i64,
            verified,
            problems: short,
            details: problems,
            source_row: line,
        });
        let items: Vec<&serde_json::Value> = match &b.payload {
            serde_json::Value::Array(a) => a.iter().collect(),
            one => vec![one],
        };
        for (k, item) in items.into_iter().enumerate() {
            p.records.push(record(
                &chain_id,
                b.number as i64,
                &format!("{}:{k}", b.number),
                verified,
                item,
                "record",
                line,
            ));
        }
    }
    p
}

fn from_evm(text: &str, chain: Option<&str>, events: &EventMap) -> Result<Parsed, String> {
    let export = evm::read(text)?;
    let chain_id = chain.unwrap_or("evm").to_string();
    let mut p = Parsed {
        items: (export.blocks.len()
            + export.receipts.len()
            + export.logs.len()
            + export.unknown.len()) as u64,
        ..Default::default()
    };
    for (item, why) in &export.unknown {
        p.rejects.push((*item as i64, why.clone(), None));
    }
    let mut blocks = export.blocks.clone();
    blocks.sort_by_key(|b| evm::number(b, "number"));
    // block number → (stored hash, verified)
    let mut known: std::collections::HashMap<u64, (String, bool)> = Default::default();
    let mut previous: Option<(u64, String)> = None;
    for (i, b) in blocks.iter().enumerate() {
        let number = evm::number(b, "number").unwrap_or(0);
        let stored = evm::text(b, "hash").unwrap_or("").to_string();
        let mut problems = Vec::new();
        let mut details = Vec::new();
        match evm::header_hash(b) {
            Ok(h) if h == stored => {}
            Ok(h) => {
                problems.push("hash mismatch".to_string());
                details.push(format!("the header hashes to {h}, the block says {stored} (a consensus engine that seals in extraData — IBFT, QBFT, Bor — hashes a different header)"));
            }
            Err(e) => {
                problems.push("header unreadable".to_string());
                details.push(e);
            }
        }
        if let Some((n, h)) = &previous {
            if n + 1 == number && evm::text(b, "parentHash") != Some(h.as_str()) {
                problems.push("parent hash mismatch".into());
                details.push(format!("parentHash is not block {n}'s hash {h}"));
            }
        }
        previous = Some((number, stored.clone()));
        let verified = problems.is_empty();
        known.insert(number, (stored.clone(), verified));
        p.blocks.push(BlockRow {
            chain_id: chain_id.clone(),
            family: "evm",
            number: number as i64,
            hash: stored,
            prev_hash: evm::text(b, "parentHash").unwrap_or("").to_string(),
            data_hash: evm::text(b, "transactionsRoot").unwrap_or("").to_string(),
            ts: evm::number(b, "timestamp").map(|t| t as i64 * 1_000_000),
            tx_count: b
                .get("transactions")
                .and_then(|t| t.as_array())
                .map_or(0, |t| t.len()) as i64,
            verified,
            problems,
            details,
            source_row: i as i64 + 1,
        });
    }
    // receipts against their blocks; their logs become records
    let mut logs: Vec<(serde_json::Value, bool)> = Vec::new();
    let mut last_cumulative: std::collections::HashMap<u64, (u64, u64)> = Default::default();
    for r in &export.receipts {
        let number = evm::number(r, "blockNumber").unwrap_or(0);
        let succeeded = evm::text(r, "status") != Some("0x0");
        if let Some((hash, _)) = known.get(&number) {
            if evm::text(r, "blockHash") != Some(hash.as_str()) {
                p.warnings.push(format!(
                    "receipt {} names block hash {} for block {number}, which hashes {hash}",
                    evm::text(r, "transactionHash").unwrap_or("?"),
                    evm::text(r, "blockHash").unwrap_or("?")
                ));
            }
        }
        let index = evm::number(r, "transactionIndex").unwrap_or(0);
        let cumulative = evm::number(r, "cumulativeGasUsed").unwrap_or(0);
        let entry = last_cumulative.entry(number).or_insert((index, cumulative));
        if index >= entry.0 {
            *entry = (index, cumulative);
        }
        for log in r
            .get("logs")
            .and_then(|l| l.as_array())
            .into_iter()
            .flatten()
        {
            logs.push((log.clone(), succeeded));
        }
    }
    for (number, (_, cumulative)) in &last_cumulative {
        if let Some(b) = blocks
            .iter()
            .find(|b| evm::number(b, "number") == Some(*number))
        {
            let gas = evm::number(b, "gasUsed").unwrap_or(0);
            let full = b
                .get("transactions")
                .and_then(|t| t.as_array())
                .map_or(0, |t| t.len());
            let receipts = export
                .receipts
                .iter()
                .filter(|r| evm::number(r, "blockNumber") == Some(*number))
                .count();
            if receipts == full && *cumulative != gas {
                p.warnings.push(format!(
                    "block {number}: the last receipt's cumulativeGasUsed {cumulative} is not the block's gasUsed {gas}"
                ));
            }
        }
    }
    logs.extend(export.logs.iter().map(|l| (l.clone(), true)));
    let mut seen = std::collections::HashSet::new();
    for (i, (log, succeeded)) in logs.iter().enumerate() {
        let key = (
            evm::text(log, "transactionHash").unwrap_or("").to_string(),
            evm::text(log, "logIndex").unwrap_or("").to_string(),
        );
        if !seen.insert(key) {
            continue;
        }
        let number = evm::number(log, "blockNumber").unwrap_or(0);
        let block_ok = known
            .get(&number)
            .is_none_or(|(hash, ok)| *ok && evm::text(log, "blockHash").is_none_or(|h| h == hash));
        let removed = log.get("removed").and_then(|r| r.as_bool()) == Some(true);
        let topics: Vec<&str> = log
            .get("topics")
            .and_then(|t| t.as_array())
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str())
            .collect();
        let mapped = topics.first().and_then(|t0| {
            events
                .iter()
                .find(|(topic, ..)| topic.eq_ignore_ascii_case(t0))
        });
        let doc_hash = mapped.and_then(|(_, _, at)| match at.as_str() {
            "data" => evm::text(log, "data").map(String::from),
            t => t
                .strip_prefix("topic")
                .and_then(|k| k.parse::<usize>().ok())
                .and_then(|k| topics.get(k))
                .map(|s| s.to_string()),
        });
        p.records.push(RecordRow {
            chain_id: chain_id.clone(),
            block_number: number as i64,
            tx_id: evm::text(log, "transactionHash").unwrap_or("").to_string(),
            valid: *succeeded && block_ok && !removed,
            record_type: mapped.map_or("log".to_string(), |(_, kind, _)| kind.clone()),
            document_ref: evm::text(log, "address").map(String::from),
            doc_hash,
            payload: log.to_string(),
            source_row: i as i64 + 1,
            ..Default::default()
        });
    }
    Ok(p)
}

/// Each document becomes a "block" (its Merkle root; `verified` when every offline check holds)
/// and a record (its fields, with what `crate::ledger::issuance` needs under
/// `_openattestation`). Issuance by a chain event is matched against the loaded chains after the
/// rows are stored, not here.
fn from_openattestation(bytes: &[u8], chain: Option<&str>) -> Result<Parsed, String> {
    let doc: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let docs: Vec<serde_json::Value> = match doc {
        serde_json::Value::Array(a) => a,
        one => vec![one],
    };
    // a number literal serde_json may round differently from JSON.parse makes a digest
    // unreproducible: say so rather than give a verdict
    let inexact = openattestation::js::inexact_number_literal(bytes);
    let chain_id = chain.unwrap_or("openattestation").to_string();
    let mut p = Parsed::default();
    for (i, d) in docs.iter().enumerate() {
        p.items += 1;
        let mut checked = match openattestation::check(d) {
            Ok(c) => c,
            Err(e) => {
                p.rejects.push((i as i64 + 1, e, None));
                continue;
            }
        };
        if let Some(literal) = &inexact {
            checked.problems.push(openattestation::Problem {
                name: "unverifiable number".into(),
                detail: format!(
                    "the file holds the number literal {literal}, which clearway's JSON reader may round differently from JavaScript's: the digest is not reproducible with certainty"
                ),
            });
        }
        let verified = checked.verified();
        let mut details: Vec<String> = checked.problems.iter().map(|p| p.detail.clone()).collect();
        details.push(format!(
            "OpenAttestation {}: {} leaves, {} obfuscated, target hash {}",
            checked.version,
            checked.leaves,
            checked.obfuscated,
            if checked.target_hash.is_empty() {
                "not computed"
            } else {
                checked.target_hash.as_str()
            }
        ));
        details.extend(checked.notes.iter().cloned());
        p.blocks.push(BlockRow {
            chain_id: chain_id.clone(),
            family: "openattestation",
            number: i as i64,
            hash: checked.merkle_root.clone(),
            prev_hash: String::new(),
            data_hash: checked.target_hash.clone(),
            ts: None,
            tx_count: 1,
            verified,
            problems: checked.problems.iter().map(|p| p.name.clone()).collect(),
            details,
            source_row: i as i64 + 1,
        });
        let fields = serde_json::Value::Object(checked.fields.clone());
        let mut r = record(
            &chain_id,
            i as i64,
            &checked.target_hash,
            verified,
            &fields,
            "openattestation",
            i as i64 + 1,
        );
        r.record_type = fields
            .get("$template.name")
            .and_then(|n| n.as_str())
            .map_or(r.record_type, |n| n.to_lowercase());
        r.doc_hash = (!checked.target_hash.is_empty()).then(|| checked.target_hash.clone());
        // what issuance matching needs; clearway's key replaces a field of that exact name
        let mut payload = checked.fields.clone();
        payload.insert(
            crate::ledger::issuance::META_KEY.into(),
            serde_json::json!({
                "version": checked.version, "method": checked.issuance.method,
                "stores": checked.issuance.stores, "revocation_stores": checked.issuance.revocation_stores,
                "signers": checked.issuance.signers, "network": checked.issuance.network,
                "merkle_root": checked.merkle_root.to_lowercase(), "target_hash": checked.target_hash,
                "hashes": checked.hashes,
            }),
        );
        r.payload = serde_json::Value::Object(payload).to_string();
        p.records.push(r);
    }
    Ok(p)
}
