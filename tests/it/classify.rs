//! `clearway classify`: a model trained on generated history suggests the codes traders'
//! descriptions read as, with reasons; scores feed rule `hs_misclassification`, which finds the
//! planted misclassification pattern; damaged, foreign and empty inputs get diagnostics.

use crate::support::{flat, stderr_of, stdout_of, Scratch};
use std::sync::OnceLock;

/// A workspace of 30,000 generated items with a model trained on the items before November
/// (`model.cwhs`), made once and copied by each test that writes.
fn trained() -> &'static (Scratch, std::path::PathBuf) {
    static TRAINED: OnceLock<(Scratch, std::path::PathBuf)> = OnceLock::new();
    TRAINED.get_or_init(|| {
        let s = Scratch::new();
        let dir = s.path("gen");
        crate::support::generate_summary(&dir, 30_000, 5);
        s.load("declarations", &dir.join("declarations.csv"));
        let model = s.path("model.cwhs");
        s.run(&["classify", "train", "--before", "2025-11-01", "--out"])
            .arg(&model)
            .assert()
            .success();
        (s, model)
    })
}

/// A copy of the trained workspace for a test that writes to it.
fn copy_of_trained() -> (Scratch, std::path::PathBuf) {
    let (s, model) = trained();
    let copy = Scratch::new();
    std::fs::copy(s.workspace(), copy.workspace()).unwrap();
    (copy, model.clone())
}

#[test]
fn a_model_learns_traders_descriptions_and_is_deterministic() {
    let (s, model) = trained();
    let out = stdout_of(
        s.run(&["classify", "evaluate", "--report", "json", "--model"])
            .arg(model),
    );
    let e: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(e["from"], "2025-11-01");
    assert!(e["items"].as_u64().unwrap() > 3_000, "{e}");
    let at = |k: &str, level: &str| e[k][level].as_f64().unwrap();
    // 30,000 items is little history for 5,000 subheadings: the bounds are far below what the
    // benchmark's million items give (docs/classify.md), and far above chance
    assert!(at("top1", "hs2") > 0.85, "{e}");
    assert!(at("top1", "hs4") > 0.6, "{e}");
    assert!(at("top3", "hs6") > at("top1", "hs6"), "{e}");
    assert!(at("top3", "hs4") >= at("top1", "hs4") && at("top3", "hs2") >= at("top1", "hs2"));
    // the same items and seed give the same weights, vocabulary and examples
    let again = s.path("again.cwhs");
    s.run(&["classify", "train", "--before", "2025-11-01", "--out"])
        .arg(&again)
        .assert()
        .success();
    let body_hash = |p: &std::path::Path| {
        let text = std::fs::read(p).unwrap();
        let line = text.split(|b| *b == b'\n').next().unwrap().to_vec();
        let header: serde_json::Value = serde_json::from_slice(&line).unwrap();
        header["body"]["sha256"].as_str().unwrap().to_string()
    };
    assert_eq!(body_hash(model), body_hash(&again));
    // the items it learned from are no test of it
    let err = flat(&stderr_of(
        s.run(&["classify", "evaluate", "--from", "2025-06-01", "--model"])
            .arg(model),
        2,
    ));
    assert!(
        err.contains("learned from the items declared before 2025-11-01"),
        "{err}"
    );
    let err = flat(&stderr_of(
        s.run(&["classify", "evaluate", "--from", "2030-01-01", "--model"])
            .arg(model),
        2,
    ));
    assert!(err.contains("no item with a description"), "{err}");
    let header: serde_json::Value = serde_json::from_slice(
        std::fs::read(model)
            .unwrap()
            .split(|b| *b == b'\n')
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["format"], "clearway-hs-classifier");
    assert_eq!(header["nomenclature"]["edition"], "HS2022");
    assert_eq!(header["about"]["history"]["before"], "2025-11-01");
    assert_eq!(header["about"]["history"]["loads"][0][0], 1);
}

