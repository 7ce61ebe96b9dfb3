//! OpenAttestation / TradeTrust documents: every fixture in
//! `../shared/data/ledger/openattestation/` gets the verdict SOURCES.md gives it (oa-verify's,
//! where it checks offline), documents edited in each way a forger would are caught, hostile
//! input never panics, and issuance is matched against a loaded chain.

use crate::support::{shared_data, stdout_of, Scratch};
use clearway::ledger::openattestation::{self, Checked};
use clearway::ledger::read::{self, builtin_events};
use clearway::ledger::LedgerFormat;

const DIR: &str = "ledger/openattestation";

/// Each document of a file as the loader reads it: (problem names, details) per document.
fn verdicts(bytes: &[u8]) -> Vec<(Vec<String>, Vec<String>)> {
    assert_eq!(
        read::detect(bytes),
        Some(LedgerFormat::Openattestation),
        "not detected as OpenAttestation"
    );
    let parsed = read::parse(
        LedgerFormat::Openattestation,
        bytes,
        None,
        &builtin_events(),
    )
    .expect("reads");
    assert!(parsed.rejects.is_empty(), "{:?}", parsed.rejects);
    parsed
        .blocks
        .iter()
        .map(|b| {
            assert_eq!(b.verified, b.problems.is_empty());
            (b.problems.clone(), b.details.clone())
        })
        .collect()
}

fn checked(value: &serde_json::Value) -> Checked {
    openattestation::check(value).expect("an OpenAttestation document")
}

fn fixture(name: &str) -> Option<(Vec<u8>, serde_json::Value)> {
    let path = shared_data(&format!("{DIR}/{name}"))?;
    let bytes = std::fs::read(&path).unwrap();
    let value = serde_json::from_slice(&bytes).unwrap();
    Some((bytes, value))
}

/// (file, version, problems expected, recomputed target hash (prefix), leaves, obfuscated,
/// merkleRoot the proof leads to (prefix, empty when it must not), issuance method, signer)
type Expected = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    usize,
    usize,
    &'static str,
    &'static str,
    &'static str,
);

