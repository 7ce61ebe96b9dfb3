//! OpenAttestation wrapped documents (TradeTrust: certificates of origin, invoices, eBLs; the
//! Singapore CNM; OpenCerts): everything about them that can be checked offline, each verdict
//! named the way oa-verify names it, and nothing claimed that was not checked.
//!
//! Integrity (oa-verify's OpenAttestationHash), per version, as `@govtechsg/open-attestation`
//! computes it (reference ledger.md §3; the fixtures in `../shared/data/ledger/openattestation/`
//! pin every rule down):
//!
//! - **v2** (`data` + `signature`): `data` is flattened the way the `flat`/`flatley` packages do
//!   it — keys joined with `.`, array indices as keys, and an **empty object or array is itself
//!   a leaf** (the "empty object trap": a wrapper that left `"recipient": {}` behind does not
//!   verify). Each leaf hashes as keccak256 of `JSON.stringify({path: value})`; those hashes and
//!   `privacy.obfuscatedData` are sorted and the JSON array of them is hashed into the target
//!   hash. A key containing `.` makes OpenAttestation throw, so clearway refuses it too.
//! - **v3** (W3C VC 1.x shape, `version` = the 3.0 schema): salts are base64 JSON in
//!   `proof.salts`; every salt whose lodash path (`credentialSubject.class[0].type`) resolves
//!   hashes as keccak256 of `JSON.stringify({path: "<salt>:<String(value)>"})`, with
//!   `proof.privacy.obfuscated`; the visible leaves (scalars; empty objects are not leaves here)
//!   must be exactly as many as the salts.
//! - **v4** (W3C VC 2.0 `@context` + the OA 4.0 context): every visible leaf, empty objects and
//!   arrays included, must have a salt, and hashes `"<salt>:<type>:<String(value)>"`.
//!
//! `merkleRoot` must be 64 hex digits — anything else is refused before anything is hashed
//! (oa-verify compares a truncated root byte-wise and fails it too). The proof (`signature.proof`
//! in v2, `proof.proofs` in v3/v4) folds into the root: each step is keccak256 of the two 32-byte
//! values sorted bytewise.
//!
//! Issuance (oa-verify's DOCUMENT_STATUS): a **DID-signed** document (v2 `proof[]` of type
//! `OpenAttestationSignature2018`, v3 method `DID`, v4) is issued by its signature, which
//! [`did`] checks offline under the default did:ethr document assumption written there. A DID
//! issuer without a `revocation` block does not fit the v2/v3 schema: oa-verify's
//! UNRECOGNIZED_DOCUMENT, never valid. A **DocumentStore** or **token registry** document is
//! issued by a chain event; [`Checked::issuance`] says where to look and
//! the main crate's `ledger::issuance` matches it against the chains loaded in the workspace. DNS
//! identity (DNS-TXT, DNS-DID) needs the network and is reported as not checked.
//!
//! Other shapes — a W3C VC 2.0 with a `DataIntegrityProof` (TrustVC), an unknown proof type —
//! are recognised as "unsupported: unverifiable offline", never valid.
//!
//! The reference implementation is JavaScript; [`js`] reproduces the few behaviours the digest
//! depends on and reports the document as not verifiable where it cannot be sure.

/// The key of an OpenAttestation record's payload that holds what issuance matching needs
/// (the main crate's `ledger::issuance` reads it back out of the stored payload).
pub const META_KEY: &str = "_openattestation";

pub mod did;
pub mod js;

use crate::limits::excerpt;
use serde_json::{Map, Value};
use sha3::{Digest, Keccak256};

/// A failed check: a short name (oa-verify's code where it has one) and the detail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub name: String,
    pub detail: String,
}

fn problem(name: &str, detail: impl Into<String>) -> Problem {
    Problem {
        name: name.to_string(),
        detail: detail.into(),
    }
}

/// Where the document's issuance and revocation are recorded, for matching against a loaded
/// chain (all addresses lowercase).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Issuance {
    /// `DOCUMENT_STORE`, `TOKEN_REGISTRY`, `DID`, or empty when the document names none.
    pub method: String,
    /// Contracts whose `DocumentIssued` (document stores) or mint `Transfer` (token registries)
    /// of the Merkle root issues the document; each must have issued it.
    pub stores: Vec<String>,
    /// Contracts whose `DocumentRevoked` of the target hash, an intermediate hash or the root
    /// revokes it.
    pub revocation_stores: Vec<String>,
    /// The signers a DID signature was verified for (addresses as written in the DID).
    pub signers: Vec<String>,
    /// `network` as the document states it (`{"chain": "ETH", "chainId": "11155111"}`), if any.
    pub network: Option<Value>,
}

