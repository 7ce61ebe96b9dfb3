//! A trade-document ledger for the generated declarations, in two formats: clearway's generic
//! JSONL chain (`ledger.jsonl`: invoices, certificates of origin and bills of lading, one block
//! per declaration) and an EVM JSON-RPC export (`ledger-evm.json`: blocks and receipts whose
//! DocumentStore logs issue — and now and then revoke — the certificates of origin by hash, as
//! TradeTrust does on Ethereum).
//!
//! Written from the generated `declarations.csv`, for the declarations whose `document_refs`
//! cite documents (one in five). The documents tell the truth where the declaration lies: the
//! invoice of an undervalued item carries the real price, the certificate of origin of a
//! transshipped item names the real origin. Planted, and labelled in the summary: a bill of
//! lading listing another container, or another port of loading or of discharge; a cited
//! certificate missing from the ledger; a block whose invoice was edited after it was chained;
//! a revoked certificate.

use crate::error::{Error, Result};
use crate::ledger::{evm, generic};
use alloy_consensus::proofs::{calculate_receipt_root, calculate_transaction_root};
use alloy_consensus::{Header, Receipt, ReceiptEnvelope, Signed, TxEip1559, TxEnvelope, TxType};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{keccak256, Address, Bloom, Bytes, Log, Signature, TxKind, B256, U256};
use chrono::{Duration, NaiveDateTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// The chain's name in `ledger_blocks`.
pub const CHAIN: &str = "tradechain";
/// The DocumentStore contract the certificates are issued on.
const DOCUMENT_STORE: &str = "0x5e1a0000000000000000000000000000c1ea7a11";

/// What was generated.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LedgerSummary {
    pub file: String,
    pub evm_file: String,
    pub blocks: u64,
    pub documents: u64,
    pub evm_blocks: u64,
    /// Planted: kind → declaration ids.
    pub planted: BTreeMap<String, Vec<String>>,
}

/// One declaration as the ledger needs it (items summed).
#[derive(Default)]
struct Declared {
    id: String,
    at: Option<NaiveDateTime>,
    exporter: String,
    /// The true origins of its items, in item order, without repeats.
    origins: Vec<String>,
    export: String,
    containers: Vec<String>,
    invoice: f64,
    true_invoice: f64,
    currency: String,
    patterns: Vec<String>,
    sea: bool,
}