const EXPECTED: &[Expected] = &[
    (
        "oa_v2_cnm_sepolia_valid.json",
        "2.0",
        &[],
        "105d3543d5f7575081a231e822d9e24284656d5d8894b52478edf8f0b3ab3435",
        23,
        0,
        "105d3543",
        "DOCUMENT_STORE",
        "",
    ),
    (
        "oa_v2_seab_transcript_valid.json",
        "2.0",
        &[],
        "85df2b4e905a82cf10c317df8f4b659b5cf38cc12bd5fbaffba5fc901ef0011b",
        21,
        0,
        "85df2b4e",
        "DOCUMENT_STORE",
        "",
    ),
    (
        "oa_v2_seab_transcript_tampered_invalid.json",
        "2.0",
        &["target hash mismatch"],
        "650dc8099cb5e06b46fa66114a5ce62b745365eb788bdd475c11cb64ee61677b",
        21,
        0,
        "85df2b4e",
        "DOCUMENT_STORE",
        "",
    ),
    (
        "oa_v2_opencerts_batched_obfuscated_valid.json",
        "2.0",
        &[],
        "5b5ed60a40d445c58ffa21e73d11a98acc04be538ab9729da5066f75f0eaddb4",
        7,
        3,
        "1a040999254caaf7a33cba67ec6a9b862da1dacf8a0d1e3bb76347060fc615d6",
        "DOCUMENT_STORE",
        "",
    ),
    (
        "oa_v2_invoice_obfuscated_sepolia_valid.json",
        "2.0",
        &[],
        "c81081ac6c02930ddd6342da129c18cd7e053a883f17301ce0ae85875a185f8f",
        26,
        2,
        "c81081ac",
        "DOCUMENT_STORE",
        "",
    ),
    (
        "oa_v2_cnm_merkleroot_truncated_invalid.json",
        "2.0",
        &["malformed merkleRoot"],
        "",
        0,
        0,
        "",
        "",
        "",
    ),
    (
        "oa_v2_cnm_did_signed_batched_valid.json",
        "2.0",
        &[],
        "ff892056d1397e1146b625ac40d77bb4c5c3b47e22858729a65197fd5e89e683",
        25,
        0,
        "3752f29527952e7ccc6bf4da614d80f2fec9e5bd8b71adf10beb4e6763e6c233",
        "DID",
        "0x1245e5B64D785b25057f7438F715f4aA5D965733",
    ),
    (
        "oa_v2_cnm_dnsdid_signed_batched_valid.json",
        "2.0",
        &[],
        "a428e123d99b68a76228f8d5255e27e9d158147767ad3e54e9ef2fe117a2b446",
        0,
        0,
        "3752f29527952e7ccc6bf4da614d80f2fec9e5bd8b71adf10beb4e6763e6c233",
        "DID",
        "0x1245e5B64D785b25057f7438F715f4aA5D965733",
    ),
    (
        "oa_v2_cnm_did_wrong_signature_invalid.json",
        "2.0",
        &["WRONG_SIGNATURE"],
        "cce7bd33bd80b746b71e943e23ddc88fcb99c9011becdd1b4d8b7ab9567d2adb",
        0,
        0,
        "cce7bd33",
        "DID",
        "",
    ),
    (
        "oa_v2_cnm_did_obfuscated_revocation_error.json",
        "2.0",
        &["UNRECOGNIZED_DOCUMENT"],
        "cce7bd33bd80b746b71e943e23ddc88fcb99c9011becdd1b4d8b7ab9567d2adb",
        0,
        1,
        "cce7bd33",
        "DID",
        "0xE712878f6E8d5d4F9e87E10DA604F9cB564C9a89",
    ),
    (
        "oa_v2_cnm_tokenregistry_sepolia_valid.json",
        "2.0",
        &[],
        "de08643a0b7504329f0024174ac7fbb297876a52437aae8190bdbca794f9d96b",
        0,
        0,
        "de08643a",
        "TOKEN_REGISTRY",
        "",
    ),
    (
        "oa_v2_obfuscated_empty_object_trap.json",
        "2.0",
        &["target hash mismatch"],
        "49dd131b169df495560bcdf7e27965339883b83eef85240115abb1c1751055f1",
        0,
        1,
        "c5d53262",
        "DOCUMENT_STORE",
        "",
    ),
    (
        "oa_v2_not_obfuscated_wrapped.json",
        "2.0",
        &[],
        "c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692",
        8,
        0,
        "c5d53262",
        "DOCUMENT_STORE",
        "",
    ),
    (
        "oa_v3_did_signed_batched_valid.json",
        "3.0",
        &[],
        "82f51d6eb620e4264dff0ac2b9d99a965a88ff51e46192bb4808ea969ee67402",
        32,
        0,
        "f43045b0c57072a044e810b798e32b8c1de1d0d0c5774d55c8eed1f3fdec6438",
        "DID",
        "0x1245e5B64D785b25057f7438F715f4aA5D965733",
    ),
    (
        "oa_v3_documentstore_issued_valid.json",
        "3.0",
        &[],
        "fe8feb9ba13dcf24f8c0258b3d120aa742adacbb633cacc0cc95479d983988ef",
        31,
        0,
        "fe8feb9b",
        "DOCUMENT_STORE",
        "",
    ),
    (
        "oa_v3_documentstore_tampered_invalid.json",
        "3.0",
        &["salt count mismatch", "target hash mismatch"],
        "bbb165e8",
        0,
        0,
        "fe8feb9b",
        "DOCUMENT_STORE",
        "",
    ),
    (
        "oa_v3_obfuscated_valid.json",
        "3.0",
        &[],
        "797faecb7662eca4e73a82c25a2387d57acd666354c228291fcd664e6aaeb1ba",
        18,
        1,
        "797faecb",
        "DOCUMENT_STORE",
        "",
    ),
    (
        "oa_v4_did_signed_valid.json",
        "4.0",
        &[],
        "0b1f90bc8e87cfce8ec49cea60d406291ad130ddedc26e866a8c4f2152747abc",
        23,
        0,
        "0b1f90bc",
        "DID",
        "0xB26B4941941C51a4885E5B7D3A1B861E54405f90",
    ),
    (
        "oa_v4_did_signed_obfuscated_valid.json",
        "4.0",
        &[],
        "0b1f90bc8e87cfce8ec49cea60d406291ad130ddedc26e866a8c4f2152747abc",
        22,
        1,
        "0b1f90bc",
        "DID",
        "0xB26B4941941C51a4885E5B7D3A1B861E54405f90",
    ),
    (
        "oa_v4_did_signed_tampered_invalid.json",
        "4.0",
        &["target hash mismatch"],
        "0b7aeb03",
        23,
        0,
        "0b1f90bc",
        "DID",
        "0xB26B4941941C51a4885E5B7D3A1B861E54405f90",
    ),
    (
        "tradetrust_v2_cnm_did_signed_valid.json",
        "2.0",
        &[],
        "cce7bd33bd80b746b71e943e23ddc88fcb99c9011becdd1b4d8b7ab9567d2adb",
        0,
        0,
        "cce7bd33",
        "DID",
        "0xE712878f6E8d5d4F9e87E10DA604F9cB564C9a89",
    ),
    (
        "tradetrust_v2_ebl_withoutnetwork.json",
        "2.0",
        &[],
        "a0bf0f3823a8857d068740c6f936eeab2de0516161924f84fe4c1ef6061732d2",
        14,
        0,
        "a0bf0f38",
        "TOKEN_REGISTRY",
        "",
    ),
    (
        "tradetrust_v3_ebl.json",
        "3.0",
        &[],
        "d781801b86ed7bf603c5c6584bd50abab4e59e9c404ee18f3d12f191fea28133",
        34,
        0,
        "d781801b",
        "TOKEN_REGISTRY",
        "",
    ),
    (
        "tradetrust_w3c_vc2_bl_ecdsa_sd_signed.json",
        "unsupported",
        &["unsupported format"],
        "",
        0,
        0,
        "",
        "",
        "",
    ),
];