/// What checking one document found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Checked {
    /// `2.0`, `3.0`, `4.0`, or `unsupported`.
    pub version: String,
    /// The target hash recomputed from the document (empty when it could not be).
    pub target_hash: String,
    /// `merkleRoot` as stored.
    pub merkle_root: String,
    /// Visible leaves hashed, and obfuscated hashes included.
    pub leaves: usize,
    pub obfuscated: usize,
    /// The stored target hash, each fold of the proof and the root (lowercase hex): the hashes a
    /// document store may have revoked. Empty when the proof is malformed.
    pub hashes: Vec<String>,
    /// Everything that failed; the document verifies when this is empty.
    pub problems: Vec<Problem>,
    /// What holds, and what was not checked offline.
    pub notes: Vec<String>,
    pub issuance: Issuance,
    /// The document's fields (salts and type tags removed in v2).
    pub fields: Map<String, Value>,
}

impl Checked {
    pub fn verified(&self) -> bool {
        self.problems.is_empty()
    }
}

fn keccak(bytes: &[u8]) -> [u8; 32] {
    Keccak256::digest(bytes).into()
}

fn keccak_hex(bytes: &[u8]) -> String {
    hex::encode(keccak(bytes))
}

fn hex32(v: &Value) -> Option<[u8; 32]> {
    let s = v.as_str()?;
    if s.len() != 64 {
        return None;
    }
    hex::decode(s).ok()?.try_into().ok()
}

const V3_SCHEMA: &str = "https://schema.openattestation.com/3.0/schema.json";
const OA_V4_CONTEXT: &str = "openattestation.com/com/openattestation/4.0/";
const VC2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

/// Checks one document. `Err` only when the JSON is not a document of any kind clearway knows
/// (the load reports it as a reject); every recognised document, verifiable or not, is `Ok`.
pub fn check(doc: &Value) -> Result<Checked, String> {
    let obj = doc
        .as_object()
        .ok_or("not a JSON object: not an OpenAttestation document")?;
    let contexts: Vec<&str> = match obj.get("@context") {
        Some(Value::Array(a)) => a.iter().filter_map(|c| c.as_str()).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => vec![],
    };
    let proof_obj = obj.get("proof").and_then(|p| p.as_object());
    if obj.contains_key("data") && obj.contains_key("signature") {
        return Ok(check_v2(obj));
    }
    if let Some(proof) = proof_obj.filter(|p| p.contains_key("targetHash")) {
        if obj.get("version").and_then(|v| v.as_str()) == Some(V3_SCHEMA) {
            return Ok(check_salted(obj, proof, Salted::V3));
        }
        if contexts.contains(&VC2_CONTEXT) && contexts.iter().any(|c| c.contains(OA_V4_CONTEXT)) {
            return Ok(check_salted(obj, proof, Salted::V4));
        }
        return Ok(unsupported(
            obj,
            "a Merkle-proof credential of no OpenAttestation version clearway knows (neither the 3.0 schema `version` nor the 4.0 context)",
        ));
    }
    if obj.contains_key("data") {
        return Err("no `signature`: the document is not wrapped".into());
    }
    if obj.contains_key("proof") || !contexts.is_empty() {
        let kind = proof_obj
            .map(|p| {
                let t = p.get("type").and_then(|t| t.as_str()).unwrap_or("?");
                match p.get("cryptosuite").and_then(|c| c.as_str()) {
                    Some(suite) => format!("{t} ({suite})"),
                    None => t.to_string(),
                }
            })
            .unwrap_or_else(|| "no proof".into());
        let vc = if contexts.contains(&VC2_CONTEXT) {
            "W3C VC 2.0"
        } else {
            "W3C credential"
        };
        let by = proof_obj
            .and_then(|p| p.get("verificationMethod"))
            .and_then(|m| m.as_str())
            .map(|m| format!(" by {m}"))
            .unwrap_or_default();
        return Ok(unsupported(
            obj,
            &format!(
                "{vc} with a {kind} proof{by}: not an OpenAttestation Merkle document; verifying it needs its issuer's DID document (network) and that proof suite, so it is unverifiable offline"
            ),
        ));
    }
    Err("neither an OpenAttestation document (no data/signature, no proof.targetHash) nor a W3C credential".into())
}

