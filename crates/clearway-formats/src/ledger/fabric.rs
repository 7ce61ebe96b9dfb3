//! Hyperledger Fabric blocks: a peer's block files (`blockfile_NNNNNN`, Fabric's own
//! length-prefixed layout) and `common.Block` protobuf files from `peer channel fetch`, decoded
//! and verified offline the way Fabric's `ledgerutil verify` does, plus signatures.
//!
//! Per block (reference ledger.md §1.3–1.5): the header hash is SHA-256 of the DER
//! `SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash }` and must be
//! the next block's `previous_hash`; the data hash is SHA-256 of the envelopes concatenated, and
//! before it is trusted every envelope of a non-config block must be in canonical protobuf form
//! (the CVE-2023-46132 "glued transactions" check) — either failure is reported as Fabric
//! reports it, "DataHash mismatch". Orderer signatures (metadata[0]) and each envelope's creator
//! signature are checked with ECDSA P-256 against the certificates carried in the block. The
//! transaction validation filter (metadata[2]) marks invalid transactions; they are kept and
//! flagged, never presented as committed facts.
//!
//! Fabric's own validation also refuses a *high-S* ECDSA signature — one whose S exceeds half
//! the curve order (`IsLowS` in bccsp/utils; `verifyECDSA` says "Invalid S. Must be smaller than
//! half the order"), since (r, n − s) is a second valid signature of the same message and would
//! make signed bytes malleable. Fabric never writes one; ring, which does the arithmetic here,
//! accepts one as mathematically valid. So each signature's S is read from its DER (with the
//! `der` crate x509-cert already brings) and compared with n/2 before ring is asked, in Fabric's
//! order: a high-S block signature is the problem "orderer signature high-S", a high-S creator
//! signature "transaction N signature high-S", and the block is not verified — the verdict a
//! Fabric peer would reach.

use super::proto::{self, Message};
use sha2::{Digest, Sha256};

/// A block as stored: its header fields and raw envelopes and metadata.
#[derive(Debug, Clone)]
pub struct RawBlock<'a> {
    pub number: u64,
    pub previous_hash: &'a [u8],
    pub data_hash: &'a [u8],
    pub envelopes: Vec<&'a [u8]>,
    pub metadata: Vec<&'a [u8]>,
    /// Byte offset of the block's record in its file.
    pub offset: usize,
}

/// The blocks of a peer block file. A truncated last record (a copy taken while the peer was
/// writing) is reported as the error of that record; the blocks before it are kept.
pub fn read_blockfile(bytes: &[u8]) -> (Vec<RawBlock<'_>>, Option<String>) {
    let mut blocks = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let offset = pos;
        let record = match proto::length_prefixed(bytes, &mut pos) {
            Ok(r) => r,
            Err(e) => return (blocks, Some(format!("block record at byte {offset}: {e}"))),
        };
        match block_record(record, offset) {
            Ok(b) => blocks.push(b),
            Err(e) => return (blocks, Some(format!("block record at byte {offset}: {e}"))),
        }
    }
    (blocks, None)
}

/// One record of the block file layout: number, data hash, previous hash, envelopes, metadata.
fn block_record(record: &[u8], offset: usize) -> Result<RawBlock<'_>, String> {
    let mut pos = 0;
    let number = proto::varint(record, &mut pos)?;
    let data_hash = proto::length_prefixed(record, &mut pos)?;
    let previous_hash = proto::length_prefixed(record, &mut pos)?;
    let n_tx = proto::varint(record, &mut pos)?;
    let envelopes = (0..n_tx)
        .map(|_| proto::length_prefixed(record, &mut pos))
        .collect::<Result<Vec<_>, _>>()?;
    let n_md = proto::varint(record, &mut pos)?;
    let metadata = (0..n_md)
        .map(|_| proto::length_prefixed(record, &mut pos))
        .collect::<Result<Vec<_>, _>>()?;
    if pos != record.len() {
        return Err(format!("{} bytes left over", record.len() - pos));
    }
    Ok(RawBlock {
        number,
        previous_hash,
        data_hash,
        envelopes,
        metadata,
        offset,
    })
}