#[test]
fn suggest_names_the_words_and_the_nearest_examples() {
    let (s, model) = trained();
    let out = stdout_of(
        s.run(&[
            "classify",
            "suggest",
            "SMART TV SAMSUNG 55IN UA55TU7000",
            "--model",
        ])
        .arg(model),
    );
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("1. 852872 "), "{out}");
    assert!(
        first.contains("Reception apparatus for television"),
        "{out}"
    );
    let why = out.lines().nth(1).unwrap();
    assert!(
        why.contains("chapter 85") && why.contains("heading 8528"),
        "{why}"
    );
    assert!(
        why.contains("carried by \"") && why.contains("; like \""),
        "{why}"
    );
    assert!(
        why.contains(" item "),
        "the nearest example names its declaration: {why}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        s.run(&[
            "classify",
            "suggest",
            "chaussures cuir homme",
            "--report",
            "json",
            "--top",
            "2",
            "--model",
        ])
        .arg(model),
    ))
    .unwrap();
    let suggestions = json["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 2);
    assert_eq!(
        &suggestions[0]["hs_code"].as_str().unwrap()[..2],
        "64",
        "{json}"
    );
    assert!(suggestions[0]["explanation"]["terms"][0]["term"].is_string());
}

#[test]
fn without_a_model_the_nomenclature_alone_suggests() {
    let s = Scratch::new();
    let mut cmd = s.run(&[
        "classify",
        "suggest",
        "Horses, live, pure-bred breeding animals",
    ]);
    let out = cmd.assert().success().get_output().clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("1. 010121 "), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nomenclature alone"));
}