fn unsupported(obj: &Map<String, Value>, why: &str) -> Checked {
    let mut fields = Map::new();
    for (k, v) in obj.iter().filter(|(k, _)| k.as_str() != "proof") {
        flatten_plain(v, k, &mut fields);
    }
    Checked {
        version: "unsupported".into(),
        problems: vec![problem("unsupported format", why)],
        fields,
        ..Default::default()
    }
}

/// Paths `a.b[0].c` with their values, for display and record keys (not for hashing).
fn flatten_plain(v: &Value, path: &str, out: &mut Map<String, Value>) {
    match v {
        Value::Object(m) if !m.is_empty() => m
            .iter()
            .for_each(|(k, x)| flatten_plain(x, &format!("{path}.{k}"), out)),
        Value::Array(a) if !a.is_empty() => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| flatten_plain(x, &format!("{path}[{i}]"), out)),
        leaf => {
            out.insert(path.to_string(), leaf.clone());
        }
    }
}

/// The root as 32 bytes, or the problem that stops everything else.
fn merkle_root(v: Option<&Value>) -> Result<[u8; 32], Problem> {
    match v {
        None => Err(problem(
            "malformed merkleRoot",
            "the document has no merkleRoot",
        )),
        Some(x) => hex32(x).ok_or_else(|| {
            problem(
                "malformed merkleRoot",
                format!(
                    "merkleRoot {} is not 64 hex digits (32 bytes); nothing else was checked",
                    x.as_str().map_or_else(
                        || x.to_string(),
                        |s| format!("`{}` ({} characters)", excerpt(s), s.chars().count())
                    )
                ),
            )
        }),
    }
}

/// Folds the proof into the root from the stored target hash; the problems if it does not lead
/// there, else every intermediate hash.
fn fold_proof(
    stored_target: Option<&Value>,
    proof: Option<&Value>,
    root: &[u8; 32],
    out: &mut Checked,
) {
    let Some(target) = stored_target.and_then(hex32) else {
        out.problems.push(problem(
            "malformed targetHash",
            "the stored targetHash is not 64 hex digits",
        ));
        return;
    };
    let steps: Vec<&Value> = match proof {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a.iter().collect(),
        Some(_) => {
            out.problems.push(problem(
                "malformed proof",
                "the Merkle proof is not an array",
            ));
            return;
        }
    };
    let mut node = target;
    let mut hashes = vec![hex::encode(node)];
    for (i, step) in steps.iter().enumerate() {
        let Some(sibling) = hex32(step) else {
            out.problems.push(problem(
                "malformed proof",
                format!("Merkle proof element {i} is not 64 hex digits"),
            ));
            return;
        };
        let (a, b) = if node <= sibling {
            (node, sibling)
        } else {
            (sibling, node)
        };
        node = keccak(&[a, b].concat());
        hashes.push(hex::encode(node));
    }
    if node != *root {
        out.problems.push(problem(
            "Merkle proof mismatch",
            format!(
                "the proof ({} element(s)) leads to {}, not to merkleRoot {}",
                steps.len(),
                hex::encode(node),
                hex::encode(root)
            ),
        ));
        return;
    }
    if hashes.last() != Some(&hex::encode(root)) {
        hashes.push(hex::encode(root));
    }
    out.hashes = hashes;
}

fn target_hash_check(stored: Option<&Value>, out: &mut Checked) {
    let computed = out.target_hash.clone();
    let stored = stored.and_then(|s| s.as_str()).unwrap_or("");
    if computed != stored {
        out.problems.push(problem(
            "target hash mismatch",
            format!(
                "target hash mismatch: the document hashes to {computed}, its signature says {stored} (oa-verify: DOCUMENT_TAMPERED)"
            ),
        ));
    }
}