/// A `common.Block` protobuf (`peer channel fetch`).
pub fn read_block_proto(bytes: &[u8]) -> Result<RawBlock<'_>, String> {
    let block = Message::parse(bytes)?;
    let header = block.message(1)?;
    Ok(RawBlock {
        number: header.uint(1),
        previous_hash: header.bytes(2),
        data_hash: header.bytes(3),
        envelopes: block.message(2)?.repeated(1),
        metadata: block.message(3)?.repeated(1),
        offset: 0,
    })
}

/// DER of the block header, the bytes Fabric hashes and orderers sign.
pub fn header_der(number: u64, previous_hash: &[u8], data_hash: &[u8]) -> Vec<u8> {
    let mut integer = number.to_be_bytes().to_vec();
    while integer.len() > 1 && integer[0] == 0 && integer[1] & 0x80 == 0 {
        integer.remove(0);
    }
    if integer[0] & 0x80 != 0 {
        integer.insert(0, 0);
    }
    let mut body = Vec::new();
    der_item(&mut body, 0x02, &integer);
    der_item(&mut body, 0x04, previous_hash);
    der_item(&mut body, 0x04, data_hash);
    let mut out = Vec::new();
    der_item(&mut out, 0x30, &body);
    out
}

fn der_item(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    let len = content.len();
    if len < 128 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
}

/// The header hash of a block.
pub fn header_hash(b: &RawBlock<'_>) -> Vec<u8> {
    Sha256::digest(header_der(b.number, b.previous_hash, b.data_hash)).to_vec()
}

/// One transaction of a block, decoded.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Transaction {
    pub index: usize,
    pub header_type: i64,
    pub channel_id: String,
    pub tx_id: String,
    pub timestamp: Option<i64>,
    pub creator_msp: String,
    pub creator_subject: String,
    /// The validation code from the block's transactions filter (0 = VALID).
    pub validation_code: u8,
    /// None when the envelope carries no signature (a genesis block's may not); false when it
    /// does not verify or breaks Fabric's low-S rule.
    pub signature_ok: Option<bool>,
    /// The creator signature's S is above half the curve order: Fabric refuses it.
    pub signature_high_s: bool,
    /// Chaincode event and key writes whose values are JSON: (kind, name, JSON text).
    pub facts: Vec<(String, String, String)>,
}

/// What verifying a block found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Verdict {
    pub number: u64,
    pub header_hash: String,
    /// Problems as Fabric's `ledgerutil verify` names them ("DataHash mismatch",
    /// "PreviousHash mismatch"), then clearway's signature findings.
    pub errors: Vec<String>,
    /// Why a check found a problem, in detail.
    pub details: Vec<String>,
    pub orderer_signatures: usize,
    pub orderer_signatures_ok: usize,
    pub transactions: Vec<Transaction>,
    pub is_config: bool,
    pub timestamp: Option<i64>,
}