#[test]
fn every_fixture_gets_the_verdict_sources_md_gives_it() {
    let mut seen = Vec::new();
    for &(file, version, problems, target, leaves, obfuscated, root, method, signer) in EXPECTED {
        let Some((bytes, value)) = fixture(file) else {
            continue;
        };
        seen.push(file);
        let docs = verdicts(&bytes);
        assert_eq!(docs.len(), 1, "{file}");
        assert_eq!(docs[0].0, problems, "{file}: {:?}", docs[0].1);
        let c = checked(&value);
        assert_eq!(c.version, version, "{file}");
        assert!(
            c.target_hash.starts_with(target),
            "{file}: {}",
            c.target_hash
        );
        assert_eq!(target.is_empty(), c.target_hash.is_empty(), "{file}");
        if leaves > 0 {
            assert_eq!(c.leaves, leaves, "{file}");
        }
        assert_eq!(c.obfuscated, obfuscated, "{file}");
        match root {
            "" => assert!(c.hashes.is_empty(), "{file}"),
            r => assert!(
                c.hashes.last().is_some_and(|h| h.starts_with(r)),
                "{file}: {:?}",
                c.hashes
            ),
        }
        assert_eq!(c.issuance.method, method, "{file}");
        if !signer.is_empty() {
            assert_eq!(c.issuance.signers, [signer], "{file}");
        }
    }
    // the v4 batch: a JSON array of two credentials, each the other's proof
    if let Some((bytes, value)) = fixture("oa_v4_did_signed_batched_valid.json") {
        seen.push("oa_v4_did_signed_batched_valid.json");
        let docs = verdicts(&bytes);
        assert_eq!(docs.len(), 2);
        assert!(docs.iter().all(|d| d.0.is_empty()), "{docs:?}");
        let targets: Vec<String> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let c = checked(d);
                assert!(c.hashes.last().unwrap().starts_with("aad2420d57f9250a"));
                c.target_hash[..8].to_string()
            })
            .collect();
        assert_eq!(targets, ["d744b98a", "63edb5b6"]);
    }
    // every file in the folder has its verdict here
    if let Some(dir) = shared_data(DIR) {
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        files.sort();
        seen.sort();
        assert_eq!(files, seen);
    }
}