/// The obfuscated hashes: an array of strings (or absent).
fn obfuscated_list(v: Option<&Value>, name: &str) -> Result<Vec<String>, Problem> {
    match v {
        None => Ok(vec![]),
        Some(Value::Array(a)) => a
            .iter()
            .map(|h| {
                h.as_str().map(String::from).ok_or_else(|| {
                    problem(
                        "malformed obfuscation",
                        format!("{name} holds a {h} that is not a string"),
                    )
                })
            })
            .collect(),
        Some(other) => Err(problem(
            "malformed obfuscation",
            format!("{name} is {}, not an array", excerpt(&other.to_string())),
        )),
    }
}

/// keccak256 of the JSON array of the sorted hashes.
fn digest(mut hashes: Vec<String>) -> String {
    js::sort_strings(&mut hashes);
    keccak_hex(
        serde_json::to_string(&hashes)
            .unwrap_or_default()
            .as_bytes(),
    )
}

// ---------------------------------------------------------------------------------------- v2

/// `flat`'s flattening: `output[path] = leaf` (a later duplicate path overwrites the earlier).
fn flatten_v2(
    entries: Vec<(String, &Value)>,
    prefix: &str,
    out: &mut Map<String, Value>,
) -> Result<(), Problem> {
    for (k, x) in entries {
        if k.contains('.') {
            return Err(problem(
                "unverifiable key",
                format!(
                    "key `{k}` contains `.`, which OpenAttestation refuses to flatten (it throws)"
                ),
            ));
        }
        let path = if prefix.is_empty() {
            k
        } else {
            format!("{prefix}.{k}")
        };
        match x {
            Value::Object(m) if !m.is_empty() => {
                flatten_v2(m.iter().map(|(k, v)| (k.clone(), v)).collect(), &path, out)?
            }
            Value::Array(a) if !a.is_empty() => flatten_v2(
                a.iter()
                    .enumerate()
                    .map(|(i, v)| (i.to_string(), v))
                    .collect(),
                &path,
                out,
            )?,
            leaf => {
                if path == "__proto__" {
                    return Err(problem(
                        "unverifiable key",
                        "a leaf at `__proto__`: JavaScript drops it from the flattened data, so the hash would not cover it",
                    ));
                }
                out.insert(path, leaf.clone());
            }
        }
    }
    Ok(())
}

/// A salted v2 leaf without its salt and type tag (`"uuid:number:5000"` → 5000).
fn unsalted(leaf: &Value) -> Value {
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
                .map(Value::Number)
                .unwrap_or_else(|| value.into()),
            "boolean" => Value::Bool(value == "true"),
            "null" | "undefined" => Value::Null,
            _ => value.into(),
        },
        _ => leaf.clone(),
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn check_v2(obj: &Map<String, Value>) -> Checked {
    let mut out = Checked {
        version: "2.0".into(),
        ..Default::default()
    };
    let signature = obj.get("signature").cloned().unwrap_or(Value::Null);
    out.merkle_root = signature
        .get("merkleRoot")
        .map(|m| m.as_str().map_or_else(|| m.to_string(), String::from))
        .unwrap_or_default();
    let root = match merkle_root(signature.get("merkleRoot")) {
        Ok(r) => r,
        Err(p) => {
            out.problems.push(p);
            return out;
        }
    };
    let data = obj.get("data").cloned().unwrap_or(Value::Null);
    let Some(data_obj) = data.as_object() else {
        out.problems
            .push(problem("malformed data", "`data` is not an object"));
        return out;
    };
    let mut flat = Map::new();
    if let Err(p) = flatten_v2(
        data_obj.iter().map(|(k, v)| (k.clone(), v)).collect(),
        "",
        &mut flat,
    ) {
        out.problems.push(p);
        return out;
    }
    let hidden = match obfuscated_list(
        obj.get("privacy").and_then(|p| p.get("obfuscatedData")),
        "privacy.obfuscatedData",
    ) {
        Ok(h) => h,
        Err(p) => {
            out.problems.push(p);
            return out;
        }
    };
    let mut hashes: Vec<String> = flat
        .iter()
        .map(|(path, leaf)| {
            keccak_hex(format!("{{{}:{}}}", js::string(path), js::stringify_leaf(leaf)).as_bytes())
        })
        .collect();
    out.leaves = hashes.len();
    out.obfuscated = hidden.len();
    hashes.extend(hidden);
    out.target_hash = digest(hashes);
    target_hash_check(signature.get("targetHash"), &mut out);
    fold_proof(
        signature.get("targetHash"),
        signature.get("proof"),
        &root,
        &mut out,
    );
    out.fields = flat.iter().map(|(p, v)| (p.clone(), unsalted(v))).collect();
    issuance_v2(obj, &data, &root, &mut out);
    out
}