/// Writes `DIR/ledger.jsonl` and `DIR/ledger-evm.json` for `DIR/declarations.csv`.
pub fn generate(out_dir: &Path, seed: u64) -> Result<LedgerSummary> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1ED6_E500);
    let mut declared = read_declarations(&out_dir.join("declarations.csv"), &mut rng)?;
    declared.sort_by_key(|d| d.at);
    let path = out_dir.join("ledger.jsonl");
    let tmp = out_dir.join(".ledger.jsonl.partial");
    let write_err = |cause| Error::Write {
        path: tmp.clone(),
        cause,
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(write_err)?);
    let mut summary = LedgerSummary {
        file: path.display().to_string(),
        evm_file: out_dir.join("ledger-evm.json").display().to_string(),
        ..Default::default()
    };
    let mut plant = |kind: &str, id: &str| {
        summary
            .planted
            .entry(kind.to_string())
            .or_default()
            .push(id.to_string())
    };
    let mut prev = String::new();
    let mut certificates: Vec<(String, String, NaiveDateTime)> = Vec::new();
    for (number, d) in declared.iter().enumerate() {
        let at = d.at.expect("read only with a date") - Duration::days(25);
        let timestamp = at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut docs = vec![with_hash(serde_json::json!({
            "type": "invoice", "document_ref": format!("INV-{}", d.id), "declaration_id": d.id,
            "exporter_id": d.exporter, "invoice_value": (d.true_invoice * 100.0).round() / 100.0,
            "currency": d.currency, "issued": at.format("%Y-%m-%d").to_string(),
        }))];
        if rng.random::<f64>() < 0.02 {
            plant("missing_certificate", &d.id);
        } else {
            let coo = with_hash(serde_json::json!({
                "type": "certificate_of_origin", "document_ref": format!("COO-{}", d.id),
                "declaration_id": d.id, "origin_country": d.origins.first(), "origins": d.origins,
                "exporter_id": d.exporter,
            }));
            certificates.push((
                coo["doc_hash"].as_str().unwrap_or_default().to_string(),
                d.id.clone(),
                at,
            ));
            docs.push(coo);
        }
        if d.sea {
            let mut containers = d.containers.clone();
            if rng.random::<f64>() < 0.03 && !containers.is_empty() {
                containers[0] = crate::reference::iso6346::with_check_digit(&format!(
                    "TGHU{:06}",
                    rng.random_range(0..1_000_000)
                ));
                plant("container_mismatch", &d.id);
            }
            let (mut locode, ..) = super::containers::loading_locode(&d.export);
            if rng.random::<f64>() < 0.02 {
                // the bill says the box was loaded somewhere its tracker never was
                locode = if locode == "SGSIN" { "MYPKG" } else { "SGSIN" };
                plant("wrong_port_of_loading", &d.id);
            }
            let discharge = if rng.random::<f64>() < 0.02 {
                // the bill says Cotonou; the box came off the ship in Lagos
                plant("wrong_port_of_discharge", &d.id);
                "BJCOO"
            } else {
                "NGLOS"
            };
            docs.push(with_hash(serde_json::json!({
                "type": "bill_of_lading", "document_ref": format!("BL-{}", d.id), "declaration_id": d.id,
                "container_ids": containers, "port_of_loading": locode, "port_of_discharge": discharge,
                "shipped_on_board": (at + Duration::days(3)).format("%Y-%m-%d").to_string(),
            })));
        }
        summary.documents += docs.len() as u64;
        let payload = serde_json::Value::Array(docs);
        let (mut line, hash) =
            generic::block_line(CHAIN, number as u64, &prev, &timestamp, &payload);
        if rng.random::<f64>() < 0.01 {
            // edited after it was chained: the invoice lowered to a third
            let edited = format!(
                "\"invoice_value\":{}",
                (d.true_invoice / 3.0 * 100.0).round() / 100.0
            );
            line = replace_invoice_value(&line, &edited);
            plant("tampered_block", &d.id);
        }
        writeln!(out, "{line}").map_err(write_err)?;
        prev = hash;
        summary.blocks += 1;
    }
    super::finish_file(out, &tmp, &path)?;
    summary.evm_blocks = write_evm(out_dir, &certificates, &mut rng, &mut summary.planted)?;
    Ok(summary)
}