#[test]
fn named_verdicts_say_what_oa_verify_says() {
    let detail = |file: &str, name: &str| -> Option<String> {
        let (bytes, _) = fixture(file)?;
        let docs = verdicts(&bytes);
        let i = docs[0].0.iter().position(|p| p == name).expect(name);
        Some(docs[0].1[i].clone())
    };
    if let Some(d) = detail(
        "oa_v2_cnm_did_wrong_signature_invalid.json",
        "WRONG_SIGNATURE",
    ) {
        assert_eq!(
            d,
            "merkle root is not signed correctly by 0xE712878f6E8d5d4F9e87E10DA604F9cB564C9a89 (the signature recovers 0xcebdb5AB3aeF3d38e85DEC35Ebe2FA97B4C6933E)"
        );
    }
    if let Some(d) = detail(
        "oa_v2_cnm_merkleroot_truncated_invalid.json",
        "malformed merkleRoot",
    ) {
        assert!(
            d.contains("(62 characters)") && d.contains("nothing else was checked"),
            "{d}"
        );
    }
    if let Some(d) = detail(
        "tradetrust_w3c_vc2_bl_ecdsa_sd_signed.json",
        "unsupported format",
    ) {
        assert!(
            d.contains("DataIntegrityProof (ecdsa-sd-2023)") && d.contains("unverifiable offline"),
            "{d}"
        );
    }
    if let Some(d) = detail(
        "oa_v2_cnm_did_obfuscated_revocation_error.json",
        "UNRECOGNIZED_DOCUMENT",
    ) {
        assert!(d.contains("without a `revocation` block"), "{d}");
    }
    // what holds is said too: the signer and the assumption it rests on, what was not checked
    if let Some((bytes, _)) = fixture("oa_v2_cnm_dnsdid_signed_batched_valid.json") {
        let details = verdicts(&bytes)[0].1.join("\n");
        assert!(details.contains("merkleRoot signed by 0x1245e5B64D785b25057f7438F715f4aA5D965733 = did:ethr:0x1245e5B64D785b25057f7438F715f4aA5D965733 (signature checked offline; default did:ethr document assumed"), "{details}");
        assert!(
            details.contains("DNS-DID at demo-tradetrust.openattestation.com not checked offline"),
            "{details}"
        );
    }
}

/// The text of a fixture with one replacement, which must apply exactly once.
fn edited(file: &str, from: &str, to: &str) -> Option<Vec<u8>> {
    let (bytes, _) = fixture(file)?;
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{file}: {from}");
    Some(text.replacen(from, to, 1).into_bytes())
}

fn problems_of(bytes: &[u8]) -> Vec<String> {
    verdicts(bytes).remove(0).0
}

#[test]
fn a_signature_with_its_last_byte_changed_is_a_wrong_signature() {
    // the valid TradeTrust document signed with v = 0x1b; 0x1c recovers another key
    let Some((_, value)) = fixture("tradetrust_v2_cnm_did_signed_valid.json") else {
        return;
    };
    let signature = value["proof"][0]["signature"].as_str().unwrap().to_string();
    assert!(signature.ends_with("1b"));
    for last in ["1c", "00", "01"] {
        let forged = format!("{}{last}", &signature[..signature.len() - 2]);
        let bytes = edited(
            "tradetrust_v2_cnm_did_signed_valid.json",
            &signature,
            &forged,
        )
        .unwrap();
        let expected: &[&str] = if last == "00" {
            &[]
        } else {
            &["WRONG_SIGNATURE"]
        };
        // v = 0 is the recovery id of v = 27: ethers reads it as the same signature
        assert_eq!(problems_of(&bytes), expected, "v byte {last}");
    }
    // v3 and v4 signatures too
    for file in [
        "oa_v3_did_signed_batched_valid.json",
        "oa_v4_did_signed_valid.json",
    ] {
        let (_, value) = fixture(file).unwrap();
        let signature = value["proof"]["signature"].as_str().unwrap().to_string();
        let last = &signature[signature.len() - 2..];
        let flipped = if last == "1b" { "1c" } else { "1b" };
        let forged = format!("{}{flipped}", &signature[..signature.len() - 2]);
        let bytes = edited(file, &signature, &forged).unwrap();
        assert_eq!(problems_of(&bytes), ["WRONG_SIGNATURE"], "{file}");
    }
    // a signature by the right key over another root does not carry over: the sibling
    // document's signature is over the same batch root, but a lone document's is not
    let (_, other) = fixture("oa_v2_cnm_did_signed_batched_valid.json").unwrap();
    let foreign = other["proof"][0]["signature"].as_str().unwrap();
    let bytes = edited(
        "tradetrust_v2_cnm_did_signed_valid.json",
        &signature,
        foreign,
    )
    .unwrap();
    assert_eq!(problems_of(&bytes), ["WRONG_SIGNATURE"]);
}

