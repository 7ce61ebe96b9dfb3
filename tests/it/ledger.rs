//! `clearway load ledger` and `clearway ledger verify` on the real samples: Fabric's own
//! expected verdicts, block by block; EVM header hashes from the execution-apis fixtures; the
//! OpenAttestation target hash; and tampering of each kind caught.

use crate::support::{flat, shared_data, stderr_of, stdout_of, Scratch};

fn load(s: &Scratch, path: &std::path::Path) -> serde_json::Value {
    let out = stdout_of(s.run(&["load", "ledger", "--report", "json"]).arg(path));
    serde_json::from_str::<serde_json::Value>(&out).unwrap()[0].clone()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn fabric_block_files_verify_as_fabric_verifies_them() {
    let (Some(prod), Some(bad), Some(correct), Some(errors)) = (
        shared_data("ledger/fabric/sample_prod__blockfile_000000"),
        shared_data("ledger/fabric/sample_bad_ledger__blockfile_000000"),
        shared_data("ledger/fabric/expected__correct_blocks.json"),
        shared_data("ledger/fabric/expected__hash_error_blocks.json"),
    ) else {
        return;
    };
    let s = Scratch::new();
    let report = load(&s, &prod);
    assert_eq!(
        (
            report["format"].as_str(),
            report["blocks"].as_u64(),
            report["blocks_failed"].as_u64()
        ),
        (Some("fabric-blockfile"), Some(8), Some(0)),
        "{report}"
    );
    let verdicts = stdout_of(s.run(&["ledger", "verify", "--format", "fabric"]));
    assert_eq!(
        json(&verdicts),
        json(&std::fs::read_to_string(&correct).unwrap())
    );
    // SOURCES.md: the header hashes of blocks 0 and 7, every envelope signed and valid
    let hashes: String = s.scalar(
        "SELECT string_agg(hash, ',' ORDER BY number) FROM ledger_blocks WHERE number IN (0, 7)",
    );
    assert_eq!(
        hashes,
        "c4a1491ab9a62e9125b3cbab3a782ea1f56e24c608620d85bb940585d059a2a1,ba00545bfd2681a2453c26b281ea932fedf53bc40c5dd5a9091ab8df8fc4d371"
    );
    let signed: String = s.scalar(
        "SELECT count(*) FILTER (WHERE signature_ok) || '/' || count(*) || ' ' || string_agg(DISTINCT payload->>'creator_msp', ',')
         FROM ledger_records WHERE record_type LIKE 'fabric%'",
    );
    assert_eq!(signed, "8/8 SampleOrg");

    let s = Scratch::new();
    let report = load(&s, &bad);
    assert_eq!(report["blocks"], 10);
    let verdicts = stdout_of(s.run(&["ledger", "verify", "--format", "fabric"]));
    assert_eq!(
        json(&verdicts),
        json(&std::fs::read_to_string(&errors).unwrap())
    );
    // the altered byte, and the unsigned genesis envelope that is not a problem
    let detail: String = s.scalar("SELECT details[1] FROM ledger_blocks WHERE number = 0");
    assert!(detail.starts_with("data_hash a8c363ad5dff"), "{detail}");
    assert!(
        detail.contains("is not the SHA-256 a8c363ad5cff"),
        "{detail}"
    );
    let genesis: String = s.scalar(
        "SELECT coalesce(CAST(signature_ok AS VARCHAR), 'unsigned') || ' ' || valid FROM ledger_records WHERE block_number = 0",
    );
    assert_eq!(
        genesis, "unsigned false",
        "in a failed block a record is not a committed fact"
    );
    // exit 1 with --fail-on any
    s.run(&["ledger", "verify", "--fail-on", "any"])
        .assert()
        .code(1);
}

#[test]
fn a_forged_orderer_signature_and_a_truncated_file_are_caught() {
    let Some(prod) = shared_data("ledger/fabric/sample_prod__blockfile_000000") else {
        return;
    };
    let bytes = std::fs::read(&prod).unwrap();
    let (blocks, _) = clearway::ledger::fabric::read_blockfile(&bytes);
    // the last byte of block 3's SIGNATURES metadata is the end of the orderer's signature
    let md = blocks[3].metadata[0];
    let at = md.as_ptr() as usize - bytes.as_ptr() as usize + md.len() - 1;
    let mut forged = bytes.clone();
    forged[at] ^= 0x01;
    let s = Scratch::new();
    let file = s.write("forged_blockfile", &forged);
    let report = load(&s, &file);
    assert_eq!(report["blocks_failed"], 1, "{report}");
    let problems: String = s.scalar("SELECT number || ': ' || array_to_string(problems, '; ') FROM ledger_blocks WHERE NOT verified");
    assert_eq!(problems, "3: orderer signature invalid");
    // a copy cut in the middle of the last block: the blocks before it load, the cut is a reject
    let cut = s.write("cut_blockfile", &bytes[..bytes.len() - 100]);
    let report = load(&s, &cut);
    assert_eq!(
        (report["blocks"].as_u64(), report["rejected"].as_u64()),
        (Some(7), Some(1)),
        "{report}"
    );
    let reason: String = s.scalar("SELECT reason FROM rejects");
    assert!(reason.contains("runs past the end"), "{reason}");
}

#[test]
fn evm_headers_recompute_and_link_across_files() {
    let files = [
        "eth_getBlockByNumber__get-genesis.io",
        "eth_getBlockByHash__get-block-by-hash.io",
        "eth_getBlockByNumber__get-block-london-fork.io",
        "eth_getBlockReceipts__get-block-receipts-n.io",
        "eth_getLogs__contract-addr.io",
        "eth_getTransactionReceipt__get-dynamic-fee.io",
    ];
    let paths: Vec<_> = files
        .iter()
        .filter_map(|f| shared_data(&format!("ledger/ethereum/{f}")))
        .collect();
    if paths.len() < files.len() {
        return;
    }
    let s = Scratch::new();
    for p in &paths {
        let report = load(&s, p);
        assert_eq!(report["format"], "evm-jsonrpc", "{report}");
        assert_eq!(report["blocks_failed"], 0, "{report}");
    }
    let hashes: String = s
        .scalar("SELECT string_agg(number || '=' || hash, ' ' ORDER BY number) FROM ledger_blocks");
    assert_eq!(
        hashes,
        "0=0x44fd89d504659cd58f48f4796b77a7e7012cf296a2409afa2f6c3cb99b5b3d99 \
         1=0x80e911b62f552f563a2544dfef5eb39ec8863d9082c998ca6b657f76e19de38e \
         27=0xb82be38216daf4487ab4fcafe9413892e7140f6816276560ec10d94d039db1aa"
    );
    // block 1 (one file) links to the genesis (another): verify checks across files
    let out = stdout_of(s.run(&["ledger", "verify", "--fail-on", "any"]));
    assert!(out.contains("evm"), "{out}");
    let logs: String = s.scalar("SELECT count(*) || ' ' || string_agg(DISTINCT document_ref, ',') FROM ledger_records WHERE record_type = 'log'");
    assert!(logs.starts_with("3 "), "{logs}");
    // a tampered header: gasUsed changed
    let text = std::fs::read_to_string(&paths[1]).unwrap();
    let tampered = s.write(
        "tampered.io",
        text.replacen("\"gasUsed\":\"0x", "\"gasUsed\":\"0x1", 1),
    );
    let report = load(&s, &tampered);
    assert_eq!(report["blocks_failed"], 1, "{report}");
    s.run(&["ledger", "verify", "--fail-on", "any"])
        .assert()
        .code(1);
}

#[test]
fn openattestation_documents_check_their_target_hash() {
    let Some(doc) = shared_data("ledger/openattestation/oa_v2_cnm_sepolia_valid.json") else {
        return;
    };
    let s = Scratch::new();
    let report = load(&s, &doc);
    assert_eq!(report["blocks_failed"], 0, "{report}");
    let hash: String = s.scalar("SELECT doc_hash || ' ' || record_type FROM ledger_records");
    assert_eq!(
        hash,
        "105d3543d5f7575081a231e822d9e24284656d5d8894b52478edf8f0b3ab3435 certificate_of_non_manipulation"
    );
    // one leaf edited (quantity 5000 → 5001): the document no longer hashes to its signature
    let text = std::fs::read_to_string(&doc).unwrap();
    let edited = s.write(
        "edited.json",
        text.replace(":string:5000\"", ":string:5001\""),
    );
    let report = load(&s, &edited);
    assert_eq!(report["blocks_failed"], 1, "{report}");
    let detail: String = s.scalar("SELECT details[1] FROM ledger_blocks WHERE NOT verified");
    assert!(detail.contains("hashes to 31567395"), "{detail}");
}

#[test]
fn generic_chains_catch_tampering_and_bad_input_is_a_diagnostic() {
    use clearway::ledger::generic::block_line;
    let s = Scratch::new();
    let mut lines = Vec::new();
    let mut prev = String::new();
    for n in 0..5u64 {
        let payload = serde_json::json!({"type": "invoice", "declaration_id": format!("D{n}"), "amount": 100 + n});
        let (line, hash) = block_line("trade", n, &prev, "2025-03-01T10:00:00Z", &payload);
        lines.push(line);
        prev = hash;
    }
    let good = s.write("chain.jsonl", lines.join("\n") + "\n");
    let report = load(&s, &good);
    assert_eq!(
        (
            report["format"].as_str(),
            report["blocks_failed"].as_u64(),
            report["records"].as_u64()
        ),
        (Some("generic-jsonl"), Some(0), Some(5)),
        "{report}"
    );
    // block 2's amount edited after the fact
    let mut tampered = lines.clone();
    tampered[2] = tampered[2].replace("\"amount\":102", "\"amount\":999");
    tampered.push("not json".into());
    let bad = s.write("tampered.jsonl", tampered.join("\n") + "\n");
    let report = load(&s, &bad);
    assert_eq!(
        (
            report["blocks_failed"].as_u64(),
            report["rejected"].as_u64()
        ),
        (Some(1), Some(1)),
        "{report}"
    );
    let invalid: String =
        s.scalar("SELECT string_agg(declaration_id, ',') FROM ledger_records WHERE NOT valid");
    assert_eq!(invalid, "D2");
    let notes = s.write("notes.txt", "hello\n");
    let err = flat(&stderr_of(s.run(&["load", "ledger"]).arg(&notes), 2));
    assert!(err.contains("cannot tell the ledger format"), "{err}");
}

#[test]
fn the_generated_ledger_is_found_by_the_rules_it_was_planted_for() {
    use std::collections::BTreeSet;
    let s = Scratch::new();
    let dir = s.path("gen");
    let summary = crate::support::generate_summary(&dir, 5000, 42);
    s.load("declarations", &dir.join("declarations.csv"));
    s.load("telemetry", &dir.join("containers.csv"));
    for file in ["ledger.jsonl", "ledger-evm.json"] {
        let report = load(&s, &dir.join(file));
        assert_eq!(report["rejected"], 0, "{file}: {report}");
    }
    s.run(&["risk", "run", "--pack", "ledger"])
        .assert()
        .success();
    let planted = |kind: &str| -> BTreeSet<String> {
        summary["ledger"]["planted"][kind]
            .as_array()
            .unwrap_or_else(|| panic!("nothing planted as {kind}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let set = |sql: &str| -> BTreeSet<String> {
        let list: String = s.scalar(&format!(
            "SELECT coalesce(string_agg(DISTINCT x, ','), '') FROM ({sql}) t(x)"
        ));
        list.split(',')
            .filter(|v| !v.is_empty())
            .map(String::from)
            .collect()
    };
    let flagged = |rule: &str, finding: Option<&str>| {
        set(&format!(
            "SELECT declaration_id FROM risk_hits WHERE rule_id = '{rule}' {}",
            finding.map_or(String::new(), |f| format!(
                "AND evidence->>'finding' = '{f}'"
            ))
        ))
    };
    // the tampered blocks fail verification, and their documents are "invalid"
    let failed: i64 = s.scalar("SELECT count(*) FROM ledger_blocks WHERE NOT verified");
    assert_eq!(failed as usize, planted("tampered_block").len());
    assert_eq!(
        flagged("ledger_document_problem", Some("invalid")),
        planted("tampered_block")
    );
    assert_eq!(
        flagged("ledger_document_problem", Some("missing")),
        planted("missing_certificate")
    );
    assert_eq!(
        flagged("ledger_document_problem", Some("revoked")),
        planted("revoked_certificate")
    );
    assert_eq!(
        flagged("ledger_container_mismatch", None),
        planted("container_mismatch")
    );
    // the declarations' own lies, which the documents contradict (outside tampered blocks)
    let anchored = |pattern: &str| {
        set(&format!(
            "SELECT d.declaration_id FROM declarations d WHERE d.extra->>'risk_pattern' = '{pattern}'
               AND coalesce(d.extra->>'document_refs', '') <> ''
               AND d.declaration_id NOT IN (SELECT declaration_id FROM ledger_records WHERE NOT valid AND declaration_id IS NOT NULL)"
        ))
    };
    assert_eq!(
        flagged("ledger_origin_mismatch", None),
        anchored("origin_mismatch")
    );
    let undervalued = anchored("undervaluation");
    let value = flagged("ledger_value_mismatch", None);
    assert!(
        !value.is_empty() && value.is_subset(&undervalued),
        "{value:?} vs {undervalued:?}"
    );
    // a wrong port of loading shows where the container was tracked
    let port = flagged("ledger_loading_port", None);
    assert!(
        !port.is_empty() && port.is_subset(&planted("wrong_port_of_loading")),
        "{port:?}"
    );
    let discharge = flagged("ledger_discharge_port", None);
    assert!(
        !discharge.is_empty() && discharge.is_subset(&planted("wrong_port_of_discharge")),
        "{discharge:?}"
    );
}
