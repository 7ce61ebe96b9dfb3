//! EVM blocks verified through their bodies, not only their headers.
//!
//! A header hash that recomputes proves only the header. What an analyst relies on — the
//! transactions, the withdrawals and above all the logs that carry trade-document hashes — is
//! tied to the header by three Merkle-Patricia trie roots and a bloom filter, so each is
//! recomputed from the exported body:
//!
//! - `transactionsRoot` from the transactions (legacy, EIP-2930, EIP-1559, EIP-4844 and EIP-7702,
//!   in their EIP-2718 encoding), and every transaction's stated `hash` against keccak256 of
//!   that encoding;
//! - `withdrawalsRoot` from the withdrawals (Shanghai on);
//! - `sha3Uncles` from the ommer headers where the export carries them whole (raw RLP);
//! - `receiptsRoot` and `logsBloom` from the receipts, where all of a block's receipts were
//!   exported with it (typed receipts; pre-Byzantium post-state roots too). Each receipt's bloom
//!   is rebuilt from its logs, so an edited log changes the root.
//!
//! A block whose body was not exported (transactions as hashes only, or none at all) is "header
//! only": its header may recompute, but it is never called verified. Header fields of a fork
//! that clearway does not know are named, not reported as a bare hash mismatch.
//!
//! The encoding, the tries and the typed transactions and receipts are the maintained Ethereum
//! crates' (alloy: `alloy-consensus`, `alloy-eips`, `alloy-rlp`, `alloy-trie` — what reth
//! validates blocks with), not hand encoding: clearway's job is to say what they found.

use alloy_consensus::proofs::{
    calculate_ommers_root, calculate_receipt_root, calculate_transaction_root,
    calculate_withdrawals_root,
};
use alloy_consensus::{Header, Receipt, ReceiptEnvelope, TxEnvelope, TxType};
use alloy_eips::eip2718::{Decodable2718, Encodable2718};
use alloy_eips::eip4895::Withdrawal;
use alloy_primitives::{keccak256, Bloom, Log, B256};
use alloy_rlp::Decodable;

/// The header fields clearway hashes, in fork order, as JSON names them: alloy's header
/// (Frontier's fifteen, London's base fee, Shanghai's withdrawals root, Cancun's blob gas and
/// beacon root, Prague's requests hash, and the two fields alloy already carries for
/// Amsterdam).
pub const HEADER_FIELDS: &[&str] = &[
    "parentHash",
    "sha3Uncles",
    "miner",
    "stateRoot",
    "transactionsRoot",
    "receiptsRoot",
    "logsBloom",
    "difficulty",
    "number",
    "gasLimit",
    "gasUsed",
    "timestamp",
    "extraData",
    "mixHash",
    "nonce",
    "baseFeePerGas",
    "withdrawalsRoot",
    "blobGasUsed",
    "excessBlobGas",
    "parentBeaconBlockRoot",
    "requestsHash",
    "blockAccessListHash",
    "slotNumber",
];

/// Fields every header has (Frontier through Berlin).
const FRONTIER_FIELDS: usize = 15;

/// Keys of a JSON-RPC block object that are not header fields.
const BLOCK_METADATA: &[&str] = &[
    "hash",
    "size",
    "totalDifficulty",
    "transactions",
    "uncles",
    "withdrawals",
    "sealFields",
    "author",
    "ommersHash",
    "beneficiary",
];

/// One transaction of a block body: decoded, with the hash the export states for it.
#[derive(Debug, Clone)]
pub struct Tx {
    pub envelope: Result<TxEnvelope, String>,
    pub stated_hash: Option<B256>,
}

/// One receipt: the consensus receipt and what the export says about where it belongs.
#[derive(Debug, Clone)]
pub struct ReceiptItem {
    pub envelope: ReceiptEnvelope,
    pub stated_bloom: Option<Bloom>,
    pub tx_index: Option<u64>,
    pub tx_hash: Option<B256>,
    pub block_hash: Option<B256>,
    pub block_number: Option<u64>,
}

/// A block as the export gives it, in whichever form.
#[derive(Debug, Clone, Default)]
pub struct BlockItem {
    /// Where in the file (item or line).
    pub item: usize,
    pub header: Option<Header>,
    /// Why the header could not be read or hashed; when set, `header` is None.
    pub header_error: Option<(String, String)>,
    /// keccak256 of the header's RLP.
    pub computed_hash: Option<B256>,
    /// The `hash` a JSON block states.
    pub stated_hash: Option<B256>,
    /// None: the body was not exported (header only).
    pub transactions: Option<Vec<Tx>>,
    /// None: not exported; Some(entries) with Err for an entry that is null or unreadable.
    pub withdrawals: Option<Vec<Result<Withdrawal, String>>>,
    /// Whole ommer headers (raw exports only; JSON gives their hashes).
    pub ommers: Option<Vec<Header>>,
    /// Ommer hashes (JSON's `uncles`).
    pub ommer_hashes: Option<usize>,
    /// Receipts that came with the block itself (Portal's block data).
    pub receipts: Option<Vec<ReceiptItem>>,
}