#[test]
fn an_edited_leaf_fails_in_every_version() {
    // v2: a salted value; v3: a plain value; v4: the credential subject's name
    for (file, from, to) in [
        (
            "oa_v2_cnm_did_signed_batched_valid.json",
            ":string:5000\"",
            ":string:5001\"",
        ),
        (
            "oa_v3_did_signed_batched_valid.json",
            "\"SERIAL_NUMBER_123\"",
            "\"SERIAL_NUMBER_124\"",
        ),
        (
            "oa_v3_documentstore_issued_valid.json",
            "\"DEMO STORE\"",
            "\"DEMO STORE.\"",
        ),
        (
            "oa_v4_did_signed_valid.json",
            "\"John Doe\"",
            "\"Jane Doe\"",
        ),
        (
            "tradetrust_v3_ebl.json",
            "\"BILL_OF_LADING\"",
            "\"BILL_OF_LADING \"",
        ),
    ] {
        let Some(bytes) = edited(file, from, to) else {
            continue;
        };
        assert_eq!(problems_of(&bytes), ["target hash mismatch"], "{file}");
    }
    // a field added: v3 counts salts, v4 wants a salt for it, v2 hashes it
    for (file, from, to, problem) in [
        (
            "oa_v3_documentstore_issued_valid.json",
            "\"issuer\": {",
            "\"issuer\": {\"extra\": \"x\",",
            "salt count mismatch",
        ),
        (
            "oa_v4_did_signed_valid.json",
            "\"issuer\": {",
            "\"issuer\": {\"extra\": \"x\",",
            "salt missing",
        ),
        (
            "oa_v2_not_obfuscated_wrapped.json",
            "\"data\": {",
            "\"data\": {\"extra\": \"x\",",
            "target hash mismatch",
        ),
    ] {
        let Some(bytes) = edited(file, from, to) else {
            continue;
        };
        assert!(
            problems_of(&bytes).contains(&problem.to_string()),
            "{file}: {:?}",
            problems_of(&bytes)
        );
    }
}

#[test]
fn an_edited_obfuscation_fails() {
    // one obfuscated hash changed (a hidden field swapped for another)
    let Some((_, value)) = fixture("oa_v2_invoice_obfuscated_sepolia_valid.json") else {
        return;
    };
    let hidden = value["privacy"]["obfuscatedData"][0].as_str().unwrap();
    let other = format!("{}0", &hidden[..63]);
    let bytes = edited(
        "oa_v2_invoice_obfuscated_sepolia_valid.json",
        hidden,
        &other,
    )
    .unwrap();
    assert_eq!(problems_of(&bytes), ["target hash mismatch"]);
    // v3 / v4: the obfuscated hash dropped
    for (file, pointer) in [
        ("oa_v3_obfuscated_valid.json", "/proof/privacy/obfuscated/0"),
        (
            "oa_v4_did_signed_obfuscated_valid.json",
            "/proof/privacy/obfuscated/0",
        ),
    ] {
        let (_, value) = fixture(file).unwrap();
        let hash = value.pointer(pointer).unwrap().as_str().unwrap();
        let bytes = edited(file, &format!("\"{hash}\""), "").unwrap();
        assert_eq!(problems_of(&bytes), ["target hash mismatch"], "{file}");
    }
    // a field obfuscated the wrong way: removed without its hash recorded
    let bytes = edited(
        "oa_v2_not_obfuscated_wrapped.json",
        "\"name\": \"d722d892-03c5-479d-af14-e4e7c6a4b822:string:Demo Issuer\",",
        "",
    )
    .unwrap();
    assert_eq!(problems_of(&bytes), ["target hash mismatch"]);
}