/// Verifies a run of consecutive blocks: each on its own, and the link to the one before.
pub fn verify(blocks: &[RawBlock<'_>]) -> Vec<Verdict> {
    let mut previous: Option<(u64, Vec<u8>)> = None;
    blocks
        .iter()
        .map(|b| {
            let mut v = verify_block(b);
            if let Some((number, hash)) = &previous {
                if *number + 1 == b.number && hash.as_slice() != b.previous_hash {
                    v.errors.insert(
                        usize::from(v.errors.first().is_some_and(|e| e == "DataHash mismatch")),
                        "PreviousHash mismatch".into(),
                    );
                    v.details.push(format!(
                        "previous_hash {} is not the header hash {} of block {number}",
                        hex::encode(b.previous_hash),
                        hex::encode(hash)
                    ));
                } else if *number + 1 != b.number {
                    v.details
                        .push(format!("block {} follows block {number}: a gap", b.number));
                }
            }
            previous = Some((
                b.number,
                hex::decode(&v.header_hash).expect("hex of a hash"),
            ));
            v
        })
        .collect()
}

fn verify_block(b: &RawBlock<'_>) -> Verdict {
    let mut v = Verdict {
        number: b.number,
        header_hash: hex::encode(header_hash(b)),
        ..Default::default()
    };
    let mut hasher = Sha256::new();
    for e in &b.envelopes {
        hasher.update(e);
    }
    let computed = hasher.finalize().to_vec();
    let filter = b.metadata.get(2).copied().unwrap_or(&[]);
    // metadata[2] is a Metadata message only in old ledgers; peers store the raw filter bytes
    let transactions: Vec<Transaction> = b
        .envelopes
        .iter()
        .enumerate()
        .map(|(i, e)| decode_transaction(i, e, filter.get(i).copied().unwrap_or(0)))
        .collect();
    v.is_config = transactions.len() == 1 && transactions[0].header_type == 1;
    v.timestamp = transactions.iter().find_map(|t| t.timestamp);
    let mut data_problems = Vec::new();
    if computed != b.data_hash {
        data_problems.push(format!(
            "data_hash {} is not the SHA-256 {} of the {} envelope(s)",
            hex::encode(b.data_hash),
            hex::encode(&computed),
            b.envelopes.len()
        ));
    }
    if !v.is_config {
        for (i, e) in b.envelopes.iter().enumerate() {
            if let Err(why) = canonical_envelope(e) {
                data_problems.push(format!("transaction {i} {why}"));
            }
        }
    }
    if !data_problems.is_empty() {
        v.errors.push("DataHash mismatch".into());
        v.details.extend(data_problems);
    }
    let der = header_der(b.number, b.previous_hash, b.data_hash);
    if let Some(signatures) = b.metadata.first() {
        match orderer_signatures(signatures, &der) {
            Ok(o) => {
                v.orderer_signatures = o.total;
                v.orderer_signatures_ok = o.ok;
                if o.high_s > 0 {
                    v.errors.push("orderer signature high-S".into());
                }
                if o.ok + o.high_s < o.total {
                    v.errors.push("orderer signature invalid".into());
                }
                v.details.extend(o.problems);
            }
            Err(e) => {
                v.errors.push("orderer signature unreadable".into());
                v.details.push(e);
            }
        }
    }
    for t in &transactions {
        if t.signature_high_s {
            v.errors
                .push(format!("transaction {} signature high-S", t.index));
            v.details.push(format!(
                "transaction {} signature by {} ({}): {HIGH_S}",
                t.index, t.creator_msp, t.creator_subject
            ));
        } else if t.signature_ok == Some(false) {
            v.errors
                .push(format!("transaction {} signature invalid", t.index));
        }
    }
    v.transactions = transactions;
    v
}

/// The CVE-2023-46132 check: the envelope re-encodes to exactly its raw bytes.
///
/// Canonical means exactly `0A len payload 12 len signature` with minimal varints. The common
/// case is decided on the parsed fields and the expected size, without re-encoding a copy (this
/// runs on every envelope of every block); only a mismatch is re-encoded to say which kind.
pub fn canonical_envelope(raw: &[u8]) -> Result<(), String> {
    let parsed = proto::fields(raw).map_err(|e| format!("is not an Envelope: {e}"))?;
    let last = |n: u32| {
        parsed.iter().rev().find_map(|(k, v)| match v {
            proto::Value::Bytes(b) if *k == n => Some(*b),
            _ => None,
        })
    };
    let (payload, signature) = (last(1).unwrap_or(&[]), last(2).unwrap_or(&[]));
    if payload.is_empty() || signature.is_empty() {
        return Err("has an empty payload or signature".into());
    }
    let expected = 2
        + varint_len(payload.len())
        + payload.len()
        + varint_len(signature.len())
        + signature.len();
    let two_fields_in_order = matches!(
        parsed.as_slice(),
        [(1, proto::Value::Bytes(_)), (2, proto::Value::Bytes(_))]
    );
    if two_fields_in_order && raw.len() == expected {
        return Ok(());
    }
    let mut canonical = Vec::with_capacity(expected);
    proto::put_bytes(&mut canonical, 1, payload);
    proto::put_bytes(&mut canonical, 2, signature);
    if canonical.len() < raw.len() && raw.starts_with(&canonical) {
        Err(format!(
            "has {} trailing bytes",
            raw.len() - canonical.len()
        ))
    } else {
        Err("does not match its raw form".into())
    }
}

/// Bytes of a varint.
fn varint_len(mut v: usize) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

/// (MSP id, certificate PEM) of a serialized identity.
fn identity(serialized: &[u8]) -> Result<(String, Vec<u8>), String> {
    let m = Message::parse(serialized)?;
    Ok((m.text(1), m.bytes(2).to_vec()))
}

/// Fabric's words for a high-S signature (bccsp/sw/ecdsa.go `verifyECDSA`), and why.
const HIGH_S: &str = "Invalid S. Must be smaller than half the order (Fabric's low-S rule, bccsp IsLowS: a Fabric peer refuses this signature, though its arithmetic holds)";

/// Half the order n of P-256, `n >> 1`, big-endian: Fabric's `IsLowS` accepts S ≤ this.
const P256_HALF_ORDER: [u8; 32] = [
    0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
];

/// Whether a DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` has S above half the
/// P-256 order. None when the bytes are not that structure in strict DER (ring then refuses
/// the signature as well, and Fabric fails to unmarshal it).
pub fn high_s(signature: &[u8]) -> Option<bool> {
    use x509_cert::der::{asn1::UintRef, Decode, Reader, SliceReader};
    let mut reader = SliceReader::new(signature).ok()?;
    let s = reader
        .sequence(|seq| {
            UintRef::decode(seq)?;
            UintRef::decode(seq)
        })
        .ok()?;
    let s = reader.finish(s).ok()?;
    // the magnitude, without the sign byte DER may prepend
    let s = s.as_bytes();
    Some(match s.len().cmp(&P256_HALF_ORDER.len()) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => s > &P256_HALF_ORDER[..],
    })
}