fn issuance_v2(obj: &Map<String, Value>, data: &Value, root: &[u8; 32], out: &mut Checked) {
    let get = |v: &Value, path: &[&str]| -> Option<String> {
        let mut at = v;
        for p in path {
            at = at.get(p)?;
        }
        match unsalted(at) {
            Value::String(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    };
    out.issuance.network = data.get("network").map(|n| {
        let mut plain = Map::new();
        if let Some(m) = n.as_object() {
            for (k, v) in m {
                plain.insert(k.clone(), unsalted(v));
            }
        }
        Value::Object(plain)
    });
    let issuers: Vec<&Value> = match data.get("issuers") {
        Some(Value::Array(a)) if !a.is_empty() => a.iter().collect(),
        _ => {
            out.problems.push(problem(
                "UNRECOGNIZED_DOCUMENT",
                "`data.issuers` is not a non-empty array, which the v2 schema requires",
            ));
            return;
        }
    };
    let did_signed = obj
        .get("proof")
        .and_then(|p| p.as_array())
        .is_some_and(|p| {
            p.iter().any(|x| {
                x.get("type").and_then(|t| t.as_str()) == Some("OpenAttestationSignature2018")
            })
        });
    if did_signed {
        out.issuance.method = "DID".into();
        let proofs = obj
            .get("proof")
            .and_then(|p| p.as_array())
            .cloned()
            .unwrap_or_default();
        for (i, issuer) in issuers.iter().enumerate() {
            let identity = get(issuer, &["identityProof", "type"]).unwrap_or_default();
            if identity != "DID" && identity != "DNS-DID" {
                out.problems.push(problem(
                    "INVALID_ISSUERS",
                    format!("issuer {i}'s identityProof type is `{identity}`: every issuer of a DID-signed document must use DID or DNS-DID"),
                ));
                continue;
            }
            let revocation = get(issuer, &["revocation", "type"]);
            let location = get(issuer, &["revocation", "location"]);
            let did = get(issuer, &["id"]).unwrap_or_default();
            let key = get(issuer, &["identityProof", "key"]).unwrap_or_default();
            let signature = proofs
                .iter()
                .find(|p| {
                    p.get("verificationMethod")
                        .and_then(|m| m.as_str())
                        .is_some_and(|m| !key.is_empty() && m.eq_ignore_ascii_case(&key))
                })
                .and_then(|p| p.get("signature"))
                .and_then(|s| s.as_str());
            did_issuance(i, &did, &key, signature, root, out);
            if identity == "DNS-DID" {
                let at = get(issuer, &["identityProof", "location"]).unwrap_or_default();
                out.notes.push(format!(
                    "identity: DNS-DID at {at} not checked offline (needs DNS)"
                ));
            }
            revocation_block(i, revocation.as_deref(), location, out);
        }
        return;
    }
    let mut stores = Vec::new();
    let mut registries = Vec::new();
    for issuer in &issuers {
        if let Some(s) =
            get(issuer, &["documentStore"]).or_else(|| get(issuer, &["certificateStore"]))
        {
            stores.push(s.to_lowercase());
        } else if let Some(r) = get(issuer, &["tokenRegistry"]) {
            registries.push(r.to_lowercase());
        }
        if let Some(t) = get(issuer, &["identityProof", "type"]) {
            let at = get(issuer, &["identityProof", "location"]).unwrap_or_default();
            out.notes.push(format!(
                "identity: {t} at {at} not checked offline (needs DNS)"
            ));
        }
    }
    if !stores.is_empty() && registries.is_empty() && stores.len() == issuers.len() {
        out.issuance.method = "DOCUMENT_STORE".into();
        out.issuance.revocation_stores = stores.clone();
        out.issuance.stores = stores;
    } else if !registries.is_empty()
        && stores.is_empty()
        && registries.len() == 1
        && issuers.len() == 1
    {
        out.issuance.method = "TOKEN_REGISTRY".into();
        out.issuance.stores = registries;
    } else {
        out.problems.push(problem(
            "UNRECOGNIZED_DOCUMENT",
            "the issuers name no single issuance method (a documentStore/certificateStore for every issuer, one tokenRegistry, or a DID signature): nothing could show the document was issued",
        ));
    }
}

/// A DID issuer's signature over the root.
fn did_issuance(
    i: usize,
    did: &str,
    key: &str,
    signature: Option<&str>,
    root: &[u8; 32],
    out: &mut Checked,
) {
    if did.is_empty() {
        out.problems.push(problem(
            "DID_MISSING",
            format!("issuer {i} has no id (its DID)"),
        ));
        return;
    }
    if key.is_empty() {
        out.problems.push(problem(
            "MALFORMED_IDENTITY_PROOF",
            format!("issuer {i} ({did}) names no key"),
        ));
        return;
    }
    let Some(signature) = signature else {
        out.problems.push(problem(
            "CORRESPONDING_PROOF_MISSING",
            format!("no signature by {key} on the document"),
        ));
        return;
    };
    match did::verify(did, key, signature, root) {
        Ok(address) => {
            out.notes.push(format!(
                "issuance: merkleRoot signed by {address} = {did} (signature checked offline; default did:ethr document assumed: controller = that address, no on-chain key changes)"
            ));
            out.issuance.signers.push(address);
        }
        Err((name, detail)) => out.problems.push(problem(name, detail)),
    }
}

/// The revocation block of a DID issuer (v2 issuers, v3 metadata).
fn revocation_block(i: usize, kind: Option<&str>, location: Option<String>, out: &mut Checked) {
    match kind {
        None => out.problems.push(problem(
            "UNRECOGNIZED_DOCUMENT",
            format!("issuer {i} is a DID issuer without a `revocation` block, which the OpenAttestation schema requires (oa-verify: UNRECOGNIZED_DOCUMENT)"),
        )),
        Some("NONE") => out.notes.push("revocation: NONE declared".into()),
        Some("REVOCATION_STORE") => match location {
            Some(l) => out.issuance.revocation_stores.push(l.to_lowercase()),
            None => out.problems.push(problem(
                "REVOCATION_LOCATION_MISSING",
                format!("issuer {i}'s REVOCATION_STORE names no location"),
            )),
        },
        Some("OCSP_RESPONDER") => out.notes.push(format!(
            "revocation: OCSP responder {} not checked offline (needs the network)",
            location.unwrap_or_default()
        )),
        Some(other) => out.problems.push(problem(
            "UNRECOGNIZED_REVOCATION_TYPE",
            format!("issuer {i}'s revocation type `{}` is unknown", excerpt(other)),
        )),
    }
}

// ------------------------------------------------------------------------------------- v3/v4

#[derive(Clone, Copy, PartialEq, Eq)]
enum Salted {
    V3,
    V4,
}

/// Keys OpenAttestation v3 refuses when it re-salts a document to count its leaves.
fn illegal_key(v: &Value) -> Option<String> {
    match v {
        Value::Object(m) => m.iter().find_map(|(k, x)| {
            if k.contains(['.', '[', ']']) {
                Some(k.clone())
            } else {
                illegal_key(x)
            }
        }),
        Value::Array(a) => a.iter().find_map(illegal_key),
        _ => None,
    }
}

/// The leaves of a credential as (path, value): v3 counts scalars only; v4 also takes empty
/// objects and arrays as leaves.
fn leaves(v: &Value, path: &str, empty_is_leaf: bool, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Array(a) if !a.is_empty() => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| leaves(x, &format!("{path}[{i}]"), empty_is_leaf, out)),
        Value::Object(m) if !m.is_empty() => m.iter().for_each(|(k, x)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            leaves(x, &p, empty_is_leaf, out)
        }),
        Value::Array(_) | Value::Object(_) => {
            if empty_is_leaf {
                out.push((path.to_string(), v.clone()))
            }
        }
        scalar => out.push((path.to_string(), scalar.clone())),
    }
}

