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

/// The verdicts of one export file made of the named fixtures (concatenated: a block and its
/// receipts travel together), as `number:verified:problems:checked` per block.
fn evm_verdicts(s: &Scratch, name: &str, fixtures: &[&str]) -> Option<(String, serde_json::Value)> {
    let mut text = String::new();
    for f in fixtures {
        let path = shared_data(&format!("ledger/ethereum/{f}"))?;
        text.push_str(&std::fs::read_to_string(path).unwrap());
        text.push('\n');
    }
    let report = load(s, &s.write(name, text));
    let verdicts: String = s.scalar(&format!(
        "SELECT string_agg(number || ':' || verified || ':' || array_to_string(problems, ';') || ':' || coalesce(array_to_string(checked, ','), ''), ' ' ORDER BY number)
         FROM ledger_blocks WHERE load_id = {}",
        report["load_id"]
    ));
    Some((verdicts, report))
}

#[test]
fn evm_block_bodies_recompute_on_real_blocks() {
    let s = Scratch::new();
    // execution-apis block 1 with its four legacy transactions and their pre-Byzantium receipts
    let Some((v, report)) = evm_verdicts(
        &s,
        "block1.io",
        &[
            "eth_getBlockByHash__get-block-by-hash.io",
            "eth_getBlockReceipts__get-block-receipts-n.io",
        ],
    ) else {
        return;
    };
    assert_eq!(
        v, "1:true::header hash,transactions root,ommers hash,receipts root,logs bloom",
        "{report}"
    );
    // block 3 as raw RLP (one ommer, pre-EIP-155 transactions) with its raw receipts
    let (v, _) = evm_verdicts(
        &s,
        "block3.io",
        &[
            "debug_getRawBlock__get-block-n.io",
            "debug_getRawReceipts__get-block-n.io",
        ],
    )
    .unwrap();
    assert_eq!(
        v,
        "3:true::header hash,transactions root,ommers hash,receipts root,logs bloom"
    );
    let logs: String = s.scalar(
        "SELECT count(*) || ' ' || count(*) FILTER (WHERE valid) FROM ledger_records WHERE block_number = 3",
    );
    assert_eq!(
        logs, "10 10",
        "block 3's ten logs are covered by its receipts root"
    );
    // mainnet blocks from Portal's test vectors: London (with an ommer), the last PoW block,
    // and a Shanghai block with withdrawals — every root recomputes
    for (file, number, extra) in [
        ("portal__block-data-14764013.yaml", 14764013, ""),
        ("portal__block-data-15537393.yaml", 15537393, ""),
        (
            "portal__block-data-17062257.yaml",
            17062257,
            ",withdrawals root",
        ),
    ] {
        let (v, report) = evm_verdicts(&s, &format!("{number}.yaml"), &[file]).unwrap();
        assert_eq!(
            v,
            format!("{number}:true::header hash,transactions root{extra},ommers hash,receipts root,logs bloom"),
            "{report}"
        );
    }
    let logs: i64 = s.scalar(
        "SELECT count(*) FILTER (WHERE valid) FROM ledger_records WHERE block_number = 17062257",
    );
    assert_eq!(logs, 490);
}