/// How a signature fared, checked in Fabric's order: the low-S rule, then the arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signature {
    Valid,
    /// S above half the order; whether ring would accept it otherwise.
    HighS,
    Invalid,
}

/// Verifies an ECDSA P-256 / SHA-256 DER signature with the key of a PEM certificate, as
/// Fabric does (low-S first, then the arithmetic, done by ring); returns the certificate's
/// subject.
fn check_signature(
    cert_pem: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(Signature, String), String> {
    use x509_cert::der::DecodePem;
    let cert = x509_cert::Certificate::from_pem(cert_pem)
        .map_err(|e| format!("certificate unreadable: {e}"))?;
    let subject = cert.tbs_certificate.subject.to_string();
    let key = cert
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes();
    // an uncompressed P-256 point: 0x04, then 32 bytes of x and of y
    if key.len() != 65 || key[0] != 4 {
        return Err(format!("the key of {subject} is not a P-256 key"));
    }
    if high_s(signature) == Some(true) {
        return Ok((Signature::HighS, subject));
    }
    let key =
        ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_ASN1, key);
    let verdict = if key.verify(message, signature).is_ok() {
        Signature::Valid
    } else {
        Signature::Invalid
    };
    Ok((verdict, subject))
}

/// What the orderer signatures of a block (metadata[0]) came to.
struct OrdererSignatures {
    total: usize,
    ok: usize,
    high_s: usize,
    problems: Vec<String>,
}

/// metadata[0]: every orderer signature checked.
fn orderer_signatures(metadata: &[u8], header: &[u8]) -> Result<OrdererSignatures, String> {
    let m = Message::parse(metadata).map_err(|e| format!("SIGNATURES metadata: {e}"))?;
    let value = m.bytes(1);
    let signatures = m.repeated(2);
    let mut o = OrdererSignatures {
        total: signatures.len(),
        ok: 0,
        high_s: 0,
        problems: Vec::new(),
    };
    for (i, s) in signatures.iter().enumerate() {
        let s = Message::parse(s)?;
        let signature_header = s.bytes(1);
        let creator = Message::parse(signature_header)?.bytes(1);
        let (msp, pem) = identity(creator)?;
        let mut signed = Vec::with_capacity(value.len() + signature_header.len() + header.len());
        signed.extend_from_slice(value);
        signed.extend_from_slice(signature_header);
        signed.extend_from_slice(header);
        match check_signature(&pem, &signed, s.bytes(2)) {
            Ok((Signature::Valid, _)) => o.ok += 1,
            Ok((Signature::HighS, subject)) => {
                o.high_s += 1;
                o.problems.push(format!(
                    "orderer signature {i} by {msp} ({subject}): {HIGH_S}"
                ));
            }
            Ok((Signature::Invalid, subject)) => o.problems.push(format!(
                "orderer signature {i} by {msp} ({subject}) does not verify"
            )),
            Err(e) => o
                .problems
                .push(format!("orderer signature {i} by {msp}: {e}")),
        }
    }
    Ok(o)
}

/// Decodes one envelope: channel header, creator, signature and JSON business facts. A broken
/// envelope still yields a transaction (with what could be read), so that nothing is dropped.
fn decode_transaction(index: usize, raw: &[u8], validation_code: u8) -> Transaction {
    let mut t = Transaction {
        index,
        validation_code,
        ..Default::default()
    };
    let _ = fill_transaction(&mut t, raw);
    t
}