/// Replaces the first `"invoice_value":…` number of a line.
fn replace_invoice_value(line: &str, replacement: &str) -> String {
    let key = "\"invoice_value\":";
    let Some(start) = line.find(key) else {
        return line.to_string();
    };
    let rest = &line[start + key.len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e'))
        .unwrap_or(rest.len());
    format!("{}{replacement}{}", &line[..start], &rest[end..])
}

/// A document with its own hash: SHA-256 of its canonical JSON, before the hash is added.
fn with_hash(mut doc: serde_json::Value) -> serde_json::Value {
    let hash = hex::encode(Sha256::digest(generic::canonical_json(&doc).as_bytes()));
    doc["doc_hash"] = serde_json::json!(format!("0x{hash}"));
    doc
}

/// The certificates issued on a DocumentStore: a block a day with their `DocumentIssued` logs;
/// one certificate in a hundred is revoked a week later. Returns the number of blocks.
fn write_evm(
    out_dir: &Path,
    certificates: &[(String, String, NaiveDateTime)],
    rng: &mut ChaCha8Rng,
    planted: &mut BTreeMap<String, Vec<String>>,
) -> Result<u64> {
    let issued = evm::event_topic("DocumentIssued(bytes32)");
    let revoked = evm::event_topic("DocumentRevoked(bytes32)");
    let mut by_day: BTreeMap<chrono::NaiveDate, Vec<(String, &str)>> = BTreeMap::new();
    for (hash, id, at) in certificates {
        by_day
            .entry(at.date())
            .or_default()
            .push((hash.clone(), issued.as_str()));
        if rng.random::<f64>() < 0.01 {
            by_day
                .entry(at.date() + chrono::Days::new(7))
                .or_default()
                .push((hash.clone(), revoked.as_str()));
            planted
                .entry("revoked_certificate".into())
                .or_default()
                .push(id.clone());
        }
    }
    let mut items = Vec::new();
    let mut parent = B256::ZERO;
    let mut nonce = 0u64;
    for (number, (day, events)) in by_day.iter().enumerate() {
        let time = day
            .and_hms_opt(12, 0, 0)
            .expect("noon")
            .and_utc()
            .timestamp();
        let block = evm_block(number as u64, time as u64, parent, events, &mut nonce)?;
        parent = block.0;
        items.extend(block.1);
    }
    let path = out_dir.join("ledger-evm.json");
    std::fs::write(
        &path,
        serde_json::to_string(&items).expect("JSON serialises"),
    )
    .map_err(|cause| Error::Write {
        path: path.clone(),
        cause,
    })?;
    Ok(by_day.len() as u64)
}

/// One block of the DocumentStore chain as an archive node exports it: the block with its
/// transactions (EIP-1559 calls of `issue`/`revoke`), then their receipts. Bodies, receipts,
/// roots and bloom are consistent, so the block verifies whole and its logs are covered.
/// Returns the block hash and the JSON items.
fn evm_block(
    number: u64,
    time: u64,
    parent: B256,
    events: &[(String, &str)],
    nonce: &mut u64,
) -> Result<(B256, Vec<serde_json::Value>)> {
    let internal = |e: String| Error::usage(format!("internal: {e}"), "please report this");
    let store: Address = DOCUMENT_STORE
        .parse()
        .map_err(|e| internal(format!("{e}")))?;
    let word = |tag: &str| keccak256(format!("{tag}{number}"));
    let mut txs = Vec::with_capacity(events.len());
    let mut receipts = Vec::with_capacity(events.len());
    for (i, (doc, topic)) in events.iter().enumerate() {
        let doc: B256 = doc.parse().map_err(|e| internal(format!("{e}")))?;
        let topic: B256 = topic.parse().map_err(|e| internal(format!("{e}")))?;
        // the call data: a 4-byte selector and the document hash
        let mut input = keccak256(b"issue(bytes32)")[..4].to_vec();
        input.extend_from_slice(doc.as_slice());
        let tx = TxEip1559 {
            chain_id: 1337,
            nonce: *nonce,
            gas_limit: 60_000,
            max_fee_per_gas: 2_000_000_000,
            max_priority_fee_per_gas: 1_000_000_000,
            to: TxKind::Call(store),
            value: U256::ZERO,
            access_list: Default::default(),
            input: Bytes::from(input),
        };
        *nonce += 1;
        // a well-formed signature (generated data is never sent to a network)
        let r = U256::from_be_bytes(keccak256(format!("r{number}/{i}")).0);
        let signature = Signature::new(r, U256::from(*nonce + 1), i % 2 == 1);
        txs.push(TxEnvelope::Eip1559(Signed::new_unhashed(tx, signature)));
        let receipt = Receipt {
            status: true.into(),
            cumulative_gas_used: 30_000 * (i as u64 + 1),
            logs: vec![Log::new_unchecked(store, vec![topic, doc], Bytes::new())],
        };
        receipts.push(ReceiptEnvelope::from_typed(
            TxType::Eip1559,
            receipt.with_bloom(),
        ));
    }
    let mut bloom = Bloom::ZERO;
    for r in &receipts {
        bloom.accrue_bloom(r.logs_bloom());
    }
    let header = Header {
        parent_hash: parent,
        beneficiary: Address::ZERO,
        state_root: word("state"),
        transactions_root: calculate_transaction_root(&txs),
        receipts_root: calculate_receipt_root(&receipts),
        logs_bloom: bloom,
        number,
        gas_limit: 30_000_000,
        gas_used: 30_000 * events.len() as u64,
        timestamp: time,
        mix_hash: word("mix"),
        base_fee_per_gas: Some(1_000_000_000),
        ..Default::default()
    };
    let hash = header.hash_slow();
    let mut block = json(&header)?;
    block["hash"] = serde_json::json!(hash);
    block["uncles"] = serde_json::json!([]);
    let located = |mut v: serde_json::Value, i: usize| {
        v["blockHash"] = serde_json::json!(hash);
        v["blockNumber"] = serde_json::json!(format!("0x{number:x}"));
        v["transactionIndex"] = serde_json::json!(format!("0x{i:x}"));
        v
    };
    let mut items = Vec::with_capacity(1 + receipts.len());
    let mut tx_json = Vec::with_capacity(txs.len());
    for (i, (tx, receipt)) in txs.iter().zip(&receipts).enumerate() {
        let tx_hash = keccak256(tx.encoded_2718());
        let mut t = located(json(tx)?, i);
        t["from"] = serde_json::json!("0x00000000000000000000000000000000000a11ce");
        tx_json.push(t);
        let mut r = located(json(receipt)?, i);
        r["transactionHash"] = serde_json::json!(tx_hash);
        r["from"] = serde_json::json!("0x00000000000000000000000000000000000a11ce");
        r["to"] = serde_json::json!(DOCUMENT_STORE);
        r["gasUsed"] = serde_json::json!("0x7530");
        if let Some(logs) = r["logs"].as_array_mut() {
            for log in logs.iter_mut() {
                *log = located(log.take(), i);
                log["transactionHash"] = serde_json::json!(tx_hash);
                log["logIndex"] = serde_json::json!(format!("0x{i:x}"));
                log["removed"] = serde_json::json!(false);
            }
        }
        items.push(r);
    }
    block["transactions"] = serde_json::Value::Array(tx_json);
    items.insert(0, block);
    Ok((hash, items))
}

/// An alloy type as the JSON-RPC shape it serialises to.
fn json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::usage(format!("internal: {e}"), "please report this"))
}