#[test]
fn an_empty_object_left_behind_is_a_leaf() {
    // the trap: `"recipient": {}` is hashed, so the document does not verify...
    let Some((bytes, value)) = fixture("oa_v2_obfuscated_empty_object_trap.json") else {
        return;
    };
    assert_eq!(problems_of(&bytes), ["target hash mismatch"]);
    // ...and deleting the key makes it match, as SOURCES.md says
    let mut fixed = value.clone();
    fixed["data"].as_object_mut().unwrap().remove("recipient");
    let c = checked(&fixed);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    assert_eq!(
        c.target_hash,
        "c5d53262962b192c5c977f2252acd4862f41cc1ccce7e87c5b406905a2726692"
    );
}

#[test]
fn malformed_roots_and_proofs_are_refused_by_name() {
    let Some((_, value)) = fixture("oa_v2_opencerts_batched_obfuscated_valid.json") else {
        return;
    };
    let root = value["signature"]["merkleRoot"]
        .as_str()
        .unwrap()
        .to_string();
    for bad in [
        format!("0x{root}"),
        root[..62].to_string(),
        format!("{}zz", &root[..62]),
        String::new(),
    ] {
        let mut v = value.clone();
        v["signature"]["merkleRoot"] = serde_json::json!(bad);
        let c = checked(&v);
        assert_eq!(c.problems.len(), 1, "{bad}");
        assert_eq!(c.problems[0].name, "malformed merkleRoot");
        assert!(
            c.target_hash.is_empty(),
            "nothing is hashed before the root is known good"
        );
    }
    let mut v = value.clone();
    v["signature"]["proof"][1] = serde_json::json!("0x1234");
    assert_eq!(checked(&v).problems[0].name, "malformed proof");
    // proof elements in another order lead elsewhere
    let mut v = value.clone();
    let proof = v["signature"]["proof"].as_array_mut().unwrap();
    proof.swap(0, 2);
    assert_eq!(checked(&v).problems[0].name, "Merkle proof mismatch");
}