impl BlockItem {
    /// The block's hash: the stated one where the export states it, else the recomputed one.
    pub fn hash(&self) -> Option<B256> {
        self.stated_hash.or(self.computed_hash)
    }

    pub fn number(&self) -> Option<u64> {
        self.header.as_ref().map(|h| h.number)
    }
}

/// What was found about one block.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    pub verified: bool,
    /// Short names of what failed, or "header only".
    pub problems: Vec<String>,
    pub details: Vec<String>,
    /// What was recomputed and matched: "header hash", "transactions root", …
    pub checked: Vec<&'static str>,
    /// The receipts root and logs bloom recomputed and matched under a header that hashes
    /// right (nothing failed; "header only" allowed): the logs are covered.
    pub receipts_verified: bool,
}

impl Verdict {
    fn problem(&mut self, name: &str, detail: String) {
        if !self.problems.iter().any(|p| p == name) {
            self.problems.push(name.to_string());
        }
        self.details.push(detail);
    }
}

/// Parses a `0x…` hex string into bytes.
pub fn hex_bytes(text: &str) -> Result<Vec<u8>, String> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    if digits.len() % 2 == 1 {
        return hex::decode(format!("0{digits}"))
            .map_err(|_| format!("`{}` is not hex", short(text)));
    }
    hex::decode(digits).map_err(|_| format!("`{}` is not hex", short(text)))
}

fn short(text: &str) -> String {
    text.chars().take(20).collect()
}

fn b256(text: Option<&serde_json::Value>) -> Option<B256> {
    text?.as_str()?.parse().ok()
}

/// A JSON-RPC block object: header, stated hash, and the body where it was exported.
pub fn block_from_json(item: usize, json: &serde_json::Value) -> BlockItem {
    let mut block = BlockItem {
        item,
        stated_hash: b256(json.get("hash")),
        ..Default::default()
    };
    match header_from_json(json) {
        Ok(header) => {
            block.computed_hash = Some(header.hash_slow());
            block.header = Some(header);
        }
        Err(e) => block.header_error = Some(e),
    }
    block.transactions = match json.get("transactions").and_then(|t| t.as_array()) {
        Some(txs) if txs.iter().any(|t| t.is_string()) => None,
        Some(txs) => Some(txs.iter().enumerate().map(tx_from_json).collect()),
        None => None,
    };
    block.withdrawals = json
        .get("withdrawals")
        .and_then(|w| w.as_array())
        .map(|ws| {
            ws.iter()
                .enumerate()
                .map(|(i, w)| match w {
                    serde_json::Value::Null => Err(format!("withdrawal {i} is null")),
                    w => serde_json::from_value::<Withdrawal>(w.clone())
                        .map_err(|e| format!("withdrawal {i} is unreadable: {e}")),
                })
                .collect()
        });
    block.ommer_hashes = json
        .get("uncles")
        .and_then(|u| u.as_array())
        .map(|u| u.len());
    block
}

/// The header of a JSON block, with fork fields that clearway does not know named.
fn header_from_json(json: &serde_json::Value) -> Result<Header, (String, String)> {
    let object = json.as_object().ok_or_else(|| {
        (
            "header unreadable".to_string(),
            "the block is not a JSON object".to_string(),
        )
    })?;
    for name in &HEADER_FIELDS[..FRONTIER_FIELDS] {
        if !object.contains_key(*name) {
            return Err((
                "header unreadable".into(),
                format!("the header lacks `{name}`"),
            ));
        }
    }
    let present = HEADER_FIELDS
        .iter()
        .take_while(|name| object.get(**name).is_some_and(|v| !v.is_null()))
        .count();
    if let Some(later) = HEADER_FIELDS[present..]
        .iter()
        .find(|name| object.get(**name).is_some_and(|v| !v.is_null()))
    {
        return Err((
            "header unreadable".into(),
            format!(
                "`{later}` is present but `{}`, a field of an earlier fork, is missing",
                HEADER_FIELDS[present]
            ),
        ));
    }
    let unknown: Vec<&str> = object
        .keys()
        .map(String::as_str)
        .filter(|k| !HEADER_FIELDS.contains(k) && !BLOCK_METADATA.contains(k))
        .collect();
    let header: Header = serde_json::from_value(json.clone())
        .map_err(|e| ("header unreadable".to_string(), e.to_string()))?;
    let stated = b256(json.get("hash"));
    if !unknown.is_empty() && stated.is_some_and(|s| s != header.hash_slow()) {
        return Err((
            "unknown header field".into(),
            format!(
                "the header does not hash to its `hash` and carries field(s) clearway does not know: {} — a fork after the last one clearway knows (`{}`) may have added them to the header",
                unknown.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
                HEADER_FIELDS[HEADER_FIELDS.len() - 1]
            ),
        ));
    }
    Ok(header)
}

