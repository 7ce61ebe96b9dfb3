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
    /// None when the envelope carries no signature (a genesis block's may not).
    pub signature_ok: Option<bool>,
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
            Ok((total, ok, problems)) => {
                v.orderer_signatures = total;
                v.orderer_signatures_ok = ok;
                if ok < total {
                    v.errors.push("orderer signature invalid".into());
                    v.details.extend(problems);
                }
            }
            Err(e) => {
                v.errors.push("orderer signature unreadable".into());
                v.details.push(e);
            }
        }
    }
    for t in &transactions {
        if t.signature_ok == Some(false) {
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

/// Verifies an ECDSA P-256 / SHA-256 DER signature with the key of a PEM certificate; returns
/// the certificate's subject. (ring does the arithmetic; a high-S signature, which Fabric
/// never writes, is still mathematically valid and accepted.)
fn check_signature(
    cert_pem: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(bool, String), String> {
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
    let key =
        ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_ASN1, key);
    Ok((key.verify(message, signature).is_ok(), subject))
}

/// metadata[0]: (signatures, valid ones, problems).
fn orderer_signatures(
    metadata: &[u8],
    header: &[u8],
) -> Result<(usize, usize, Vec<String>), String> {
    let m = Message::parse(metadata).map_err(|e| format!("SIGNATURES metadata: {e}"))?;
    let value = m.bytes(1);
    let mut problems = Vec::new();
    let signatures = m.repeated(2);
    let mut ok = 0;
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
            Ok((true, _)) => ok += 1,
            Ok((false, subject)) => problems.push(format!(
                "orderer signature {i} by {msp} ({subject}) does not verify"
            )),
            Err(e) => problems.push(format!("orderer signature {i} by {msp}: {e}")),
        }
    }
    Ok((signatures.len(), ok, problems))
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
            let (ok, subject) = check_signature(&pem, payload_bytes, signature)?;
            t.signature_ok = Some(ok);
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