fn fill_transaction(t: &mut Transaction, raw: &[u8]) -> Result<(), String> {
    let envelope = Message::parse(raw)?;
    let payload_bytes = envelope.bytes(1);
    let payload = Message::parse(payload_bytes)?;
    let header = payload.message(1)?;
    let channel = header.message(1)?;
    t.header_type = channel.uint(1) as i64;
    t.channel_id = channel.text(4);
    t.tx_id = channel.text(5);
    let ts = channel.message(3)?;
    if ts.uint(1) > 0 {
        t.timestamp = Some(ts.uint(1) as i64 * 1_000_000 + ts.uint(2) as i64 / 1_000);
    }
    let creator = header.message(2)?.bytes(1);
    if !creator.is_empty() {
        let (msp, pem) = identity(creator)?;
        t.creator_msp = msp;
        let signature = envelope.bytes(2);
        if !signature.is_empty() {
            let (verdict, subject) = check_signature(&pem, payload_bytes, signature)?;
            t.signature_ok = Some(verdict == Signature::Valid);
            t.signature_high_s = verdict == Signature::HighS;
            t.creator_subject = subject;
        }
    }
    if t.header_type == 3 {
        t.facts = endorser_facts(payload.bytes(2))?;
    }
    Ok(())
}

/// Chaincode events and key writes of an endorser transaction whose payloads are JSON.
fn endorser_facts(transaction: &[u8]) -> Result<Vec<(String, String, String)>, String> {
    let mut facts = Vec::new();
    for action in Message::parse(transaction)?.repeated(1) {
        let action_payload = Message::parse(action)?.message(2)?;
        let endorsed = action_payload.message(2)?;
        let response_payload = endorsed.message(1)?;
        let chaincode_action = response_payload.message(2)?;
        let event = chaincode_action.message(2)?;
        if let Some(json) = json_text(event.bytes(4)) {
            facts.push(("event".into(), event.text(3), json));
        }
        let rwset = chaincode_action.message(1)?;
        for ns in rwset.repeated(2) {
            let ns = Message::parse(ns)?;
            let kv = Message::parse(ns.bytes(2))?;
            for write in kv.repeated(3) {
                let w = Message::parse(write)?;
                if let Some(json) = json_text(w.bytes(3)) {
                    facts.push((
                        "write".into(),
                        format!("{}/{}", ns.text(1), w.text(1)),
                        json,
                    ));
                }
            }
        }
    }
    Ok(facts)
}