/// One hydrated JSON transaction.
fn tx_from_json((i, json): (usize, &serde_json::Value)) -> Tx {
    if json.is_null() {
        return Tx {
            envelope: Err(format!("transaction {i} is null")),
            stated_hash: None,
        };
    }
    let stated_hash = b256(json.get("hash"));
    let mut json = json.clone();
    // A protected legacy transaction signs its chain id into `v` (EIP-155); not every node
    // repeats it as `chainId`, and the encoding needs it.
    let legacy = json
        .get("type")
        .and_then(|t| t.as_str())
        .is_none_or(|t| matches!(t, "0x0" | "0x00"));
    if legacy && json.get("chainId").is_none_or(|c| c.is_null()) {
        let v = json
            .get("v")
            .and_then(|v| v.as_str())
            .and_then(|v| u64::from_str_radix(v.trim_start_matches("0x"), 16).ok());
        if let Some(v) = v.filter(|v| *v >= 35) {
            json["chainId"] = serde_json::json!(format!("0x{:x}", (v - 35) / 2));
        }
    }
    Tx {
        envelope: serde_json::from_value::<TxEnvelope>(json)
            .map_err(|e| format!("transaction {i} is unreadable: {e}")),
        stated_hash,
    }
}

/// A JSON-RPC receipt.
pub fn receipt_from_json(json: &serde_json::Value) -> Result<ReceiptItem, String> {
    let envelope: ReceiptEnvelope =
        serde_json::from_value(json.clone()).map_err(|e| format!("receipt unreadable: {e}"))?;
    let number = |field: &str| {
        json.get(field)
            .and_then(|v| v.as_str())
            .and_then(|v| u64::from_str_radix(v.trim_start_matches("0x"), 16).ok())
    };
    Ok(ReceiptItem {
        stated_bloom: Some(*envelope.logs_bloom()),
        envelope,
        tx_index: number("transactionIndex"),
        tx_hash: b256(json.get("transactionHash")),
        block_hash: b256(json.get("blockHash")),
        block_number: number("blockNumber"),
    })
}

/// A raw block (`debug_getRawBlock`: RLP `[header, transactions, ommers(, withdrawals)]`) or a
/// raw header (`debug_getRawHeader`).
pub fn block_from_rlp(item: usize, bytes: &[u8]) -> Result<BlockItem, String> {
    let items = list_items(bytes).map_err(|e| format!("not RLP: {e}"))?;
    let is_block = items.first().is_some_and(|first| is_list(first));
    if !is_block {
        return Ok(header_from_rlp(item, bytes));
    }
    let mut block = header_from_rlp(item, items[0]);
    let body_items = &items[1..];
    apply_body(&mut block, body_items)?;
    Ok(block)
}

/// Portal's block data: a header, a body `[transactions, ommers(, withdrawals)]` and receipts
/// in the eth/69 form `[type, status, cumulativeGasUsed, logs]` (no bloom).
pub fn block_from_portal(
    item: usize,
    header: &[u8],
    body: Option<&[u8]>,
    receipts: Option<&[u8]>,
) -> Result<BlockItem, String> {
    let mut block = header_from_rlp(item, header);
    if let Some(body) = body {
        let items = list_items(body).map_err(|e| format!("the body is not RLP: {e}"))?;
        apply_body(&mut block, &items)?;
    }
    if let Some(receipts) = receipts {
        let list = list_items(receipts).map_err(|e| format!("the receipts are not RLP: {e}"))?;
        let mut out = Vec::with_capacity(list.len());
        for (i, r) in list.iter().enumerate() {
            out.push(portal_receipt(r).map_err(|e| format!("receipt {i}: {e}"))?);
        }
        block.receipts = Some(out);
    }
    Ok(block)
}

/// `debug_getRawReceipts`: consensus-encoded receipts (EIP-2718), one per transaction.
pub fn receipts_from_rlp(encoded: &[Vec<u8>]) -> Result<Vec<ReceiptItem>, String> {
    encoded
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let envelope = ReceiptEnvelope::decode_2718_exact(bytes)
                .map_err(|e| format!("receipt {i} is not a consensus receipt: {e}"))?;
            Ok(ReceiptItem {
                stated_bloom: Some(*envelope.logs_bloom()),
                envelope,
                tx_index: Some(i as u64),
                tx_hash: None,
                block_hash: None,
                block_number: None,
            })
        })
        .collect()
}