/// `proof.salts`: base64 of a JSON array of `{value, path}`, each value 64 characters.
fn salts(v: Option<&Value>) -> Result<Vec<(String, String)>, Problem> {
    let text = v
        .and_then(|s| s.as_str())
        .ok_or_else(|| problem("malformed salts", "proof.salts is not a string"))?;
    let json = js::base64_utf8(text).map_err(|js::Unsure(why)| problem("malformed salts", why))?;
    let list: Value = serde_json::from_str(&json).map_err(|e| {
        problem(
            "malformed salts",
            format!("decoded salts are not JSON: {e}"),
        )
    })?;
    let Some(list) = list.as_array() else {
        return Err(problem("malformed salts", "decoded salts are not an array"));
    };
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            let value = s.get("value").and_then(|v| v.as_str());
            let path = s.get("path").and_then(|v| v.as_str());
            match (value, path) {
                (Some(v), Some(p)) if v.encode_utf16().count() == 64 => {
                    Ok((v.to_string(), p.to_string()))
                }
                (Some(v), Some(_)) => Err(problem(
                    "malformed salts",
                    format!("salt {i} has {} characters; OpenAttestation requires 32 bytes (64 hex characters)", v.encode_utf16().count()),
                )),
                _ => Err(problem(
                    "malformed salts",
                    format!("salt {i} is not {{value: string, path: string}}"),
                )),
            }
        })
        .collect()
}