/// Bytes that are a JSON object, as text.
fn json_text(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    matches!(
        serde_json::from_str::<serde_json::Value>(text),
        Ok(serde_json::Value::Object(_))
    )
    .then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of the shared samples (../shared/data), as tests/it/support.rs finds them: None
    /// (the test skips) when absent, a failure under CI.
    fn shared_data(rel: &str) -> Option<std::path::PathBuf> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data")
            .join(rel);
        if p.exists() {
            return Some(p);
        }
        if std::env::var_os("CI").is_some() {
            panic!("CI is set but the shared sample {} is missing", p.display());
        }
        eprintln!("skipping: {} not found", p.display());
        None
    }

    /// The order n of P-256, big-endian.
    const N: [u8; 32] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63,
        0x25, 0x51,
    ];

    /// A minimal DER INTEGER of a big-endian magnitude.
    fn der_uint(magnitude: &[u8]) -> Vec<u8> {
        let mut m: Vec<u8> = magnitude.iter().copied().skip_while(|b| *b == 0).collect();
        if m.is_empty() || m[0] & 0x80 != 0 {
            m.insert(0, 0);
        }
        let mut out = Vec::new();
        der_item(&mut out, 0x02, &m);
        out
    }

    fn der_signature(r: &[u8], s: &[u8]) -> Vec<u8> {
        let mut body = der_uint(r);
        body.extend(der_uint(s));
        let mut out = Vec::new();
        der_item(&mut out, 0x30, &body);
        out
    }

    /// (r, s) of a DER signature, as 32-byte big-endian numbers.
    fn r_and_s(signature: &[u8]) -> ([u8; 32], [u8; 32]) {
        use x509_cert::der::{asn1::UintRef, Decode, Reader, SliceReader};
        let mut reader = SliceReader::new(signature).unwrap();
        let (r, s) = reader
            .sequence(|seq| Ok((UintRef::decode(seq)?, UintRef::decode(seq)?)))
            .unwrap();
        let wide = |x: UintRef<'_>| {
            let mut out = [0u8; 32];
            out[32 - x.as_bytes().len()..].copy_from_slice(x.as_bytes());
            out
        };
        (wide(r), wide(s))
    }

    /// The other valid signature of the same message: (r, n − s).
    fn twin(signature: &[u8]) -> Vec<u8> {
        let (r, s) = r_and_s(signature);
        let mut out = [0u8; 32];
        let mut borrow = 0i16;
        for i in (0..32).rev() {
            let d = i16::from(N[i]) - i16::from(s[i]) - borrow;
            borrow = i16::from(d < 0);
            out[i] = (d + 256 * borrow) as u8;
        }
        assert_eq!(borrow, 0, "s < n");
        der_signature(&r, &out)
    }

    /// metadata[0] with its signature `i` replaced by `signature`.
    fn with_orderer_signature(metadata: &[u8], signature: &[u8]) -> Vec<u8> {
        let m = Message::parse(metadata).unwrap();
        let mut out = Vec::new();
        proto::put_bytes(&mut out, 1, m.bytes(1));
        for (i, s) in m.repeated(2).into_iter().enumerate() {
            let s = Message::parse(s).unwrap();
            let mut one = Vec::new();
            proto::put_bytes(&mut one, 1, s.bytes(1));
            proto::put_bytes(&mut one, 2, if i == 0 { signature } else { s.bytes(2) });
            proto::put_bytes(&mut out, 2, &one);
        }
        out
    }

    /// An envelope with its creator signature replaced, in canonical form.
    fn with_envelope_signature(envelope: &[u8], signature: &[u8]) -> Vec<u8> {
        let e = Message::parse(envelope).unwrap();
        let mut out = Vec::new();
        proto::put_bytes(&mut out, 1, e.bytes(1));
        proto::put_bytes(&mut out, 2, signature);
        out
    }

    /// The PEM of the first orderer signer of a block, and the bytes it signed.
    fn orderer_signed(b: &RawBlock<'_>) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let m = Message::parse(b.metadata[0]).unwrap();
        let s = Message::parse(m.repeated(2)[0]).unwrap();
        let creator = Message::parse(s.bytes(1)).unwrap().bytes(1);
        let (_, pem) = identity(creator).unwrap();
        let mut signed = m.bytes(1).to_vec();
        signed.extend_from_slice(s.bytes(1));
        signed.extend(header_der(b.number, b.previous_hash, b.data_hash));
        (pem, signed, s.bytes(2).to_vec())
    }

    /// ring's plain ECDSA verdict, which knows nothing of the low-S rule.
    fn ring_accepts(pem: &[u8], message: &[u8], signature: &[u8]) -> bool {
        use x509_cert::der::DecodePem;
        let cert = x509_cert::Certificate::from_pem(pem).unwrap();
        let key = cert
            .tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes();
        ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_ASN1, key)
            .verify(message, signature)
            .is_ok()
    }

    #[test]
    fn a_high_s_orderer_signature_is_refused_as_fabric_refuses_it() {
        let Some(path) = shared_data("ledger/fabric/sample_prod__blockfile_000000") else {
            return;
        };
        let bytes = std::fs::read(path).unwrap();
        let (blocks, _) = read_blockfile(&bytes);
        let b = &blocks[3];
        assert!(verify_block(b).errors.is_empty());
        let (pem, signed, signature) = orderer_signed(b);
        assert_eq!(high_s(&signature), Some(false), "Fabric writes low-S");
        let high = twin(&signature);
        assert_eq!(high_s(&high), Some(true));
        assert!(
            ring_accepts(&pem, &signed, &high),
            "the twin is a mathematically valid signature of the same bytes"
        );
        let metadata = with_orderer_signature(b.metadata[0], &high);
        let mut forged = b.clone();
        forged.metadata[0] = &metadata;
        let v = verify_block(&forged);
        assert_eq!(v.errors, ["orderer signature high-S"], "{:?}", v.details);
        assert_eq!((v.orderer_signatures, v.orderer_signatures_ok), (1, 0));
        assert!(
            v.details[0].starts_with("orderer signature 0 by ")
                && v.details[0].contains("Invalid S. Must be smaller than half the order"),
            "{:?}",
            v.details
        );
        // the twin of the twin is the original: verified again
        let metadata = with_orderer_signature(b.metadata[0], &twin(&high));
        forged.metadata[0] = &metadata;
        assert!(verify_block(&forged).errors.is_empty());
    }

    #[test]
    fn a_high_s_creator_signature_is_refused_as_fabric_refuses_it() {
        let Some(path) = shared_data("ledger/fabric/sample_prod__blockfile_000000") else {
            return;
        };
        let bytes = std::fs::read(path).unwrap();
        let (blocks, _) = read_blockfile(&bytes);
        // a signed endorser transaction; without the orderer's metadata, whose signature covers
        // the data hash the new envelope changes, so only the creator signature is judged
        let b = blocks
            .iter()
            .find(|b| {
                let v = verify_block(b);
                v.transactions.len() == 1
                    && v.transactions[0].header_type == 3
                    && v.transactions[0].signature_ok == Some(true)
            })
            .expect("an endorser transaction");
        let envelope = Message::parse(b.envelopes[0]).unwrap();
        let high = twin(envelope.bytes(2));
        let raw = with_envelope_signature(b.envelopes[0], &high);
        let data_hash = Sha256::digest(&raw).to_vec();
        let block = |envelope: &[u8], data_hash: &[u8]| -> Verdict {
            verify_block(&RawBlock {
                number: b.number,
                previous_hash: b.previous_hash,
                data_hash,
                envelopes: vec![envelope],
                metadata: vec![],
                offset: 0,
            })
        };
        assert!(block(b.envelopes[0], b.data_hash).errors.is_empty());
        let v = block(&raw, &data_hash);
        assert_eq!(
            v.errors,
            ["transaction 0 signature high-S"],
            "{:?}",
            v.details
        );
        assert_eq!(v.transactions[0].signature_ok, Some(false));
        assert!(
            v.details[0].contains("Invalid S. Must be smaller than half the order"),
            "{:?}",
            v.details
        );
    }

    #[test]
    fn low_s_means_at_most_half_the_order() {
        let one = [1u8];
        let half = P256_HALF_ORDER;
        let mut above = P256_HALF_ORDER;
        above[31] += 1;
        assert_eq!(high_s(&der_signature(&one, &half)), Some(false));
        assert_eq!(high_s(&der_signature(&one, &above)), Some(true));
        assert_eq!(high_s(&der_signature(&one, &one)), Some(false));
        assert_eq!(high_s(&der_signature(&one, &N)), Some(true));
        assert_eq!(high_s(&der_signature(&one, &[1; 33])), Some(true));
        // not a signature, trailing bytes, a negative S: not judged here (ring refuses them)
        assert_eq!(high_s(b"sig"), None);
        let mut trailing = der_signature(&one, &one);
        trailing.push(0);
        assert_eq!(high_s(&trailing), None);
        assert_eq!(
            high_s(&[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x80]),
            None
        );
    }

    #[test]
    fn the_header_der_is_minimal() {
        let der = header_der(0, &[], &[0xAB; 32]);
        assert_eq!(
            &der[..9],
            &[0x30, 0x27, 0x02, 0x01, 0x00, 0x04, 0x00, 0x04, 0x20]
        );
        // 128 needs a leading zero; 300 bytes of hash need the long length form
        assert_eq!(&header_der(128, &[], &[])[2..6], &[0x02, 0x02, 0x00, 0x80]);
        let long = header_der(1, &[0; 300], &[]);
        assert_eq!(&long[..4], &[0x30, 0x82, 0x01, 0x35]); // 3 + 304 + 2 bytes
    }

    #[test]
    fn glued_envelopes_are_not_canonical() {
        let mut e = Vec::new();
        proto::put_bytes(&mut e, 1, b"payload");
        proto::put_bytes(&mut e, 2, b"sig");
        assert!(canonical_envelope(&e).is_ok());
        let mut glued = e.clone();
        glued.extend_from_slice(&[0x0A, 0x01, b'x']);
        assert!(canonical_envelope(&glued).is_err());
        let mut unsigned = Vec::new();
        proto::put_bytes(&mut unsigned, 1, b"payload");
        assert_eq!(
            canonical_envelope(&unsigned).unwrap_err(),
            "has an empty payload or signature"
        );
    }
}