fn header_from_rlp(item: usize, bytes: &[u8]) -> BlockItem {
    let mut block = BlockItem {
        item,
        computed_hash: Some(keccak256(bytes)),
        ..Default::default()
    };
    let mut buf = bytes;
    match Header::decode(&mut buf) {
        Ok(header) if buf.is_empty() => block.header = Some(header),
        Ok(_) => {
            block.header_error =
                Some(("header unreadable".into(), "bytes follow the header".into()))
        }
        Err(e) => {
            let fields = list_items(bytes).map(|f| f.len()).unwrap_or(0);
            block.header_error = Some(if fields > HEADER_FIELDS.len() {
                (
                    "unknown header field".into(),
                    format!(
                        "the header has {fields} fields; clearway knows {} (through `{}`): field {} onwards belong to a fork it does not know",
                        HEADER_FIELDS.len(),
                        HEADER_FIELDS[HEADER_FIELDS.len() - 1],
                        HEADER_FIELDS.len() + 1
                    ),
                )
            } else {
                (
                    "header unreadable".into(),
                    format!("not an RLP header: {e}"),
                )
            });
        }
    }
    block
}

/// Transactions, ommers and withdrawals of a raw body, each decoded on its own so that one
/// unreadable transaction is reported by its index.
fn apply_body(block: &mut BlockItem, body: &[&[u8]]) -> Result<(), String> {
    let [txs, ommers, rest @ ..] = body else {
        return Err("the block body lacks its transactions or ommers".into());
    };
    let txs = list_items(txs).map_err(|e| format!("transactions: {e}"))?;
    block.transactions = Some(
        txs.iter()
            .enumerate()
            .map(|(i, raw)| {
                let mut buf = *raw;
                Tx {
                    envelope: TxEnvelope::decode(&mut buf)
                        .map_err(|e| format!("transaction {i} is unreadable: {e}")),
                    stated_hash: None,
                }
            })
            .collect(),
    );
    let ommers = list_items(ommers).map_err(|e| format!("ommers: {e}"))?;
    block.ommers = Some(
        ommers
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let mut buf = *raw;
                Header::decode(&mut buf).map_err(|e| format!("ommer {i} is unreadable: {e}"))
            })
            .collect::<Result<_, _>>()?,
    );
    if let Some(withdrawals) = rest.first() {
        let items = list_items(withdrawals).map_err(|e| format!("withdrawals: {e}"))?;
        block.withdrawals = Some(
            items
                .iter()
                .enumerate()
                .map(|(i, raw)| {
                    let mut buf = *raw;
                    Withdrawal::decode(&mut buf)
                        .map_err(|e| format!("withdrawal {i} is unreadable: {e}"))
                })
                .collect(),
        );
    }
    Ok(())
}