#[test]
fn evm_edited_bodies_are_caught_as_optimism_expects() {
    // op-service's TestBlockJSON fixtures: Goerli blocks, good and deliberately broken
    let s = Scratch::new();
    let cases = [
        (
            "post-shanghai-success",
            "true::header hash,transactions root,withdrawals root",
        ),
        (
            "pre-shanghai-success",
            "true::header hash,transactions root",
        ),
        (
            "post-shanghai-bad-transactions",
            "false:transactions root mismatch:header hash,withdrawals root",
        ),
        (
            "post-shanghai-bad-withdrawals",
            "false:withdrawals root mismatch:header hash,transactions root",
        ),
        (
            "post-shanghai-bad-transactions-hash",
            "false:hash mismatch:transactions root,withdrawals root",
        ),
        (
            "post-shanghai-bad-withdrawals-hash",
            "false:hash mismatch:transactions root,withdrawals root",
        ),
        (
            "post-shanghai-bad-receipts-hash",
            "false:hash mismatch:transactions root,withdrawals root",
        ),
        (
            "post-shanghai-bad-transactions-nil",
            "false:transaction unreadable:header hash,withdrawals root",
        ),
        (
            "post-shanghai-bad-withdrawals-nil",
            "false:withdrawal unreadable:header hash,transactions root",
        ),
    ];
    for (name, expected) in cases {
        let Some((v, report)) = evm_verdicts(
            &s,
            &format!("{name}.json"),
            &[&format!("optimism_goerli__{name}_data.json")],
        ) else {
            return;
        };
        let verdict = v.split_once(':').map_or("", |(_, rest)| rest);
        // the ommers hash of an empty uncle list checks too
        let verdict = verdict.replace(",ommers hash", "");
        assert_eq!(verdict, expected, "{name}: {report}");
    }
    let detail: String = s.scalar(
        "SELECT details[1] FROM ledger_blocks WHERE 'transaction unreadable' = ANY(problems)",
    );
    assert!(detail.contains("transaction 0 is null"), "{detail}");

    // edits this repository makes itself: a transaction's stated hash, a withdrawal's amount
    let text = std::fs::read_to_string(
        shared_data("ledger/ethereum/optimism_goerli__post-shanghai-success_data.json").unwrap(),
    )
    .unwrap();
    let mut block: serde_json::Value = json(&text);
    let honest = block["transactions"][3]["hash"]
        .as_str()
        .unwrap()
        .to_string();
    block["transactions"][3]["hash"] = serde_json::json!(format!("0x{}", "ab".repeat(32)));
    let report = load(&s, &s.write("edited-tx-hash.json", block.to_string()));
    assert_eq!(report["blocks_failed"], 1, "{report}");
    block["transactions"][3]["hash"] = serde_json::json!(honest);
    block["withdrawals"][0]["amount"] = serde_json::json!("0x1");
    let report = load(&s, &s.write("edited-withdrawal.json", block.to_string()));
    assert_eq!(report["blocks_failed"], 1, "{report}");
    let problems: String = s.scalar(
        "SELECT string_agg(array_to_string(problems, ';'), ' | ' ORDER BY load_id) FROM ledger_blocks WHERE source_file LIKE '%edited-%'",
    );
    assert_eq!(
        problems,
        "transaction hash mismatch | withdrawals root mismatch"
    );
}

#[test]
fn evm_logs_count_only_under_a_verified_receipts_root() {
    let s = Scratch::new();
    let dir = s.path("gen");
    crate::support::generate(&dir, 400, 7);
    let text = std::fs::read_to_string(dir.join("ledger-evm.json")).unwrap();
    let items: Vec<serde_json::Value> = json(&text).as_array().unwrap().clone();
    // as generated: every block verifies whole and every log is covered
    let report = load(&s, &dir.join("ledger-evm.json"));
    assert_eq!(report["blocks"], report["blocks_verified"], "{report}");
    let checked: String =
        s.scalar("SELECT DISTINCT array_to_string(checked, ',') FROM ledger_blocks");
    assert_eq!(
        checked,
        "header hash,transactions root,ommers hash,receipts root,logs bloom"
    );
    let invalid: i64 = s.scalar("SELECT count(*) FILTER (WHERE NOT valid) FROM ledger_records");
    assert_eq!(invalid, 0);

    // a document hash edited in one receipt's log: the receipts root and the bloom no longer
    // recompute, so none of that block's logs is a fact a rule may use
    let mut edited = items.clone();
    let receipt = edited
        .iter_mut()
        .find(|i| {
            i.get("logs")
                .is_some_and(|l| l.as_array().is_some_and(|l| !l.is_empty()))
        })
        .unwrap();
    let block = receipt["blockNumber"].as_str().unwrap().to_string();
    receipt["logs"][0]["topics"][1] = serde_json::json!(format!("0x{}", "ee".repeat(32)));
    let s = Scratch::new();
    load(
        &s,
        &s.write(
            "edited-log.json",
            serde_json::Value::Array(edited).to_string(),
        ),
    );
    let number = i64::from_str_radix(block.trim_start_matches("0x"), 16).unwrap();
    let state: String = s.scalar(&format!(
        "SELECT array_to_string(problems, ';') || ' / valid logs ' || (SELECT count(*) FILTER (WHERE valid) FROM ledger_records WHERE block_number = {number})
         FROM ledger_blocks WHERE number = {number}"
    ));
    assert_eq!(
        state,
        "receipt bloom mismatch;receipts root mismatch;logs bloom mismatch / valid logs 0"
    );
    let others: i64 = s.scalar(&format!("SELECT count(*) FILTER (WHERE NOT valid) FROM ledger_records WHERE block_number <> {number}"));
    assert_eq!(others, 0, "the other blocks are untouched");

    // the same chain exported with transaction hashes only: header only, never verified —
    // but its complete receipts still recompute the receipts root, so their logs count
    let hashes_only: Vec<serde_json::Value> = items
        .iter()
        .cloned()
        .map(|mut i| {
            if let Some(txs) = i.get("transactions").and_then(|t| t.as_array()).cloned() {
                i["transactions"] =
                    serde_json::json!(txs.iter().map(|t| t["hash"].clone()).collect::<Vec<_>>());
            }
            i
        })
        .collect();
    let s = Scratch::new();
    let report = load(
        &s,
        &s.write(
            "hashes-only.json",
            serde_json::Value::Array(hashes_only.clone()).to_string(),
        ),
    );
    assert_eq!(
        (
            report["blocks_verified"].as_u64(),
            report["blocks_failed"].as_u64()
        ),
        (Some(0), Some(0)),
        "{report}"
    );
    assert_eq!(report["blocks_header_only"], report["blocks"], "{report}");
    let checked: String =
        s.scalar("SELECT DISTINCT array_to_string(checked, ',') FROM ledger_blocks");
    assert_eq!(checked, "header hash,ommers hash,receipts root,logs bloom");
    let invalid: i64 = s.scalar("SELECT count(*) FILTER (WHERE NOT valid) FROM ledger_records");
    assert_eq!(invalid, 0);
    // hashes only and the logs on their own (eth_getLogs), no receipts: nothing covers them
    let logs_only: Vec<serde_json::Value> = hashes_only
        .iter()
        .flat_map(|i| match i.get("logs").and_then(|l| l.as_array()) {
            Some(logs) => logs.clone(),
            None => vec![i.clone()],
        })
        .collect();
    let s = Scratch::new();
    load(
        &s,
        &s.write(
            "logs-only.json",
            serde_json::Value::Array(logs_only).to_string(),
        ),
    );
    let valid: String =
        s.scalar("SELECT count(*) || ' ' || count(*) FILTER (WHERE valid) FROM ledger_records");
    assert!(valid.ends_with(" 0") && !valid.starts_with("0 "), "{valid}");
    let text = stdout_of(
        s.run(&["load", "ledger"])
            .arg(s.write("again.json", serde_json::Value::Array(items).to_string())),
    );
    assert!(text.contains("0 header only, 0 failed"), "{text}");
}

