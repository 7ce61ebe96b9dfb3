//! One file of any ledger family into block and record rows with verdicts ([`super::Parsed`]).

use super::{
    evm, fabric, fabric_json, generic, openattestation, record, BlockRow, LedgerFormat, Parsed,
    RecordRow,
};

/// The format from the content: Fabric's binary layouts, or the shape of the JSON.
pub fn detect(bytes: &[u8]) -> Option<LedgerFormat> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let start = head.trim_start();
    // JSON-RPC transcripts, and Portal's block data (`header: 0x…`)
    if ["//", ">>", "<<", "header: 0x"]
        .iter()
        .any(|p| start.starts_with(p))
    {
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
            checked: Vec::new(),
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
            checked: Vec::new(),
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
            checked: Vec::new(),
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
    use evm::verify::{self, BlockItem, ReceiptItem};
    let export = evm::read(text)?;
    let chain_id = chain.unwrap_or("evm").to_string();
    let mut p = Parsed {
        items: (export.blocks.len()
            + export.raw_blocks.len()
            + export.receipts.len()
            + export.raw_receipts.len()
            + export.logs.len()
            + export.unknown.len()) as u64,
        ..Default::default()
    };
    for (item, why) in &export.unknown {
        p.rejects.push((*item as i64, why.clone(), None));
    }
    let mut blocks: Vec<BlockItem> = export
        .blocks
        .iter()
        .map(|(item, json)| verify::block_from_json(*item, json))
        .collect();
    let tx_counts: Vec<i64> = export
        .blocks
        .iter()
        .map(|(_, json)| {
            json.get("transactions")
                .and_then(|t| t.as_array())
                .map_or(0, |t| t.len()) as i64
        })
        .collect();
    let mut tx_count_of: std::collections::HashMap<usize, i64> = export
        .blocks
        .iter()
        .zip(&tx_counts)
        .map(|((item, _), n)| (*item, *n))
        .collect();
    for b in &export.raw_blocks {
        tx_count_of.insert(
            b.item,
            b.transactions.as_ref().map_or(0, |t| t.len()) as i64,
        );
    }
    blocks.extend(export.raw_blocks);
    blocks.sort_by_key(|b| (b.number(), b.item));

    // receipts, grouped by the block they belong to (its hash, else its number)
    let mut receipts_of: std::collections::HashMap<
        usize,
        Vec<(ReceiptItem, Vec<serde_json::Value>)>,
    > = Default::default();
    // where each block is, by hash and by number (first of each), so that attaching a chain's
    // receipts is a lookup per receipt rather than a scan of every block
    let mut by_hash: std::collections::HashMap<alloy_primitives::B256, usize> = Default::default();
    let mut by_number: std::collections::HashMap<u64, usize> = Default::default();
    for (i, b) in blocks.iter().enumerate() {
        if let Some(h) = b.hash() {
            by_hash.entry(h).or_insert(i);
        }
        if let Some(n) = b.number() {
            by_number.entry(n).or_insert(i);
        }
    }
    // logs of receipts whose block is not in the file: loaded, never covered
    let mut homeless_logs: Vec<(serde_json::Value, bool, bool)> = Vec::new();
    for (item, json) in &export.receipts {
        let receipt = match verify::receipt_from_json(json) {
            Ok(r) => r,
            Err(e) => {
                p.rejects.push((*item as i64, e, None));
                continue;
            }
        };
        let logs = json
            .get("logs")
            .and_then(|l| l.as_array())
            .cloned()
            .unwrap_or_default();
        let home = match (receipt.block_hash, receipt.block_number) {
            (Some(hash), _) => by_hash.get(&hash).copied(),
            (None, Some(number)) => by_number.get(&number).copied(),
            (None, None) => None,
        };
        match home {
            Some(i) => receipts_of.entry(i).or_default().push((receipt, logs)),
            None => {
                p.warnings.push(format!(
                    "item {item}: receipt {} belongs to block {} which is not in this file: its logs are not covered by a verified receipts root",
                    receipt.tx_hash.map_or("?".into(), |h| h.to_string()),
                    receipt.block_hash.map_or("?".into(), |h| h.to_string())
                ));
                let succeeded = receipt.envelope.status();
                homeless_logs.extend(logs.into_iter().map(|l| (l, succeeded, false)));
            }
        }
    }
    for (item, raw) in &export.raw_receipts {
        let items = match verify::receipts_from_rlp(raw) {
            Ok(r) => r,
            Err(e) => {
                p.rejects.push((*item as i64, e, None));
                continue;
            }
        };
        // raw receipts name no block: they belong to the block whose receiptsRoot they give
        let (root, _) = verify::receipts_root(&items);
        match blocks
            .iter()
            .position(|b| b.header.as_ref().is_some_and(|h| h.receipts_root == root))
        {
            Some(i) => receipts_of
                .entry(i)
                .or_default()
                .extend(items.into_iter().map(|r| (r, Vec::new()))),
            None => p.warnings.push(format!(
                "item {item}: {} raw receipts give receiptsRoot {root}, which no block in this file has: their logs are not covered",
                raw.len()
            )),
        }
    }
    for list in receipts_of.values_mut() {
        list.sort_by_key(|(r, _)| r.tx_index);
    }

    // block number → (hash, verified, receipts verified)
    let mut known: std::collections::HashMap<u64, (String, bool, bool)> = Default::default();
    let mut previous: Option<(u64, alloy_primitives::B256)> = None;
    let mut logs: Vec<(serde_json::Value, bool, bool)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let attached: Option<Vec<ReceiptItem>> = receipts_of
            .get(&i)
            .map(|l| l.iter().map(|(r, _)| r.clone()).collect());
        let mut verdict = verify::verify(b, attached.as_deref());
        let number = b.number().unwrap_or(0);
        let hash = b.hash();
        if let (Some((n, h)), Some(header)) = (&previous, &b.header) {
            if n + 1 == number && header.parent_hash != *h {
                verdict.problems.push("parent hash mismatch".into());
                verdict
                    .details
                    .push(format!("parentHash is not block {n}'s hash {h}"));
                verdict.verified = false;
                verdict.receipts_verified = false;
            }
        }
        if let Some(h) = hash {
            previous = Some((number, h));
        }
        let hash_text = hash.map_or(String::new(), |h| h.to_string());
        known.insert(
            number,
            (
                hash_text.clone(),
                verdict.verified,
                verdict.receipts_verified,
            ),
        );
        // the logs this block's receipts carry, covered or not
        let tx_hashes: Vec<Option<String>> = b.transactions.as_ref().map_or(Vec::new(), |txs| {
            txs.iter()
                .map(|t| {
                    t.envelope.as_ref().ok().map(|e| {
                        alloy_primitives::keccak256(
                            alloy_eips::eip2718::Encodable2718::encoded_2718(e),
                        )
                        .to_string()
                    })
                })
                .collect()
        });
        let from_file = receipts_of.get(&i).cloned().unwrap_or_default();
        let embedded: Vec<(ReceiptItem, Vec<serde_json::Value>)> = b
            .receipts
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r, Vec::new()))
            .collect();
        let mut log_index = 0u64;
        for (tx_index, (receipt, json_logs)) in embedded.iter().chain(&from_file).enumerate() {
            let succeeded = receipt.envelope.status();
            if !json_logs.is_empty() {
                for log in json_logs {
                    logs.push((log.clone(), succeeded, verdict.receipts_verified));
                    log_index += 1;
                }
                continue;
            }
            let tx_hash = receipt
                .tx_hash
                .map(|h| h.to_string())
                .or_else(|| tx_hashes.get(tx_index).cloned().flatten());
            for log in receipt.envelope.logs() {
                logs.push((
                    serde_json::json!({
                        "address": log.address.to_string(),
                        "topics": log.topics().iter().map(|t| t.to_string()).collect::<Vec<_>>(),
                        "data": log.data.data.to_string(),
                        "blockNumber": format!("0x{number:x}"),
                        "blockHash": hash_text,
                        "transactionHash": tx_hash,
                        "transactionIndex": format!("0x{tx_index:x}"),
                        "logIndex": format!("0x{log_index:x}"),
                    }),
                    succeeded,
                    verdict.receipts_verified,
                ));
                log_index += 1;
            }
        }
        p.blocks.push(BlockRow {
            chain_id: chain_id.clone(),
            family: "evm",
            number: number as i64,
            hash: hash_text,
            prev_hash: b
                .header
                .as_ref()
                .map_or(String::new(), |h| h.parent_hash.to_string()),
            data_hash: b
                .header
                .as_ref()
                .map_or(String::new(), |h| h.transactions_root.to_string()),
            ts: b.header.as_ref().map(|h| h.timestamp as i64 * 1_000_000),
            tx_count: tx_count_of.get(&b.item).copied().unwrap_or(0),
            verified: verdict.verified,
            problems: verdict.problems,
            details: verdict.details,
            checked: verdict.checked.iter().map(|c| c.to_string()).collect(),
            source_row: b.item as i64,
        });
    }
    logs.extend(homeless_logs);
    // logs exported on their own (eth_getLogs) count only where a covered receipt carries the
    // same log
    let covered: std::collections::HashMap<(String, String), serde_json::Value> = logs
        .iter()
        .filter(|(_, _, covered)| *covered)
        .map(|(log, ..)| (log_key(log), log_content(log)))
        .collect();
    logs.extend(export.logs.iter().map(|l| {
        let ok = covered
            .get(&log_key(l))
            .is_some_and(|content| *content == log_content(l));
        (l.clone(), true, ok)
    }));
    let mut seen = std::collections::HashSet::new();
    let mut uncovered = 0;
    for (i, (log, succeeded, covered)) in logs.iter().enumerate() {
        if !seen.insert(log_key(log)) {
            continue;
        }
        let number = evm::number(log, "blockNumber").unwrap_or(0);
        // covered: a receipts root recomputed under a header that hashes right holds this log
        let block_ok = known.get(&number).is_some_and(|(hash, _, receipts_ok)| {
            *receipts_ok && evm::text(log, "blockHash").is_none_or(|h| h.eq_ignore_ascii_case(hash))
        });
        if !covered {
            uncovered += 1;
        }
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
            valid: *succeeded && block_ok && *covered && !removed,
            record_type: mapped.map_or("log".to_string(), |(_, kind, _)| kind.clone()),
            document_ref: evm::text(log, "address").map(String::from),
            doc_hash,
            payload: log.to_string(),
            source_row: i as i64 + 1,
            ..Default::default()
        });
    }
    if uncovered > 0 {
        p.warnings.push(format!(
            "{uncovered} log(s) are not covered by a verified receipts root (their block's receipts were not all exported with a verified block, or they differ from them): they load as not valid, and ledger rules ignore their document hashes"
        ));
    }
    Ok(p)
}

/// A log's identity: its transaction and its index in the block.
fn log_key(log: &serde_json::Value) -> (String, String) {
    (
        evm::text(log, "transactionHash")
            .unwrap_or("")
            .to_ascii_lowercase(),
        evm::number(log, "logIndex").map_or(String::new(), |n| n.to_string()),
    )
}

/// What a log says: emitter, topics and data, normalised to lower case.
fn log_content(log: &serde_json::Value) -> serde_json::Value {
    let lower = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => serde_json::json!(s.to_ascii_lowercase()),
        Some(serde_json::Value::Array(a)) => serde_json::json!(a
            .iter()
            .map(|t| t.as_str().unwrap_or("").to_ascii_lowercase())
            .collect::<Vec<_>>()),
        _ => serde_json::Value::Null,
    };
    serde_json::json!([
        lower(log.get("address")),
        lower(log.get("topics")),
        lower(log.get("data"))
    ])
}

/// Each document becomes a "block" (its Merkle root; `verified` when every offline check holds)
/// and a record (its fields, with what the main crate's issuance check needs under
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
            checked: Vec::new(),
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
            crate::ledger::openattestation::META_KEY.into(),
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
