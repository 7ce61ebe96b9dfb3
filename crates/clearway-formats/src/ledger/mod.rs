//! Trade-document ledgers: the readers and offline verifiers behind `clearway load ledger` and
//! `clearway ledger verify`. Each family turns a file into block rows (with a verdict and
//! precise problems) and record rows (the business facts: invoices, certificates of origin,
//! bills of lading, document anchors), the same shape for every family, so that the rule pack
//! `queries/ledger/` can compare them with declarations without knowing where they came from.
//!
//! A record is only as good as the block it sits in: records keep `valid` (the transaction
//! was committed as valid *and* its block verified) so that rules never treat an invalid or
//! unverifiable record as a committed fact.

pub mod evm;
pub mod fabric;
pub mod fabric_json;
pub mod generic;
pub mod openattestation;
pub mod proto;
pub mod read;

/// Ledger formats `--format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum LedgerFormat {
    Auto,
    FabricBlockfile,
    FabricBlock,
    FabricJson,
    EvmJsonrpc,
    Openattestation,
    GenericJsonl,
}

/// A block with its verdict, as `ledger_blocks` stores it.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BlockRow {
    pub chain_id: String,
    pub family: &'static str,
    pub number: i64,
    pub hash: String,
    pub prev_hash: String,
    pub data_hash: String,
    pub ts: Option<i64>,
    pub tx_count: i64,
    pub verified: bool,
    /// Short names of what failed (Fabric's own wording for Fabric blocks).
    pub problems: Vec<String>,
    /// Why, in detail.
    pub details: Vec<String>,
    /// What was recomputed and matched ("header hash", "transactions root", "receipts root",
    /// …), where the family says; empty where it does not.
    pub checked: Vec<String>,
    /// Where the block is in its file: record number, line or item.
    pub source_row: i64,
}

impl BlockRow {
    /// Only the header could be checked: the export did not carry the body. Never "verified",
    /// and not a failure either.
    pub fn header_only(&self) -> bool {
        !self.verified && self.problems == ["header only"]
    }
}

/// A business record, as `ledger_records` stores it.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RecordRow {
    pub chain_id: String,
    pub block_number: i64,
    pub tx_id: String,
    /// Committed as valid and in a block that verified.
    pub valid: bool,
    pub record_type: String,
    pub document_ref: Option<String>,
    pub declaration_id: Option<String>,
    pub container_id: Option<String>,
    pub doc_hash: Option<String>,
    pub signature_ok: Option<bool>,
    pub payload: String,
    pub source_row: i64,
}

/// What reading one file gave.
#[derive(Debug, Default)]
pub struct Parsed {
    pub format: Option<LedgerFormat>,
    pub blocks: Vec<BlockRow>,
    pub records: Vec<RecordRow>,
    /// Items that could not be read: (line or item, reason, raw text).
    pub rejects: Vec<(i64, String, Option<String>)>,
    pub warnings: Vec<String>,
    /// Lines, records or items read, for the report's reconciliation.
    pub items: u64,
}

/// The first of several names a JSON object may use for a field, as text.
fn first_text(v: &serde_json::Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match v.get(*n)? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(x) => Some(x.to_string()),
        serde_json::Value::Array(a) => a.first().and_then(|x| x.as_str()).map(String::from),
        _ => None,
    })
}

/// The join keys of a JSON business record, under the names platforms commonly use.
pub fn record_from_json(
    json: &serde_json::Value,
    default_type: &str,
) -> (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    let record_type = first_text(json, &["type", "record_type", "docType", "documentType"])
        .unwrap_or_else(|| default_type.to_string());
    let document_ref = first_text(
        json,
        &[
            "document_ref",
            "documentRef",
            "document_id",
            "documentId",
            "invoice_number",
            "invoiceNumber",
            "transportDocumentReference",
            "certificate_number",
            "id",
        ],
    );
    let declaration_id = first_text(json, &["declaration_id", "declarationId", "declaration"]);
    let container_id = first_text(
        json,
        &[
            "container_id",
            "containerId",
            "container_ids",
            "containers",
            "equipmentReference",
        ],
    )
    .map(|c| c.replace([' ', '-'], "").to_ascii_uppercase());
    let doc_hash = first_text(
        json,
        &["doc_hash", "docHash", "document_hash", "documentHash"],
    );
    (
        record_type,
        document_ref,
        declaration_id,
        container_id,
        doc_hash,
    )
}

/// A record row for a JSON fact.
pub fn record(
    chain_id: &str,
    block_number: i64,
    tx_id: &str,
    valid: bool,
    json: &serde_json::Value,
    default_type: &str,
    source_row: i64,
) -> RecordRow {
    let (record_type, document_ref, declaration_id, container_id, doc_hash) =
        record_from_json(json, default_type);
    RecordRow {
        chain_id: chain_id.to_string(),
        block_number,
        tx_id: tx_id.to_string(),
        valid,
        record_type,
        document_ref,
        declaration_id,
        container_id,
        doc_hash,
        signature_ok: None,
        payload: json.to_string(),
        source_row,
    }
}

/// Fabric's names for the transaction validation codes (reference ledger.md §1.1).
pub fn validation_code_name(code: u8) -> &'static str {
    const NAMES: &[&str] = &[
        "VALID",
        "NIL_ENVELOPE",
        "BAD_PAYLOAD",
        "BAD_COMMON_HEADER",
        "BAD_CREATOR_SIGNATURE",
        "INVALID_ENDORSER_TRANSACTION",
        "INVALID_CONFIG_TRANSACTION",
        "UNSUPPORTED_TX_PAYLOAD",
        "BAD_PROPOSAL_TXID",
        "DUPLICATE_TXID",
        "ENDORSEMENT_POLICY_FAILURE",
        "MVCC_READ_CONFLICT",
        "PHANTOM_READ_CONFLICT",
        "UNKNOWN_TX_TYPE",
        "TARGET_CHAIN_NOT_FOUND",
        "MARSHAL_TX_ERROR",
        "NIL_TXACTION",
        "EXPIRED_CHAINCODE",
        "CHAINCODE_VERSION_CONFLICT",
        "BAD_HEADER_EXTENSION",
        "BAD_CHANNEL_HEADER",
        "BAD_RESPONSE_PAYLOAD",
        "BAD_RWSET",
        "ILLEGAL_WRITESET",
        "INVALID_WRITESET",
        "INVALID_CHAINCODE",
    ];
    match code {
        254 => "NOT_VALIDATED",
        255 => "INVALID_OTHER_REASON",
        c => NAMES.get(usize::from(c)).copied().unwrap_or("UNKNOWN_CODE"),
    }
}