#[test]
fn evm_header_fields_of_unknown_forks_are_named() {
    let s = Scratch::new();
    let Some(path) =
        shared_data("ledger/ethereum/optimism_goerli__post-shanghai-success_data.json")
    else {
        return;
    };
    // a field a later fork might add, carried in the header: the hash no longer recomputes
    // from the fields clearway knows, and the problem names the field
    let mut block: serde_json::Value = json(&std::fs::read_to_string(path).unwrap());
    block["inclusionListRoot"] = serde_json::json!(format!("0x{}", "11".repeat(32)));
    block["hash"] = serde_json::json!(format!("0x{}", "22".repeat(32)));
    load(&s, &s.write("future.json", block.to_string()));
    let (problems, detail): (String, String) = {
        let p: String = s.scalar("SELECT array_to_string(problems, ';') FROM ledger_blocks");
        let d: String = s.scalar("SELECT details[1] FROM ledger_blocks");
        (p, d)
    };
    assert_eq!(problems, "unknown header field");
    assert!(detail.contains("`inclusionListRoot`"), "{detail}");
    // a raw header with one field more than clearway knows
    let raw = clearway::ledger::evm::verify::HEADER_FIELDS.len() + 1;
    let mut fields = Vec::new();
    for i in 0..raw {
        fields.extend(match i {
            6 => {
                let mut b = vec![0xb9, 0x01, 0x00];
                b.extend([0u8; 256]);
                b
            }
            14 => vec![0x88, 0, 0, 0, 0, 0, 0, 0, 0],
            2 => {
                let mut b = vec![0x94];
                b.extend([9u8; 20]);
                b
            }
            0..=5 | 13 | 16 | 19..=21 => {
                let mut b = vec![0xa0];
                b.extend([7u8; 32]);
                b
            }
            _ => vec![0x01],
        });
    }
    let mut header = vec![0xf9, (fields.len() >> 8) as u8, fields.len() as u8];
    header.extend(fields);
    let transcript = format!(
        "<< {{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x{}\"}}\n",
        hex::encode(&header)
    );
    load(&s, &s.write("raw-future.io", transcript));
    let detail: String =
        s.scalar("SELECT details[1] FROM ledger_blocks WHERE source_file LIKE '%raw-future%'");
    assert!(detail.contains(&format!("has {raw} fields")), "{detail}");
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
    // a copy cut in the middle of the last block (into a fresh workspace: in this one its
    // first blocks are already loaded): the blocks before it load, the cut is a reject
    let s = Scratch::new();
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
    // the London block lists its transactions as hashes: its header verifies, its body cannot
    let states: String = s.scalar(
        "SELECT string_agg(number || ':' || verified || ':' || array_to_string(problems, ';'), ' ' ORDER BY number) FROM ledger_blocks",
    );
    assert_eq!(states, "0:true: 1:true: 27:false:header only");
    let hashes: String = s
        .scalar("SELECT string_agg(number || '=' || hash, ' ' ORDER BY number) FROM ledger_blocks");
    assert_eq!(
        hashes,
        "0=0x44fd89d504659cd58f48f4796b77a7e7012cf296a2409afa2f6c3cb99b5b3d99 \
         1=0x80e911b62f552f563a2544dfef5eb39ec8863d9082c998ca6b657f76e19de38e \
         27=0xb82be38216daf4487ab4fcafe9413892e7140f6816276560ec10d94d039db1aa"
    );
    // block 1 (one file) links to the genesis (another): verify checks across files; the
    // header-only London block is counted apart from verified and failed ones
    let out = stdout_of(s.run(&["ledger", "verify"]));
    assert!(out.contains("header_only"), "{out}");
    let linked: bool = s.scalar("SELECT verified FROM ledger_blocks WHERE number = 1");
    assert!(linked);
    // logs whose receipts came without their block (another file) are not covered by a
    // verified receipts root: they load, but not as valid
    let logs: String = s.scalar("SELECT count(*) || ' ' || count(*) FILTER (WHERE valid) FROM ledger_records WHERE record_type = 'log'");
    assert_eq!(logs, "3 0");
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
    // a document in a tampered block is reported as invalid whatever else is wrong with it
    // (nothing in a block that fails verification can be trusted), so a revoked or missing
    // certificate planted on a declaration whose block was also tampered with is found as that
    let untampered = |pattern: &str| -> BTreeSet<String> {
        planted(pattern)
            .difference(&planted("tampered_block"))
            .cloned()
            .collect()
    };
    assert_eq!(
        flagged("ledger_document_problem", Some("missing")),
        untampered("missing_certificate")
    );
    assert_eq!(
        flagged("ledger_document_problem", Some("revoked")),
        untampered("revoked_certificate")
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

#[test]
fn a_ledger_re_export_never_doubles_blocks_or_records() {
    let s = Scratch::new();
    let sample = crate::support::repo().join("sample-data/ledger-evm.json");
    let first = load(&s, &sample);
    let counts = || -> String {
        s.scalar("SELECT (SELECT count(*) FROM ledger_blocks) || ' ' || (SELECT count(*) FROM ledger_records)")
    };
    let before = counts();
    // the same chain, items in reverse order: other bytes, the same blocks
    let mut items: Vec<serde_json::Value> = json(&std::fs::read_to_string(&sample).unwrap())
        .as_array()
        .unwrap()
        .clone();
    items.reverse();
    let reordered = s.write(
        "reordered.json",
        serde_json::Value::Array(items).to_string(),
    );
    let report = load(&s, &reordered);
    assert_eq!(counts(), before, "nothing doubled: {report}");
    assert_eq!(report["blocks"], 0, "{report}");
    assert_eq!(report["duplicates"]["rows"], first["blocks"], "{report}");
    assert_eq!(
        report["duplicates"]["earlier"][0]["load_id"], first["load_id"],
        "{report}"
    );
    let text = stdout_of(s.run(&["load", "ledger", "--force"]).arg(&reordered));
    assert!(
        text.contains(&format!("already in load {}", first["load_id"])),
        "{text}"
    );
    // reject: the whole file is refused and nothing of it stays
    s.run(&["load", "ledger", "--force", "--on-duplicate", "reject"])
        .arg(&reordered)
        .assert()
        .failure();
    assert_eq!(counts(), before);
    // replace: the stored blocks and their records give way to the file's, once
    let report = stdout_of(
        s.run(&[
            "load",
            "ledger",
            "--force",
            "--report",
            "json",
            "--on-duplicate",
            "replace",
        ])
        .arg(&reordered),
    );
    let report = json(&report)[0].clone();
    assert_eq!(
        report["duplicates"]["replaced"], first["blocks"],
        "{report}"
    );
    assert_eq!(counts(), before);
    let owner: i64 = s.scalar("SELECT count(DISTINCT load_id) FROM ledger_records");
    assert_eq!(owner, 1, "the records moved with their blocks");
}

#[test]
fn documents_of_one_batch_are_not_duplicates_of_each_other() {
    let (Some(a), Some(b)) = (
        shared_data("ledger/openattestation/oa_v2_cnm_did_signed_batched_valid.json"),
        shared_data("ledger/openattestation/oa_v2_cnm_dnsdid_signed_batched_valid.json"),
    ) else {
        return;
    };
    // the same Merkle root, different target hashes: two documents
    let s = Scratch::new();
    load(&s, &a);
    let report = load(&s, &b);
    assert_eq!(
        (
            report["blocks"].as_u64(),
            report["duplicates"]["rows"].as_u64()
        ),
        (Some(1), Some(0)),
        "{report}"
    );
    let roots: String = s.scalar(
        "SELECT count(DISTINCT hash) || ' ' || count(DISTINCT data_hash) FROM ledger_blocks",
    );
    assert_eq!(roots, "1 2");
}