fn v4_type(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "array",
        Value::Null => "null",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Object(_) => "object",
        Value::Bool(_) => "boolean",
    }
}

fn check_salted(obj: &Map<String, Value>, proof: &Map<String, Value>, kind: Salted) -> Checked {
    let mut out = Checked {
        version: if kind == Salted::V3 { "3.0" } else { "4.0" }.into(),
        ..Default::default()
    };
    out.merkle_root = proof
        .get("merkleRoot")
        .map(|m| m.as_str().map_or_else(|| m.to_string(), String::from))
        .unwrap_or_default();
    let root = match merkle_root(proof.get("merkleRoot")) {
        Ok(r) => r,
        Err(p) => {
            out.problems.push(p);
            return out;
        }
    };
    let body: Map<String, Value> = obj
        .iter()
        .filter(|(k, _)| k.as_str() != "proof")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let body = Value::Object(body);
    let mut visible = Vec::new();
    // an empty credential has no leaves (v4 would otherwise take `{}` itself as one)
    if body.as_object().is_some_and(|m| !m.is_empty()) {
        leaves(&body, "", kind == Salted::V4, &mut visible);
    }
    out.fields = visible.iter().cloned().collect();
    if let Err(p) = salted_digest(&body, proof, kind, &visible, &mut out) {
        out.problems.push(p);
    }
    fold_proof(
        proof.get("targetHash"),
        proof.get("proofs"),
        &root,
        &mut out,
    );
    out.issuance.network = obj.get("network").cloned();
    issuance_salted(obj, proof, kind, &root, &mut out);
    out
}

fn salted_digest(
    body: &Value,
    proof: &Map<String, Value>,
    kind: Salted,
    visible: &[(String, Value)],
    out: &mut Checked,
) -> Result<(), Problem> {
    if kind == Salted::V3 {
        if let Some(k) = illegal_key(body) {
            return Err(problem(
                "unverifiable key",
                format!("key `{k}` contains `.`, `[` or `]`, which OpenAttestation v3 refuses (it throws)"),
            ));
        }
    }
    let salts = salts(proof.get("salts"))?;
    let hidden = obfuscated_list(
        proof.get("privacy").and_then(|p| p.get("obfuscated")),
        "proof.privacy.obfuscated",
    )?;
    if proof
        .get("privacy")
        .and_then(|p| p.get("obfuscated"))
        .is_none()
    {
        return Err(problem(
            "malformed obfuscation",
            "proof.privacy.obfuscated is missing (OpenAttestation reads it unconditionally)",
        ));
    }
    let mut hashes = Vec::new();
    match kind {
        Salted::V3 => {
            if visible.len() != salts.len() {
                out.problems.push(problem(
                    "salt count mismatch",
                    format!(
                        "{} visible leaves but {} salts: a field was added or removed (oa-verify: DOCUMENT_TAMPERED)",
                        visible.len(),
                        salts.len()
                    ),
                ));
            }
            for (salt, path) in &salts {
                let value = js::get(body, path)
                    .map_err(|js::Unsure(why)| problem("unverifiable salt path", why))?;
                if let Some(value) = value {
                    let text = format!("{salt}:{}", js::to_string(value));
                    hashes.push(keccak_hex(js::single(path, &text).as_bytes()));
                }
            }
        }
        Salted::V4 => {
            let by_path: std::collections::HashMap<&str, &str> = salts
                .iter()
                .map(|(v, p)| (p.as_str(), v.as_str()))
                .collect();
            for (path, value) in visible {
                let Some(salt) = by_path.get(path.as_str()) else {
                    return Err(problem(
                        "salt missing",
                        format!("the visible leaf `{path}` has no salt: it was added after wrapping (OpenAttestation: SaltNotFoundError)"),
                    ));
                };
                let text = format!("{salt}:{}:{}", v4_type(value), js::to_string(value));
                hashes.push(keccak_hex(js::single(path, &text).as_bytes()));
            }
        }
    }
    out.leaves = hashes.len();
    out.obfuscated = hidden.len();
    hashes.extend(hidden);
    out.target_hash = digest(hashes);
    target_hash_check(proof.get("targetHash"), out);
    Ok(())
}