/// One eth/69 receipt `[type, status, cumulativeGasUsed, logs]`.
fn portal_receipt(bytes: &[u8]) -> Result<ReceiptItem, String> {
    let fields = list_items(bytes)?;
    let [ty, status, gas, logs] = fields.as_slice() else {
        return Err(format!("{} fields, not 4", fields.len()));
    };
    let ty = TxType::try_from(u8::decode(&mut &ty[..]).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let status = match alloy_rlp::Header::decode_bytes(&mut &status[..], false)
        .map_err(|e| e.to_string())?
    {
        [] => false,
        [1] => true,
        other => return Err(format!("status {other:02x?} is neither empty nor 1")),
    };
    let cumulative_gas_used = u64::decode(&mut &gas[..]).map_err(|e| e.to_string())?;
    let logs = Vec::<Log>::decode(&mut &logs[..]).map_err(|e| e.to_string())?;
    let receipt = Receipt {
        status: status.into(),
        cumulative_gas_used,
        logs,
    };
    Ok(ReceiptItem {
        envelope: ReceiptEnvelope::from_typed(ty, receipt.with_bloom()),
        stated_bloom: None,
        tx_index: None,
        tx_hash: None,
        block_hash: None,
        block_number: None,
    })
}

fn is_list(item: &[u8]) -> bool {
    item.first().is_some_and(|b| *b >= 0xc0)
}

/// The encoded items of an RLP list, each with its own prefix.
fn list_items(bytes: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut buf = bytes;
    let head = alloy_rlp::Header::decode(&mut buf).map_err(|e| e.to_string())?;
    if !head.list {
        return Err("a string where a list was expected".into());
    }
    if head.payload_length != buf.len() {
        return Err(format!(
            "the list says {} bytes, {} follow",
            head.payload_length,
            buf.len()
        ));
    }
    let mut items = Vec::new();
    while !buf.is_empty() {
        let start = buf;
        let item = alloy_rlp::Header::decode(&mut buf).map_err(|e| e.to_string())?;
        if item.payload_length > buf.len() {
            return Err("an item runs past the end of its list".into());
        }
        buf = &buf[item.payload_length..];
        items.push(&start[..start.len() - buf.len()]);
    }
    Ok(items)
}

/// The receipts root of receipts, with each receipt's bloom rebuilt from its logs.
pub fn receipts_root(receipts: &[ReceiptItem]) -> (B256, Bloom) {
    let rebuilt: Vec<ReceiptEnvelope> = receipts.iter().map(rebuilt_receipt).collect();
    let mut bloom = Bloom::ZERO;
    for r in &rebuilt {
        bloom.accrue_bloom(r.logs_bloom());
    }
    (calculate_receipt_root(&rebuilt), bloom)
}

fn rebuilt_receipt(r: &ReceiptItem) -> ReceiptEnvelope {
    let inner = r
        .envelope
        .as_receipt()
        .expect("every Ethereum receipt type has a receipt");
    let receipt = Receipt {
        status: inner.status,
        cumulative_gas_used: inner.cumulative_gas_used,
        logs: inner.logs.clone(),
    };
    ReceiptEnvelope::from_typed(r.envelope.tx_type(), receipt.with_bloom())
}

/// Verifies one block: its header hash, the body against the header's roots, and its receipts
/// (those that came with it, else `receipts`, all of the block's in transaction order).
pub fn verify(block: &BlockItem, receipts: Option<&[ReceiptItem]>) -> Verdict {
    let mut v = Verdict::default();
    let Some(header) = &block.header else {
        let (name, detail) = block
            .header_error
            .clone()
            .unwrap_or(("header unreadable".into(), "no header".into()));
        v.problem(&name, detail);
        return v;
    };
    match (block.stated_hash, block.computed_hash) {
        (Some(stated), Some(computed)) if stated != computed => v.problem(
            "hash mismatch",
            format!("the header hashes to {computed}, the block says {stated} (a consensus engine that seals in extraData — IBFT, QBFT, Bor — hashes a different header)"),
        ),
        _ => v.checked.push("header hash"),
    }
    let body_exported = verify_transactions(block, header, &mut v);
    verify_withdrawals(block, header, &mut v);
    verify_ommers(block, header, &mut v);
    let receipts = block.receipts.as_deref().or(receipts);
    if let Some(receipts) = receipts {
        verify_receipts(block, header, receipts, &mut v);
    }
    if !body_exported && v.problems.is_empty() {
        v.problem(
            "header only",
            "the export carries no transaction bodies (hashes only or none), so transactionsRoot, the withdrawals and the receipts cannot be recomputed: only the header was checked — export the block with full transactions (eth_getBlockByHash … true, debug_getRawBlock) to verify it".into(),
        );
    }
    v.verified = v.problems.is_empty();
    // receipts tied by their root to a header that hashes right cover their logs, whether or
    // not the transactions were exported
    v.receipts_verified &= v.problems.iter().all(|p| p == "header only");
    v
}

/// Recomputes `transactionsRoot` and every stated transaction hash; false when the body was
/// not exported.
fn verify_transactions(block: &BlockItem, header: &Header, v: &mut Verdict) -> bool {
    let Some(txs) = &block.transactions else {
        return false;
    };
    let mut envelopes = Vec::with_capacity(txs.len());
    for (i, tx) in txs.iter().enumerate() {
        match &tx.envelope {
            Ok(envelope) => {
                let computed = keccak256(envelope.encoded_2718());
                if let Some(stated) = tx.stated_hash.filter(|s| *s != computed) {
                    v.problem(
                        "transaction hash mismatch",
                        format!(
                            "transaction {i} says hash {stated}; its contents hash to {computed}"
                        ),
                    );
                }
                envelopes.push(envelope.clone());
            }
            Err(e) => v.problem("transaction unreadable", e.clone()),
        }
    }
    if envelopes.len() == txs.len() {
        let root = calculate_transaction_root(&envelopes);
        if root == header.transactions_root {
            v.checked.push("transactions root");
        } else {
            v.problem(
                "transactions root mismatch",
                format!(
                    "the {} transactions give root {root}; the header says {}",
                    txs.len(),
                    header.transactions_root
                ),
            );
        }
    }
    true
}

fn verify_withdrawals(block: &BlockItem, header: &Header, v: &mut Verdict) {
    match (&block.withdrawals, header.withdrawals_root) {
        (Some(list), Some(stated)) => {
            let mut ok = Vec::with_capacity(list.len());
            for w in list {
                match w {
                    Ok(w) => ok.push(*w),
                    Err(e) => v.problem("withdrawal unreadable", e.clone()),
                }
            }
            if ok.len() == list.len() {
                let root = calculate_withdrawals_root(&ok);
                if root == stated {
                    v.checked.push("withdrawals root");
                } else {
                    v.problem(
                        "withdrawals root mismatch",
                        format!(
                            "the {} withdrawals give root {root}; the header says {stated}",
                            ok.len()
                        ),
                    );
                }
            }
        }
        (Some(list), None) if !list.is_empty() => v.problem(
            "withdrawals without a root",
            "the block lists withdrawals but its header has no withdrawalsRoot".into(),
        ),
        (None, Some(_)) if block.transactions.is_some() => v.problem(
            "withdrawals missing",
            "the header has a withdrawalsRoot but the export carries no withdrawals".into(),
        ),
        _ => {}
    }
}

fn verify_ommers(block: &BlockItem, header: &Header, v: &mut Verdict) {
    let computed = match (&block.ommers, block.ommer_hashes) {
        (Some(ommers), _) => calculate_ommers_root(ommers),
        // with no ommers the hash is known without their headers
        (None, Some(0)) => calculate_ommers_root::<Header>(&[]),
        _ => return,
    };
    if computed == header.ommers_hash {
        v.checked.push("ommers hash");
    } else {
        v.problem(
            "ommers hash mismatch",
            format!(
                "the ommers give {computed}; the header's sha3Uncles is {}",
                header.ommers_hash
            ),
        );
    }
}

fn verify_receipts(block: &BlockItem, header: &Header, receipts: &[ReceiptItem], v: &mut Verdict) {
    if let Some(txs) = &block.transactions {
        if receipts.len() != txs.len() {
            v.details.push(format!(
                "{} of the block's {} receipts were exported: receiptsRoot not recomputed, its logs are not covered",
                receipts.len(),
                txs.len()
            ));
            return;
        }
        for (i, (r, tx)) in receipts.iter().zip(txs).enumerate() {
            let tx_hash = tx
                .envelope
                .as_ref()
                .ok()
                .map(|e| keccak256(e.encoded_2718()));
            if let (Some(named), Some(actual)) = (r.tx_hash, tx_hash) {
                if named != actual {
                    v.problem(
                        "receipt for another transaction",
                        format!("receipt {i} names transaction {named}; the block's transaction {i} is {actual}"),
                    );
                }
            }
        }
    }
    for (i, r) in receipts.iter().enumerate() {
        let rebuilt = rebuilt_receipt(r);
        if r.stated_bloom.is_some_and(|b| &b != rebuilt.logs_bloom()) {
            v.problem(
                "receipt bloom mismatch",
                format!("receipt {i}'s logsBloom does not match its logs"),
            );
        }
    }
    let (root, bloom) = receipts_root(receipts);
    if block.transactions.is_none() && root != header.receipts_root {
        // without the body the number of receipts is unknown: a root that does not recompute
        // may be receipts missing from the export, not altered ones — say so, fail nothing
        v.details.push(format!(
            "the {} exported receipts give root {root}, not the header's {} (some may be missing, or altered): receiptsRoot not verified, their logs are not covered",
            receipts.len(),
            header.receipts_root
        ));
        return;
    }
    let mut ok = true;
    if root == header.receipts_root {
        v.checked.push("receipts root");
    } else {
        ok = false;
        v.problem(
            "receipts root mismatch",
            format!(
                "the {} receipts give root {root}; the header says {}",
                receipts.len(),
                header.receipts_root
            ),
        );
    }
    if bloom == header.logs_bloom {
        v.checked.push("logs bloom");
    } else {
        ok = false;
        v.problem(
            "logs bloom mismatch",
            "the receipts' logs do not give the header's logsBloom".into(),
        );
    }
    v.receipts_verified = ok;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rlp_lists_split_into_their_items() {
        // [ "dog", [ ] , 0x0f ]
        let bytes = [0xc6, 0x83, b'd', b'o', b'g', 0xc0, 0x0f];
        let items = list_items(&bytes).unwrap();
        assert_eq!(
            items,
            vec![&[0x83, b'd', b'o', b'g'][..], &[0xc0][..], &[0x0f][..]]
        );
        assert!(list_items(&[0xc3, 0x83]).is_err());
        assert!(list_items(&[0x83, 1, 2, 3]).is_err());
        assert!(list_items(&[0xc5, 0x85, 1]).is_err());
    }

    use alloy_consensus::{
        Signed, TxEip1559, TxEip2930, TxEip4844, TxEip4844Variant, TxEip7702, TxLegacy,
    };
    use alloy_eips::eip7702::{Authorization, SignedAuthorization};
    use alloy_primitives::{Address, Bytes, Signature, TxKind, U256};

    fn signature(n: u64) -> Signature {
        Signature::new(
            U256::from(1_000 + n),
            U256::from(2_000 + n),
            n.is_multiple_of(2),
        )
    }

    /// One transaction of every type, Frontier to Prague.
    fn every_type() -> Vec<TxEnvelope> {
        let to = Address::repeat_byte(0x42);
        let legacy = TxLegacy {
            chain_id: Some(1),
            nonce: 0,
            gas_price: 7,
            gas_limit: 21_000,
            to: TxKind::Call(to),
            value: U256::from(5),
            input: Bytes::new(),
        };
        let eip2930 = TxEip2930 {
            chain_id: 1,
            nonce: 1,
            gas_price: 7,
            gas_limit: 30_000,
            to: TxKind::Create,
            value: U256::ZERO,
            access_list: Default::default(),
            input: Bytes::from_static(&[0x60, 0x00]),
        };
        let eip1559 = TxEip1559 {
            chain_id: 1,
            nonce: 2,
            gas_limit: 30_000,
            max_fee_per_gas: 9,
            max_priority_fee_per_gas: 1,
            to: TxKind::Call(to),
            value: U256::from(1),
            access_list: Default::default(),
            input: Bytes::from_static(b"doc"),
        };
        let eip4844 = TxEip4844 {
            chain_id: 1,
            nonce: 3,
            gas_limit: 50_000,
            max_fee_per_gas: 9,
            max_priority_fee_per_gas: 1,
            to,
            value: U256::ZERO,
            access_list: Default::default(),
            blob_versioned_hashes: vec![B256::repeat_byte(1)],
            max_fee_per_blob_gas: 3,
            input: Bytes::new(),
        };
        let eip7702 = TxEip7702 {
            chain_id: 1,
            nonce: 4,
            gas_limit: 60_000,
            max_fee_per_gas: 9,
            max_priority_fee_per_gas: 1,
            to,
            value: U256::ZERO,
            access_list: Default::default(),
            authorization_list: vec![SignedAuthorization::new_unchecked(
                Authorization {
                    chain_id: U256::from(1),
                    address: Address::repeat_byte(0x77),
                    nonce: 9,
                },
                1,
                U256::from(11),
                U256::from(12),
            )],
            input: Bytes::new(),
        };
        vec![
            TxEnvelope::Legacy(Signed::new_unhashed(legacy, signature(0))),
            TxEnvelope::Eip2930(Signed::new_unhashed(eip2930, signature(1))),
            TxEnvelope::Eip1559(Signed::new_unhashed(eip1559, signature(2))),
            TxEnvelope::Eip4844(Signed::new_unhashed(
                TxEip4844Variant::TxEip4844(eip4844),
                signature(3),
            )),
            TxEnvelope::Eip7702(Signed::new_unhashed(eip7702, signature(4))),
        ]
    }

    /// A Prague block holding `txs` and one withdrawal, as a node's JSON-RPC returns it with
    /// full transactions, and its receipts (each transaction logging one document hash).
    fn prague_block(txs: &[TxEnvelope]) -> (serde_json::Value, Vec<serde_json::Value>) {
        let withdrawals = vec![Withdrawal {
            index: 7,
            validator_index: 3,
            address: Address::repeat_byte(0x33),
            amount: 100,
        }];
        let receipts: Vec<ReceiptEnvelope> = txs
            .iter()
            .enumerate()
            .map(|(i, tx)| {
                let receipt = Receipt {
                    status: true.into(),
                    cumulative_gas_used: 21_000 * (i as u64 + 1),
                    logs: vec![Log::new_unchecked(
                        Address::repeat_byte(0x5e),
                        vec![B256::repeat_byte(0xd0), B256::repeat_byte(i as u8)],
                        Bytes::new(),
                    )],
                };
                ReceiptEnvelope::from_typed(tx.tx_type(), receipt.with_bloom())
            })
            .collect();
        let (receipts_root, bloom) = {
            let mut bloom = Bloom::ZERO;
            receipts
                .iter()
                .for_each(|r| bloom.accrue_bloom(r.logs_bloom()));
            (calculate_receipt_root(&receipts), bloom)
        };
        let header = Header {
            transactions_root: calculate_transaction_root(txs),
            receipts_root,
            logs_bloom: bloom,
            number: 9,
            gas_used: 21_000 * txs.len() as u64,
            gas_limit: 30_000_000,
            timestamp: 1_750_000_000,
            base_fee_per_gas: Some(7),
            withdrawals_root: Some(calculate_withdrawals_root(&withdrawals)),
            blob_gas_used: Some(131_072),
            excess_blob_gas: Some(0),
            parent_beacon_block_root: Some(B256::repeat_byte(0xbe)),
            requests_hash: Some(B256::repeat_byte(0xee)),
            ..Default::default()
        };
        let hash = header.hash_slow();
        let mut block = serde_json::to_value(&header).unwrap();
        block["hash"] = serde_json::json!(hash);
        block["uncles"] = serde_json::json!([]);
        block["transactions"] = serde_json::to_value(txs).unwrap();
        block["withdrawals"] = serde_json::to_value(&withdrawals).unwrap();
        let receipts = receipts
            .iter()
            .zip(txs)
            .enumerate()
            .map(|(i, (r, tx))| {
                let mut json = serde_json::to_value(r).unwrap();
                json["transactionHash"] = serde_json::json!(keccak256(tx.encoded_2718()));
                json["transactionIndex"] = serde_json::json!(format!("0x{i:x}"));
                json["blockHash"] = serde_json::json!(hash);
                json["blockNumber"] = serde_json::json!("0x9");
                json
            })
            .collect();
        (block, receipts)
    }

    fn verdict_of(block: &serde_json::Value, receipts: &[serde_json::Value]) -> Verdict {
        let item = block_from_json(1, block);
        let receipts: Vec<ReceiptItem> = receipts
            .iter()
            .map(|r| receipt_from_json(r).unwrap())
            .collect();
        verify(&item, Some(&receipts))
    }

    #[test]
    fn a_prague_block_with_every_transaction_type_verifies_whole() {
        let txs = every_type();
        let (block, receipts) = prague_block(&txs);
        let v = verdict_of(&block, &receipts);
        assert!(v.verified && v.receipts_verified, "{v:?}");
        assert_eq!(
            v.checked,
            [
                "header hash",
                "transactions root",
                "withdrawals root",
                "ommers hash",
                "receipts root",
                "logs bloom"
            ]
        );
        // the raw form of the same block verifies the same way
        let item = block_from_json(1, &block);
        let body = alloy_consensus::BlockBody {
            transactions: txs.clone(),
            ommers: Vec::<Header>::new(),
            withdrawals: Some(
                item.withdrawals
                    .clone()
                    .unwrap()
                    .into_iter()
                    .map(Result::unwrap)
                    .collect::<Vec<_>>()
                    .into(),
            ),
        };
        let raw = alloy_rlp::encode(alloy_consensus::Block {
            header: item.header.clone().unwrap(),
            body,
        });
        let from_raw = block_from_rlp(1, &raw).unwrap();
        assert_eq!(from_raw.computed_hash, item.stated_hash);
        assert!(verify(&from_raw, None).verified);
    }

    #[test]
    fn an_edit_to_any_transaction_type_is_caught() {
        let txs = every_type();
        let (block, receipts) = prague_block(&txs);
        // one field of each type's JSON changed, its stated hash left as it was
        let edits: [(usize, &str, serde_json::Value); 5] = [
            (0, "value", serde_json::json!("0x6")),
            (1, "input", serde_json::json!("0x6001")),
            (2, "maxFeePerGas", serde_json::json!("0xa")),
            (3, "maxFeePerBlobGas", serde_json::json!("0x4")),
            (4, "authorizationList", {
                let mut list = block["transactions"][4]["authorizationList"].clone();
                list[0]["nonce"] = serde_json::json!("0xa");
                list
            }),
        ];
        for (i, field, value) in edits {
            let mut edited = block.clone();
            edited["transactions"][i][field] = value;
            let v = verdict_of(&edited, &receipts);
            assert!(!v.verified, "{field}: {v:?}");
            // the receipt still names the transaction as it was
            assert_eq!(
                v.problems,
                [
                    "transaction hash mismatch",
                    "transactions root mismatch",
                    "receipt for another transaction"
                ],
                "{field}"
            );
        }
        // a withdrawal amount, and a log's document hash in a receipt
        let mut edited = block.clone();
        edited["withdrawals"][0]["amount"] = serde_json::json!("0x65");
        assert_eq!(
            verdict_of(&edited, &receipts).problems,
            ["withdrawals root mismatch"]
        );
        let mut edited_receipts = receipts.clone();
        edited_receipts[2]["logs"][0]["data"] = serde_json::json!("0x01");
        let v = verdict_of(&block, &edited_receipts);
        assert_eq!(v.problems, ["receipts root mismatch"]);
        assert!(!v.receipts_verified);
        // fewer receipts than transactions: nothing failed, but the logs are not covered
        let v = verdict_of(&block, &receipts[..4]);
        assert!(v.verified && !v.receipts_verified, "{v:?}");
        // the same without the body: header only, not failed, and still not covered
        let mut hashes_only = block.clone();
        hashes_only["transactions"] = serde_json::json!(txs
            .iter()
            .map(|t| keccak256(t.encoded_2718()))
            .collect::<Vec<_>>());
        let v = verdict_of(&hashes_only, &receipts[..4]);
        assert_eq!(v.problems, ["header only"], "{v:?}");
        assert!(!v.receipts_verified);
        let v = verdict_of(&hashes_only, &receipts);
        assert_eq!(v.problems, ["header only"], "{v:?}");
        assert!(
            v.receipts_verified,
            "complete receipts cover their logs: {v:?}"
        );
    }

    #[test]
    fn hostile_raw_input_is_an_error_not_a_panic() {
        for bytes in [
            &[][..],
            &[0xc0],
            &[0xf9, 0xff, 0xff, 0x00],
            &[0xc2, 0xc1, 0xc0],
            &[0xc3, 0xc0, 0xc0, 0xc0],
            &[0xb8, 0x01],
        ] {
            match block_from_rlp(1, bytes) {
                Ok(block) => assert!(!verify(&block, None).verified),
                Err(e) => assert!(!e.is_empty()),
            }
        }
        assert!(receipts_from_rlp(&[vec![0x02, 0xc0]]).is_err());
        match block_from_portal(1, &[0xc0], Some(&[0xc1, 0xc0]), Some(&[0xc1, 0x01])) {
            Ok(block) => assert!(!verify(&block, None).verified),
            Err(e) => assert!(!e.is_empty()),
        }
    }

    #[test]
    fn an_empty_block_body_has_the_empty_roots() {
        assert_eq!(
            calculate_transaction_root::<TxEnvelope>(&[]),
            alloy_consensus::EMPTY_ROOT_HASH
        );
        assert_eq!(receipts_root(&[]).0, alloy_consensus::EMPTY_ROOT_HASH);
    }
}