#[test]
fn scores_feed_the_misclassification_rule_without_doubling() {
    let (s, model) = copy_of_trained();
    let out = stdout_of(s.run(&["classify", "score", "--model"]).arg(&model));
    assert!(out.contains("suggestions for 30000 items"), "{out}");
    let rows: i64 = s.scalar("SELECT count(*) FROM hs_suggestions");
    let items: i64 =
        s.scalar("SELECT count(DISTINCT (declaration_id, item_no)) FROM hs_suggestions");
    assert!(
        items > 29_000 && rows <= 3 * items,
        "{rows} rows for {items} items"
    );
    // scoring again replaces, never adds
    s.run(&["classify", "score", "--model"])
        .arg(&model)
        .assert()
        .success();
    assert_eq!(s.scalar::<i64>("SELECT count(*) FROM hs_suggestions"), rows);
    let ranks: i64 = s.scalar(
        "SELECT count(*) FROM (SELECT declaration_id, item_no, rank FROM hs_suggestions GROUP BY ALL HAVING count(*) > 1)",
    );
    assert_eq!(ranks, 0);
    s.run(&["risk", "run"]).assert().success();
    let (hits, planted, found): (i64, i64, i64) = {
        let conn = duckdb::Connection::open(s.workspace()).unwrap();
        conn.query_row(
            "WITH h AS (SELECT DISTINCT declaration_id, item_no FROM risk_hits WHERE rule_id = 'hs_misclassification'),
                  p AS (SELECT declaration_id, item_no FROM declarations WHERE extra->>'risk_pattern' = 'misclassification')
             SELECT (SELECT count(*) FROM h), (SELECT count(*) FROM p),
                    (SELECT count(*) FROM h JOIN p USING (declaration_id, item_no))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    assert!(planted > 100, "{planted} planted");
    // on 30,000 items the rule finds most of the planted pattern at its default confidence,
    // and nearly everything it finds is planted
    assert!(
        found as f64 / planted as f64 > 0.65,
        "recall: {found} of {planted}"
    );
    assert!(
        found as f64 / hits as f64 > 0.85,
        "precision: {found} of {hits}"
    );
    let reason: String = s.scalar(
        "SELECT h.reason FROM risk_hits h JOIN declarations d USING (declaration_id, item_no)
         WHERE h.rule_id = 'hs_misclassification' AND d.hs_code LIKE '852990%' ORDER BY h.score DESC LIMIT 1",
    );
    assert!(
        reason.starts_with("declared 852990, but the description reads as 852872 (other heading"),
        "{reason}"
    );
    assert!(reason.contains("USD of duty at stake"), "{reason}");
    let explain = stdout_of(s.run(&["risk", "explain"]).arg(
        s.scalar::<String>(
            "SELECT declaration_id FROM risk_hits WHERE rule_id = 'hs_misclassification' ORDER BY score DESC, declaration_id LIMIT 1",
        ),
    ));
    assert!(explain.contains("hs_misclassification"), "{explain}");
    // a labelled file in another encoding is named as such, with its line
    let latin1 = s.write(
        "latin1.csv",
        b"description,hs_code\nT\xc9L\xc9VISEUR,852872\n",
    );
    let err = flat(&stderr_of(
        s.run(&["classify", "evaluate", "--file"])
            .arg(&latin1)
            .arg("--model")
            .arg(&model),
        2,
    ));
    assert!(
        err.contains("line 2") && err.contains("save the file as UTF-8"),
        "{err}"
    );
}

#[test]
fn a_workspace_without_history_trains_from_the_nomenclature_and_says_so() {
    let s = Scratch::new();
    s.run(&["init"]).assert().success();
    let model = s.path("m.cwhs");
    let out = s
        .run(&["classify", "train", "--from", "history", "--out"])
        .arg(&model)
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(flat(&stderr).contains("no described item with an HS 2022 code: the model learns from the HS 2022 nomenclature alone"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("(0 classified items, "));
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        s.run(&[
            "classify",
            "suggest",
            "live horses for breeding",
            "--report",
            "json",
            "--model",
        ])
        .arg(&model),
    ))
    .unwrap();
    assert_eq!(
        &json["suggestions"][0]["hs_code"].as_str().unwrap()[..4],
        "0101",
        "{json}"
    );
    // evaluating a model trained on everything has no later period
    let err = stderr_of(s.run(&["classify", "evaluate", "--model"]).arg(&model), 2);
    assert!(flat(&err).contains("no later period"), "{err}");
}

#[test]
fn damaged_foreign_and_other_version_models_are_refused_by_name() {
    let (s, model) = trained();
    let bytes = std::fs::read(model).unwrap();
    let at = bytes.iter().position(|b| *b == b'\n').unwrap();
    let header = String::from_utf8(bytes[..at].to_vec()).unwrap();
    let try_model = |name: &str, content: &[u8]| {
        let p = s.write(name, content);
        flat(&stderr_of(
            s.run(&["classify", "suggest", "LED TV", "--model"]).arg(&p),
            2,
        ))
    };
    let cut = try_model("cut.cwhs", &bytes[..bytes.len() / 2]);
    assert!(
        cut.contains("shorter than its header says") && cut.contains("cut.cwhs"),
        "{cut}"
    );
    let mut edited = bytes.clone();
    let last = edited.len() - 1;
    edited[last] ^= 0x55;
    assert!(try_model("edited.cwhs", &edited).contains("does not match the sha256"));
    let mut v2 = header
        .replace("\"version\":1", "\"version\":2")
        .into_bytes();
    v2.extend_from_slice(&bytes[at..]);
    let e = try_model("v2.cwhs", &v2);
    assert!(
        e.contains("version 2; this clearway reads version 1"),
        "{e}"
    );
    let mut hs17 = header
        .replace("\"edition\":\"HS2022\"", "\"edition\":\"HS2017\"")
        .into_bytes();
    hs17.extend_from_slice(&bytes[at..]);
    let e = try_model("hs2017.cwhs", &hs17);
    assert!(e.contains("trained for the HS2017 nomenclature"), "{e}");
    let e = try_model(
        "risk.json",
        br#"{"format":"clearway-risk-model","version":1}"#,
    );
    assert!(
        e.contains("no model header") || e.contains("clearway-risk-model"),
        "{e}"
    );
    let e = try_model(
        "risk2.json",
        b"{\"format\":\"clearway-risk-model\",\"version\":1}\n{}",
    );
    assert!(e.contains("its format is \"clearway-risk-model\""), "{e}");
    let e = try_model("noise.bin", &[0u8, 159, 146, 150, 255, 10, 1, 2]);
    assert!(e.contains("not JSON"), "{e}");
    let e = flat(&stderr_of(
        s.run(&["classify", "suggest", "LED TV", "--model"])
            .arg(s.path("gen")),
        2,
    ));
    assert!(e.contains("refused"), "a folder: {e}");
}

#[test]
fn texts_with_nothing_to_classify_get_a_diagnostic() {
    let (s, model) = trained();
    let e = flat(&stderr_of(
        s.run(&["classify", "suggest", " -- / ** ", "--model"])
            .arg(model),
        2,
    ));
    assert!(e.contains("has no letter or digit to classify"), "{e}");
    let e = flat(&stderr_of(
        s.run(&["classify", "suggest", "ЖЖЖЖЖЖЖ", "--model"])
            .arg(model),
        2,
    ));
    assert!(e.contains("no word or part of a word"), "{e}");
    let e = flat(&stderr_of(
        s.run(&["classify", "train", "--before", "2025-13-01", "--out"])
            .arg(s.path("x.cwhs")),
        2,
    ));
    assert!(e.contains("--before"), "{e}");
    assert!(!s.path("x.cwhs").exists());
}

#[test]
fn scoring_items_without_descriptions_counts_them() {
    let s = Scratch::new();
    let csv = "declaration_id,item_no,declared_at,hs_code,goods_description,customs_value\n\
               D1,1,2025-01-01T10:00:00,8528720000,LED TV 55IN,1000\n\
               D1,2,2025-01-01T10:00:00,8528720000,,1000\n\
               D2,1,2025-01-02T10:00:00,6109100000,???,1000\n\
               D3,1,2025-01-02T10:00:00,1234560000,T-SHIRT,1000\n";
    s.load("declarations", &s.write("d.csv", csv));
    let model = s.path("m.cwhs");
    let out = stdout_of(s.run(&["classify", "train", "--out"]).arg(&model));
    // D1/1 and D2/1 are read as history (D2/1's text is left out); D3's code is not HS 2022
    assert!(out.contains("(2 classified items, "), "{out}");
    assert!(
        out.contains(
            "left out: 1 description without text, 1 item whose code is not an HS 2022 subheading"
        ),
        "{out}"
    );
    let out = stdout_of(s.run(&["classify", "score", "--model"]).arg(&model));
    assert!(
        out.contains("for 4 items") && out.contains("2 items without a description"),
        "{out}"
    );
}

/// HSCodeComp (AIDC-AI, Apache-2.0; tests/data/hscodecomp/SOURCE.md): 632 real e-commerce
/// product titles with the HS codes experts gave them. A model of the nomenclature alone reads
/// them poorly — shop titles are not the nomenclature's words — and learning from labelled
/// titles like them (five-fold cross-validation, the nomenclature beside) is what lifts it.
/// The figures are in docs/classify.md; the bounds here are a little under them.
#[test]
fn real_shop_titles_read_better_once_such_titles_are_learned() {
    use clearway::classify::core::{accuracy, Classifier, Example};
    let file = crate::support::repo().join("tests/data/hscodecomp/hscodecomp.csv");
    let s = Scratch::new();
    let model = s.path("nomenclature.cwhs");
    s.run(&["classify", "train", "--from", "nomenclature", "--out"])
        .arg(&model)
        .assert()
        .success();
    let out = stdout_of(
        s.run(&["classify", "evaluate", "--report", "json", "--model"])
            .arg(&model)
            .arg("--file")
            .arg(&file),
    );
    let zero_shot: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(zero_shot["items"], 632, "{zero_shot}");
    assert_eq!(zero_shot["skipped"], 0);
    let top3_hs2 = zero_shot["top3"]["hs2"].as_f64().unwrap();
    assert!(top3_hs2 > 0.3, "{zero_shot}");

    let mut reader = csv::Reader::from_path(&file).unwrap();
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1][..6].to_string())
        })
        .collect();
    let mut totals = [0.0f64; 6];
    for fold in 0..5 {
        let mut examples = clearway::classify::nomenclature_examples();
        let mut test = Vec::new();
        for (i, (text, code)) in rows.iter().enumerate() {
            if i % 5 == fold {
                test.push((text.clone(), code.clone()));
            } else {
                examples.push(Example {
                    code: code.clone(),
                    text: text.clone(),
                    weight: 1.0,
                    source: format!("HSCodeComp row {}", i + 1),
                });
            }
        }
        let (model, _) = Classifier::train(
            &examples,
            &clearway::classify::is_hs2022,
            &Default::default(),
            &|_| {},
        )
        .unwrap();
        let a = accuracy::measure(&model, &test);
        for k in 0..3 {
            totals[k] += a.top1[k] * test.len() as f64;
            totals[3 + k] += a.top3[k] * test.len() as f64;
        }
    }
    let cv: Vec<f64> = totals.iter().map(|t| t / rows.len() as f64).collect();
    eprintln!("HSCodeComp: nomenclature alone {zero_shot}; five-fold top-1 HS6/HS4/HS2 {:.3} {:.3} {:.3}, top-3 {:.3} {:.3} {:.3}", cv[0], cv[1], cv[2], cv[3], cv[4], cv[5]);
    assert!(
        cv[5] > top3_hs2 + 0.1,
        "top-3 HS2 {} against {top3_hs2} of the nomenclature alone",
        cv[5]
    );
    assert!(
        cv[4] > zero_shot["top3"]["hs4"].as_f64().unwrap() + 0.1,
        "{cv:?}"
    );
}