#[test]
fn javascript_edge_cases_are_refused_not_guessed() {
    let Some((_, value)) = fixture("oa_v2_not_obfuscated_wrapped.json") else {
        return;
    };
    // a key with `.` (OpenAttestation throws), a `__proto__` leaf (JavaScript drops it)
    for (key, name) in [
        ("a.b", "unverifiable key"),
        ("__proto__", "unverifiable key"),
    ] {
        let mut v = value.clone();
        v["data"][key] = serde_json::json!("x");
        assert_eq!(checked(&v).problems[0].name, name, "{key}");
    }
    // a number literal beyond what serde_json reads exactly
    let text = serde_json::to_string(&value).unwrap();
    let text = text.replacen(
        "\"data\":{",
        "\"data\":{\"n\":0.1000000000000000055511151231257827,",
        1,
    );
    assert!(problems_of(text.as_bytes()).contains(&"unverifiable number".to_string()));
    // v3: a salt path lodash would resolve through `length`
    let Some((_, v3)) = fixture("oa_v3_documentstore_issued_valid.json") else {
        return;
    };
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    let salts: serde_json::Value = serde_json::from_slice(
        &engine
            .decode(v3["proof"]["salts"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    let mut salts = salts.as_array().unwrap().clone();
    let path = salts[0]["path"].as_str().unwrap().to_string();
    salts[0]["path"] = serde_json::json!(format!("{path}.length"));
    let mut v = v3.clone();
    v["proof"]["salts"] = serde_json::json!(engine.encode(serde_json::to_string(&salts).unwrap()));
    let c = checked(&v);
    assert!(
        c.problems
            .iter()
            .any(|p| p.name == "unverifiable salt path"),
        "{:?}",
        c.problems
    );
}

/// Every node of every fixture replaced by each kind of JSON value: a verdict or a named
/// problem, never a panic, and never "verified" for a document whose hashed part changed.
#[test]
fn hostile_documents_never_panic() {
    let Some(dir) = shared_data(DIR) else {
        return;
    };
    let replacements = [
        serde_json::json!(null),
        serde_json::json!({}),
        serde_json::json!([]),
        serde_json::json!(1.5),
        serde_json::json!("0x"),
        serde_json::json!([null, {"a": [1]}]),
    ];
    fn pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
                pointers(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                )
            }),
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
            _ => {}
        }
        out.push(at);
    }
    let mut runs = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        let original_verifies = openattestation::check(&value).is_ok_and(|o| o.problems.is_empty());
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        for p in all.iter().filter(|p| !p.is_empty()) {
            for r in &replacements {
                let mut v = value.clone();
                *v.pointer_mut(p).unwrap() = r.clone();
                runs += 1;
                if let Ok(c) = openattestation::check(&v) {
                    // a changed leaf of the hashed part can never verify
                    let hashed = p.starts_with("/data/") || p.starts_with("/credentialSubject/");
                    if hashed && c.problems.is_empty() && original_verifies && v != value {
                        panic!("{p} replaced by {r} still verifies");
                    }
                }
            }
        }
    }
    assert!(runs > 1000, "{runs}");
}

// ------------------------------------------------------------------------ loaded chains

fn load(s: &Scratch, path: &std::path::Path) -> serde_json::Value {
    let out = stdout_of(s.run(&["load", "ledger", "--report", "json"]).arg(path));
    serde_json::from_str::<serde_json::Value>(&out).unwrap()[0].clone()
}

/// A generic chain of `document_issued` / `document_revoked` facts from one contract.
fn chain_file(
    s: &Scratch,
    name: &str,
    first: u64,
    prev: &str,
    facts: &[(&str, &str, &str)],
) -> (std::path::PathBuf, String) {
    let mut prev = prev.to_string();
    let mut lines = Vec::new();
    for (i, (kind, store, hash)) in facts.iter().enumerate() {
        let payload = serde_json::json!({"type": kind, "document_ref": store, "doc_hash": format!("0x{hash}")});
        let (line, h) = clearway::ledger::generic::block_line(
            "sepolia",
            first + i as u64,
            &prev,
            "2025-03-01T10:00:00Z",
            &payload,
        );
        lines.push(line);
        prev = h;
    }
    (s.write(name, lines.join("\n") + "\n"), prev)
}