fn issuance_salted(
    obj: &Map<String, Value>,
    proof: &Map<String, Value>,
    kind: Salted,
    root: &[u8; 32],
    out: &mut Checked,
) {
    let key = text_of(proof.get("key")).unwrap_or_default();
    let signature = proof.get("signature").and_then(|s| s.as_str());
    if kind == Salted::V4 {
        let issuer = obj.get("issuer");
        let did = text_of(issuer.and_then(|i| i.get("id")))
            .or_else(|| text_of(issuer))
            .unwrap_or_default();
        out.issuance.method = "DID".into();
        did_issuance(0, &did, &key, signature, root, out);
        if let Some(idp) = issuer.and_then(|i| i.get("identityProof")) {
            let t = text_of(idp.get("identityProofType")).unwrap_or_default();
            let at = text_of(idp.get("identifier")).unwrap_or_default();
            out.notes.push(format!(
                "identity: {t} at {at} not checked offline (needs DNS)"
            ));
        }
        match obj.get("credentialStatus") {
            None => out
                .notes
                .push("revocation: none declared (no credentialStatus)".into()),
            Some(s) => out.notes.push(format!(
                "revocation: credentialStatus {} not checked offline",
                s.get("type").map(|t| t.to_string()).unwrap_or_default()
            )),
        }
        return;
    }
    let meta = obj
        .get("openAttestationMetadata")
        .and_then(|m| m.get("proof"));
    let method = meta
        .and_then(|m| text_of(m.get("method")))
        .unwrap_or_default();
    let value = meta
        .and_then(|m| text_of(m.get("value")))
        .unwrap_or_default();
    if let Some(idp) = obj
        .get("openAttestationMetadata")
        .and_then(|m| m.get("identityProof"))
    {
        let t = text_of(idp.get("type")).unwrap_or_default();
        if t != "DID" {
            let at = text_of(idp.get("identifier")).unwrap_or_default();
            out.notes.push(format!(
                "identity: {t} at {at} not checked offline (needs DNS)"
            ));
        }
    }
    match method.as_str() {
        "DID" => {
            out.issuance.method = "DID".into();
            did_issuance(0, &value, &key, signature, root, out);
            let revocation = meta.and_then(|m| m.get("revocation"));
            revocation_block(
                0,
                revocation.and_then(|r| r.get("type")).and_then(|t| t.as_str()),
                revocation.and_then(|r| text_of(r.get("location"))),
                out,
            );
        }
        "DOCUMENT_STORE" if !value.is_empty() => {
            out.issuance.method = method.clone();
            out.issuance.stores = vec![value.to_lowercase()];
            out.issuance.revocation_stores = vec![value.to_lowercase()];
        }
        "TOKEN_REGISTRY" if !value.is_empty() => {
            out.issuance.method = method.clone();
            out.issuance.stores = vec![value.to_lowercase()];
        }
        _ => out.problems.push(problem(
            "UNRECOGNIZED_DOCUMENT",
            format!("openAttestationMetadata.proof names method `{}` with value `{}`: not DID, DOCUMENT_STORE or TOKEN_REGISTRY", excerpt(&method.to_string()), excerpt(&value.to_string())),
        )),
    }
}