fn read_declarations(path: &Path, rng: &mut ChaCha8Rng) -> Result<Vec<Declared>> {
    let (mut reader, col) = super::read_generated(path)?;
    let cols = [
        "declaration_id",
        "declared_at",
        "exporter_id",
        "origin_country",
        "export_country",
        "container_ids",
        "invoice_value",
        "currency",
        "risk_pattern",
        "document_refs",
        "transport_mode",
    ]
    .map(col);
    let [id, at, exporter, origin, export, containers, invoice, currency, pattern, refs, mode] = {
        let mut out = [0usize; 11];
        for (slot, c) in out.iter_mut().zip(cols) {
            *slot = c?;
        }
        out
    };
    let mut all: Vec<Declared> = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            Error::bad_input(
                path,
                format!("unreadable row: {e}"),
                "regenerate the sample",
            )
        })?;
        if row[refs].is_empty() {
            continue;
        }
        if all.last().is_none_or(|d| d.id != row[id]) {
            all.push(Declared {
                id: row[id].to_string(),
                at: NaiveDateTime::parse_from_str(&row[at], "%Y-%m-%dT%H:%M:%S").ok(),
                exporter: row[exporter].to_string(),
                export: row[export].to_string(),
                containers: row[containers]
                    .split(';')
                    .filter(|c| !c.is_empty())
                    .map(String::from)
                    .collect(),
                currency: row[currency].to_string(),
                sea: &row[mode] == "1",
                ..Default::default()
            });
        }
        let d = all.last_mut().expect("just pushed");
        let value: f64 = row[invoice].parse().unwrap_or(0.0);
        d.invoice += value;
        // the ledger's invoice carries the real price of an undervalued item, and the
        // certificate the real origin of a transshipped one
        d.true_invoice += match &row[pattern] {
            "undervaluation" => value / rng.random_range(0.12..0.40),
            _ => value,
        };
        let true_origin = if &row[pattern] == "origin_mismatch" {
            &row[export]
        } else {
            &row[origin]
        };
        if !d.origins.iter().any(|o| o == true_origin) {
            d.origins.push(true_origin.to_string());
        }
        d.patterns.push(row[pattern].to_string());
    }
    all.retain(|d| d.at.is_some());
    Ok(all)
}