fn notes(report: &serde_json::Value) -> String {
    report["notes"]
        .as_array()
        .map(|n| {
            n.iter()
                .map(|x| x.as_str().unwrap_or("").to_string())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

#[test]
fn issuance_is_matched_against_the_loaded_chain() {
    let Some(doc) = shared_data(&format!("{DIR}/oa_v2_cnm_sepolia_valid.json")) else {
        return;
    };
    let root = "105d3543d5f7575081a231e822d9e24284656d5d8894b52478edf8f0b3ab3435";
    let store = "0xe943C95f456DA8e17c6d1a915eCF1a6ef0a182a8";
    let other = "aa".repeat(32);
    let s = Scratch::new();
    // no chain: integrity holds, issuance is said not to be checked
    let report = load(&s, &doc);
    assert_eq!(report["blocks_failed"], 0, "{report}");
    assert!(
        notes(&report).contains("document 0 (105d3543d5f75750…): chain not loaded: issuance not checked (no loaded chain holds a valid event of 0xe943c95f456da8e17c6d1a915ecf1a6ef0a182a8)"),
        "{report}"
    );
    // the store's chain, without this root: not issued, and the document now fails
    let (first, prev) = chain_file(&s, "a.jsonl", 0, "", &[("document_issued", store, &other)]);
    let report = load(&s, &first);
    assert!(
        notes(&report).contains("load 1 document 0 (105d3543d5f75750…) is now failed: not issued on the loaded chain: sepolia (blocks 0–0 loaded) holds 1 valid event(s) of 0xe943c95f456da8e17c6d1a915ecf1a6ef0a182a8, none a DocumentIssued of merkleRoot 105d3543"),
        "{report}"
    );
    let verdict: String = s.scalar("SELECT verified || ' ' || array_to_string(problems, ',') FROM ledger_blocks WHERE family = 'openattestation'");
    assert_eq!(verdict, "false not issued on the loaded chain");
    // the rule pack quotes it for a declaration that cites the document
    let id: String = s.scalar("SELECT document_ref FROM ledger_records WHERE record_type = 'certificate_of_non_manipulation'");
    let decl = s.write(
        "declarations.csv",
        format!("declaration_id,item_no,declared_at,hs_code,origin_country,customs_value,quantity,document_refs\nD1,1,2025-03-02,220421,AU,1000,5000,{id}\n"),
    );
    s.load("declarations", &decl);
    s.run(&["risk", "run", "--pack", "ledger"])
        .assert()
        .success();
    let reason: String =
        s.scalar("SELECT reason FROM risk_hits WHERE rule_id = 'ledger_document_problem'");
    assert!(reason.contains(&format!("cites {id}, an OpenAttestation document (merkleRoot {root}) that fails verification: not issued on the loaded chain")), "{reason}");
    // the issuing block arrives: issued on sepolia block 1
    let (second, prev) = chain_file(&s, "b.jsonl", 1, &prev, &[("document_issued", store, root)]);
    let report = load(&s, &second);
    assert!(
        notes(&report).contains(
            "is now verified: issued on sepolia block 1: DocumentIssued of merkleRoot 105d3543"
        ),
        "{report}"
    );
    let table = stdout_of(s.run(&["ledger", "verify"]));
    assert!(table.contains("issued on sepolia block 1"), "{table}");
    // revoked two blocks later: the verdict says so and `--fail-on any` fails
    let (third, _) = chain_file(
        &s,
        "c.jsonl",
        2,
        &prev,
        &[("document_revoked", store, root)],
    );
    load(&s, &third);
    let verdict: String = s.scalar("SELECT verified || ' ' || array_to_string(problems, ',') || ' ' || array_to_string(details, ' | ') FROM ledger_blocks WHERE family = 'openattestation'");
    assert!(verdict.starts_with("false DOCUMENT_REVOKED "), "{verdict}");
    assert!(verdict.contains(&format!("revoked on sepolia block 2: DocumentRevoked of {root} by 0xe943c95f456da8e17c6d1a915ecf1a6ef0a182a8")), "{verdict}");
    s.run(&["ledger", "verify", "--fail-on", "any"])
        .assert()
        .code(1);
}

#[test]
fn an_issuance_in_a_block_that_fails_is_not_an_issuance() {
    let Some(doc) = shared_data(&format!("{DIR}/oa_v3_documentstore_issued_valid.json")) else {
        return;
    };
    let root = "fe8feb9ba13dcf24f8c0258b3d120aa742adacbb633cacc0cc95479d983988ef";
    let store = "0xe943C95f456DA8e17c6d1a915eCF1a6ef0a182a8";
    let s = Scratch::new();
    let (chain, _) = chain_file(&s, "a.jsonl", 0, "", &[("document_issued", store, root)]);
    // the block is edited after it was hashed: its record is not a committed fact
    let text = std::fs::read_to_string(&chain)
        .unwrap()
        .replace("2025-03-01T10:00:00Z", "2025-03-01T10:00:01Z");
    std::fs::write(&chain, text).unwrap();
    load(&s, &chain);
    let report = load(&s, &doc);
    assert!(
        notes(&report)
            .contains("issuance not established: the DocumentIssued of merkleRoot fe8feb9b"),
        "{report}"
    );
    assert!(!notes(&report).contains("issued on sepolia"), "{report}");
}
